"""Syncing by itself: after edits settle, backing off while the district cannot be reached, stopping
for failures a person must fix, when the link returns, never two at once, and once more on close
with a bounded wait. Timers run with intervals of milliseconds; nothing sleeps."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from desktop.changes import Changes
from desktop.sync.errors import OFFLINE, TOO_OLD, UNAUTHORIZED, UNREACHABLE, SyncError
from desktop.ui.events import SyncedChanges
from desktop.ui.forms import render
from desktop.ui.main_window import MainWindow
from desktop.ui.syncing.autosync import AutoSync, Reason, Timing, watch_network

FAST = Timing(
    debounce_ms=30,
    schedule_ms=60_000,  # out of the way unless a test asks for it
    startup_ms=10,
    backoff_first_ms=20,
    backoff_max_ms=80,
    jitter=0.0,
    close_wait_ms=300,
)


def edit(table: str = "residents") -> Changes:
    """What a local save announces."""
    return Changes({table: {uuid.uuid4()}})


@pytest.fixture
def make_auto(qtbot, hub, background):
    made: list[AutoSync] = []

    def build(client, timing: Timing = FAST) -> AutoSync:
        auto = AutoSync(client, hub, background, timing)
        made.append(auto)
        return auto

    yield build
    for auto in made:
        auto.stop()


def make_window(qtbot, store, hub, background, client, timing: Timing = FAST) -> MainWindow:
    window = MainWindow(store, hub, background, client, timing=timing)
    qtbot.addWidget(window)
    window.show()
    return window


def test_edits_that_settle_make_one_sync(qtbot, hub, make_auto, fake_client):
    client = fake_client()
    auto = make_auto(client)
    with qtbot.waitSignal(auto.succeeded, timeout=2000):
        for _ in range(5):
            hub.publish(edit())
        assert auto.debounce.isActive()
    assert client.calls == 1
    assert client.threads[0] != threading.get_ident()
    # The sync's own refresh is not an edit, and a success arms the schedule only.
    hub.publish(SyncedChanges())
    assert not auto.debounce.isActive()
    assert auto.schedule.isActive()
    assert auto.running is None and client.calls == 1


def test_a_sync_runs_on_the_schedule_while_the_district_answers(qtbot, make_auto, fake_client):
    client = fake_client()
    auto = make_auto(client, Timing(debounce_ms=60_000, schedule_ms=20, startup_ms=10, jitter=0.0))
    auto.start()
    qtbot.waitUntil(lambda: client.calls >= 3, timeout=3000)
    assert client.most_at_once == 1


def test_a_transient_failure_backs_off_quietly_and_a_retry_succeeds(
    qtbot, hub, make_auto, fake_client
):
    client = fake_client(
        outcomes=[SyncError(UNREACHABLE, "connection refused")], reachable=[False, True]
    )
    auto = make_auto(client)
    failures: list[tuple[BaseException, bool]] = []
    auto.failed.connect(lambda error, loud: failures.append((error, loud)))
    waits: list[int] = []
    arm = auto._arm_retry

    def arm_and_note() -> None:
        arm()
        waits.append(auto.retry.interval())

    auto._arm_retry = arm_and_note

    with qtbot.waitSignal(auto.failed, timeout=2000):
        hub.publish(edit())
    [(error, loud)] = failures
    assert error.kind == UNREACHABLE and not loud  # nobody is interrupted for a flaky link
    assert auto.offline and auto.paused is None
    assert waits == [20] and auto.next_backoff_ms == 40

    # An edit while offline waits for the probe instead of hammering the link; the first probe
    # finds nobody, the second (after twice the pause) does, and the sync follows.
    hub.publish(edit())
    with qtbot.waitSignal(auto.succeeded, timeout=2000):
        pass
    assert waits == [20, 40]
    assert client.probes == 2 and client.calls == 2
    assert not auto.offline
    assert auto.next_backoff_ms == FAST.backoff_first_ms
    assert len(failures) == 1


def test_the_backoff_doubles_up_to_its_limit_with_jitter(qtbot, make_auto, fake_client):
    timing = Timing(backoff_first_ms=100, backoff_max_ms=350, jitter=0.2)
    auto = make_auto(fake_client(), timing)
    auto._random = lambda: 1.0  # the longest stretch: +20 %
    waits = []
    for _ in range(4):
        auto._arm_retry()
        waits.append(auto.retry.interval())
    auto.retry.stop()
    assert waits == [120, 240, 420, 420]
    auto._random = lambda: 0.0  # the shortest: -20 %
    auto._arm_retry()
    auto.retry.stop()
    assert auto.retry.interval() == 280


def test_a_failure_a_person_must_fix_stops_auto_sync_until_sync_is_pressed(
    qtbot, demo_desk, hub, background, fake_client, chinese
):
    client = fake_client(outcomes=[SyncError(UNAUTHORIZED)])
    window = make_window(qtbot, demo_desk, hub, background, client)
    auto = window.autosync
    with qtbot.waitSignal(auto.idle, timeout=2000):
        hub.publish(edit())
    assert window.banner.text() == render(SyncError(UNAUTHORIZED).message)
    assert window.banner.text().startswith("区平台已不再接受这台电脑")
    assert auto.paused is not None and not auto.enabled
    assert window.sync_bar.status_label.text().endswith("同步失败，自动同步已暂停")

    # Edits, the schedule and a returning network start nothing now.
    hub.publish(edit())
    auto.set_network_online(False)
    auto.set_network_online(True)
    assert not auto.debounce.isActive() and not auto.schedule.isActive()
    assert not auto.retry.isActive() and client.calls == 1 and client.probes == 0

    # Pressing Sync tries again, and automatic syncing resumes after it works.
    with qtbot.waitSignal(auto.succeeded, timeout=2000):
        window.sync_bar.button.click()
    assert client.calls == 2 and auto.enabled and auto.paused is None
    hub.publish(edit())
    assert auto.debounce.isActive()


def test_an_old_app_is_told_once_and_not_retried(qtbot, hub, make_auto, fake_client):
    client = fake_client(outcomes=[SyncError(TOO_OLD)])
    auto = make_auto(client)
    with qtbot.waitSignal(auto.failed, timeout=2000) as failed:
        auto.sync_now()
    assert failed.args[1] is True
    assert not auto.offline and not auto.retry.isActive()


def test_a_returning_network_is_probed_at_once_and_synced(qtbot, hub, make_auto, fake_client):
    client = fake_client(outcomes=[SyncError(OFFLINE)], reachable=[True])
    # Long pauses: only the network's own report can bring the sync back within the test.
    auto = make_auto(client, Timing(debounce_ms=10, backoff_first_ms=60_000, jitter=0.0))
    auto.set_network_online(True)
    with qtbot.waitSignal(auto.failed, timeout=2000):
        hub.publish(edit())
    auto.set_network_online(False)  # the cable is pulled
    assert client.probes == 0 and auto.retry.isActive()

    with qtbot.waitSignal(auto.succeeded, timeout=2000):
        auto.set_network_online(True)  # and plugged back in
    assert client.probes == 1 and client.calls == 2
    assert not auto.offline and not auto.retry.isActive()


def test_never_two_syncs_at_once(qtbot, hub, make_auto, fake_client):
    release = threading.Event()
    client = fake_client(hold=release)
    auto = make_auto(client, Timing(debounce_ms=10, jitter=0.0))
    auto.sync_now()
    assert auto.running is Reason.MANUAL
    # While it runs: the button again, edits settling, the schedule, a returning network.
    auto.sync_now()
    hub.publish(edit())
    qtbot.waitUntil(lambda: not auto.debounce.isActive(), timeout=2000)
    auto.schedule.start(1)
    qtbot.waitUntil(lambda: not auto.schedule.isActive(), timeout=2000)
    auto.set_network_online(False)
    auto.set_network_online(True)
    assert client.calls == 1 and client.probes == 0

    release.set()
    # The edit made during the sync gets a sync of its own, after the first.
    qtbot.waitUntil(lambda: client.calls == 2 and auto.running is None, timeout=2000)
    auto.stop()
    assert client.most_at_once == 1


def test_closing_sends_the_last_changes_first(qtbot, demo_desk, hub, background, fake_client):
    client = fake_client()
    window = make_window(qtbot, demo_desk, hub, background, client)
    window.close()
    assert window.waiting_to_close and window.isVisible()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    assert client.calls == 1
    assert not window.autosync.enabled  # nothing starts after the window has gone


def test_closing_waits_a_bounded_time_for_a_stuck_sync(
    qtbot, demo_desk, hub, background, fake_client, chinese
):
    release = threading.Event()
    client = fake_client(hold=release)
    window = make_window(qtbot, demo_desk, hub, background, client)
    try:
        started = time.monotonic()
        window.close()
        assert window.isVisible() and window.waiting_to_close
        assert window.banner.text() == "正在发送最后的修改…"
        window.close()  # asking again does not cut the wait short or start another sync
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
        waited = time.monotonic() - started
        assert FAST.close_wait_ms / 1000 * 0.9 <= waited < 2.5
        assert client.calls == 1
    finally:
        release.set()


def test_closing_with_nothing_waiting_does_not_sync(qtbot, desk, hub, background, fake_client):
    client = fake_client()
    window = make_window(qtbot, desk, hub, background, client)
    window.close()
    assert not window.isVisible() and client.calls == 0


def test_closing_offline_does_not_wait(qtbot, demo_desk, hub, background, fake_client):
    client = fake_client()
    window = make_window(qtbot, demo_desk, hub, background, client)
    window.autosync.set_network_online(False)
    window.close()
    assert not window.isVisible() and client.calls == 0


def test_the_network_watch_never_stops_the_window(qtbot, make_auto, fake_client):
    """Where Qt has a reachability backend it feeds AutoSync; where it has none, the probe alone
    works. Either way nothing is raised and nothing syncs just because of it."""
    client = fake_client()
    auto = make_auto(client)
    watching = watch_network(auto)
    assert isinstance(watching, bool)
    if not watching:
        assert auto.network_online is None
    assert client.calls == 0 and client.probes == 0
