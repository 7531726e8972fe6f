"""A site's weekly work brief (工作简报): the week's figures as its weekly report holds them, with the
highlights a town or district office puts on its one page, for the window, the PDF and the CLI.

The figures are the weekly report's (:func:`desktop.services.reports.weekly_reports.week_report`): frozen at
submission for a submitted or approved week, counted from the records otherwise, so the brief, the
window and ``learning-desk report week`` always agree. A town or district device may brief any site
below it.

The brief travels as JSON (:meth:`WorkBrief.to_json`) to the process that draws the PDF with Qt, so
the command line stays free of Qt and the PDF shows exactly the figures the JSON output has.

Up to :data:`MAX_PHOTOS` photos of the week's sessions go on the page as evidence: class photos
first, then sign-in sheet scans, one per session before a second of the same session. They travel in
the JSON too (the drawing process reads JSON only), as small thumbnails — :data:`PHOTO_SIDE` pixels on
the long side, a few tens of KB each, base64 — which is all a quarter of an A4 width needs; the
stored images stay in the database. A week without photos has no ``photos`` field at all.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from sqlalchemy import Connection, select

from core import limits, schema
from desktop.services.common import require_identity, week_bounds, week_start
from desktop.services.errors import ServiceError
from desktop.services.reports.overview import scoped_site
from desktop.services.reports.weekly_reports import week_report
from desktop.storage.store import Store

#: Courses named among the highlights.
TOP_COURSES = 3
JSON_FORMAT = "learning-desk-week"
#: Photos on the page: four fit in one row under the figures and the page stays one page.
MAX_PHOTOS = 4
#: Long side of a photo's thumbnail in the brief: about 500 px print a quarter of A4's width at 300 dpi.
PHOTO_SIDE = 640
PHOTO_QUALITY = 75


@dataclass(frozen=True)
class BriefPhoto:
    """A photo of one of the week's sessions, as the brief shows it."""

    id: uuid.UUID
    session_id: uuid.UUID
    #: photo or sheet
    kind: str
    caption: str
    course_title: str
    day: dt.date
    #: A small JPEG (at most PHOTO_SIDE pixels on its long side).
    jpeg: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id.hex,
            "session_id": self.session_id.hex,
            "kind": self.kind,
            "caption": self.caption,
            "course": self.course_title,
            "date": self.day.isoformat(),
            "jpeg_base64": base64.b64encode(self.jpeg).decode("ascii"),
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> BriefPhoto:
        return cls(
            uuid.UUID(doc["id"]),
            uuid.UUID(doc["session_id"]),
            doc["kind"],
            doc.get("caption", ""),
            doc.get("course", ""),
            dt.date.fromisoformat(doc["date"]),
            base64.b64decode(doc["jpeg_base64"], validate=True),
        )


