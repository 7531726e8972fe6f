"""A site's weekly work brief (工作简报): the week's figures as its weekly report holds them, with the
highlights a town or district office puts on its one page, for the window, the PDF and the CLI.

The figures are the weekly report's (:func:`desktop.services.weekly_reports.week_report`): frozen at
submission for a submitted or approved week, counted from the records otherwise, so the brief, the
window and ``learning-desk report week`` always agree. A town or district device may brief any site
below it.

The brief travels as JSON (:meth:`WorkBrief.to_json`) to the process that draws the PDF with Qt, so
the command line stays free of Qt and the PDF shows exactly the figures the JSON output has.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from desktop.services.common import require_identity, week_start
from desktop.services.errors import ServiceError
from desktop.services.overview import scoped_site
from desktop.services.weekly_reports import week_report
from desktop.storage.store import Store

#: Courses named among the highlights.
TOP_COURSES = 3
JSON_FORMAT = "learning-desk-week"


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
    #: As :func:`desktop.storage.week_report.week_figures` gives them.
    figures: dict[str, Any]

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
        return {
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
                name = store.settings().get("site_name", "")
        else:
            name = scoped_site(conn, identity.site_id, site)
    report = week_report(store, monday, site)
    return WorkBrief(
        site,
        name,
        monday,
        report.status,
        report.remark,
        report.submitted_at,
        dict(report.figures),
    )
