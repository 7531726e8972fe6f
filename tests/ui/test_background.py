"""The background-work helper: work on a worker thread, every callback on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from desktop.ui.background import Background


def on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_success_and_progress_come_back_on_the_gui_thread(qtbot, background: Background):
    seen: dict[str, object] = {}
    progress: list[tuple[int, bool]] = []

    def work(report):
        seen["worker"] = threading.get_ident()
        for step in range(3):
            report(step)
        return "done"

    def succeeded(result):
        seen["result"] = (result, on_gui_thread())

    with qtbot.waitSignal(background.busy_changed, check_params_cb=lambda busy: not busy):
        background.run(
            work,
            on_success=succeeded,
            on_failure=lambda exc: seen.setdefault("error", exc),
            on_progress=lambda value: progress.append((value, on_gui_thread())),
        )
        assert background.is_busy()
    assert seen["worker"] != threading.get_ident()
    assert seen["result"] == ("done", True)
    assert progress == [(0, True), (1, True), (2, True)]
    assert "error" not in seen
    assert not background.is_busy()


def test_failure_comes_back_with_the_exception(qtbot, background: Background):
    seen = {}

    def work(_report):
        raise ValueError("broken")

    background.run(
        work,
        on_success=lambda result: seen.setdefault("result", result),
        on_failure=lambda exc: seen.setdefault("error", (exc, on_gui_thread())),
    )
    qtbot.waitUntil(lambda: "error" in seen)
    error, gui = seen["error"]
    assert isinstance(error, ValueError) and gui
    assert "result" not in seen
