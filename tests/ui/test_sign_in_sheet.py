"""The sign-in sheet on paper: saved as a PDF from the week view into the Documents folder and offered
to be opened, with the roster's names in the file's text, the header on every page of a long roster,
and the same drawing on a printer; also only those who came, and blank rows only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.services.people import residents, teachers
from desktop.services.week import attendance, courses, sessions
from desktop.services.week.sign_in_sheet import SheetNames, sign_in_sheet
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.week import sign_in_sheet as sheet_ui
from desktop.ui.week.week_view import WeekView

NAMES = ["张三", "李秀英", "王建国", "欧阳春花", "赵德胜"]


def _text(path: Path) -> list[str]:
    """The extracted text of each page, without the spaces extraction puts between glyph runs."""
    reader = pypdf.PdfReader(path)
    return ["".join(page.extract_text().split()) for page in reader.pages]


def _course_with_history(
    store: Store, monday: dt.date, names: list[str]
) -> tuple[sessions.SessionSummary, list[residents.Resident]]:
    """A course whose Monday session had ``names`` present, and its Wednesday session to print."""
    course = courses.create_course(store, courses.CourseInput("夏布编织技艺", "culture"))[0]
    teacher = teachers.add_teacher(store, teachers.TeacherInput("周德芳", "part_time"))[0]
    people = [
        residents.add_resident(
            store, residents.ResidentInput(name, village_group=f"{i % 3 + 1}组")
        )[0]
        for i, name in enumerate(names)
    ]
    start = dt.datetime.combine(monday, dt.time(14))
    earlier = sessions.record_session(
        store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
    )[0]
    attendance.set_attendance(store, earlier.id, [p.id for p in people])
    start += dt.timedelta(days=2)
    session = sessions.record_session(
        store,
        sessions.SessionInput(
            course.id, start, start + dt.timedelta(hours=2), place="活动室", teacher_id=teacher.id
        ),
    )[0]
    return session, people


def _documents(tmp_path: Path, monkeypatch) -> Path:  # noqa: ANN001 - pytest's monkeypatch
    """A Documents folder of the test's own, where the system says the user's is (XDG user dirs)."""
    documents = tmp_path / "文档"
    documents.mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{documents}"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    assert sheet_ui.documents_folder() == documents
    return documents


def test_saving_the_selected_session_s_sheet_as_pdf_from_the_week_view(
    qtbot, desk: Store, hub: Hub, monday: dt.date, tmp_path: Path, monkeypatch, chinese
) -> None:
    documents = _documents(tmp_path, monkeypatch)
    session, _people = _course_with_history(desk, monday, NAMES)
    view = WeekView(desk, hub)
    qtbot.addWidget(view)
    view.show()
    assert not view.sheet_button.isEnabled()  # nothing selected yet
    assert view.sheet_button.text() == "签到表…"
    view.select_session(session.id)
    assert view.sheet_button.isEnabled()

    asked: list[str] = []

    def choose(_parent, _title, suggested, _filter):  # noqa: ANN001, ANN202
        asked.append(suggested)
        return str(tmp_path / "sheet"), "PDF"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    opened: list[QUrl] = []
    view.sheet_button.open_url = opened.append
    view.sheet_button.save_actions[SheetNames.EXPECTED].trigger()

    saved = tmp_path / "sheet.pdf"  # the extension is added when left off
    assert view.sheet_button.last_saved == saved
    assert Path(asked[0]) == documents / "签到表_夏布编织技艺_2026-11-25.pdf"
    # It says where the sheet went and offers to open it; nothing opens unless asked.
    box = view.sheet_button.saved_box
    assert box is not None and box.isVisible()
    assert box.text() == f"签到表已保存到 {saved}。"
    assert [b.text() for b in box.buttons()] == ["打开", "关闭"]
    assert opened == []
    box.buttons()[0].click()
    assert opened == [QUrl.fromLocalFile(str(saved))]
    assert saved.stat().st_size > 1000
    pages = _text(saved)
    assert len(pages) == 1
    text = pages[0]
    for name in NAMES:
        assert name in text
    for header in ("玉屏村学习中心", "签到表", "夏布编织技艺", "周德芳", "2026年11月25日", "14:00"):
        assert header in text
    for column in ("序号", "姓名", "村民小组", "签名"):
        assert column in text
    # Blank numbered rows follow the five names, at least ten of them.
    assert "15" in text
    # The next sheet starts where this one went.
    view.sheet_button.save_actions[SheetNames.BLANK].trigger()
    assert Path(asked[1]) == tmp_path / "签到表_夏布编织技艺_2026-11-25_空白.pdf"
    view.sheet_button.saved_box.buttons()[1].click()
    assert len(opened) == 1


def test_a_long_roster_runs_over_several_pages_each_with_the_header(
    desk: Store, monday: dt.date, tmp_path: Path, qapp
) -> None:
    names = [f"学员{i:02d}号" for i in range(60)]
    session, _people = _course_with_history(desk, monday, names)
    sheet = sign_in_sheet(desk, session.id)
    assert len(sheet.rows) == 60
    path = tmp_path / "long.pdf"
    pages = sheet_ui.write_pdf(sheet, path)
    assert pages >= 3
    texts = _text(path)
    assert len(texts) == pages
    for text in texts:
        assert "Sign-insheet" in text and "夏布编织技艺" in text and "Signature" in text
    everything = "".join(texts)
    for name in names:
        assert everything.count(name) == 1
    assert f"Page{pages}of{pages}" in texts[-1]
    # Room for newcomers: the numbering runs on past the last name.
    assert str(len(names) + sheet_ui.BLANK_ROWS) in texts[-1]


def test_a_printer_gets_the_same_drawing(desk: Store, monday: dt.date, tmp_path: Path, qapp):
    # The project installs a Qt with printing (PySide6-Essentials ships QtPrintSupport).
    assert sheet_ui.printing_available()
    from PySide6.QtPrintSupport import QPrinter

    session, _people = _course_with_history(desk, monday, NAMES)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert sheet_ui.paint_sheet(sign_in_sheet(desk, session.id), printer) == 1
    del printer
    text = _text(tmp_path / "printed.pdf")[0]
    assert all(name in text for name in NAMES)


def test_a_sheet_that_cannot_be_written_says_so(desk: Store, monday: dt.date, tmp_path, qapp):
    session, _people = _course_with_history(desk, monday, NAMES)
    missing = tmp_path / "no such folder" / "sheet.pdf"
    assert sheet_ui.write_pdf(sign_in_sheet(desk, session.id), missing) == 0
    assert not missing.exists()


def test_a_sheet_of_only_those_who_came_lists_the_signed_in_and_says_how_many(
    qtbot, desk: Store, hub: Hub, monday: dt.date, tmp_path: Path, monkeypatch, chinese
) -> None:
    session, people = _course_with_history(desk, monday, NAMES)
    came = [people[1], people[3]]
    attendance.set_attendance(desk, session.id, [p.id for p in came])
    view = WeekView(desk, hub)
    qtbot.addWidget(view)
    view.select_session(session.id)
    asked: list[str] = []

    def choose(_parent, _title, suggested, _filter):  # noqa: ANN001, ANN202
        asked.append(suggested)
        return str(tmp_path / Path(suggested).name), "PDF"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    view.sheet_button.open_url = lambda _url: True
    view.sheet_button.save_actions[SheetNames.PRESENT].trigger()

    saved = view.sheet_button.last_saved
    assert saved == tmp_path / "签到表_夏布编织技艺_2026-11-25_已到.pdf"
    [text] = _text(saved)
    assert "李秀英" in text and "欧阳春花" in text
    for absent in ("张三", "王建国", "赵德胜"):
        assert absent not in text
    assert "实到2人" in text and "应到" not in text


def test_a_blank_sheet_has_numbered_rows_and_no_names(
    desk: Store, monday: dt.date, tmp_path: Path, qapp, chinese
) -> None:
    session, _people = _course_with_history(desk, monday, NAMES)
    sheet = sign_in_sheet(desk, session.id, SheetNames.BLANK)
    assert sheet.rows == ()
    path = tmp_path / "blank.pdf"
    assert sheet_ui.write_pdf(sheet, path) == 1
    [text] = _text(path)
    assert not any(name in text for name in NAMES)
    assert "夏布编织技艺" in text and "签名" in text
    assert "实到______人" in text and "应到" not in text
    assert str(sheet_ui.BLANK_ROWS) in text  # the rows are numbered for the names to come


def test_nobody_signed_in_yet_has_no_list_of_those_who_came(
    qtbot, desk: Store, hub: Hub, monday: dt.date, monkeypatch, chinese
) -> None:
    session, _people = _course_with_history(desk, monday, NAMES)
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _parent, _title, text: said.append(text))
    )
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a: asked.append(a) or ("", ""))
    )
    button = sheet_ui.SignInSheetButton(desk)
    qtbot.addWidget(button)
    button.set_session(session.id)
    assert button.save_pdf(SheetNames.PRESENT) is None
    assert said == ["这一场还没有人签到，所以没有已到名单。请先签到，或者印空白签到表。"]
    assert asked == [] and button.last_saved is None
