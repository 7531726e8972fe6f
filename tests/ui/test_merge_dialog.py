"""Merging two records of one person from the Residents tab: both side by side with what each
carries, the one with the longer history kept unless the user says otherwise, and the sign-ins and
requests moved (checked through the services, not the dialog)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.services.demand.requests import RequestInput, file_request
from desktop.services.people.merges import holdings_of, merges_of
from desktop.services.people.residents import (
    Resident,
    ResidentInput,
    add_resident,
    count_residents,
    search_residents,
)
from desktop.services.week import attendance, courses, sessions
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.people.merge_dialog import MergeDialog
from desktop.ui.people.residents_tab import ResidentsTab

START = dt.datetime(2026, 11, 23, 14)


@pytest.fixture
def pair(desk: Store) -> tuple[Resident, Resident]:
    """One grandmother registered twice: the older record with one sign-in, the newer with two
    sign-ins and a request."""
    course, _ = courses.create_course(desk, courses.CourseInput("广场舞", "health"))
    held = []
    for day in range(3):
        start = START + dt.timedelta(days=day)
        made, _ = sessions.record_session(
            desk, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
        )
        held.append(made)
    older, _ = add_resident(desk, ResidentInput("张桂英", birth_year=1956, village_group="三组"))
    newer, _ = add_resident(
        desk, ResidentInput("章桂英", birth_year=1956, phone="13812345678", household="三组张家")
    )
    attendance.mark_present(desk, held[0].id, older.id)
    attendance.mark_present(desk, held[1].id, newer.id)
    attendance.mark_present(desk, held[2].id, newer.id)
    file_request(desk, RequestInput("想学智能手机", "education", resident_id=newer.id))
    return older, newer


def open_dialog(qtbot, store: Store, hub: Hub, *records: Resident) -> MergeDialog:
    dialog = MergeDialog(store, hub, *records)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_merging_keeps_the_longer_history_and_moves_the_marks(qtbot, desk, hub, pair, chinese):
    older, newer = pair
    dialog = open_dialog(qtbot, desk, hub, older, newer)
    assert [cell.text() for cell in dialog.cells["marks"]] == ["1", "2"]
    assert [cell.text() for cell in dialog.cells["phone"]] == ["", "138****5678"]
    assert dialog.keep_index() == 1, "the record with more sign-ins is kept by default"
    dialog.keep_buttons[0].setChecked(True)  # the coordinator keeps the older record
    assert dialog.explanation.text() == (
        "记录2的签到 2 条、需求 1 条将转到记录1（张桂英）名下，并补上它缺少的信息；"
        "随后删除记录2，本次合并会留档。"
    )
    with qtbot.waitSignal(hub.changed) as announced:
        assert dialog.merge()
    assert announced.args[0].touches("residents")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.summary() == "合并完成：转移签到 2 条、需求 1 条"

    assert holdings_of(desk, older.id).marks == 3
    assert holdings_of(desk, older.id).requests == 1
    assert holdings_of(desk, newer.id).marks == 0
    assert [entry["merged_id"] for entry in merges_of(desk, older.id)] == [newer.id]
    [kept] = search_residents(desk, "")
    assert kept.id == older.id and kept.phone == "13812345678"  # a detail it lacked


def test_one_selected_the_other_is_found_in_the_dialog(qtbot, desk, hub, pair):
    older, newer = pair
    add_resident(desk, ResidentInput("李明"))
    dialog = open_dialog(qtbot, desk, hub, older)
    assert not dialog.merge_button.isEnabled()
    listed = [dialog.matches.item(i).text() for i in range(dialog.matches.count())]
    assert listed == ["章桂英 · born 1956 · 三组张家 · 138****5678"], "likely duplicates first"
    dialog.search.setText("zgy")
    found = [dialog.matches.item(i).text() for i in range(dialog.matches.count())]
    assert len(found) == 1, "the record itself is not offered"
    dialog.matches.setCurrentRow(0)
    assert dialog.merge_button.isEnabled()
    assert dialog.keep_index() == 1
    assert dialog.merge()
    assert dialog.merged is not None and dialog.merged.marks_moved == 1
    assert holdings_of(desk, newer.id).marks == 3
    assert count_residents(desk) == 2  # 章桂英 and 李明


def test_the_residents_tab_merges_two_selected_rows(qtbot, desk, hub, pair):
    older, newer = pair
    tab = ResidentsTab(desk, hub)
    qtbot.addWidget(tab)
    tab.show()
    assert not tab.merge_button.isEnabled()
    for resident in (older, newer):
        tab.table.selectionModel().select(
            tab.model.index(tab.model.row_of(resident.id), 0),
            tab.table.selectionModel().SelectionFlag.Select
            | tab.table.selectionModel().SelectionFlag.Rows,
        )
    assert tab.merge_button.isEnabled()
    said = {}

    def confirm() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MergeDialog)
        assert {r.id for r in dialog.records if r} == {older.id, newer.id}
        QTimer.singleShot(0, read_summary)
        dialog.merge()

    def read_summary() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        said["text"] = box.text()
        box.accept()

    QTimer.singleShot(0, confirm)
    tab.merge_button.click()
    assert said["text"] == "Merge done: sign-ins moved: 1, requests moved: 0."
    assert count_residents(desk) == 1
    assert tab.model.rowCount() == 1
