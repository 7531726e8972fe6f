"""The district's (or a town's) overview (总览): totals by town and by village for a week, a month, a
quarter or a year, the trend behind them, and how completely and punctually villages report.

Everything is counted by the rules of ``core/week_figures.py`` (:func:`counted_marks`,
:func:`person_times_expression`), so a village's week here is the week its report shows. A district
laptop holds millions of marks, so every figure is an SQL aggregate: Python only folds the per-site
rows (hundreds) into villages and towns, never the marks themselves.

Periods are in village time: ISO weeks (Monday to Sunday) for a week, calendar months, quarters and
years otherwise. Reach (覆盖人数) is the distinct residents over the whole period and unit, not a sum
of weeks or villages, so it is queried per unit, not added up.

Weekly reports are due by the end of the Monday after their week (village time; ``submitted_at`` is
stored in UTC). For each village and each week of the period (the ISO weeks whose Thursday falls in
it, so a week belongs to exactly one month, quarter and year) a report is **on time** when it was sent
(submitted or approved) no later than that, **late** when sent after it, and **missing** when nothing
is sent once it is due. A week not yet due and not yet sent is counted in neither. A report returned
and submitted again counts by its last submission.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, case, func, select

from core import schema, vocabulary
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.vocabulary import utc_from_village_wall
from core.week_figures import counted_marks, person_times_expression
from desktop.services.common import require_identity, week_start
from desktop.services.errors import NotFound, ServiceError
from desktop.services.ordering import natural_key
from desktop.storage.store import Store

S = schema.sessions
A = schema.attendance
C = schema.courses
W = schema.weekly_reports
SITES = schema.sites

CTX = "Overview"
PERIOD_KINDS = ("week", "month", "quarter", "year")
#: Person-times of sessions whose course is unknown here (not synced yet) or has no platform.
OTHER = "other"
#: Weeks a week's trend shows: the week chosen and the ones before it.
TREND_WEEKS = 12

BAD_PERIOD = QT_TRANSLATE_NOOP(
    "Overview",
    "“{text}” is not a period: write a week as 2026-W48, a month as 2026-11, a quarter as "
    "2026-Q4 or a year as 2026.",
)
UNKNOWN_SITE = QT_TRANSLATE_NOOP(
    "Overview", "There is no site {site} on this computer (sync first, or check the id)."
)
OUT_OF_SCOPE = QT_TRANSLATE_NOOP(
    "Overview", "The site {site} is not below this computer's site, so its figures are not here."
)

_PATTERNS = (
    ("week", re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)),
    ("quarter", re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)),
    ("month", re.compile(r"^(\d{4})-(\d{1,2})$")),
    ("year", re.compile(r"^(\d{4})$")),
)


# --- periods ------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """A week (ISO), month, quarter or year; ``number`` is the week, month or quarter (1 for a year)."""

    kind: str
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        limits = {"week": 53, "month": 12, "quarter": 4, "year": 1}
        if self.kind not in limits or not 1 <= self.number <= limits[self.kind]:
            raise ValueError(f"no such period: {self.kind} {self.year} {self.number}")
        if self.kind == "week":
            dt.date.fromisocalendar(
                self.year, self.number, 1
            )  # raises for week 53 of a 52-week year

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        """The ``kind`` of period that ``day`` falls in."""
        if kind == "week":
            year, week, _ = day.isocalendar()
            return cls("week", year, week)
        if kind == "month":
            return cls("month", day.year, day.month)
        if kind == "quarter":
            return cls("quarter", day.year, (day.month - 1) // 3 + 1)
        if kind == "year":
            return cls("year", day.year)
        raise ValueError(f"unknown period kind {kind!r}")

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-W48``, ``2026-11``, ``2026-Q4`` or ``2026``; raises :class:`ServiceError` otherwise."""
        cleaned = text.strip()
        for kind, pattern in _PATTERNS:
            m = pattern.match(cleaned)
            if m:
                try:
                    return cls(kind, int(m.group(1)), int(m.group(2)) if kind != "year" else 1)
                except ValueError:
                    break
        raise ServiceError(UserMessage(CTX, BAD_PERIOD, text=text))

    @property
    def code(self) -> str:
        """The period as the command line writes it: 2026-W48, 2026-11, 2026-Q4, 2026."""
        if self.kind == "week":
            return f"{self.year}-W{self.number:02d}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return f"{self.year}"

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        if self.kind == "week":
            return dt.date.fromisocalendar(self.year, self.number, 1)
        if self.kind == "month":
            return dt.date(self.year, self.number, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The day after the period's last day."""
        if self.kind == "week":
            return self.start + dt.timedelta(days=7)
        if self.kind == "month":
            return _add_months(self.start, 1)
        if self.kind == "quarter":
            return _add_months(self.start, 3)
        return dt.date(self.year + 1, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def shifted(self, steps: int) -> Period:
        """The period ``steps`` periods later (earlier when negative)."""
        if self.kind == "week":
            return Period.containing("week", self.start + dt.timedelta(weeks=steps))
        if self.kind == "month":
            return Period.containing("month", _add_months(self.start, steps))
        if self.kind == "quarter":
            return Period.containing("quarter", _add_months(self.start, 3 * steps))
        return Period("year", self.year + steps)

    def report_weeks(self) -> list[dt.date]:
        """Mondays of the ISO weeks whose reports belong to this period (Thursday inside it)."""
        if self.kind == "week":
            return [self.start]
        monday = week_start(self.start)
        if monday + dt.timedelta(days=3) < self.start:
            monday += dt.timedelta(weeks=1)
        weeks = []
        while monday + dt.timedelta(days=3) < self.end:
            weeks.append(monday)
            monday += dt.timedelta(weeks=1)
        return weeks

    def trend_buckets(self) -> tuple[str, list[tuple[dt.date, dt.date]]]:
        """("week" or "month", [start, end) of each point) of the trend drawn for this period.

        A month or a quarter shows its weeks, cut at the period's edges so the points add up to the
        period's totals; a year shows its months; a single week shows the weeks leading up to it."""
        if self.kind == "week":
            first = self.start - dt.timedelta(weeks=TREND_WEEKS - 1)
            return "week", [
                (first + dt.timedelta(weeks=i), first + dt.timedelta(weeks=i + 1))
                for i in range(TREND_WEEKS)
            ]
        if self.kind == "year":
            return "month", [
                (dt.date(self.year, m, 1), _add_months(dt.date(self.year, m, 1), 1))
                for m in range(1, 13)
            ]
        buckets = []
        monday = week_start(self.start)
        while monday < self.end:
            buckets.append((max(monday, self.start), min(monday + dt.timedelta(weeks=1), self.end)))
            monday += dt.timedelta(weeks=1)
        return "week", buckets


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def report_due(monday: dt.date) -> dt.datetime:
    """When the week starting ``monday`` must be reported by: the end of the Monday after it, as the
    naive UTC moment ``submitted_at`` is compared with."""
    return utc_from_village_wall(dt.datetime.combine(monday + dt.timedelta(days=8), dt.time()))


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What a unit (village, town, the whole scope) did in the period."""

    sessions: int = 0
    person_times: int = 0
    reach: int = 0
    #: Person-times of feature courses (特色课程).
    feature_person_times: int = 0
    #: Person-times by platform code (vocabulary.PLATFORMS, and OTHER for unknown courses).
    by_platform: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportCounts:
    """Village-weeks of the period by how their weekly report arrived."""

    on_time: int = 0
    late: int = 0
    missing: int = 0
    #: Neither sent nor due yet (the period is still running).
    not_due: int = 0

    @property
    def due(self) -> int:
        """Village-weeks that were expected by now (sent ones count even before they were due)."""
        return self.on_time + self.late + self.missing

    @property
    def completeness(self) -> float | None:
        """Share of expected reports sent at all; None when none were expected."""
        return (self.on_time + self.late) / self.due if self.due else None

    @property
    def timeliness(self) -> float | None:
        """Share of expected reports sent on time; None when none were expected."""
        return self.on_time / self.due if self.due else None

    def __add__(self, other: ReportCounts) -> ReportCounts:
        return ReportCounts(
            self.on_time + other.on_time,
            self.late + other.late,
            self.missing + other.missing,
            self.not_due + other.not_due,
        )


@dataclass(frozen=True)
class UnitRow:
    """One line of the table: a village (or a town's own sessions), a town, or the total."""

    site_id: uuid.UUID | None
    name: str
    #: "village", "town" (its own sessions, on a village line; or a town line), "total"
    level: str
    figures: Figures
    reports: ReportCounts


@dataclass(frozen=True)
class TownBlock:
    town: UnitRow
    villages: list[UnitRow]


@dataclass(frozen=True)
class PlatformRow:
    platform: str
    sessions: int
    person_times: int


@dataclass(frozen=True)
class FeatureRow:
    course_id: uuid.UUID
    title: str
    #: The site that owns the course (the town of "one town, one brand", or the district).
    owner: str
    sessions: int
    person_times: int
    reach: int
    #: Sites that held it in the period.
    sites: int


@dataclass(frozen=True)
class TrendPoint:
    start: dt.date
    #: Exclusive.
    end: dt.date
    sessions: int
    person_times: int


@dataclass(frozen=True)
class Overview:
    period: Period
    scope_id: uuid.UUID
    scope_name: str
    towns: list[TownBlock]
    total: UnitRow
    platforms: list[PlatformRow]
    feature_courses: list[FeatureRow]
    #: "week" or "month"
    trend_unit: str
    trend: list[TrendPoint]

    def villages(self) -> Iterable[UnitRow]:
        for block in self.towns:
            yield from block.villages


# --- scope --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Site:
    id: uuid.UUID
    parent_id: uuid.UUID | None
    level: str
    name: str
    path: str


def _sites_below(conn: Connection, root: uuid.UUID) -> dict[uuid.UUID, _Site]:
    path = conn.execute(select(SITES.c.path).where(SITES.c.id == root)).scalar()
    if path is None:
        return {}
    rows = conn.execute(
        select(SITES.c.id, SITES.c.parent_id, SITES.c.level, SITES.c.name, SITES.c.path).where(
            SITES.c.path.startswith(path, autoescape=True), SITES.c.deleted.is_(False)
        )
    )
    return {r.id: _Site(r.id, r.parent_id, r.level, r.name, r.path) for r in rows}


def scoped_site(conn: Connection, own_site: uuid.UUID, site_id: uuid.UUID) -> str:
    """The name of ``site_id`` when it is this device's site or below it; raises otherwise."""
    row = conn.execute(
        select(SITES.c.name, SITES.c.path).where(SITES.c.id == site_id, SITES.c.deleted.is_(False))
    ).first()
    if row is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_SITE, site=site_id.hex))
    own_path = conn.execute(select(SITES.c.path).where(SITES.c.id == own_site)).scalar()
    if own_path is None or not row.path.startswith(own_path):
        raise ServiceError(UserMessage(CTX, OUT_OF_SCOPE, site=site_id.hex))
    return row.name


def find_site(store: Store, text: str) -> uuid.UUID:
    """A site id from its hex or dashed form, or from its exact name, among the sites held here."""
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        pass
    with store.read() as conn:
        found = conn.execute(
            select(SITES.c.id).where(SITES.c.name == text.strip(), SITES.c.deleted.is_(False))
        ).all()
    if len(found) != 1:
        raise NotFound(UserMessage(CTX, UNKNOWN_SITE, site=text))
    return found[0][0]


def _unit_of(sites: dict[uuid.UUID, _Site], site: _Site) -> _Site:
    """The village a site's sessions count for (itself, or the village above a practice point);
    a town's or district's own sessions count for the town or district itself."""
    walk: _Site | None = site
    while walk is not None:
        if walk.level == "village":
            return walk
        walk = sites.get(walk.parent_id) if walk.parent_id else None
    return site


def _town_of(sites: dict[uuid.UUID, _Site], site: _Site, root: _Site) -> _Site:
    """The town a unit belongs to; a village placed directly under the district, or the district's
    own sessions, are grouped under the scope's root."""
    walk: _Site | None = site
    while walk is not None:
        if walk.level == "town":
            return walk
        walk = sites.get(walk.parent_id) if walk.parent_id else None
    return root


# --- the queries --------------------------------------------------------------------------------


def _in_period(period: Period, site_ids: Sequence[uuid.UUID]) -> tuple:
    start = dt.datetime.combine(period.start, dt.time())
    end = dt.datetime.combine(period.end, dt.time())
    return (
        S.c.site_id.in_(site_ids),
        S.c.deleted.is_(False),
        S.c.starts_at >= start,
        S.c.starts_at < end,
    )


def _reach(conn: Connection, where: tuple, site_ids: Sequence[uuid.UUID] | None = None) -> int:
    stmt = (
        select(func.count(func.distinct(A.c.resident_id)))
        .join(S, S.c.id == A.c.session_id)
        .where(*where, *counted_marks())
    )
    if site_ids is not None:
        stmt = stmt.where(S.c.site_id.in_(site_ids))
    return int(conn.execute(stmt).scalar_one())


def overview(
    store: Store, period: Period, scope_id: uuid.UUID | None = None, now: dt.datetime | None = None
) -> Overview:
    """The overview of ``period`` for ``scope_id`` (this device's site by default) and every site
    below it. ``now`` (default: the trusted clock) decides which weekly reports are due yet."""
    identity = require_identity(store)
    scope_id = scope_id or identity.site_id
    now_utc = (now or store.trusted_now()).astimezone(dt.UTC).replace(tzinfo=None)
    with store.read() as conn:
        scope_name = scoped_site(conn, identity.site_id, scope_id)
        sites = _sites_below(conn, scope_id)
        return _overview(conn, period, sites, sites[scope_id], scope_name, now_utc)


def _overview(
    conn: Connection,
    period: Period,
    sites: dict[uuid.UUID, _Site],
    root: _Site,
    scope_name: str,
    now_utc: dt.datetime,
) -> Overview:
    ids = list(sites)
    where = _in_period(period, ids)
    unit_of = {sid: _unit_of(sites, s) for sid, s in sites.items()}
    town_of = {u.id: _town_of(sites, u, root) for u in set(unit_of.values())}

    # Sessions and person-times per site, platform and feature flag: hundreds of rows at most.
    pt = func.coalesce(func.sum(person_times_expression()), 0)
    per_site = conn.execute(
        select(S.c.site_id, C.c.platform, C.c.is_feature, func.count(), pt)
        .join(C, C.c.id == S.c.course_id, isouter=True)  # a course not synced yet still counts
        .where(*where)
        .group_by(S.c.site_id, C.c.platform, C.c.is_feature)
    ).all()

    units: dict[uuid.UUID, dict] = {}
    towns: dict[uuid.UUID, dict] = {}
    total = _blank()
    platform_sessions: dict[str, int] = {}
    for site_id, platform, is_feature, n, person_times in per_site:
        unit = unit_of[site_id]
        key = platform if platform in vocabulary.PLATFORMS else OTHER
        for acc in (
            units.setdefault(unit.id, _blank()),
            towns.setdefault(town_of[unit.id].id, _blank()),
            total,
        ):
            acc["sessions"] += n
            acc["person_times"] += int(person_times)
            acc["feature"] += int(person_times) if is_feature else 0
            acc["platforms"][key] = acc["platforms"].get(key, 0) + int(person_times)
        platform_sessions[key] = platform_sessions.get(key, 0) + n

    # Reach is distinct people over the period: counted per unit, never added up.
    by_site = dict(
        conn.execute(
            select(S.c.site_id, func.count(func.distinct(A.c.resident_id)))
            .join(S, S.c.id == A.c.session_id)
            .where(*where, *counted_marks())
            .group_by(S.c.site_id)
        ).all()
    )
    members: dict[uuid.UUID, list[uuid.UUID]] = {}
    for site_id, unit in unit_of.items():
        members.setdefault(unit.id, []).append(site_id)
    for unit_id, acc in units.items():
        group = members[unit_id]
        acc["reach"] = (
            int(by_site.get(group[0], 0)) if len(group) == 1 else _reach(conn, where, group)
        )
    town_members: dict[uuid.UUID, list[uuid.UUID]] = {}
    for unit_id, group in members.items():
        town_members.setdefault(town_of[unit_id].id, []).extend(group)
    # A town laptop's one town is the whole scope: scan a year of marks once, not twice.
    total["reach"] = _reach(conn, where)
    everyone = frozenset(ids)
    for town_id, acc in towns.items():
        group = town_members[town_id]
        acc["reach"] = (
            total["reach"] if frozenset(group) == everyone else _reach(conn, where, group)
        )

    reports = _report_counts(conn, period, sites, now_utc)

    blocks = []
    shown_towns = {t.id: t for t in town_of.values()}
    for town_id, town in shown_towns.items():
        village_rows = [
            _row(unit, units.get(unit.id), reports.get(unit.id, ReportCounts()))
            for unit in {u.id: u for u in unit_of.values() if town_of[u.id].id == town_id}.values()
            if unit.level == "village" or unit.id in units
        ]
        village_rows.sort(key=lambda r: (r.level != "town", natural_key(r.name)))
        if town.level != "town" and not village_rows:
            continue  # the district's own line, only when it has sessions or villages of its own
        town_reports = sum((r.reports for r in village_rows), ReportCounts())
        blocks.append(
            TownBlock(_row(town, towns.get(town_id), town_reports, level="town"), village_rows)
        )
    blocks.sort(key=lambda b: (b.town.site_id != root.id, natural_key(b.town.name)))
    all_reports = sum((b.town.reports for b in blocks), ReportCounts())
    total_row = UnitRow(None, scope_name, "total", _figures(total), all_reports)

    platforms = [
        PlatformRow(p, platform_sessions.get(p, 0), total["platforms"].get(p, 0))
        for p in vocabulary.PLATFORMS
    ]
    if platform_sessions.get(OTHER):
        platforms.append(
            PlatformRow(OTHER, platform_sessions[OTHER], total["platforms"].get(OTHER, 0))
        )

    unit_kind, buckets = period.trend_buckets()
    return Overview(
        period,
        root.id,
        scope_name,
        blocks,
        total_row,
        platforms,
        _feature_courses(conn, where),
        unit_kind,
        _trend(conn, ids, buckets),
    )


def _blank() -> dict:
    return {"sessions": 0, "person_times": 0, "reach": 0, "feature": 0, "platforms": {}}


def _figures(acc: dict | None) -> Figures:
    if acc is None:
        return Figures(by_platform={})
    return Figures(
        acc["sessions"],
        acc["person_times"],
        acc["reach"],
        acc["feature"],
        dict(sorted(acc["platforms"].items())),
    )


def _row(site: _Site, acc: dict | None, reports: ReportCounts, level: str | None = None) -> UnitRow:
    return UnitRow(site.id, site.name, level or site.level, _figures(acc), reports)


def _feature_courses(conn: Connection, where: tuple) -> list[FeatureRow]:
    """Feature courses (特色课程) held in the period, busiest first."""
    owner = SITES.alias("owner")
    feature = (*where, C.c.is_feature.is_(True))
    rows = conn.execute(
        select(
            C.c.id,
            C.c.title,
            func.coalesce(owner.c.name, ""),
            func.count(),
            func.coalesce(func.sum(person_times_expression()), 0),
            func.count(func.distinct(S.c.site_id)),
        )
        .join(C, C.c.id == S.c.course_id)
        .join(owner, owner.c.id == C.c.site_id, isouter=True)
        .where(*feature)
        .group_by(C.c.id, C.c.title, owner.c.name)
    ).all()
    reach = dict(
        conn.execute(
            select(C.c.id, func.count(func.distinct(A.c.resident_id)))
            .join(S, S.c.id == A.c.session_id)
            .join(C, C.c.id == S.c.course_id)
            .where(*feature, *counted_marks())
            .group_by(C.c.id)
        ).all()
    )
    out = [
        FeatureRow(cid, title, owner_name, n, int(pt), int(reach.get(cid, 0)), n_sites)
        for cid, title, owner_name, n, pt, n_sites in rows
    ]
    out.sort(key=lambda f: (-f.person_times, natural_key(f.title)))
    return out


def _trend(
    conn: Connection, site_ids: Sequence[uuid.UUID], buckets: list[tuple[dt.date, dt.date]]
) -> list[TrendPoint]:
    """Sessions and person-times per bucket, in one grouped query (buckets are contiguous)."""
    bounds = [dt.datetime.combine(end, dt.time()) for _start, end in buckets]
    bucket = case(*[(S.c.starts_at < b, i) for i, b in enumerate(bounds)], else_=len(bounds))
    rows = conn.execute(
        select(bucket, func.count(), func.coalesce(func.sum(person_times_expression()), 0))
        .where(
            S.c.site_id.in_(site_ids),
            S.c.deleted.is_(False),
            S.c.starts_at >= dt.datetime.combine(buckets[0][0], dt.time()),
            S.c.starts_at < bounds[-1],
        )
        .group_by(bucket)
    ).all()
    found = {int(i): (n, int(pt)) for i, n, pt in rows}
    return [TrendPoint(start, end, *found.get(i, (0, 0))) for i, (start, end) in enumerate(buckets)]


def _report_counts(
    conn: Connection, period: Period, sites: dict[uuid.UUID, _Site], now_utc: dt.datetime
) -> dict[uuid.UUID, ReportCounts]:
    """On time, late, missing and not yet due, per village, over the period's report weeks."""
    villages = [s.id for s in sites.values() if s.level == "village"]
    weeks = period.report_weeks()
    if not villages or not weeks:
        return {}
    sent = {
        (site_id, monday): submitted_at
        for site_id, monday, submitted_at in conn.execute(
            select(W.c.site_id, W.c.week_start, W.c.submitted_at).where(
                W.c.site_id.in_(villages),
                W.c.week_start >= weeks[0],
                W.c.week_start <= weeks[-1],
                W.c.status.in_(vocabulary.REPORT_SENT),
                W.c.deleted.is_(False),
            )
        )
    }
    out = {}
    for village in villages:
        on_time = late = missing = not_due = 0
        for monday in weeks:
            due = report_due(monday)
            if (village, monday) in sent:
                at = sent[(village, monday)]
                if at is None or at <= due:
                    on_time += 1
                else:
                    late += 1
            elif now_utc > due:
                missing += 1
            else:
                not_due += 1
        out[village] = ReportCounts(on_time, late, missing, not_due)
    return out
