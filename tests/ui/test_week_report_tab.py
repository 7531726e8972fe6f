"""The village's weekly report tab: the figures are the services', submitting freezes them, a
returned week shows the town's comment, and an approved week is locked here and in the week view."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from core import schema
from core.ids import weekly_report_id
from desktop.changes import Changes
from desktop.services.people import residents
from desktop.services.reports import weekly_reports
from desktop.services.reports.week_views import default_week
from desktop.services.week import attachments, attendance, courses, sessions
from desktop.storage.settings import deferral_key
from desktop.storage.store import Store, put_settings
from desktop.ui.events import Hub
from desktop.ui.people.dialogs import ask_for_resident
from desktop.ui.reports.week_report_tab import WeekReportTab
from desktop.ui.week.attendance_panel import AttendancePanel
from desktop.ui.week.models import RosterModel
from desktop.ui.week.photos_dialog import PhotosDialog
from desktop.ui.week.week_view import WeekView

THIS_WEEK = dt.date(2026, 11, 23)  # the week of the tests' Wednesday


def _record_week(store: Store) -> sessions.SessionSummary:
    """Two sessions this week: a class with two people signed in, a talk that counts 40 heads."""
    dance, _ = courses.create_course(store, courses.CourseInput("广场舞", "health"))
    law, _ = courses.create_course(store, courses.CourseInput("法律讲座", "law"))
    start = dt.datetime(2026, 11, 24, 14)
    held, _ = sessions.record_session(
        store, sessions.SessionInput(dance.id, start, start + dt.timedelta(hours=2))
    )
    for name in ("王秀英", "李桂兰"):
        person, _ = residents.add_resident(store, residents.ResidentInput(name))
        attendance.mark_present(store, held.id, person.id)
    talk = start + dt.timedelta(days=1)
    sessions.record_session(
        store,
        sessions.SessionInput(law.id, talk, talk + dt.timedelta(hours=1), headcount=40),
    )
    return held


def _review(store: Store, status: str, comment: str) -> None:
    """The town's decision on this week, as the next sync brings it to the village."""
    site = store.identity().site_id  # type: ignore[union-attr]
    with store.write() as w:
        w.update(
            schema.weekly_reports,
            weekly_report_id(site, THIS_WEEK),
            {"status": status, "review_comment": comment},
        )


@pytest.fixture
def tab(qtbot, desk: Store, hub: Hub) -> WeekReportTab:
    widget = WeekReportTab(desk, hub)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_week_shown_first() -> None:
    # Reports are sent on Mondays: on a Monday or Tuesday the week just ended, later this week.
    assert default_week(dt.date(2026, 11, 30)) == THIS_WEEK  # Monday
    assert default_week(dt.date(2026, 12, 1)) == THIS_WEEK  # Tuesday
    assert default_week(dt.date(2026, 12, 2)) == dt.date(2026, 11, 30)  # Wednesday
    assert default_week(dt.date(2026, 11, 29)) == THIS_WEEK  # Sunday


def test_the_figures_shown_are_the_services(qtbot, desk: Store, hub: Hub) -> None:
    _record_week(desk)
    tab = WeekReportTab(desk, hub)
    qtbot.addWidget(tab)
    assert tab.monday == THIS_WEEK
    assert tab.title.text() == "Week 48 of 2026: Nov 23 – Nov 29"
    figures = weekly_reports.week_report(desk, THIS_WEEK).figures
    assert tab.figures.shown() == {k: figures[k] for k in tab.figures.KEYS}
    assert tab.figures.shown()["person_times"] == 42
    assert tab.figures.platforms.rows() == [("Health and fitness", 2), ("Safety and law", 40)]
    assert tab.figures.courses.rows() == [
        ("法律讲座", "Safety and law", 1, 40),
        ("广场舞", "Health and fitness", 1, 2),
    ]
    assert tab.status.text() == "Status: Not started"
    assert tab.submit_button.text() == "Submit"


def test_submit_from_the_tab(qtbot, desk: Store, hub: Hub) -> None:
    _record_week(desk)
    tab = WeekReportTab(desk, hub)
    qtbot.addWidget(tab)
    tab.show()
    tab.remark.setPlainText("周三法律讲座在村委会")
    with qtbot.waitSignal(hub.changed, timeout=1000):
        tab.submit_button.click()
    report = weekly_reports.week_report(desk, THIS_WEEK)
    assert (report.status, report.remark) == ("submitted", "周三法律讲座在村委会")
    assert report.figures["person_times"] == 42
    assert tab.status.text().startswith("Status: Submitted")
    assert tab.status.text().endswith("waiting to sync")
    assert tab.feedback.text() == "Submitted. It goes to the town with the next sync."
    assert tab.submit_button.text() == "Submit again"
    assert tab.remark.toPlainText() == "周三法律讲座在村委会"


