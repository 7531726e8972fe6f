"""The town's inbox: villages needing a call on top, sorting by a column and back, the review actions
(approve, return with a required comment, reopen) and how old the picture is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from town_desk import Town, town

from core.clock import FixedClock
from desktop.services.people import residents
from desktop.services.reports import weekly_reports
from desktop.services.week import attendance, courses, sessions
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.reports.inbox_tab import InboxModel, InboxTab

THIS_WEEK = dt.date(2026, 11, 23)  # the week of the tests' Wednesday
YUPING, RONGSHENG, HEBAO = "玉屏村学习中心", "荣升村学习中心", "河包村学习中心"


def _session(store: Store, title: str, start: dt.datetime, people: tuple[str, ...]) -> None:
    course, _ = courses.create_course(store, courses.CourseInput(title, "health"))
    held, _ = sessions.record_session(
        store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
    )
    for name in people:
        person, _ = residents.add_resident(store, residents.ResidentInput(name))
        attendance.mark_present(store, held.id, person.id)


@pytest.fixture
def inbox_town(tmp_path: Path, ui_clock: FixedClock) -> Iterator[Town]:
    """Three villages: 玉屏村 recorded and submitted this week and synced an hour ago; 荣升村
    recorded a session two weeks ago, sent no report and synced three days ago with 5 changes
    waiting; 河包村 has never synced."""
    now = ui_clock.now()
    t = town(tmp_path, ui_clock)
    yuping = t.village(tmp_path, ui_clock, YUPING)
    _session(yuping, "广场舞", dt.datetime(2026, 11, 24, 14), ("王秀英", "李桂兰"))
    weekly_reports.submit_week(yuping, THIS_WEEK, "周二广场舞，来了两位")
    t.carry(yuping)
    t.contact(yuping, now - dt.timedelta(hours=1))
    rongsheng = t.village(tmp_path, ui_clock, RONGSHENG)
    _session(rongsheng, "夏布编织", dt.datetime(2026, 11, 10, 9), ("张德明",))
    t.carry(rongsheng)
    t.contact(rongsheng, now - dt.timedelta(days=3), waiting=5)
    t.village(tmp_path, ui_clock, HEBAO)
    t.synced_at(now - dt.timedelta(minutes=30))
    yield t
    for store in (t.store, *t.villages.values()):
        store.engine.dispose()


@pytest.fixture
def tab(qtbot, inbox_town: Town, hub: Hub) -> InboxTab:
    widget = InboxTab(inbox_town.store, hub)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _row(tab: InboxTab, name: str) -> list:
    row = tab.shown_names().index(name)
    return [tab.proxy.index(row, c).data() for c in range(tab.proxy.columnCount())]


def _site(inbox_town: Town, name: str):  # noqa: ANN202 - uuid.UUID
    identity = inbox_town.villages[name].identity()
    assert identity is not None
    return identity.site_id


def test_villages_needing_a_call_come_first_and_are_highlighted(tab: InboxTab) -> None:
    # 荣升村 is two weeks behind, 河包村 never synced; 玉屏村 is fine.
    assert tab.shown_names() == [RONGSHENG, HEBAO, YUPING]
    assert _row(tab, RONGSHENG) == [RONGSHENG, "3 days ago", 5, "Not started", 2, 0]
    assert _row(tab, HEBAO)[1:4] == ["Never", 0, "Not started"]
    assert _row(tab, YUPING)[1:4] == ["1 h ago", 0, "Submitted"]
    highlighted = [
        tab.proxy.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
        for r in range(tab.proxy.rowCount())
    ]
    assert highlighted == [True, True, False]
    tip = tab.proxy.index(0, InboxModel.COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert "2 weeks' reports overdue" in tip
    # The last sync is relative in the list, absolute on hover (village time).
    when = tab.proxy.index(0, InboxModel.COL_LAST_SYNC).data(Qt.ItemDataRole.ToolTipRole)
    assert when.endswith("14:30") and "Nov 22" in when


def test_sorting_by_a_column_and_back_to_calls_first(tab: InboxTab) -> None:
    tab.table.sortByColumn(InboxModel.COL_LAST_SYNC, Qt.SortOrder.DescendingOrder)
    assert tab.shown_names() == [YUPING, RONGSHENG, HEBAO]  # latest contact first, never last
    tab.table.sortByColumn(InboxModel.COL_WAITING, Qt.SortOrder.DescendingOrder)
    assert tab.shown_names()[0] == RONGSHENG
    tab.table.sortByColumn(InboxModel.COL_WEEK, Qt.SortOrder.DescendingOrder)
    assert tab.shown_names()[0] == YUPING  # submitted before not started
    tab.default_order_button.click()
    assert tab.shown_names() == [RONGSHENG, HEBAO, YUPING]


def test_the_line_above_says_how_old_the_picture_is(tab: InboxTab, chinese) -> None:
    assert tab.age_text() == "数据截至 11月25日 14:00（上次同步）"


def test_the_picture_of_a_town_that_never_synced(qtbot, tmp_path: Path, ui_clock, hub) -> None:
    t = town(tmp_path, ui_clock)
    widget = InboxTab(t.store, hub)
    qtbot.addWidget(widget)
    assert widget.age.text() == "Not synced yet: the list shows only what this computer holds."
    assert widget.shown_names() == []
    t.store.engine.dispose()


def test_choosing_a_village_shows_its_submitted_week(tab: InboxTab, inbox_town: Town) -> None:
    assert tab.select_village(_site(inbox_town, YUPING))
    review = tab.review
    assert review.title.text() == f"{YUPING} · Week 48 of 2026: Nov 23 – Nov 29"
    assert review.status.text().startswith("Status: Submitted")
    assert review.remark.text() == "The village's remark: 周二广场舞，来了两位"
    submitted = weekly_reports.week_report(inbox_town.villages[YUPING], THIS_WEEK)
    assert review.figures.shown() == {k: submitted.figures[k] for k in review.figures.KEYS}
    assert review.approve_button.isEnabled() and review.return_button.isEnabled()
    assert not review.reopen_button.isEnabled()
    # The sessions behind the figures, and who came to one.
    assert review.sessions.rowCount() == 1
    held = review.sessions.record_at(0)
    assert held.person_times == 2
    dialog = review.attendees_dialog(held)
    assert sorted(row[0] for row in dialog.people.rows()) == ["李桂兰", "王秀英"]
    assert dialog.summary.text() == "2 people signed in."


def test_approve_locks_the_week_and_the_village_row_follows(
    tab: InboxTab, inbox_town: Town
) -> None:
    site = _site(inbox_town, YUPING)
    tab.select_village(site)
    tab.review.approve_button.click()
    assert weekly_reports.week_report(inbox_town.store, THIS_WEEK, site).status == "approved"
    assert _row(tab, YUPING)[3] == "Approved"
    assert tab.review.status.text().startswith("Status: Approved")
    assert "locked" in tab.review.feedback.text()
    assert not tab.review.approve_button.isEnabled()
    assert tab.review.reopen_button.isEnabled()
    # Reopening needs a reason too, and sends the week back as returned.
    dialog = tab.review.comment_dialog("reopen")
    dialog.text.setPlainText("周二的人次要改")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _row(tab, YUPING)[3] == "Returned"


def test_return_without_a_comment_is_refused_in_words(tab: InboxTab, inbox_town: Town) -> None:
    site = _site(inbox_town, YUPING)
    tab.select_village(site)
    dialog = tab.review.comment_dialog("return")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "Say what needs correcting, so the village knows what to change."
    assert weekly_reports.week_report(inbox_town.store, THIS_WEEK, site).status == "submitted"

    dialog.text.setPlainText("李桂兰周二不在，请核对签到表")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    report = weekly_reports.week_report(inbox_town.store, THIS_WEEK, site)
    assert (report.status, report.review_comment) == ("returned", "李桂兰周二不在，请核对签到表")
    assert _row(tab, YUPING)[3] == "Returned"
    assert tab.review.comment.text() == "Returned with: 李桂兰周二不在，请核对签到表"


def test_a_week_not_submitted_offers_no_review(tab: InboxTab, inbox_town: Town) -> None:
    tab.select_village(_site(inbox_town, RONGSHENG))
    review = tab.review
    # Nothing waits for review there: the week shown is the current one, not started.
    assert review.status.text() == "Status: Not started"
    assert not any(
        b.isEnabled() for b in (review.approve_button, review.return_button, review.reopen_button)
    )
    review.previous_button.click()
    review.previous_button.click()
    assert review.sessions.rowCount() == 1  # the session of Nov 10, read-only
    assert review.approve() is False
    assert review.feedback.text() == "Only a submitted week can be approved or returned."
