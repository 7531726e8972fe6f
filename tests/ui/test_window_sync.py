"""The window against a real district server on loopback: edits sync by themselves, the status bar
says so, and a conflict made by two laptops shows up in plain words and can be restored."""

from __future__ import annotations

from desktop.services.week.courses import CourseInput, create_course, edit_course, get_course
from desktop.ui import formatting as fmt
from desktop.ui.main_window import MainWindow
from desktop.ui.syncing.autosync import Timing
from desktop.ui.syncing.models import ConflictsModel

FAST = Timing(debounce_ms=20, schedule_ms=60_000, backoff_first_ms=50, jitter=0.0)


def test_edits_sync_by_themselves_and_a_conflict_is_restored(
    qtbot, sqlite_district, tmp_path, hub, background, chinese
):
    district = sqlite_district
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    window = MainWindow(a.store, hub, background, a.client, timing=FAST)
    qtbot.addWidget(window)
    window.show()
    auto = window.autosync

    course, changes = create_course(a.store, CourseInput("夏布编织技艺", "culture"))
    with qtbot.waitSignal(auto.succeeded, timeout=10_000):
        hub.publish(changes)
    today = fmt.moment(a.store.clock.now(), a.store.clock.now())
    assert window.sync_bar.status_label.text() == f"全部已同步 · 上次同步 {today}"
    assert window.sync_bar.progress.isHidden()

    # Both laptops change the title; b's change reaches the district later, so it wins.
    b.client.sync()
    _, changes = edit_course(a.store, course.id, CourseInput("夏布编织（初级）", "culture"))
    with qtbot.waitSignal(auto.succeeded, timeout=10_000):
        hub.publish(changes)
    edit_course(b.store, course.id, CourseInput("夏布编织入门", "culture"))
    b.client.sync()
    with qtbot.waitSignal(auto.succeeded, timeout=10_000):
        window.sync_bar.button.click()

    tab = window.conflicts
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "冲突（1）"
    assert tab.model.rowCount() == 1
    row = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    assert row[ConflictsModel.COL_RECORD] == "课程「夏布编织入门」"
    assert row[ConflictsModel.COL_FIELD] == "标题"
    assert row[ConflictsModel.COL_LOST] == "夏布编织（初级）"
    assert row[ConflictsModel.COL_WON] == "夏布编织入门"

    # Restoring is an ordinary edit: it syncs by itself, and the other laptop gets it.
    with qtbot.waitSignal(auto.succeeded, timeout=10_000):
        tab.restore_button.click()
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "冲突"
    b.client.sync()
    assert get_course(b.store, course.id).title == "夏布编织（初级）"
    assert window.sync_bar.status_label.text().startswith("全部已同步")
