"""帮助 → 导出诊断信息: the window asks where, writes the zip off the GUI thread and says where it is."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.services import diagnostics
from desktop.ui.main_window import MainWindow


def test_help_exports_the_diagnostics_and_says_where(
    qtbot, desk, hub, background, tmp_path: Path, monkeypatch, chinese
) -> None:  # noqa: ANN001
    window = MainWindow(desk, hub, background, None)
    qtbot.addWidget(window)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert "帮助(&H)" in menus
    [action] = [a for a in menus["帮助(&H)"].actions() if a.text() == "导出诊断信息…"]

    asked: list[str] = []

    def choose(_parent, _title, suggested, _filter):  # noqa: ANN001, ANN202
        asked.append(suggested)
        return str(tmp_path / "给镇上"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    threads: list[threading.Thread] = []
    real = diagnostics.write_diagnostics

    def writing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr("desktop.ui.main_window.write_diagnostics", writing)
    action.trigger()
    assert not action.isEnabled()  # one at a time
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)

    saved = tmp_path / "给镇上.zip"  # the suffix is added when left off
    assert asked == [f"learning-desk-diagnostics-{desk.today().isoformat()}.zip"]
    assert threads and threads[0] is not threading.main_thread()
    assert told == [
        f"诊断信息已保存到 {saved}。请把这个文件发给帮助您的人：其中没有居民的姓名、电话和身份证号，"
        "也没有密码或密钥。"
    ]
    assert window.statusBar().currentMessage() == f"诊断信息已保存到 {saved}。"
    assert action.isEnabled()
    with zipfile.ZipFile(saved) as zf:
        assert "README.txt" in zf.namelist() and "database.json" in zf.namelist()
        assert b'"qt": "6.' in zf.read("versions.json")


def test_a_diagnostics_zip_that_cannot_be_written_is_said_in_words(
    qtbot, desk, hub, background, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    window = MainWindow(desk, hub, background, None)
    qtbot.addWidget(window)
    missing = tmp_path / "no such folder" / "d.zip"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(missing), ""))
    )
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window.export_diagnostics()
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert warned[0].startswith("The diagnostics could not be written: ")
    assert window.diagnostics_action.isEnabled() and not missing.exists()
