"""The one-page weekly work brief (工作简报) of a site, drawn by Qt as a PDF.

The page is a rich-text document (:class:`QTextDocument`) printed on a :class:`QPdfWriter`: the
title, the site, the week the Chinese way (2026年第48周 11月23日–11月29日), the week's figures in a
grid, person-times by platform, and the highlights — the busiest courses, new learners, requests
closed, and the remark the site sent with its weekly report. A4 portrait; the text is real text, so the
PDF can be searched and read back.

Under the figures, up to four photos of the week's sessions (their thumbnails come with the brief, see
:mod:`desktop.services.reports.work_brief`) stand in one row, each fitted into a box a quarter of the width
wide. The brief is one page: when a long remark would push it onto a second, the photos are drawn
smaller, and left out only if even the smallest row does not fit.

Run as ``python -m desktop.ui.work_brief OUT.pdf [--lang zh_CN|en]`` with the brief's JSON
(:meth:`desktop.services.reports.work_brief.WorkBrief.to_json`) on stdin: that is how ``learning-desk report
week --format pdf`` draws it, because the command line itself may not import Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from core import vocabulary
from core.vocabulary import VILLAGE_TIME
from desktop.services.reports.work_brief import BriefPhoto, WorkBrief
from desktop.ui import formatting as fmt
from desktop.ui.printing import cjk_font_family


def _status_words(status: str) -> str:
    words = {
        "not_started": QCoreApplication.translate("WorkBrief", "Not started"),
        "draft": QCoreApplication.translate("WorkBrief", "Draft"),
        "submitted": QCoreApplication.translate("WorkBrief", "Submitted"),
        "returned": QCoreApplication.translate("WorkBrief", "Returned"),
        "approved": QCoreApplication.translate("WorkBrief", "Approved"),
    }
    return words.get(status, status)


#: Heights tried in turn for the row of photos, as a share of the page's width; 0 leaves them out.
PHOTO_HEIGHTS = (0.2, 0.15, 0.1, 0.0)


def photo_url(index: int) -> str:
    """The name the page's HTML gives the ``index``-th photo (a resource of the document)."""
    return f"brief-photo-{index}.jpg"


def _photo_caption(photo: BriefPhoto) -> str:
    words = photo.caption or photo.course_title
    return f"{words} · {fmt.short_date(photo.day)}" if words else fmt.short_date(photo.day)


def photos_html(photos: list[tuple[BriefPhoto, QSizeF]], width: float, height: float) -> str:
    """A row of ``photos`` (with each image's size), each fitted in a box ``width`` × ``height``."""
    e = html.escape
    cells = []
    for index, (photo, size) in enumerate(photos):
        scale = min(width / size.width(), height / size.height())
        cells.append(
            f'<td align="center" valign="top" width="25%">'
            f'<img src="{photo_url(index)}" width="{size.width() * scale:.0f}" '
            f'height="{size.height() * scale:.0f}"/><br/>'
            f'<span style="font-size:8pt; color:#555555">{e(_photo_caption(photo))}</span></td>'
        )
    title = QCoreApplication.translate("WorkBrief", "Photos of the week")
    return (
        f'<h3>{e(title)}</h3><table width="100%" cellpadding="2"><tr>{"".join(cells)}</tr></table>'
    )