@dataclass(frozen=True)
class WorkBrief:
    site_id: uuid.UUID
    site_name: str
    week_start: dt.date
    #: not_started, draft, submitted, returned or approved
    status: str
    remark: str
    #: UTC, naive; None until submitted.
    submitted_at: dt.datetime | None
    #: As :func:`core.week_figures.week_figures` gives them.
    figures: dict[str, Any]
    #: At most MAX_PHOTOS, in the order the page shows them.
    photos: tuple[BriefPhoto, ...] = field(default=())

    @property
    def week_code(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def week_end(self) -> dt.date:
        """The Sunday that ends the week."""
        return self.week_start + dt.timedelta(days=6)

    def top_courses(self, n: int = TOP_COURSES) -> list[dict[str, Any]]:
        """The courses with the most person-times this week, busiest first (ties by title)."""
        courses = [c for c in self.figures.get("by_course", []) if c.get("person_times")]
        return courses[:n]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON of ``learning-desk report week --format json`` (``docs/cli.md``)."""
        doc: dict[str, Any] = {
            "format": JSON_FORMAT,
            "site_id": self.site_id.hex,
            "site_name": self.site_name,
            "week": self.week_code,
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "status": self.status,
            "remark": self.remark,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "figures": self.figures,
        }
        if self.photos:
            doc["photos"] = [photo.to_json() for photo in self.photos]
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> WorkBrief:
        submitted = doc.get("submitted_at")
        return cls(
            uuid.UUID(doc["site_id"]),
            doc["site_name"],
            dt.date.fromisoformat(doc["week_start"]),
            doc["status"],
            doc.get("remark", ""),
            dt.datetime.fromisoformat(submitted) if submitted else None,
            doc["figures"],
            tuple(BriefPhoto.from_json(p) for p in doc.get("photos", [])),
        )


def work_brief(store: Store, monday: dt.date, site_id: uuid.UUID | None = None) -> WorkBrief:
    """The brief of ``site_id``'s week (this device's site by default; a site below it otherwise)."""
    identity = require_identity(store)
    site = site_id or identity.site_id
    monday = week_start(monday)
    with store.read() as conn:
        if site == identity.site_id:
            # A laptop may not hold its own site's row yet (before its first sync): its name is in
            # the enrollment settings.
            try:
                name = scoped_site(conn, identity.site_id, site)
            except ServiceError:
                name = store.site_name()
        else:
            name = scoped_site(conn, identity.site_id, site)
        photos = week_photos(conn, site, monday)
    report = week_report(store, monday, site)
    return WorkBrief(
        site,
        name,
        monday,
        report.status,
        report.remark,
        report.submitted_at,
        dict(report.figures),
        photos,
    )


def week_photos(
    conn: Connection, site_id: uuid.UUID, monday: dt.date, limit: int = MAX_PHOTOS
) -> tuple[BriefPhoto, ...]:
    """Up to ``limit`` photos of the site's sessions that week, as thumbnails.

    Class photos come before sheet scans (a photo says more on a brief), and each session gives one
    before any gives a second, so a week of five classes is not shown as four pictures of one."""
    at, s, c = schema.attachments, schema.sessions, schema.courses
    start, end = week_bounds(monday)
    rows = conn.execute(
        select(at.c.id, at.c.session_id, at.c.kind, at.c.caption, s.c.starts_at, c.c.title)
        .join(s, s.c.id == at.c.session_id)
        .outerjoin(c, c.c.id == s.c.course_id)
        .where(
            s.c.site_id == site_id,
            s.c.starts_at >= start,
            s.c.starts_at < end,
            s.c.deleted.is_(False),
            at.c.deleted.is_(False),
        )
        .order_by(s.c.starts_at, at.c.updated_at, at.c.id)
    ).all()
    seen: dict[tuple[uuid.UUID, str], int] = {}
    ranked = []
    for row in rows:
        nth = seen.get((row.session_id, row.kind), 0)
        seen[(row.session_id, row.kind)] = nth + 1
        ranked.append((row.kind != "photo", nth, row.starts_at, row.id.hex, row))
    ranked.sort(key=lambda r: r[:4])
    photos = []
    for *_key, row in ranked:
        if len(photos) == limit:
            break
        content = conn.execute(select(at.c.content).where(at.c.id == row.id)).scalar_one()
        thumb = _thumbnail(content)
        if thumb is None:
            continue
        photos.append(
            BriefPhoto(
                row.id,
                row.session_id,
                row.kind,
                row.caption,
                row.title or "",
                row.starts_at.date(),
                thumb,
            )
        )
    return tuple(photos)


def _thumbnail(content: bytes) -> bytes | None:
    """A stored image made small for the page; None if it cannot be read, or its header declares
    more pixels than :mod:`core.limits` lets anything decode (the brief goes on). A town's laptop
    holds what its villages sent, so the header is read before a pixel is decoded."""
    try:
        header = limits.image_header(content)
    except limits.ImageRefused:
        return None
    if header.too_large:
        return None
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.size != (header.width, header.height):
                return None
            image.draft("RGB", (PHOTO_SIDE, PHOTO_SIDE))  # a JPEG decodes at 1/2 to 1/8 scale
            picture = image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    picture.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return out.getvalue()
