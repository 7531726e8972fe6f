"""The overview's tables and a site's week as sheets laid out for printing (``.xlsx``) or as CSV.

Like :mod:`desktop.services.spreadsheets.exporting`, these files are documents for the offices that file them, so
they speak the offices' words whatever language the window is in: 人次, 覆盖人数, the seven
platforms' names, 镇街 and 村（社区）. Each sheet has a title, the period and the units under it, the
table, and a totals row; it prints on A4, one page wide, with the header repeated on every page.
The same rows are what the overview tab shows, so "the numbers behind the chart" and the printout
cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import vocabulary
from desktop.services.reports.overview import OTHER, Overview, Period, ReportCounts, UnitRow
from desktop.services.reports.work_brief import WorkBrief
from desktop.services.spreadsheets.exporting import PLATFORM_WORDS
from desktop.services.tables_io import Column, PrintLayout, write_table

#: The tables of an overview, in the order the window offers them.
OVERVIEW_TABLES = ("sites", "platforms", "features", "trend", "reports")
PLATFORM_NAMES = {**PLATFORM_WORDS, OTHER: "其他"}
STATUS_WORDS = {
    "not_started": "未开始",
    "draft": "草稿",
    "submitted": "已提交",
    "returned": "已退回",
    "approved": "已通过",
}
TOTAL = "合计"


@dataclass(frozen=True)
class ReportTable:
    """A titled table with its totals, ready for :func:`write_report_table`."""

    title: str
    columns: tuple[Column, ...]
    rows: list[list[Any]]
    layout: PrintLayout


def write_report_table(table: ReportTable, path: Path | str) -> int:
    """Write ``table`` to ``path`` (.xlsx for printing, or .csv with a UTF-8 BOM); returns the rows."""
    return write_table(path, table.title, table.columns, table.rows, table.layout)


def period_words(period: Period) -> str:
    """2026年第48周 11月23日–11月29日, 2026年11月, 2026年第4季度, 2026年."""
    if period.kind == "week":
        return week_words(period.start)
    if period.kind == "month":
        return f"{period.year}年{period.number}月"
    if period.kind == "quarter":
        return f"{period.year}年第{period.number}季度"
    return f"{period.year}年"


def week_words(monday: dt.date) -> str:
    """An ISO week the Chinese way: 2026年第48周 11月23日–11月29日."""
    year, week, _ = monday.isocalendar()
    sunday = monday + dt.timedelta(days=6)
    return f"{year}年第{week}周 {monday.month}月{monday.day}日–{sunday.month}月{sunday.day}日"


def _preamble(period_text: str, units: str, made_on: dt.date) -> list[list[Any]]:
    return [["统计期间", period_text], ["单位", units], ["制表日期", made_on]]


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def _report_cells(counts: ReportCounts) -> list[Any]:
    return [
        counts.due,
        counts.on_time,
        counts.late,
        counts.missing,
        _rate(counts.completeness),
        _rate(counts.timeliness),
    ]


def _site_cells(town: str, village: str, row: UnitRow) -> list[Any]:
    f = row.figures
    return [
        town,
        village,
        f.sessions,
        f.person_times,
        f.reach,
        f.feature_person_times,
        *(f.by_platform.get(p, 0) for p in vocabulary.PLATFORMS),
        *_report_cells(row.reports),
    ]


def overview_tables(ov: Overview, made_on: dt.date) -> dict[str, ReportTable]:
    """Every table of ``ov`` by name (:data:`OVERVIEW_TABLES`)."""
    period = period_words(ov.period)
    scope = ov.scope_name
    people_units = "场次：次；人次：人次；覆盖人数：人（期间内不重复计）"

    site_columns = (
        Column("镇街", 22),
        Column("村（社区）", 22),
        Column("场次", 8),
        Column("人次", 9),
        Column("覆盖人数", 10),
        Column("特色课程人次", 13),
        *(Column(f"{PLATFORM_WORDS[p]}人次", 11) for p in vocabulary.PLATFORMS),
        Column("周报应交", 9),
        Column("按时", 7),
        Column("迟交", 7),
        Column("未交", 7),
        Column("上报率", 8),
        Column("及时率", 8),
    )
    site_rows: list[list[Any]] = []
    for block in ov.towns:
        for village in block.villages:
            name = village.name if village.level == "village" else f"{village.name}（本级）"
            site_rows.append(_site_cells(block.town.name, name, village))
        site_rows.append(_site_cells(block.town.name, "小计", block.town))
    sites = ReportTable(
        f"{scope} 社区教育工作统计表（{period}）",
        site_columns,
        site_rows,
        PrintLayout(
            _preamble(period, people_units + "；周报：份", made_on),
            _site_cells(TOTAL, "", ov.total),
        ),
    )

    platforms = ReportTable(
        f"{scope} 七大平台活动统计（{period}）",
        (Column("平台", 18), Column("场次", 8), Column("人次", 10), Column("占比", 8)),
        [
            [
                PLATFORM_NAMES.get(p.platform, p.platform),
                p.sessions,
                p.person_times,
                _share(p.person_times, ov.total.figures.person_times),
            ]
            for p in ov.platforms
        ],
        PrintLayout(
            _preamble(period, "场次：次；人次：人次", made_on),
            [
                TOTAL,
                sum(p.sessions for p in ov.platforms),
                sum(p.person_times for p in ov.platforms),
                "100%" if ov.total.figures.person_times else "",
            ],
            landscape=False,
        ),
    )

    features = ReportTable(
        f"{scope} 特色课程统计（{period}）",
        (
            Column("特色课程", 24),
            Column("所属站点", 22),
            Column("开展站点数", 11),
            Column("场次", 8),
            Column("人次", 10),
            Column("覆盖人数", 10),
        ),
        [
            [f.title, f.owner, f.sites, f.sessions, f.person_times, f.reach]
            for f in ov.feature_courses
        ],
        PrintLayout(
            _preamble(period, "场次：次；人次：人次；覆盖人数：人（各课程分别计）", made_on),
            [
                TOTAL,
                "",
                "",
                sum(f.sessions for f in ov.feature_courses),
                sum(f.person_times for f in ov.feature_courses),
                "",
            ],
            landscape=False,
        ),
    )

    unit = "周" if ov.trend_unit == "week" else "月"
    trend = ReportTable(
        f"{scope} 人次趋势（按{unit}，{period}）",
        (Column("起", 12), Column("止", 12), Column("场次", 8), Column("人次", 10)),
        [[p.start, p.end - dt.timedelta(days=1), p.sessions, p.person_times] for p in ov.trend],
        PrintLayout(
            _preamble(period, "场次：次；人次：人次", made_on),
            [
                TOTAL,
                "",
                sum(p.sessions for p in ov.trend),
                sum(p.person_times for p in ov.trend),
            ],
            landscape=False,
        ),
    )

    report_columns = (
        Column("镇街", 22),
        Column("村（社区）", 22),
        Column("周报应交", 9),
        Column("按时", 7),
        Column("迟交", 7),
        Column("未交", 7),
        Column("上报率", 8),
        Column("及时率", 8),
        Column("未到期", 8),
    )
    report_rows: list[list[Any]] = []
    for block in ov.towns:
        for village in block.villages:
            if village.level == "village":
                report_rows.append(
                    [
                        block.town.name,
                        village.name,
                        *_report_cells(village.reports),
                        village.reports.not_due,
                    ]
                )
        report_rows.append(
            [
                block.town.name,
                "小计",
                *_report_cells(block.town.reports),
                block.town.reports.not_due,
            ]
        )
    reports = ReportTable(
        f"{scope} 周报上报情况（{period}）",
        report_columns,
        report_rows,
        PrintLayout(
            _preamble(
                period,
                "份（每村每周一份；按时：次周周一24时前提交）",
                made_on,
            ),
            [TOTAL, "", *_report_cells(ov.total.reports), ov.total.reports.not_due],
        ),
    )
    return {
        "sites": sites,
        "platforms": platforms,
        "features": features,
        "trend": trend,
        "reports": reports,
    }


def _share(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else ""


def week_table(brief: WorkBrief, made_on: dt.date) -> ReportTable:
    """A site's week as one printable sheet: the key figures under the title, then the courses with
    the week's totals."""
    f = brief.figures
    key_figures: list[list[Any]] = [
        ["场次", f.get("sessions", 0)],
        ["人次", f.get("person_times", 0)],
        ["覆盖人数", f.get("reach", 0)],
        ["新学员", f.get("new_learners", 0)],
        ["新增需求", f.get("requests_opened", 0)],
        ["办结需求", f.get("requests_closed", 0)],
        ["授课教师", f.get("teachers_active", 0)],
        ["志愿者", f.get("volunteers_active", 0)],
    ]
    preamble: list[list[Any]] = [
        ["统计期间", week_words(brief.week_start)],
        ["单位", "场次：次；人次：人次；覆盖人数、新学员、教师、志愿者：人；需求：件"],
        ["周报状态", STATUS_WORDS.get(brief.status, brief.status)],
        *key_figures,
    ]
    if brief.remark:
        preamble.append(["备注", brief.remark])
    preamble.append(["制表日期", made_on])
    rows = [
        [
            c.get("title", ""),
            PLATFORM_NAMES.get(c.get("platform") or OTHER, c.get("platform", "")),
            c.get("sessions", 0),
            c.get("person_times", 0),
        ]
        for c in f.get("by_course", [])
    ]
    return ReportTable(
        f"{brief.site_name} 工作周报（{week_words(brief.week_start)}）",
        (Column("课程", 26), Column("平台", 16), Column("场次", 8), Column("人次", 10)),
        rows,
        PrintLayout(
            preamble,
            [TOTAL, "", f.get("sessions", 0), f.get("person_times", 0)],
            landscape=False,
        ),
    )