def brief_html(brief: WorkBrief, photos: str = "") -> str:
    """The page as rich text (escaped: names and remarks are typed by people); ``photos`` is the
    row of photos (:func:`photos_html`), placed under the figures."""
    e = html.escape
    f = brief.figures
    cells = [
        (QCoreApplication.translate("WorkBrief", "Sessions"), f.get("sessions", 0)),
        (QCoreApplication.translate("WorkBrief", "Person-times"), f.get("person_times", 0)),
        (QCoreApplication.translate("WorkBrief", "People reached"), f.get("reach", 0)),
        (QCoreApplication.translate("WorkBrief", "New learners"), f.get("new_learners", 0)),
        (QCoreApplication.translate("WorkBrief", "Requests opened"), f.get("requests_opened", 0)),
        (QCoreApplication.translate("WorkBrief", "Requests closed"), f.get("requests_closed", 0)),
        (QCoreApplication.translate("WorkBrief", "Teachers"), f.get("teachers_active", 0)),
        (QCoreApplication.translate("WorkBrief", "Volunteers"), f.get("volunteers_active", 0)),
    ]
    grid = []
    for start in (0, 4):
        labels = "".join(
            f'<td align="center" style="color:#555555">{e(label)}</td>'
            for label, _ in cells[start : start + 4]
        )
        values = "".join(
            f'<td align="center" style="font-size:20pt; font-weight:bold">{value}</td>'
            for _, value in cells[start : start + 4]
        )
        grid.append(f"<tr>{values}</tr><tr>{labels}</tr>")

    platforms = f.get("by_platform", {})
    platform_rows = "".join(
        f"<tr><td>{e(fmt.label(fmt.PLATFORMS, code))}</td>"
        f'<td align="right">{platforms[code]}</td></tr>'
        for code in (*vocabulary.PLATFORMS, *sorted(set(platforms) - set(vocabulary.PLATFORMS)))
        if platforms.get(code)
    )

    highlights = []
    for course in brief.top_courses():
        highlights.append(
            QCoreApplication.translate(
                "WorkBrief", "{course}: {person_times} person-times in {sessions} sessions"
            ).format(
                course=e(course.get("title") or "—"),
                person_times=course.get("person_times", 0),
                sessions=course.get("sessions", 0),
            )
        )
    if f.get("new_learners"):
        highlights.append(
            QCoreApplication.translate("WorkBrief", "{n} residents came for the first time").format(
                n=f["new_learners"]
            )
        )
    if f.get("requests_closed"):
        highlights.append(
            QCoreApplication.translate("WorkBrief", "{n} residents' requests were closed").format(
                n=f["requests_closed"]
            )
        )
    if not f.get("sessions") and not f.get("requests_opened"):
        highlights.append(QCoreApplication.translate("WorkBrief", "No activity this week."))

    status = _status_words(brief.status)
    if brief.submitted_at is not None and brief.status in ("submitted", "approved"):
        when = brief.submitted_at.replace(tzinfo=dt.UTC).astimezone(VILLAGE_TIME).date()
        status = QCoreApplication.translate("WorkBrief", "{status} on {date}").format(
            status=status, date=fmt.year_date(when)
        )

    title = QCoreApplication.translate("WorkBrief", "Weekly work brief")
    report = QCoreApplication.translate("WorkBrief", "Weekly report: {status}").format(
        status=status
    )
    by_platform = QCoreApplication.translate("WorkBrief", "Person-times by platform")
    highlights_title = QCoreApplication.translate("WorkBrief", "Highlights")
    remark = QCoreApplication.translate("WorkBrief", "Remark")
    parts = [
        f'<h1 align="center" style="font-size:22pt">{e(title)}</h1>',
        f'<p align="center" style="font-size:14pt"><b>{e(brief.site_name)}</b></p>',
        f'<p align="center" style="font-size:12pt">{e(fmt.week_title(brief.week_start))}</p>',
        f'<p align="center" style="color:#555555">{e(report)}</p>',
        '<table width="100%" cellpadding="6" style="margin-top:12pt">' + "".join(grid) + "</table>",
    ]
    if photos:
        parts.append(photos)
    if platform_rows:
        parts.append(f"<h3>{e(by_platform)}</h3>")
        parts.append(f'<table width="60%" cellpadding="3">{platform_rows}</table>')
    parts.append(f"<h3>{e(highlights_title)}</h3>")
    parts.append("<ul>" + "".join(f"<li>{h}</li>" for h in highlights) + "</ul>")
    if brief.remark:
        parts.append(f"<h3>{e(remark)}</h3>")
        parts.append("<p>" + e(brief.remark).replace("\n", "<br/>") + "</p>")
    return "\n".join(parts)


def _title() -> str:
    return QCoreApplication.translate("WorkBrief", "Weekly work brief")


def brief_document(brief: WorkBrief, width_points: float) -> QTextDocument:
    """The brief laid out for one page ``width_points`` wide (in points), photos as large as fit."""
    doc = QTextDocument()
    family = cjk_font_family()
    font = QFont(family) if family else QFont()
    font.setPointSizeF(11)
    doc.setDefaultFont(font)
    doc.setPageSize(QSizeF(width_points, width_points * 297 / 210))
    shown: list[tuple[BriefPhoto, QSizeF]] = []
    for photo in brief.photos:
        image = QImage.fromData(photo.jpeg)
        if image.isNull():
            continue  # an unreadable thumbnail is left out, not drawn as a broken frame
        doc.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(photo_url(len(shown))), image
        )
        shown.append((photo, QSizeF(image.size())))
    box_width = width_points / 4 - 8
    for share in PHOTO_HEIGHTS if shown else (0.0,):
        row = photos_html(shown, box_width, width_points * share) if share else ""
        doc.setHtml(brief_html(brief, row))
        if doc.pageCount() <= 1:
            break
    return doc


def write_pdf(brief: WorkBrief, path: Path) -> bool:
    """Save ``brief`` as an A4 PDF at ``path``; False when the file could not be written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(" ".join((_title(), brief.site_name, brief.week_code)))
    writer.setCreator("Learning Desk")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = brief_document(brief, writer.pageLayout().paintRect(QPageLayout.Unit.Point).width())
    doc.print_(writer)
    del writer  # the file is complete once the writer is gone
    return path.exists() and path.stat().st_size > 0


def suggested_file_name(brief: WorkBrief) -> str:
    """工作简报_玉屏村学习中心_2026-W48.pdf."""
    name = "".join(ch for ch in brief.site_name if ch not in '\\/:*?"<>| ') or "site"
    return f"{_title()}_{name}_{brief.week_code}.pdf"


def main(argv: list[str] | None = None) -> int:
    """Read a brief's JSON on stdin and write its PDF (for ``learning-desk report week``)."""
    parser = argparse.ArgumentParser(prog="python -m desktop.ui.work_brief")
    parser.add_argument("out")
    parser.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    from desktop.ui.i18n import install_translators

    install_translators(app, args.lang)
    try:
        brief = WorkBrief.from_json(json.loads(sys.stdin.read()))
    except (ValueError, KeyError, TypeError) as exc:
        print(f"The brief given on stdin cannot be read: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    if not write_pdf(brief, out):
        print(f"The PDF could not be written to {out}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
