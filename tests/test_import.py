"""Import and export of the rosters coordinators keep in Excel: files made here, in each test's folder,
the way Excel and WPS save them (merged cells, dates typed as text, numbers for phones, GBK CSV)."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from core import schema
from core.messages import UserMessage
from desktop.services.people import duplicates, residents
from desktop.services.people.personal_data import (
    ID_BIRTH_YEAR_DIFFERS,
    ID_CHECK_DIGIT,
    ID_LENGTH,
    ID_NO_KEY,
    check_character,
    id_hash,
)
from desktop.services.spreadsheets import importing
from desktop.services.spreadsheets.exporting import export_records
from desktop.services.spreadsheets.importing import ADD, MATCH, REJECT
from desktop.services.tables_io import TableFileError, read_table
from desktop.services.week import courses, sessions
from desktop.storage.store import Store

HEADER = ["序号", "姓名", "性别", "出生年月", "联系电话", "村民小组", "户主", "备注"]


def _count(store: Store, table) -> int:  # noqa: ANN001
    with store.read() as conn:
        return conn.execute(
            select(func.count()).select_from(table).where(table.c.deleted.is_(False))
        ).scalar_one()


def _xlsx(path: Path, rows: list[list], title: str | None = "玉屏村居民花名册") -> Path:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _roster(tmp_path: Path) -> Path:
    """A village roster as coordinators keep it: a merged title, a household merged down over its
    members, birth dates typed every which way, phones stored as numbers."""
    path = tmp_path / "花名册.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["玉屏村居民花名册（2024年）"])
    sheet.merge_cells("A1:H1")
    sheet.append(HEADER)
    sheet.append([1, "王  芳", "女", "1956年3月", 13812345678, "一组", "王大山", None])
    sheet.append([2, "王大山", "男", 1954.0, 13812345679.0, "一组", None, "户主"])
    sheet.append([3, "李秀英", "女", "1960.5", None, "二组", "李家", None])
    sheet.append([4, "张三", "男", "1948-07-01", "023-4567890", "二组", "张家", None])
    sheet.append([5, "赵六", "男", dt.datetime(1970, 1, 2), "138-1234-567", "三组", "赵家", None])
    sheet.append([6, "孙七", "女", "去年", None, "三组", "孙家", None])
    sheet.append(["合计", "6人"])
    sheet.merge_cells("G3:G4")  # 王大山's household over both of its members
    book.save(path)
    return path


def _by_row(preview) -> dict[int, importing.RowPlan]:  # noqa: ANN001
    return {r.row: r for r in preview.rows}


def test_a_roster_previews_row_by_row_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    source = importing.open_import(_roster(tmp_path), "residents")
    assert source.header_row == 2  # the merged title above it is skipped
    assert {k: source.headers[c] for k, c in source.guessed.items()} == {
        "name": "姓名",
        "gender": "性别",
        "birth": "出生年月",
        "phone": "联系电话",
        "village_group": "村民小组",
        "household": "户主",
        "notes": "备注",
    }
    preview = importing.preview_import(store, source)
    rows = _by_row(preview)
    assert [rows[n].action for n in range(3, 10)] == [ADD, ADD, ADD, ADD, REJECT, REJECT, REJECT]
    assert rows[7].field == "phone" and "138-1234-567" in rows[7].reason.render()
    assert rows[8].field == "birth" and "去年" in rows[8].reason.render()
    assert rows[9].reason.source == importing.TOTAL_ROW
    assert _count(store, schema.residents) == 0

    result = importing.confirm_import(store, preview)
    assert (result.added, result.matched, result.rejected) == (4, 0, 3)
    found = {r.name: r for r in residents.search_residents(store)}
    assert set(found) == {"王芳", "王大山", "李秀英", "张三"}
    wang = found["王芳"]
    assert (wang.gender, wang.birth_year, wang.household) == ("female", 1956, "王大山")
    assert found["王大山"].household == "王大山"  # from the merged cell
    assert found["王大山"].phone == "13812345679"  # a float in the sheet, digits in the register
    assert found["李秀英"].birth_year == 1960
    assert found["张三"].birth_year == 1948


def test_reimporting_the_same_file_creates_nothing_twice(store: Store, tmp_path: Path) -> None:
    path = _roster(tmp_path)
    importing.confirm_import(
        store, importing.preview_import(store, importing.open_import(path, "residents"))
    )
    before = _count(store, schema.residents)
    again = importing.preview_import(store, importing.open_import(path, "residents"))
    rows = _by_row(again)
    assert again.count(ADD) == 0
    assert rows[3].action == MATCH and rows[3].existing_id is not None
    assert "王芳" in rows[3].reason.render()
    result = importing.confirm_import(store, again)
    assert result.added == 0 and not result.changes
    assert _count(store, schema.residents) == before


def test_confirm_decides_again_against_the_register_as_it_is_now(
    store: Store, tmp_path: Path
) -> None:
    preview = importing.preview_import(store, importing.open_import(_roster(tmp_path), "residents"))
    # Someone adds one of the file's people between the preview and the confirmation.
    residents.add_resident(store, residents.ResidentInput("张三", birth_year=1948))
    result = importing.confirm_import(store, preview)
    assert result.added == 3
    assert sum(1 for r in residents.search_residents(store) if r.name == "张三") == 1


def test_duplicates_within_the_file_and_namesakes(store: Store, tmp_path: Path) -> None:
    residents.add_resident(store, residents.ResidentInput("刘备", birth_year=1961))
    residents.add_resident(store, residents.ResidentInput("关羽", birth_year=1960))
    residents.add_resident(store, residents.ResidentInput("关羽", birth_year=1962))
    path = _xlsx(
        tmp_path / "dup.xlsx",
        [
            ["姓名", "出生年份", "手机"],
            ["张飞", 1965, None],
            ["张飞", "1965年", None],  # the same person twice in one file
            ["刘备", 1961, None],  # already on the register
            ["刘备", 1975, None],  # a namesake: a different birth year
            ["关羽", None, None],  # two on the register fit
        ],
        title=None,
    )
    rows = _by_row(importing.preview_import(store, importing.open_import(path, "residents")))
    assert rows[2].action == ADD
    assert rows[3].action == REJECT and rows[3].reason.params == {"row": 2}
    assert rows[4].action == MATCH
    assert rows[5].action == ADD and rows[5].reason.source == importing.NEW_PERSON
    assert rows[6].action == REJECT and rows[6].reason.params["count"] == 2


def test_wrong_columns_say_what_is_missing_and_nothing_is_imported(
    store: Store, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "wrong.xlsx", [["编号", "地址"], [1, "玉屏村"]], title=None)
    preview = importing.preview_import(store, importing.open_import(path, "residents"))
    assert [p.source for p in preview.problems] == [importing.MISSING_NAME]
    assert not preview.rows and not preview.importable
    with pytest.raises(importing.ServiceError):
        importing.confirm_import(store, preview)
    # Choosing the column by hand makes the same file importable.
    source = importing.open_import(path, "residents")
    mapping = source.mapping_from_names({"name": "B"})
    assert importing.preview_import(store, source, mapping).count(ADD) == 1


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_in_gbk_or_utf8_with_or_without_bom(
    store: Store, tmp_path: Path, encoding: str
) -> None:
    text = "姓名,性别,出生日期,电话\r\n王芳,女,1956/3/1,13812345678\r\n李秀英,女,19600501,\r\n"
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode(encoding))
    source = importing.open_import(path, "residents")
    assert source.table.encoding == ("gb18030" if encoding == "gbk" else "utf-8")
    result = importing.confirm_import(store, importing.preview_import(store, source))
    assert result.added == 2
    assert {r.name: r.birth_year for r in residents.search_residents(store)} == {
        "王芳": 1956,
        "李秀英": 1960,
    }


def test_unreadable_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(TableFileError) as refused:
        read_table(xls)
    assert ".xlsx" in str(refused.value)
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(TableFileError):
        read_table(renamed)
    big = tmp_path / "big.csv"
    big.write_text("姓名\n" + "张三\n" * 30, encoding="utf-8")
    with pytest.raises(TableFileError) as too_many:
        read_table(big, max_rows=20)
    assert "20" in str(too_many.value)


def test_cell_values_as_excel_and_people_write_them() -> None:
    for text in ("1956年3月", "1956.3", "1956-03-01", "1956/3/1", "19560301", "1956年", 1956.0):
        assert importing.parse_birth_year(text) == 1956, text
    assert importing.parse_birth_year(dt.date(1956, 3, 1)) == 1956
    for bad in ("去年", "56年", "1956-13"):
        with pytest.raises(ValueError):
            importing.parse_birth_year(bad)
    assert importing.parse_date("2024年3月5日")[0] == dt.date(2024, 3, 5)
    assert importing.parse_date("2024.3.5 14:30") == (dt.date(2024, 3, 5), dt.time(14, 30))
    assert importing.parse_date(45356)[0] == dt.date(2024, 3, 5)  # an Excel day number
    assert importing.parse_phone(13812345678.0) == "13812345678"
    assert importing.parse_phone("138 1234 5678") == "13812345678"
    assert importing.parse_phone("+86 138-1234-5678") == "13812345678"
    assert importing.parse_phone("86 138 1234 5678") == "13812345678"
    assert importing.parse_phone("023-45678901") == "02345678901"  # digits, as the form stores
    for bad in ("1381234567", "电话", "12"):
        with pytest.raises(ValueError):
            importing.parse_phone(bad)
    assert importing.id_number_text(" 110105 19491231 002x ") == "11010519491231002X"
    assert importing.id_number_text("**************002X") == ""  # masked, as exports write it
    assert importing.clean_name(" 王  芳 ") == "王芳"
    assert importing.clean_name("Mary   Smith") == "Mary Smith"


def test_an_id_number_fills_birth_year_and_gender_and_a_bad_one_is_rejected(
    store: Store, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "ids.xlsx",
        [
            ["姓名", "身份证号"],
            ["王芳", "11010519491231002X"],
            ["李四", "110105194912310021"],
            ["赵六", 110105194912310000],  # a number: Excel kept 15 digits
        ],
        title=None,
    )
    preview = importing.preview_import(store, importing.open_import(path, "residents"))
    rows = _by_row(preview)
    assert rows[2].action == ADD
    assert rows[3].action == REJECT and rows[3].field == "id_number"
    assert rows[4].action == REJECT and rows[4].reason.source == importing.ID_AS_NUMBER
    importing.confirm_import(store, preview)
    (wang,) = residents.search_residents(store)
    assert (wang.birth_year, wang.gender) == (1949, "female")


def test_teachers_with_their_categories(store: Store, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "teachers.xlsx",
        [
            ["姓名", "类别", "联系电话", "特长", "备注"],
            ["陈老师", "专职教师", 13900001111, "夏布编织", ""],
            ["刘大姐", "志愿者", None, "非遗传承人 折扇", "每周二"],
            ["周书记", "管理干部", None, None, None],
            ["吴某", "厨师", None, None, None],
            ["郑某", None, None, None, None],
        ],
        title="师资名册",
    )
    preview = importing.preview_import(store, importing.open_import(path, "teachers"))
    rows = _by_row(preview)
    assert [rows[n].action for n in range(3, 8)] == [ADD, ADD, ADD, REJECT, REJECT]
    assert rows[6].field == "kind" and "厨师" in rows[6].reason.render()
    assert importing.confirm_import(store, preview).added == 3
    with store.read() as conn:
        kinds = dict(conn.execute(select(schema.teachers.c.name, schema.teachers.c.kind)).all())
    assert kinds == {"陈老师": "full_time", "刘大姐": "volunteer", "周书记": "cadre"}
    again = importing.preview_import(store, importing.open_import(path, "teachers"))
    assert again.count(ADD) == 0 and again.count(MATCH) == 3


def test_past_attendance_makes_sessions_once_and_marks_once(store: Store, tmp_path: Path) -> None:
    weaving, _ = courses.create_course(store, courses.CourseInput("夏布编织", "culture"))
    courses.create_course(store, courses.CourseInput("健康讲座", "health"))
    for name, year in (("王芳", 1956), ("李秀英", 1960), ("张三", 1950), ("张三", 1970)):
        residents.add_resident(store, residents.ResidentInput(name, birth_year=year))
    existing, _ = sessions.record_session(
        store,
        sessions.SessionInput(weaving.id, dt.datetime(2026, 3, 6, 14), dt.datetime(2026, 3, 6, 16)),
    )
    path = _xlsx(
        tmp_path / "签到.xlsx",
        [
            ["日期", "课程名称", "姓名", "出生年份", "是否出勤"],
            ["2026年3月5日", "夏布编织", "王芳", None, "√"],
            [None, "夏布编织", "李秀英", None, "√"],  # the date merged down, see below
            ["2026-03-06", "夏布编织", "王芳", None, "是"],  # the session already there
            ["2026-03-06", "夏布编织", "李秀英", None, "否"],  # absent, never signed in
            ["2026.3.7", "健康讲座", "张三", 1970, 1],
            ["2026.3.7", "健康讲座", "张三", None, 1],  # two people called 张三
            ["2026.3.7", "插花", "王芳", None, 1],  # no such course
            ["2026.3.7", "健康讲座", "钱八", None, 1],  # not on the register
            ["2026.3.7", "健康讲座", "张三", 1970, "√"],  # listed twice
            ["明天", "健康讲座", "王芳", None, "√"],
        ],
        title=None,
    )
    book = load_workbook(path)
    book.active.merge_cells("A2:A3")
    book.save(path)
    marks_before = _count(store, schema.attendance)
    sessions_before = _count(store, schema.sessions)

    preview = importing.preview_import(store, importing.open_import(path, "attendance"))
    rows = _by_row(preview)
    assert [rows[n].action for n in range(2, 12)] == [
        ADD,
        ADD,
        ADD,
        MATCH,
        ADD,
        REJECT,
        REJECT,
        REJECT,
        REJECT,
        REJECT,
    ]
    assert rows[2].reason.source == importing.NEW_SESSION
    assert rows[5].reason.source == importing.ABSENT_NOTHING
    assert rows[8].field == "course" and rows[9].field == "name"
    assert rows[10].reason.params == {"row": 6}
    assert rows[11].field == "date"
    assert _count(store, schema.attendance) == marks_before
    assert _count(store, schema.sessions) == sessions_before

    result = importing.confirm_import(store, preview)
    assert (result.added, result.sessions_added) == (4, 2)
    assert _count(store, schema.sessions) == sessions_before + 2
    assert sessions.get_session(store, existing.id).present == 1
    march5 = [
        s for s in sessions.sessions_in_week(store, dt.date(2026, 3, 2)) if s.starts_at.day == 5
    ]
    assert [(s.course_title, s.present, s.starts_at.hour) for s in march5] == [("夏布编织", 2, 9)]

    again = importing.preview_import(store, importing.open_import(path, "attendance"))
    assert again.count(ADD) == 0
    assert importing.confirm_import(store, again).changes.rows == {}
    assert _count(store, schema.sessions) == sessions_before + 2
    assert _count(store, schema.attendance) == marks_before + 4


def test_csv_export_starts_with_the_bom_and_imports_back(store: Store, tmp_path: Path) -> None:
    residents.add_resident(
        store,
        residents.ResidentInput(
            "王芳", "female", 1956, "13812345678", "一组", "王大山", ("低保", "独居"), "=1+1"
        ),
    )
    residents.add_resident(store, residents.ResidentInput("李秀英", birth_year=1960))
    out = tmp_path / "居民.csv"
    assert export_records(store, "residents", out) == 2
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert "王芳,女,1956,13812345678,一组,王大山,,低保、独居,'=1+1" in data.decode("utf-8-sig")

    other = tmp_path / "other"
    from support import enrolled_store

    fresh = enrolled_store(other, store.clock)
    try:
        preview = importing.preview_import(fresh, importing.open_import(out, "residents"))
        assert preview.count(ADD) == 2 and preview.count(REJECT) == 0
        importing.confirm_import(fresh, preview)
        copied = {r.name: r for r in residents.search_residents(fresh)}
        wang = copied["王芳"]
        assert (wang.gender, wang.birth_year, wang.phone, wang.tags, wang.notes) == (
            "female",
            1956,
            "13812345678",
            ("低保", "独居"),
            "=1+1",
        )
        # And into the register it came from: everyone is already there.
        again = importing.preview_import(store, importing.open_import(out, "residents"))
        assert again.count(MATCH) == 2
    finally:
        fresh.engine.dispose()


def test_xlsx_exports_read_back(store: Store, tmp_path: Path) -> None:
    weaving, _ = courses.create_course(store, courses.CourseInput("夏布编织", "culture"))
    wang, _ = residents.add_resident(store, residents.ResidentInput("王芳", phone="13812345678"))
    session, _ = sessions.record_session(
        store,
        sessions.SessionInput(
            weaving.id, dt.datetime(2026, 11, 23, 14), dt.datetime(2026, 11, 23, 16)
        ),
    )
    from desktop.services.week.attendance import mark_present

    mark_present(store, session.id, wang.id)
    for what in ("residents", "attendance", "sessions", "teachers"):
        out = tmp_path / f"{what}.xlsx"
        export_records(store, what, out)
        sheet = load_workbook(out).active
        assert sheet.freeze_panes == "A3"
        assert "玉屏村学习中心" in sheet["A1"].value
        assert sheet.column_dimensions["A"].width > 0
    sheet = load_workbook(tmp_path / "attendance.xlsx").active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("日期", "开始", "课程", "姓名", "联系电话", "出生年份", "出勤")
    assert rows[1][1:] == ("14:00", "夏布编织", "王芳", "13812345678", None, "是")
    assert rows[1][0].date() == dt.date(2026, 11, 23)
    # The attendance export imports back onto the same marks: nothing new.
    again = importing.preview_import(
        store, importing.open_import(tmp_path / "attendance.xlsx", "attendance")
    )
    assert again.count(MATCH) == 1 and again.count(ADD) == 0


# --- ID-card numbers and the shared duplicate rules ------------------------------------------------

WANG_ID = "11010519491231002X"  # born 1949-12-31, a woman


def _id(first17: str) -> str:
    """A valid ID-card number from its first 17 digits."""
    return first17 + check_character(first17)


def test_an_imported_id_number_is_kept_as_hash_and_last_four_only(
    store: Store, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "ids.xlsx",
        [["姓名", "身份证号"], ["王芳", WANG_ID], ["李四", _id("51302119560301001")]],
        title=None,
    )
    importing.confirm_import(
        store, importing.preview_import(store, importing.open_import(path, "residents"))
    )
    with store.read() as conn:
        table = [
            tuple(row) for row in conn.execute(select(schema.residents).order_by("name")).all()
        ]
        wang = conn.execute(select(schema.residents).where(schema.residents.c.name == "王芳")).one()
    assert wang.id_hash == id_hash(store.id_key, WANG_ID) and wang.id_last4 == "002X"
    dump = repr(table)
    assert WANG_ID not in dump and WANG_ID[:17] not in dump and "1302119560301" not in dump
    store.engine.dispose()  # the file, WAL included, as it would be copied off the laptop
    for f in (tmp_path / "desk").rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert WANG_ID[:14].encode() not in data, f.name
            assert WANG_ID[:14].encode("utf-16-le") not in data, f.name


def test_reimport_with_id_numbers_matches_by_the_hash(store: Store, tmp_path: Path) -> None:
    first = _xlsx(
        tmp_path / "first.xlsx",
        [["姓名", "出生年份", "身份证号"], ["王芳", 1949, WANG_ID]],
        title=None,
    )
    importing.confirm_import(
        store, importing.preview_import(store, importing.open_import(first, "residents"))
    )
    (wang,) = residents.search_residents(store)
    # The same person again under the name her village calls her: only the number says it is her.
    again = _xlsx(
        tmp_path / "again.xlsx",
        [["姓名", "出生年份", "身份证号"], ["王小芳", None, WANG_ID.lower()]],
        title=None,
    )
    preview = importing.preview_import(store, importing.open_import(again, "residents"))
    (row,) = preview.rows
    assert row.action == MATCH and row.existing_id == wang.id
    assert row.reason.source == importing.MATCHED
    assert [m.source for m in row.reason.params["reasons"]] == [duplicates.SAME_ID_NUMBER]
    assert "same ID-card number" in row.reason.render()
    assert importing.confirm_import(store, preview).added == 0
    # A different valid number under the same name and birth year is someone else.
    other = _xlsx(
        tmp_path / "other.xlsx",
        [["姓名", "出生年份", "身份证号"], ["王芳", 1949, _id("51302119491231002")]],
        title=None,
    )
    (row,) = importing.preview_import(store, importing.open_import(other, "residents")).rows
    assert row.action == ADD and not row.flagged


def test_a_homophone_or_a_shared_phone_is_added_but_flagged(store: Store, tmp_path: Path) -> None:
    zhang, _ = residents.add_resident(
        store, residents.ResidentInput("张芳", birth_year=1960, phone="13812345678")
    )
    path = _xlsx(
        tmp_path / "sounds.xlsx",
        [
            ["姓名", "出生年份", "手机"],
            ["章芳", 1960, None],  # sounds the same, same year: maybe her, maybe not
            ["李强", 1958, 13812345678],  # her husband, who shares her phone
            ["张芳", 1960, None],  # her, written the same
        ],
        title=None,
    )
    preview = importing.preview_import(store, importing.open_import(path, "residents"))
    rows = _by_row(preview)
    assert rows[2].action == ADD and rows[2].flagged and rows[2].possible_id == zhang.id
    assert rows[2].reason.source == importing.POSSIBLE_DUPLICATE
    assert [m.source for m in rows[2].reason.params["reasons"]] == [
        duplicates.SOUNDS_ALIKE_SAME_YEAR
    ]
    assert "张芳" in rows[2].reason.render()
    assert rows[3].action == ADD and rows[3].possible_id == zhang.id
    assert [m.source for m in rows[3].reason.params["reasons"]] == [duplicates.SAME_PHONE]
    assert rows[4].action == MATCH and rows[4].existing_id == zhang.id
    assert [m.source for m in rows[4].reason.params["reasons"]] == [duplicates.SAME_NAME_AND_YEAR]
    # The import and the form see the same people for the same reasons.
    found = duplicates.likely_duplicates(store, residents.ResidentInput("章芳", birth_year=1960))
    assert [(d.resident.id, d.reasons) for d in found] == [
        (zhang.id, (duplicates.SOUNDS_ALIKE_SAME_YEAR,))
    ]
    assert importing.confirm_import(store, preview).added == 2


def test_id_numbers_follow_the_forms_rules_and_are_never_quoted(
    store: Store, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "ids.xlsx",
        [
            ["姓名", "出生年份", "身份证号", "手机"],
            ["王芳", 1950, WANG_ID, None],  # the number says 1949
            ["李四", None, "110105194912310021", None],  # wrong last character
            ["赵六", None, "1101051949", None],  # too short
            ["钱七", None, None, "110105194912310021"],  # a number in the wrong column
        ],
        title=None,
    )
    preview = importing.preview_import(store, importing.open_import(path, "residents"))
    rows = _by_row(preview)
    assert rows[2].field == "birth" and rows[2].reason.source == ID_BIRTH_YEAR_DIFFERS
    assert rows[3].field == "id_number" and rows[3].reason.source == ID_CHECK_DIGIT
    assert rows[4].field == "id_number" and rows[4].reason.source == ID_LENGTH
    assert rows[5].field == "phone" and "0021" in rows[5].reason.render()
    for row in preview.rows:
        assert row.action == REJECT
        assert "19491231" not in row.reason.render()


def test_without_the_district_key_rows_with_an_id_number_wait(store: Store, tmp_path: Path) -> None:
    store.id_key = None
    path = _xlsx(
        tmp_path / "ids.xlsx",
        [["姓名", "身份证号"], ["王芳", WANG_ID], ["李四", None]],
        title=None,
    )
    preview = importing.preview_import(store, importing.open_import(path, "residents"))
    rows = _by_row(preview)
    assert rows[2].action == REJECT and rows[2].field == "id_number"
    assert rows[2].reason.source == ID_NO_KEY
    assert rows[3].action == ADD
    # Leaving the ID column out imports her knowingly without the number.
    source = importing.open_import(path, "residents")
    without = importing.preview_import(store, source, source.mapping_from_names({"id_number": "-"}))
    assert without.count(ADD) == 2


def test_an_export_masks_imported_id_numbers(store: Store, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "ids.xlsx", [["姓名", "身份证号"], ["王芳", WANG_ID]], title=None)
    importing.confirm_import(
        store, importing.preview_import(store, importing.open_import(path, "residents"))
    )
    out = tmp_path / "居民.csv"
    export_records(store, "residents", out)
    text = out.read_text(encoding="utf-8-sig")
    assert "**************002X" in text and WANG_ID[:14] not in text
    # And the masked export imports back onto her, not as a second record.
    again = importing.preview_import(store, importing.open_import(out, "residents"))
    assert again.count(MATCH) == 1 and again.count(ADD) == 0


def test_reasons_owned_by_another_context_are_translated_inside_a_sentence() -> None:
    message = UserMessage(
        "Import",
        importing.MATCHED,
        name="王芳",
        reasons=[UserMessage("Duplicates", duplicates.SAME_PHONE)],
    )
    chinese = {("Import", importing.MATCHED): "已在名册中：{name}（{reasons}）。"}
    chinese[("Duplicates", duplicates.SAME_PHONE)] = "电话相同"

    def translate(context: str, text: str) -> str:
        return chinese.get((context, text), text)

    assert message.render(translate) == "已在名册中：王芳（电话相同）。"
    assert message.render() == "Already on the register: 王芳 (same phone number)."
