"""A coordinator's week, walked end to end in the real window on a 1366×728 screen, in Chinese, with
the keyboard and the mouse, against a district server on loopback.

Last week had two classes; 复制上周 brings them into this week without sign-ins. On Tuesday's class
"lcm" + Enter signs no one in, because 林春梅 and 梁春梅 share those initials: the list shows both and
the keyboard picks 梁春梅; "wxm" picks out 王小明 alone and signs him in at once. 全部到场 pressed by
mistake asks first (the list was begun), and is taken back, once by the notice's 撤销 and once by
Ctrl+Z. The week's report is submitted and the Sync button sends it all: on the laptop and on the
server the class has exactly the two people signed in by hand, and the report's figures are theirs.

Every window the walk sees fits the screen, and everything clicked is in sight, not under another
widget. Qt's offscreen platform has an 800×600 screen unless told otherwise, so the walk runs in a
child pytest process given the 1366×728 screen, as ``test_layout.py`` does; it saves a screenshot of
the sign-in sheet in the test's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)
from sqlalchemy import select

from core import schema
from core.week_figures import week_figures
from desktop.services.common import week_start
from desktop.services.people.residents import ResidentInput, add_resident
from desktop.services.week.attendance import set_attendance
from desktop.services.week.courses import CourseInput, create_course
from desktop.services.week.sessions import SessionInput, record_session, sessions_in_week
from desktop.sync.status import sync_status
from desktop.ui.display import FRAME_ALLOWANCE
from desktop.ui.main_window import MainWindow
from desktop.ui.syncing.autosync import Timing
from desktop.ui.week.models import RosterModel

from conftest import run_on_a_screen, wait_saved

ROOT = Path(__file__).resolve().parents[2]
#: The free area of a 1366×768 screen under a 40-pixel taskbar.
SCREEN = QRect(0, 0, 1366, 728)
#: Set in the child process that has that screen: the folder for its screenshot.
CHILD = "LEARNING_DESK_WEEK_WALK"
SHOT = "sign-in-sheet.png"
#: Syncs only when the Sync button is pressed, so the walk knows what the server has when.
BY_HAND = Timing(debounce_ms=3_600_000, schedule_ms=3_600_000, startup_ms=3_600_000)

#: The register: 林春梅 and 梁春梅 share their initials (lcm); 林春梅's group comes first, so she is
#: the one a careless Enter would take. Everyone came last week.
REGISTER = (
    ("林春梅", "一组", "一组1号"),
    ("王小明", "一组", "一组2号"),
    ("梁春梅", "二组", "二组3号"),
    ("张秀英", "二组", "二组5号"),
    ("刘德华", "三组", "三组2号"),
    ("陈建国", "三组", "三组7号"),
)


def test_a_coordinators_week_at_1366x728(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if os.environ.get(CHILD) is None:
        run_on_that_screen(tmp_path)
        return
    walk_the_week(request, tmp_path, Path(os.environ[CHILD]))


def run_on_that_screen(tmp_path: Path) -> None:
    """This test again in a child process whose offscreen screen is :data:`SCREEN`."""
    node = f"{Path(__file__).relative_to(ROOT)}::test_a_coordinators_week_at_1366x728"
    run_on_a_screen(node, tmp_path, (1366, 728), 1, {CHILD: str(tmp_path)}, timeout=110)
    assert (tmp_path / SHOT).is_file(), "the walk did not get as far as its screenshot"


# -- what the walk checks as it goes ------------------------------------------------------------


def assert_fits(window: MainWindow) -> None:
    """The window and its frame lie within the screen's free area, with room for a title bar."""
    screen = window.screen().availableGeometry()
    assert screen == SCREEN, f"the walk needs the laptop's screen, it has {screen}"
    assert SCREEN.contains(window.frameGeometry()), window.frameGeometry()
    assert window.width() + FRAME_ALLOWANCE.width() <= SCREEN.width()
    assert window.height() + FRAME_ALLOWANCE.height() <= SCREEN.height()


def in_sight(widget: QWidget, area: QRect | None = None) -> QPoint:
    """Where to click ``widget`` (``area`` of it, e.g. one row of a list): it is shown, lies whole
    inside its window, and nothing covers that point. Returns the point in ``widget``'s
    coordinates."""
    assert widget.isVisible(), f"{widget.objectName() or widget} is hidden"
    window = widget.window()
    area = area if area is not None else widget.rect()
    on_window = QRect(widget.mapTo(window, area.topLeft()), area.size())
    assert window.rect().contains(on_window), f"{widget.objectName()} at {on_window}, outside"
    point = area.center()
    hit = window.childAt(widget.mapTo(window, point))
    assert hit is widget or widget.isAncestorOf(hit), f"{widget.objectName()} is under {hit}"
    return point


def click(qtbot, widget: QWidget, area: QRect | None = None) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=in_sight(widget, area))


