"""Photos on the weekly work brief: class photos chosen before sheet scans and one per session first,
carried as small thumbnails in the brief's JSON (the drawing process reads JSON only), drawn under the
figures, and the page stays one A4 page even with a long remark."""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path

import pypdf
from PIL import Image

from desktop.services.reports.work_brief import MAX_PHOTOS, PHOTO_SIDE, WorkBrief, work_brief
from desktop.services.week import attachments, courses, sessions
from desktop.services.week.sessions import SessionSummary
from desktop.storage.store import Store
from desktop.ui.work_brief import write_pdf


def _session(store: Store, day: dt.date, title: str) -> SessionSummary:
    course = courses.create_course(store, courses.CourseInput(title, "culture"))[0]
    start = dt.datetime.combine(day, dt.time(14))
    return sessions.record_session(
        store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
    )[0]


def _image(colour: tuple[int, int, int], size: tuple[int, int] = (1200, 900)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def _week_with_photos(store: Store, monday: dt.date) -> dict[str, object]:
    """Two sessions this week with two photos and a sheet each, and one photo next week."""
    first = _session(store, monday, "夏布编织技艺")
    second = _session(store, monday + dt.timedelta(days=2), "广场舞")
    later = _session(store, monday + dt.timedelta(days=7), "书法")
    made = {}
    for session, tag in ((first, "a"), (second, "b")):
        for n in (1, 2):
            made[f"{tag}{n}"] = attachments.attach(
                store, session.id, _image((30 * n, 90, 160)), "photo", f"{tag}{n}"
            )[0].id
        made[f"{tag}-sheet"] = attachments.attach(
            store, session.id, _image((240, 240, 240), (900, 1270)), "sheet"
        )[0].id
    made["later"] = attachments.attach(store, later.id, _image((200, 0, 0)), "photo")[0].id
    return made


def test_photos_are_chosen_one_per_session_first_and_travel_as_small_thumbnails(
    desk: Store, monday: dt.date
) -> None:
    made = _week_with_photos(desk, monday)
    brief = work_brief(desk, monday)
    # One of each session's photos, then the other of each (the sessions in time order).
    assert [p.caption[0] for p in brief.photos] == ["a", "b", "a", "b"]
    assert {p.caption for p in brief.photos} == {"a1", "a2", "b1", "b2"}
    assert len(brief.photos) == MAX_PHOTOS and made["later"] not in [p.id for p in brief.photos]
    with Image.open(io.BytesIO(brief.photos[0].jpeg)) as thumb:
        assert max(thumb.size) <= PHOTO_SIDE

    doc = brief.to_json()
    assert base64.b64decode(doc["photos"][0]["jpeg_base64"]) == brief.photos[0].jpeg
    assert doc["photos"][1]["course"] == "广场舞"
    assert WorkBrief.from_json(doc) == brief

    attachments.remove_attachment(desk, made["a1"])
    attachments.remove_attachment(desk, made["a2"])
    kinds = [p.kind for p in work_brief(desk, monday).photos]
    assert kinds == ["photo", "photo", "sheet", "sheet"]  # sheets make up the row


def test_a_week_without_photos_keeps_its_json_as_it_was(desk: Store, monday: dt.date) -> None:
    _session(desk, monday, "夏布编织技艺")
    doc = work_brief(desk, monday).to_json()
    assert "photos" not in doc
    assert WorkBrief.from_json(doc).photos == ()


def test_the_brief_with_photos_is_one_page_with_its_images_and_text(
    qapp, desk: Store, monday: dt.date, tmp_path: Path
) -> None:
    _week_with_photos(desk, monday)
    brief = work_brief(desk, monday)
    # A long remark as well: the photos shrink rather than push the brief onto a second page.
    remark = "\n".join(f"第{n}条：本周村民反映良好，下周继续开展夏布编织培训。" for n in range(6))
    brief = WorkBrief.from_json({**brief.to_json(), "remark": remark})
    for case in (brief, WorkBrief.from_json({**brief.to_json(), "remark": ""})):
        out = tmp_path / "brief.pdf"
        assert write_pdf(case, out)
        reader = pypdf.PdfReader(out)
        assert len(reader.pages) == 1
        page = reader.pages[0]
        assert len(page.images) == MAX_PHOTOS
        text = "".join(page.extract_text().split())
        assert "".join(brief.site_name.split()) in text
        assert "Photosoftheweek" in text
