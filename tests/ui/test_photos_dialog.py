"""A session's photos from the week view: a photo added from a file shows as a thumbnail with its
caption, a file that is no image is refused with the service's sentence (the others still added), a
photo is deleted after asking, and the week view's button counts them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.services.week import attachments, courses, sessions
from desktop.services.week.sessions import SessionSummary
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.week.photos_dialog import PhotosDialog, PhotoViewer
from desktop.ui.week.week_view import WeekView


def _session(store: Store, monday: dt.date) -> SessionSummary:
    course = courses.create_course(store, courses.CourseInput("夏布编织技艺", "culture"))[0]
    start = dt.datetime.combine(monday, dt.time(14))
    return sessions.record_session(
        store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
    )[0]


def _jpeg(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the (patched) open dialog returns."""
    files: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: (list(files), "Images"))
    return files


def test_adding_a_photo_shows_its_thumbnail_and_deleting_it_asks_first(
    qtbot, desk: Store, hub: Hub, monday: dt.date, tmp_path: Path, chosen, monkeypatch
) -> None:
    session = _session(desk, monday)
    dialog = PhotosDialog(desk, hub, session)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 0 and not dialog.empty.isHidden()

    chosen.append(str(_jpeg(tmp_path / "课堂.jpg")))
    dialog.caption.setText("课堂现场")
    with qtbot.waitSignal(hub.changed):
        assert dialog.add_files("photo") == 1
    assert dialog.list.count() == 1
    item = dialog.list.item(0)
    assert not item.icon().isNull()
    assert "Class photo" in item.text() and "课堂现场" in item.text()
    assert dialog.error.isHidden() and dialog.empty.isHidden()
    kept = attachments.attachments_of(desk, session.id)
    assert [a.caption for a in kept] == ["课堂现场"] and kept[0].kind == "photo"

    viewer = dialog.view_item(item)
    assert isinstance(viewer, PhotoViewer)
    viewer.close()

    dialog.list.setCurrentItem(item)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    assert not dialog.delete_selected()
    assert dialog.list.count() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    assert dialog.delete_selected()
    assert dialog.list.count() == 0
    assert attachments.attachments_of(desk, session.id) == []


def test_a_file_that_is_no_image_is_refused_in_words_and_the_others_are_added(
    qtbot, desk: Store, hub: Hub, monday: dt.date, tmp_path: Path, chosen
) -> None:
    session = _session(desk, monday)
    dialog = PhotosDialog(desk, hub, session)
    qtbot.addWidget(dialog)
    notes = tmp_path / "名单.txt"
    notes.write_text("不是图片", encoding="utf-8")
    chosen.extend([str(notes), str(_jpeg(tmp_path / "签到表.png"))])

    assert dialog.add_files("sheet") == 1
    assert not dialog.error.isHidden()
    assert "名单.txt" in dialog.error.text()
    assert "not a photo or scan that can be read" in dialog.error.text()
    assert [a.kind for a in attachments.attachments_of(desk, session.id)] == ["sheet"]
    assert "Sign-in sheet scan" in dialog.list.item(0).text()


def test_the_week_view_s_button_counts_the_selected_session_s_photos(
    qtbot, desk: Store, hub: Hub, monday: dt.date, tmp_path: Path
) -> None:
    session = _session(desk, monday)
    view = WeekView(desk, hub)
    qtbot.addWidget(view)
    assert not view.photos_button.isEnabled()
    assert view.select_session(session.id)
    assert view.photos_button.isEnabled()
    assert view.photos_button.text() == "Photos…"

    data = _jpeg(tmp_path / "a.jpg").read_bytes()
    hub.publish(attachments.attach(desk, session.id, data)[1])
    assert view.photos_button.text() == "Photos (1)…"
    dialog = view.photos_button.dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
