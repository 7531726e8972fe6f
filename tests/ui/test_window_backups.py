"""文件 → 备份到… and 恢复… in the window: written and checked off the GUI thread, a refusal in one
Chinese sentence with nothing replaced, a restore that says what the backup holds, replaces the
records and closes the window; and the window's daily backup."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from core import schema
from desktop.services import backups
from desktop.services.people import residents
from desktop.ui import backups as window_backups
from desktop.ui.main_window import MainWindow


def _names(store) -> set[str]:  # noqa: ANN001
    with store.read() as conn:
        return set(conn.execute(select(schema.residents.c.name)).scalars())


def _file_menu(window: MainWindow) -> dict[str, object]:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    return {a.text(): a for a in menus["文件(&F)"].actions()}


def test_file_backs_up_to_a_usb_stick_off_the_gui_thread(
    qtbot, desk, hub, background, tmp_path: Path, monkeypatch, chinese
) -> None:  # noqa: ANN001
    residents.add_resident(desk, residents.ResidentInput("张三"))
    window = MainWindow(desk, hub, background, None)
    qtbot.addWidget(window)
    action = _file_menu(window)["备份到…"]
    asked: list[str] = []

    def choose(_parent, _title, suggested, _filter):  # noqa: ANN001, ANN202
        asked.append(suggested)
        return str(tmp_path / "U盘备份"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    threads: list[threading.Thread] = []
    real = window_backups.back_up_to

    def writing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(window_backups, "back_up_to", writing)
    action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    saved = tmp_path / "U盘备份.sqlite3"
    assert asked == [f"learning-desk-{desk.today().isoformat()}.sqlite3"]
    assert threads and threads[0] is not threading.main_thread()
    assert told == [f"备份已保存到 {saved}。请妥善保管：其中有居民的姓名和电话。"]
    assert backups.check_backup(desk, saved).residents == 1


def test_a_file_that_is_no_backup_is_one_chinese_sentence_and_nothing_is_replaced(
    qtbot, desk, hub, background, tmp_path: Path, monkeypatch, chinese
) -> None:  # noqa: ANN001
    residents.add_resident(desk, residents.ResidentInput("张三"))
    sheet = tmp_path / "周报.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + b"not a database" * 100)
    window = MainWindow(desk, hub, background, None)
    qtbot.addWidget(window)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(sheet), "")))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    _file_menu(window)["恢复…"].trigger()
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert warned == [f"{sheet} 不是本软件在电脑上所存数据的备份，没有替换任何数据。"]
    assert _names(desk) == {"张三"}


def test_file_restore_says_what_the_backup_holds_replaces_the_records_and_closes(
    qtbot, desk, hub, background, tmp_path: Path, monkeypatch, chinese, fake_client
) -> None:  # noqa: ANN001
    residents.add_resident(desk, residents.ResidentInput("张三"))
    backup = backups.back_up_to(desk, tmp_path / "mid-week.sqlite3")
    residents.add_resident(desk, residents.ResidentInput("李四"))
    window = MainWindow(desk, hub, background, fake_client())
    assert window.autosync.enabled
    qtbot.addWidget(window)
    window.show()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(backup), "")))
    asked: list[str] = []

    def question(_parent, _title, text):  # noqa: ANN001, ANN202
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    _file_menu(window)["恢复…"].trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    assert asked and asked[0].startswith(f"用备份 {backup} 替换这台电脑上的数据吗？")
    assert "1 位居民、0 个场次和 0 条签到记录" in asked[0]
    assert told[0].startswith("备份已恢复。")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    assert window.autosync.enabled is False  # no sync of the replaced records as it closed
    assert _names(desk) == {"张三"}
    kept = list((backups.data_folder(desk) / "backups").glob("replaced-*.sqlite3"))
    assert len(kept) == 1 and str(kept[0]) in told[0]


def test_the_window_takes_the_days_backup_off_the_gui_thread(
    qtbot, desk, background, monkeypatch
) -> None:  # noqa: ANN001
    from PySide6.QtCore import QObject

    monkeypatch.setattr(window_backups, "FIRST_CHECK_MS", 0)
    owner = QObject()
    timer = window_backups.keep_daily_backups(owner, desk, background)
    folder = backups.data_folder(desk) / "backups"
    qtbot.waitUntil(lambda: any(folder.glob("daily-*.sqlite3")), timeout=10_000)
    assert timer.isActive() and timer.interval() == 3600 * 1000
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=10_000)
    owner.deleteLater()
