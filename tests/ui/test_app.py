"""The composition root: no screen, a database that cannot be opened, and a normal start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import app
from desktop.ui.main_window import MainWindow


def test_without_a_screen_it_says_how_to_run_it(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert not app.has_display()
    assert app.main(["--data-dir", "unused"]) == 2
    err = capsys.readouterr().err
    assert "xvfb-run make run" in err and "QT_QPA_PLATFORM=offscreen" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_damaged_database_gets_one_sentence_and_is_left_alone(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # where the catalogue compiles
    data = tmp_path / "data"
    data.mkdir()
    damaged = data / "learning-desk.sqlite3"
    damaged.write_bytes(b"these are not the records you are looking for")
    shown = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown["text"] = box.text()
        box.accept()

    QTimer.singleShot(0, read_and_close)
    assert app.main(["--data-dir", str(data), "--lang", "zh_CN"]) == 1
    assert shown["text"].startswith(f"文件 {damaged} 已损坏")
    assert damaged.read_bytes() == b"these are not the records you are looking for"
    # Nothing beside it but the log, which tells whoever helps what was refused.
    assert sorted(p.name for p in data.iterdir()) == ["learning-desk.sqlite3", "logs"]
    assert "cannot open the database" in (data / "logs" / "learning-desk.log").read_text()
    # The translators main installed are gone again.
    assert QApplication.translate("Startup", "Learning Desk") == "Learning Desk"


def test_it_opens_the_window_on_a_new_data_folder(qapp, tmp_path: Path):
    seen = {}

    def look_and_close() -> None:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen["title"] = window.windowTitle()
        seen["status"] = window.sync_bar.status_label.text()
        window.close()

    QTimer.singleShot(0, look_and_close)
    assert app.main(["--data-dir", str(tmp_path / "new"), "--lang", "en"]) == 0
    assert seen["title"] == "Learning Desk"
    assert seen["status"] == "Everything is synced · not connected to a district yet"
    assert (tmp_path / "new" / "learning-desk.sqlite3").exists()


def test_damage_met_after_start_up_is_the_same_one_sentence(qtbot, tmp_path, monkeypatch):
    """A damaged page the opening check did not read, met by background work or on the GUI
    thread: the start-up sentence once (not each feature's own error), then the window closes."""
    import sqlite3
    import sys

    from PySide6.QtWidgets import QWidget

    from desktop.ui.background import Background

    said: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test

    class Exits:
        codes: list[int] = []

        def exit(self, code: int) -> None:
            self.codes.append(code)

    exits, background, window = Exits(), Background(), QWidget()
    qtbot.addWidget(window)
    path = tmp_path / "learning-desk.sqlite3"
    app.watch_for_damage(exits, window, background, path)
    failures: list[BaseException] = []

    def damaged(progress):  # noqa: ANN001, ANN202
        raise sqlite3.DatabaseError("database disk image is malformed")

    def ordinary(progress):  # noqa: ANN001, ANN202
        raise ValueError("an ordinary failure")

    background.run(ordinary, on_success=print, on_failure=failures.append)
    background.run(damaged, on_success=print, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(said) and len(failures) == 1)
    assert isinstance(failures[0], ValueError), "other failures still reach their caller"
    assert said == [app.storage_sentence(app.DatabaseCorrupt.unreadable(path), path)]
    assert str(path) in said[0] and exits.codes == [1]
    error = sqlite3.DatabaseError("file is not a database")
    sys.excepthook(type(error), error, None)  # met on the GUI thread too: said once only
    assert len(said) == 1 and exits.codes == [1]
