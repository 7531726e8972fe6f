"""The Conflicts tab: conflicts in plain Chinese with restore and keep, deletes that lost, the changes
the district refused, and the count of open conflicts where nobody can miss it."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from PySide6.QtCore import Qt
from sqlalchemy import insert, update

from core import schema
from desktop.changes import Changes
from desktop.services.people.residents import ResidentInput, add_resident, search_residents
from desktop.services.syncing.conflicts import list_conflicts
from desktop.services.week.courses import CourseInput, create_course, get_course
from desktop.storage.store import Store
from desktop.ui.events import SyncedChanges
from desktop.ui.main_window import MainWindow
from desktop.ui.people.models import ResidentsModel
from desktop.ui.people.residents_tab import ResidentsTab
from desktop.ui.syncing.conflicts_tab import ConflictsTab
from desktop.ui.syncing.models import ConflictsModel, RejectionsModel

AT = dt.datetime(2026, 11, 25, 5, 10)  # naive UTC, as stored: 13:10 in the villages


def add_conflict(
    store: Store, table: str, record_id: uuid.UUID, field: str, lost: object, won: object
) -> uuid.UUID:
    """A conflict as a sync would have delivered it."""
    with store.write() as w:
        return w.insert(
            schema.conflicts,
            {
                "site_id": store.identity().site_id,
                "record_table": table,
                "record_id": record_id,
                "field": field,
                "lost_value": lost,
                "won_value": won,
                "lost_device": None,
                "won_device": None,
                "at": AT,
                "resolved": False,
            },
        )


def refuse(store: Store, table: str, reason: str, row_id: uuid.UUID | None = None) -> None:
    """A change the district refused, as the sync client records it."""
    with store.write() as w:
        w.conn.execute(
            insert(schema.local_rejections).values(
                table_name=table, row_id=row_id or uuid.uuid4(), local_rev=1, reason=reason, at=AT
            )
        )


def row_texts(model) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def make_tab(qtbot, store, hub) -> ConflictsTab:
    tab = ConflictsTab(store, hub)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def test_a_conflict_is_told_in_plain_chinese_and_restored(qtbot, desk, hub, chinese):
    course, _ = create_course(desk, CourseInput(title="夏布编织入门", platform="culture"))
    add_conflict(desk, "courses", course.id, "title", "夏布编织", "夏布编织入门")
    tab = make_tab(qtbot, desk, hub)

    [row] = row_texts(tab.model)
    assert row[ConflictsModel.COL_RECORD] == "课程「夏布编织入门」"
    assert row[ConflictsModel.COL_FIELD] == "标题"
    assert row[ConflictsModel.COL_LOST] == "夏布编织"
    assert row[ConflictsModel.COL_WON] == "夏布编织入门"
    assert row[ConflictsModel.COL_WHEN].startswith("今天 ")
    assert tab.detail.text() == (
        "课程「夏布编织入门」的标题在两台电脑上都改过：保留了「夏布编织入门」，替换掉了「夏布编织」。"
    )
    assert tab.restore_button.text() == "恢复这个值"
    assert tab.keep_button.text() == "保留现在的值"
    assert tab.restore_button.isEnabled()

    with qtbot.waitSignal(hub.changed) as published:
        tab.restore_button.click()
    assert published.args[0].touches("courses", "conflicts")
    assert get_course(desk, course.id).title == "夏布编织"
    assert get_course(desk, course.id).pending
    assert tab.model.rowCount() == 0 and tab.open_count == 0
    assert not tab.empty.isHidden() and tab.table.isHidden()
    assert list_conflicts(desk) == []


def test_keeping_the_current_value_changes_nothing_else(qtbot, desk, hub):
    course, _ = create_course(desk, CourseInput(title="折扇制作", platform="culture"))
    add_conflict(desk, "courses", course.id, "platform", "education", "culture")
    tab = make_tab(qtbot, desk, hub)
    [row] = row_texts(tab.model)
    assert row[ConflictsModel.COL_FIELD] == "Platform"
    assert row[ConflictsModel.COL_LOST] == "Education"  # codes in words
    assert row[ConflictsModel.COL_WON] == "Culture"
    with qtbot.waitSignal(hub.changed):
        tab.keep_button.click()
    assert get_course(desk, course.id).platform == "culture"
    assert tab.model.rowCount() == 0


def test_a_record_deleted_elsewhere_while_edited_here_can_come_back(qtbot, desk, hub, chinese):
    course, _ = create_course(desk, CourseInput(title="陶艺体验", platform="culture"))
    with desk.write() as w:
        w.delete(schema.courses, course.id)
    add_conflict(desk, "courses", course.id, "deleted", False, True)
    tab = make_tab(qtbot, desk, hub)
    [row] = row_texts(tab.model)
    assert row[ConflictsModel.COL_RECORD] == "课程「陶艺体验」"
    assert row[ConflictsModel.COL_WON] == "已在另一台电脑上删除"
    assert tab.detail.text().startswith(
        "课程「陶艺体验」在另一台电脑上被删除了，而这台电脑上正在修改它。"
    )
    with qtbot.waitSignal(hub.changed):
        tab.restore_button.click()
    assert get_course(desk, course.id).title == "陶艺体验"  # alive again


def test_phone_numbers_stay_masked_in_the_list(qtbot, desk, hub, chinese):
    resident, _ = add_resident(desk, ResidentInput(name="王德明", household="三组王家"))
    add_conflict(desk, "residents", resident.id, "phone", "13800001234", "13900005678")
    add_conflict(desk, "residents", resident.id, "household", "二组王家", "三组王家")
    tab = make_tab(qtbot, desk, hub)
    rows = {r[ConflictsModel.COL_FIELD]: r for r in row_texts(tab.model)}
    assert rows["电话"][ConflictsModel.COL_LOST] == "138****1234"
    assert rows["电话"][ConflictsModel.COL_RECORD] == "居民「王德明」"
    assert rows["所属户"][ConflictsModel.COL_LOST] == "二组王家"
    phone_row = [r[ConflictsModel.COL_FIELD] for r in row_texts(tab.model)].index("电话")
    tip = tab.model.index(phone_row, ConflictsModel.COL_LOST).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "13800001234"


def test_a_conflict_that_is_gone_says_so(qtbot, desk, hub, chinese):
    course, _ = create_course(desk, CourseInput(title="小院讲堂", platform="theory"))
    conflict_id = add_conflict(desk, "courses", course.id, "title", "讲堂", "小院讲堂")
    tab = make_tab(qtbot, desk, hub)
    with desk.write() as w:  # resolved on another laptop meanwhile, and synced in
        w.conn.execute(
            update(schema.conflicts)
            .where(schema.conflicts.c.id == conflict_id)
            .values(deleted=True)
        )
    tab.restore_button.click()
    assert tab.error.text() == "这条冲突记录已经不存在了。"
    assert tab.model.rowCount() == 0
    assert get_course(desk, course.id).title == "小院讲堂"  # untouched


def test_refused_changes_are_listed_with_the_reason_as_given(qtbot, desk, hub, chinese):
    tab = make_tab(qtbot, desk, hub)
    assert tab.rejections_title.text() == "区平台拒收的修改"
    assert not tab.rejections_empty.isHidden()
    resident, _ = add_resident(desk, ResidentInput(name="王德明"))
    refuse(desk, "residents", "phone: not a phone number", resident.id)
    refuse(desk, "sessions", "course_id: unknown course")  # a record this laptop no longer has
    hub.publish(SyncedChanges())  # what a sync announces
    assert tab.rejections_title.text() == "区平台拒收的修改（2）"
    rows = row_texts(tab.rejections_model)
    assert [r[RejectionsModel.COL_TABLE] for r in rows] == [
        "场次",
        "居民「王德明」",
    ]  # newest first
    assert rows[0][RejectionsModel.COL_REASON] == "course_id: unknown course"
    assert rows[1][RejectionsModel.COL_WHEN].startswith("今天 ")


def test_the_window_counts_open_conflicts_on_the_tab_and_in_the_status_bar(
    qtbot, desk, hub, background, fake_client, chinese
):
    course, _ = create_course(desk, CourseInput(title="夏布编织入门", platform="culture"))
    add_conflict(desk, "courses", course.id, "title", "夏布编织", "夏布编织入门")
    add_conflict(desk, "courses", course.id, "description", "旧的介绍", "新的介绍")
    window = MainWindow(desk, hub, background, fake_client())
    qtbot.addWidget(window)
    window.show()
    index = window.tabs.indexOf(window.conflicts)
    assert window.tabs.tabText(index) == "冲突（2）"
    assert window.sync_bar.conflicts_button.text() == "2 个冲突待处理"
    window.sync_bar.conflicts_button.click()
    assert window.tabs.currentWidget() is window.conflicts

    window.conflicts.keep_selected()
    window.conflicts.keep_selected()
    assert window.tabs.tabText(index) == "冲突"
    assert window.sync_bar.conflicts_button.isHidden()


def test_a_sync_with_refused_changes_says_so(qtbot, desk, hub, background, fake_client, chinese):
    client = fake_client()
    client.report = SimpleNamespace(sent=5, received=0, rejected=2, changes=Changes())
    window = MainWindow(desk, hub, background, client)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.autosync.succeeded):
        window.sync_bar.button.click()
    assert window.banner.text() == "区平台拒收了发送的 2 条修改，原因见“冲突”页。"


def test_the_residents_list_shows_each_record_sync_state(qtbot, demo_desk, hub, chinese):
    someone = search_residents(demo_desk, "")[0]
    with demo_desk.write() as w:  # the server acknowledged this one
        w.conn.execute(
            update(schema.residents)
            .where(schema.residents.c.id == someone.id)
            .values(pending=False, synced_rev=schema.residents.c.local_rev)
        )
    tab = ResidentsTab(demo_desk, hub)
    qtbot.addWidget(tab)
    header = tab.model.headerData(ResidentsModel.COL_SYNC, Qt.Orientation.Horizontal)
    assert header == "同步"
    states = {
        tab.model.record_at(r).id: tab.model.index(r, ResidentsModel.COL_SYNC).data()
        for r in range(tab.model.rowCount())
    }
    assert states[someone.id] == "已同步"
    assert set(states.values()) == {"已同步", "待同步"}
