"""文件 → 导出同步包 / 导入同步包 against a real server: the village writes its week to a stick, the
town's window takes it in and its inbox says what it holds, the town's sync carries it, and the
answer goes back the same way; a wrong file is one sentence, in Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from desktop.services import demo
from desktop.sync.status import sync_status
from desktop.ui.main_window import MainWindow
from desktop.ui.syncing.autosync import Timing

# No automatic syncs: the village has no link, and the test says when the town syncs.
QUIET = Timing(debounce_ms=3_600_000, schedule_ms=3_600_000, startup_ms=3_600_000)


def _action(window: MainWindow, text: str):  # noqa: ANN202
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    [found] = [a for a in menus["文件(&F)"].actions() if a.text() == text]
    return found


def test_a_week_goes_by_stick_through_the_towns_window(
    qtbot, sqlite_district, tmp_path: Path, hub, background, monkeypatch, chinese
) -> None:  # noqa: ANN001
    district = sqlite_district
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    t.client.sync()
    demo.seed_demo(v.store, weeks=1, today=dt.date(2026, 11, 25))
    village = MainWindow(v.store, hub, background, v.client, timing=QUIET)
    town = MainWindow(t.store, hub, background, t.client, timing=QUIET)
    qtbot.addWidget(village)
    qtbot.addWidget(town)
    told: list[str] = []
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    stick = tmp_path / "stick"
    stick.mkdir()

    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(stick / "玉屏村"), ""))
    )
    _action(village, "导出同步包…").trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    up = stick / "玉屏村.ldbundle"  # the ending is added when left off
    assert up.exists() and told[-1].startswith(f"同步包已保存到 {up}")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(up), "")))
    _action(town, "导入同步包…").trigger()
    qtbot.waitUntil(lambda: len(told) == 2, timeout=20_000)
    assert told[-1].startswith("已收下玉屏村学习中心的同步包")
    town.show()
    town.tabs.setCurrentWidget(town.inbox)
    qtbot.waitUntil(lambda: town.inbox.carried.isVisible(), timeout=5_000)
    assert town.inbox.carried.text().startswith("玉屏村学习中心的同步包：")

    t.client.sync()
    hub.publish(None)
    town.inbox.reload()
    assert "区里给玉屏村学习中心的回执" in town.inbox.carried.text()
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda _p, _t, _l, items, *_a: (items[1], True))
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(stick / "回执"), ""))
    )
    _action(town, "导出同步包…").trigger()
    qtbot.waitUntil(lambda: len(told) == 3, timeout=20_000)
    back = stick / "回执.ldbundle"
    assert back.exists()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(back), "")))
    _action(village, "导入同步包…").trigger()
    qtbot.waitUntil(lambda: len(told) == 4, timeout=20_000)
    assert told[-1].startswith("区里的回执已导入")
    assert sync_status(v.store).pending == 0

    # The village's own bundle, taken to its own window: one sentence, nothing imported.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(up), "")))
    _action(village, "导入同步包…").trigger()
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert warned == [
        "这个同步包是要送往区里的：请把它带到镇社区学校的电脑上，由那台电脑转交。本机没有导入任何内容。"
    ]
    assert _action(village, "导入同步包…").isEnabled()
