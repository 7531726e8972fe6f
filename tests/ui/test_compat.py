"""The work-around for the binding that drops references to None (see desktop/ui/compat.py)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

from desktop.ui import compat


def test_which_combinations_are_affected():
    assert compat.affected((6, 12, 0), (3, 11))
    assert not compat.affected((6, 11, 3), (3, 11))
    assert not compat.affected((6, 12, 0), (3, 12))


def test_many_void_calls_leave_none_alive(qtbot):
    # Without the work-around on an affected pair, this aborts the interpreter ("none_dealloc").
    label = QLabel()
    qtbot.addWidget(label)
    for _ in range(20_000):
        label.setText("人次")
    if compat.affected():
        assert sys.getrefcount(None) > 1 << 40
