"""The sync status bar and the Sync button: what it says, and that syncing runs off the GUI thread."""

from __future__ import annotations

import datetime as dt
import threading

from desktop.storage import settings as keys
from desktop.storage.store import Store, put_settings
from desktop.sync.errors import UNREACHABLE, SyncError
from desktop.sync.status import sync_status
from desktop.ui.background import Background
from desktop.ui.events import Hub
from desktop.ui.main_window import MainWindow


def set_settings(store: Store, values: dict) -> None:
    with store.engine.begin() as conn:
        put_settings(conn, values)


def make_window(qtbot, store: Store, hub: Hub, background: Background, client) -> MainWindow:
    window = MainWindow(store, hub, background, client)
    qtbot.addWidget(window)
    window.show()
    return window


def test_status_counts_pending_changes_and_says_never_synced(
    qtbot, demo_desk, hub, background, fake_client
):
    window = make_window(qtbot, demo_desk, hub, background, fake_client())
    pending = sync_status(demo_desk).pending
    assert pending > 100
    assert (
        window.sync_bar.status_label.text() == f"{pending} changes waiting to sync · never synced"
    )
    assert window.sync_bar.clock_warning.isHidden()


def test_status_in_chinese_with_the_last_sync_time(
    qtbot, demo_desk, hub, background, chinese, fake_client
):
    last = dt.datetime(2026, 11, 24, 10, 5, tzinfo=dt.UTC)
    set_settings(demo_desk, {keys.LAST_SUCCESS: last.isoformat()})
    window = make_window(qtbot, demo_desk, hub, background, fake_client())
    pending = sync_status(demo_desk).pending
    # Shown in village time (UTC+8) whatever the laptop's own time zone is set to.
    assert (
        window.sync_bar.status_label.text() == f"{pending} 条记录待同步 · 上次同步 11月24日 18:05"
    )


def test_status_follows_new_changes(qtbot, demo_desk, hub, background, fake_client):
    from desktop.services.people.residents import ResidentInput, add_resident

    window = make_window(qtbot, demo_desk, hub, background, fake_client())
    pending = sync_status(demo_desk).pending
    _, changes = add_resident(demo_desk, ResidentInput(name="王德明"))
    hub.publish(changes)
    assert window.sync_bar.status_label.text().startswith(f"{pending + 1} changes waiting")


def test_a_download_of_the_whole_scope_says_so_in_chinese(
    qtbot, desk, hub, background, chinese, fake_client
):
    from desktop.sync.client import SyncProgress

    window = make_window(qtbot, desk, hub, background, fake_client())
    again = SyncProgress(0, 0, 8000, 2, 0, 180_000, redownloading=True)
    assert window.sync_bar.progress_text(again) == "正在重新下载本机的记录：已接收 8000 条"
    usual = SyncProgress(0, 0, 8000, 2, 0, 180_000)
    assert window.sync_bar.progress_text(usual) == "正在同步：接收新的记录 · 已接收 8000 条"


def test_a_wrong_clock_is_pointed_out(qtbot, desk, hub, background, chinese, fake_client):
    # The server's time minus ours: -3 days means this laptop runs three days ahead.
    set_settings(desk, {keys.CLOCK_OFFSET: -3 * 86400})
    window = make_window(qtbot, desk, hub, background, fake_client())
    assert not window.sync_bar.clock_warning.isHidden()
    assert window.sync_bar.clock_warning.text().startswith("您电脑的日期不对：快了 3 天")
    assert window.sync_bar.status_label.text() == "全部已同步 · 从未同步"


def test_sync_runs_off_the_gui_thread_and_disables_the_button(
    qtbot, demo_desk, hub, background, fake_client
):
    release = threading.Event()
    client = fake_client(hold=release)
    window = make_window(qtbot, demo_desk, hub, background, client)
    button = window.sync_bar.button

    button.click()
    assert not button.isEnabled()
    qtbot.waitUntil(lambda: "1 of 3 changes sent" in window.sync_bar.status_label.text())
    button.click()  # a second click while running starts nothing
    with qtbot.waitSignal(hub.changed) as announced:
        release.set()
    qtbot.waitUntil(button.isEnabled)

    assert len(client.threads) == 1
    assert client.threads[0] != threading.get_ident()
    # Every view refreshes (sent rows are no longer waiting), and the received rows are named.
    published = announced.args[0]
    assert published.touches("sessions", "attendance")
    assert published.rows == client.report.changes.rows
    assert window.sync_bar.note.text() == "Synced: 3 sent, 2 received."
    assert not window.sync_bar.note.isHidden()
    assert window.banner.text() == ""
    assert window.sync_bar.status_label.text().endswith("never synced")


def test_a_failed_sync_shows_the_sentence_in_chinese(
    qtbot, demo_desk, hub, background, chinese, fake_client
):
    client = fake_client(error=SyncError(UNREACHABLE, "Connection refused"))
    window = make_window(qtbot, demo_desk, hub, background, client)
    with qtbot.assertNotEmitted(hub.changed):
        window.sync_bar.button.click()
        qtbot.waitUntil(lambda: window.banner.text() != "")
    assert window.banner.text() == (
        "连接不上区服务器（服务器没有接受连接）。记录都保存在本机，下次同步时再发送。"
    )
    assert window.sync_bar.button.isEnabled()
    assert window.sync_bar.button.text() == "立即同步"
    assert client.threads[0] != threading.get_ident()


def test_an_unexpected_failure_is_logged_and_explained(
    qtbot, desk, hub, background, caplog, fake_client
):
    window = make_window(qtbot, desk, hub, background, fake_client(error=KeyError("cursor")))
    window.sync_bar.button.click()
    qtbot.waitUntil(lambda: window.banner.text() != "")
    assert "unexpected problem" in window.banner.text()
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


def test_not_enrolled_the_button_explains(qtbot, tmp_path, ui_clock, hub, background, chinese):
    from desktop.storage.engine import open_local_database

    store = Store(open_local_database(tmp_path / "fresh"), ui_clock)
    window = make_window(qtbot, store, hub, background, None)
    assert window.sync_bar.status_label.text() == "全部已同步 · 尚未加入区平台"
    window.sync_bar.button.click()
    assert window.banner.text() == "这台电脑还没有加入区平台，请先注册。"
    assert window.sync_bar.button.toolTip() == window.banner.text()
    store.engine.dispose()


def test_the_last_failure_is_remembered_in_the_tooltip(
    qtbot, desk, hub, background, chinese, fake_client
):
    set_settings(desk, {keys.LAST_ERROR: UNREACHABLE, keys.LAST_ERROR_DETAIL: "Connection refused"})
    window = make_window(qtbot, desk, hub, background, fake_client())
    assert window.sync_bar.status_label.text().endswith("上次同步失败")
    assert window.sync_bar.status_label.toolTip().startswith(
        "连接不上区服务器（服务器没有接受连接）"
    )