def test_a_week_with_nothing_recorded_is_submitted_as_no_activity(tab: WeekReportTab) -> None:
    assert tab.submit_button.text() == "Submit as “no activity”"
    assert tab.submit()
    assert tab.feedback.text() == (
        "Submitted as “no activity”. It goes to the town with the next sync."
    )
    assert weekly_reports.week_report(tab.store, THIS_WEEK).status == "submitted"


def test_a_week_cannot_be_submitted_before_it_begins(tab: WeekReportTab) -> None:
    assert not tab.next_button.isEnabled()
    tab.show_week(THIS_WEEK + dt.timedelta(weeks=1))
    assert tab.submit() is False
    assert tab.feedback.text() == "A week can be submitted once it has begun."


def test_a_returned_week_shows_the_towns_comment(tab: WeekReportTab, desk: Store) -> None:
    _record_week(desk)
    weekly_reports.submit_week(desk, THIS_WEEK)
    _review(desk, "returned", "法律讲座人数请核实")
    tab.reload()
    assert tab.comment.isVisible()
    assert tab.comment.text().startswith("Returned by the town: 法律讲座人数请核实")
    assert tab.status.text().startswith("Status: Returned")
    assert tab.submit_button.text() == "Resubmit"
    assert tab.submit()
    assert weekly_reports.week_report(desk, THIS_WEEK).status == "submitted"


def test_a_deferred_report_says_why_it_waits(tab: WeekReportTab, desk: Store) -> None:
    weekly_reports.submit_week(desk, THIS_WEEK)
    site = desk.identity().site_id  # type: ignore[union-attr]
    key = deferral_key("weekly_reports", weekly_report_id(site, THIS_WEEK).hex)
    with desk.engine.begin() as conn:
        put_settings(conn, {key: "these figures do not match the records"})
    tab.reload()
    assert tab.deferred.isVisible()
    assert tab.deferred.text().endswith("these figures do not match the records")


def test_an_approved_week_is_locked_and_refuses_edits_in_words(
    qtbot, background, tab: WeekReportTab, desk: Store, hub: Hub
) -> None:
    held = _record_week(desk)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(out, "JPEG")
    attachments.attach(desk, held.id, out.getvalue(), kind="sheet")
    weekly_reports.submit_week(desk, THIS_WEEK)
    _review(desk, "approved", "")
    tab.reload()
    assert tab.locked.isVisible()
    assert tab.locked.text().startswith("Approved — locked.")
    assert tab.status.text().startswith("Status: Approved")
    assert not tab.submit_button.isEnabled()
    assert tab.submit_button.text() == "Approved — locked"
    assert tab.remark.isReadOnly()
    assert tab.submit() is False
    assert tab.feedback.text() == (
        "This week was approved already; the town must reopen it before it changes."
    )

    # The week view says so and offers no edit; the sign-in sheet is read-only, with the reason.
    week = WeekView(desk, hub)
    panel = AttendancePanel(desk, hub, background, ask_for_resident(desk, hub))
    qtbot.addWidget(week)
    qtbot.addWidget(panel)
    week.session_selected.connect(panel.show_session)
    week.show()
    assert week.locked.isVisible()
    assert week.select_session(held.id)
    assert not week.new_button.isEnabled()
    assert not week.edit_button.isEnabled() and not week.delete_button.isEnabled()
    assert panel.locked
    assert panel.feedback.text() == (
        "The week of 2026-11-23 was approved by the town and is locked. "
        "Ask the town to reopen it first."
    )
    index = panel.filter.index(0, RosterModel.COL_NAME)
    assert not panel.filter.setData(
        index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )

    # Its photos and scans can be looked at, not added to or deleted.
    photos = PhotosDialog(desk, hub, held)
    qtbot.addWidget(photos)
    assert photos.list.count() == 1
    photos.list.item(0).setSelected(True)
    assert photos.locked and not photos.delete_button.isEnabled()
    assert not photos.add_photo_button.isEnabled() and not photos.add_sheet_button.isEnabled()
    assert photos.error.text() == panel.feedback.text()
    assert not panel.search.isEnabled()

    # Reopened by the town: the lock goes everywhere with the next broadcast.
    _review(desk, "returned", "请补上周四的签到")
    hub.publish(Changes({"weekly_reports": set()}))
    assert not week.locked.isVisible()
    assert week.edit_button.isEnabled()
    assert not panel.locked and panel.search.isEnabled()
    assert tab.comment.text().startswith("Returned by the town: 请补上周四的签到")