def click_row(qtbot, table: QTableView, row: int) -> None:  # noqa: ANN001
    rect = table.visualRect(table.model().index(row, 0)).united(
        table.visualRect(table.model().index(row, table.model().columnCount() - 1))
    )
    click(qtbot, table.viewport(), rect)


class Question:
    """Presses Enter (its default button) on the next question box that opens, keeping its text."""

    def __init__(self, qtbot) -> None:  # noqa: ANN001
        self.qtbot = qtbot
        self.asked: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            self.timer.stop()
            self.asked.append(box.text())
            self.qtbot.keyClick(box, Qt.Key.Key_Return)


def sync_by_button(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Press 立即同步 and wait for the sync to end; the district refused nothing."""
    sync = window.findChild(QPushButton, "sync_button")
    assert sync.text() == "立即同步"
    with qtbot.waitSignal(window.autosync.succeeded, timeout=20_000) as synced:
        click(qtbot, sync)
    assert synced.args[0].rejected == 0
    assert window.sync_bar.status_label.text().startswith("全部已同步")
    assert_fits(window)


def present(side, session_id: uuid.UUID) -> set[uuid.UUID]:  # noqa: ANN001
    """Who is marked present at the session on ``side``: the laptop's store or the district."""
    a = schema.attendance
    with side.engine.connect() as conn:
        return set(
            conn.execute(
                select(a.c.resident_id).where(
                    a.c.session_id == session_id, a.c.present.is_(True), a.c.deleted.is_(False)
                )
            ).scalars()
        )


def ticked(roster: QTableView) -> set[str]:
    """The names ticked on the sign-in sheet."""
    model = roster.model()
    names = (model.index(r, RosterModel.COL_NAME) for r in range(model.rowCount()))
    return {
        index.data()
        for index in names
        if index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    }


def highlighted(table: QTableView) -> str:
    return table.currentIndex().siblingAtColumn(RosterModel.COL_NAME).data()


# -- the walk ----------------------------------------------------------------------------------


def seed_last_week(store, monday: dt.date) -> dict[str, uuid.UUID]:  # noqa: ANN001
    """The register and last week's two classes, everyone at the first and three at the second;
    returns who is who by name."""
    people = {
        name: add_resident(store, ResidentInput(name, village_group=group, household=home))[0].id
        for name, group, home in REGISTER
    }
    weaving, _ = create_course(store, CourseInput("夏布编织技艺", "culture"))
    phones, _ = create_course(store, CourseInput("智能手机使用", "science"))
    last_monday = monday - dt.timedelta(weeks=1)
    for course, day, hour, place, came in (
        (weaving, 1, 14, "村委会活动室", list(people.values())),
        (phones, 3, 9, "农家书屋", [people["王小明"], people["张秀英"], people["刘德华"]]),
    ):
        starts = dt.datetime.combine(last_monday + dt.timedelta(days=day), dt.time(hour))
        session, _ = record_session(
            store,
            SessionInput(course.id, starts, starts + dt.timedelta(hours=2), place=place),
        )
        set_attendance(store, session.id, came)
    return people


def walk_the_week(request: pytest.FixtureRequest, tmp_path: Path, shots: Path) -> None:
    """The walk, in the child process (its fixtures are taken here, so the parent process starts
    no server); the screenshot goes to ``shots``, the parent's folder."""
    qtbot = request.getfixturevalue("qtbot")
    request.getfixturevalue("chinese")
    district = request.getfixturevalue("sqlite_district")
    hub = request.getfixturevalue("hub")
    background = request.getfixturevalue("background")
    laptop = district.device(tmp_path, district.village, "village", "a")
    store = laptop.store
    monday = week_start(store.today())
    people = seed_last_week(store, monday)
    names = {id_: name for name, id_ in people.items()}

    window = MainWindow(store, hub, background, laptop.client, timing=BY_HAND)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # the window's shortcuts (Ctrl+Z) reach the active window only
    qtbot.waitUntil(window.isActiveWindow)
    assert_fits(window)

    # 1. 复制上周: this week gets last week's two classes, nobody signed in.
    week_table = window.findChild(QTableView, "week_sessions")
    assert week_table.model().rowCount() == 0
    copy = window.findChild(QPushButton, "copy_last_week")
    assert copy.text() == "复制上周"
    click(qtbot, copy)
    this_week = sessions_in_week(store, monday)
    assert [(s.course_title, s.starts_at.weekday(), s.present) for s in this_week] == [
        ("夏布编织技艺", 1, 0),
        ("智能手机使用", 3, 0),
    ]
    assert all(not present(store, s.id) for s in this_week)
    assert week_table.model().rowCount() == 2
    assert_fits(window)

    # 2. Tuesday's class, signed in by initials.
    tuesday = this_week[0]
    click_row(qtbot, week_table, week_table.model().row_of(tuesday.id))
    panel = window.attendance
    qtbot.waitUntil(lambda: panel.session is not None and panel.session.id == tuesday.id)
    search = window.findChild(QLineEdit, "roster_search")
    roster = window.findChild(QTableView, "roster_list")
    feedback = window.findChild(QLabel, "roster_feedback")
    click(qtbot, search)
    qtbot.keyClicks(search, "lcm")
    assert roster.model().rowCount() == 2
    with qtbot.assertNotEmitted(hub.changed, wait=200):
        qtbot.keyClick(search, Qt.Key.Key_Return)
    wait_saved(qtbot, background)
    assert present(store, tuesday.id) == set(), "Enter on lcm signed someone in silently"
    assert "林春梅" in feedback.text() and "梁春梅" in feedback.text()
    assert QApplication.focusWidget() is roster
    assert highlighted(roster) == "林春梅"  # the one a careless Enter would have taken
    in_sight(roster.viewport(), roster.visualRect(roster.currentIndex()))
    qtbot.keyClick(roster, Qt.Key.Key_Down)
    assert highlighted(roster) == "梁春梅"
    qtbot.keyClick(roster, Qt.Key.Key_Return)
    wait_saved(qtbot, background)
    assert present(store, tuesday.id) == {people["梁春梅"]}
    assert feedback.text() == "已签到：梁春梅"

    # Typing in the list goes back to the search box; a unique match signs in at once.
    qtbot.keyClick(roster, "w")
    assert QApplication.focusWidget() is search and search.text() == "w"
    qtbot.keyClicks(search, "xm")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    wait_saved(qtbot, background)
    by_hand = {people["梁春梅"], people["王小明"]}
    assert present(store, tuesday.id) == by_hand
    assert feedback.text() == "已签到：王小明"
    assert search.text() == ""

    # 3. 全部到场 by mistake, twice: it asks first (the list was begun). The first is taken back
    # at once by the notice's 撤销; the second is synced before anyone notices, then Ctrl+Z takes
    # it back as a correction that syncs too.
    everyone = window.findChild(QPushButton, "start_all")
    notice = window.undo.notice
    for take_back in ("撤销", "Ctrl+Z"):
        assert everyone.text() == "全部到场（4 人）(&A)", everyone.text()
        question = Question(qtbot)
        click(qtbot, everyone)
        qtbot.waitUntil(lambda question=question: bool(question.asked))
        said = question.asked[0]
        assert "已有 2 人有记录" in said and "再签到 4 人" in said, said
        wait_saved(qtbot, background)
        assert present(store, tuesday.id) == set(people.values())
        assert notice.isVisible() and "全部到场" in notice.text()
        # The question closed: the keyboard is back in the sign-in box, Ctrl+Z with the window.
        qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=2000)
        if take_back == "撤销":
            undo = window.findChild(QPushButton, "undo_button")
            assert undo.text() == "撤销"
            click(qtbot, undo)
        else:
            sync_by_button(qtbot, window)
            assert present(district, tuesday.id) == set(people.values())
            click(qtbot, search)
            qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        wait_saved(qtbot, background)
        qtbot.waitUntil(lambda: notice.text().startswith("已撤销："))
        assert present(store, tuesday.id) == by_hand, take_back
        assert ticked(roster) == {"梁春梅", "王小明"}, take_back
        assert_fits(window)
    assert panel.person_times.text() == "2 人次"
    window.grab().save(str(shots / SHOT))

    # 4. The week's report: the figures of the marks, submitted.
    tabs = window.tabs
    report_tab = next(i for i in range(tabs.count()) if tabs.tabText(i) == "周报")
    click(qtbot, tabs.tabBar(), tabs.tabBar().tabRect(report_tab))
    assert tabs.currentIndex() == report_tab
    assert window.week_report.monday == monday
    shown = window.week_report.figures.shown()
    assert [shown[k] for k in ("sessions", "person_times", "reach")] == [2, 2, 2]
    submit = window.findChild(QPushButton, "submit_week")
    click(qtbot, submit)
    assert window.findChild(QLabel, "report_feedback").text().startswith("已提交")
    assert_fits(window)

    # 5. The Sync button; then the laptop and the server hold the same: two marks, one report.
    sync_by_button(qtbot, window)
    assert sync_status(store).pending == 0
    a, w = schema.attendance, schema.weekly_reports
    for side in (store, district):
        with side.engine.connect() as conn:
            # Live marks, present or not: the undone starts left none behind.
            marks = conn.execute(
                select(a.c.resident_id, a.c.present).where(
                    a.c.session_id.in_([s.id for s in this_week]), a.c.deleted.is_(False)
                )
            ).all()
            assert {(names[m.resident_id], m.present) for m in marks} == {
                ("梁春梅", True),
                ("王小明", True),
            }, side
            report = conn.execute(
                select(w).where(
                    w.c.site_id == district.village,
                    w.c.week_start == monday,
                    w.c.deleted.is_(False),
                )
            ).one()
            assert report.status == "submitted", side
            assert report.figures == week_figures(conn, district.village, monday), side
            counted = [report.figures[k] for k in ("sessions", "person_times", "reach")]
            assert counted == [2, 2, 2], side

    # Nothing is left to send, so the window closes at once.
    window.close()
    assert not window.isVisible()
