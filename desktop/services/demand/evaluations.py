"""Three-level satisfaction evaluation (三级满意度测评) and the quarter's evaluation report.

After a delivery the town, the village and residents each score it 0–100. Several residents' scores
are averaged first, so a crowded class does not outvote the town. The **combined score** of an
offering weighs the three levels' averages:

    town 30 %, village 30 %, residents 40 %

(residents weigh most: they are who the service is for). When a level has given no score, its weight
is shared among the levels that have, and the row says the evaluation is incomplete.

A quarter's report marks projects scoring **80 or above as excellent** and **under 60 as dropped**
from the next quarter's menu. Dropping is the district's decision: :func:`confirm_dropped` marks the
offering ``dropped`` (it leaves the active menu; nothing is deleted, the scores stay).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core import limits, schema, workflow
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.vocabulary import village_wall_from_utc
from desktop.changes import Changes
from desktop.services.common import live_row, require_identity
from desktop.services.demand.menu import QUARTER_FORMAT, UNKNOWN_OFFERING, quarter_of, valid_quarter
from desktop.services.errors import CTX, NotFound, Problems, ServiceError
from desktop.services.spreadsheets.exporting import PLATFORM_WORDS
from desktop.services.tables_io import Column, PrintLayout, write_table
from desktop.storage.store import Store

E = schema.evaluations
OF = schema.offerings
Q = schema.requests
OR = schema.orders
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["evaluations"]

WEIGHTS = {"town": 0.3, "village": 0.3, "resident": 0.4}
EXCELLENT = 80
DROPPED_BELOW = 60

SCORE_RANGE = QT_TRANSLATE_NOOP("Validation", "A score is a whole number from 0 to 100.")
WRONG_LEVEL = QT_TRANSLATE_NOOP(
    "Validation", "A town scores as the town, a village as the village or for its residents."
)
ONLY_DISTRICT_DROPS = QT_TRANSLATE_NOOP(
    "Validation", "Only the district confirms which projects leave the menu."
)


def record_score(
    store: Store,
    offering_id: uuid.UUID,
    level: str,
    score: int,
    request_id: uuid.UUID | None = None,
    order_id: uuid.UUID | None = None,
    resident_id: uuid.UUID | None = None,
    note: str = "",
) -> tuple[uuid.UUID, Changes]:
    """Record one score of a delivery. It is kept at the site of the request or order it evaluates
    (the village), so every level reads the same scores. A resident's score may name them or be
    anonymous (questionnaires often are)."""
    identity = require_identity(store)
    p = Problems()
    if level not in workflow.SCORING_LEVELS.get(identity.role, frozenset()):
        p.add("level", WRONG_LEVEL)
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        p.add("score", SCORE_RANGE)
    note = p.text("note", note, limit=_MAX["note"])
    p.raise_if_any()
    with store.write() as w:
        if live_row(w.conn, OF, offering_id) is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_OFFERING))
        site = identity.site_id
        for table, row_id in ((Q, request_id), (OR, order_id)):
            row = live_row(w.conn, table, row_id)
            if row is not None:
                site = row.site_id
        eid = w.insert(
            E,
            {
                "site_id": site,
                "offering_id": offering_id,
                "order_id": order_id,
                "request_id": request_id,
                "level": level,
                "resident_id": resident_id if level == "resident" else None,
                "score": score,
                "note": note,
                "at": store.trusted_now().replace(tzinfo=None),
            },
        )
    return eid, w.changes


def combined(levels: dict[str, float | None]) -> float | None:
    """The weighted score of the levels' averages (None for a level without scores), or None."""
    given = {lv: avg for lv, avg in levels.items() if avg is not None}
    if not given:
        return None
    total = sum(WEIGHTS[lv] for lv in given)
    return round(sum(WEIGHTS[lv] * avg for lv, avg in given.items()) / total, 1)


@dataclass(frozen=True)
class ProjectScore:
    offering_id: uuid.UUID
    title: str
    platform: str
    status: str
    deliveries: int  # requests and orders evaluated
    town: float | None
    village: float | None
    residents: float | None
    resident_scores: int
    combined: float | None

    @property
    def complete(self) -> bool:
        return None not in (self.town, self.village, self.residents)

    @property
    def verdict(self) -> str:
        """excellent, keep, dropped, or unscored."""
        if self.combined is None:
            return "unscored"
        if self.combined >= EXCELLENT:
            return "excellent"
        if self.combined < DROPPED_BELOW:
            return "dropped"
        return "keep"


def quarter_report(store: Store, quarter: str) -> list[ProjectScore]:
    """Every offering of ``quarter`` with its scores from that quarter, best first."""
    if not valid_quarter(quarter):
        raise ServiceError(UserMessage(CTX, QUARTER_FORMAT))
    with store.read() as conn:
        offerings = conn.execute(
            select(OF).where(OF.c.deleted.is_(False), OF.c.quarter == quarter)
        ).all()
        scores = conn.execute(
            select(
                E.c.offering_id, E.c.level, E.c.score, E.c.at, E.c.request_id, E.c.order_id
            ).where(E.c.deleted.is_(False))
        ).all()
    by_offering: dict[uuid.UUID, list] = {}
    for s in scores:
        if quarter_of(village_wall_from_utc(s.at).date()) == quarter:
            by_offering.setdefault(s.offering_id, []).append(s)
    out = []
    for o in offerings:
        mine = by_offering.get(o.id, [])
        levels: dict[str, list[int]] = {"town": [], "village": [], "resident": []}
        for s in mine:
            levels[s.level].append(s.score)
        avg = {lv: (sum(v) / len(v) if v else None) for lv, v in levels.items()}
        deliveries = len({(s.request_id, s.order_id) for s in mine})
        out.append(
            ProjectScore(
                o.id,
                o.title,
                o.platform,
                o.status,
                deliveries,
                _round(avg["town"]),
                _round(avg["village"]),
                _round(avg["resident"]),
                len(levels["resident"]),
                combined(avg),
            )
        )
    out.sort(key=lambda p: (p.combined is None, -(p.combined or 0), p.title))
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def confirm_dropped(store: Store, offering_ids: list[uuid.UUID]) -> Changes:
    """The district confirms that these projects leave the next quarter's menu (marked, not deleted)."""
    identity = require_identity(store)
    if identity.role != "district":
        raise ServiceError(UserMessage(CTX, ONLY_DISTRICT_DROPS))
    with store.write() as w:
        for oid in offering_ids:
            if live_row(w.conn, OF, oid) is None:
                raise NotFound(UserMessage(CTX, UNKNOWN_OFFERING))
            w.update(OF, oid, {"status": "dropped"})
    return w.changes


VERDICT_WORDS = {"excellent": "优秀", "keep": "保留", "dropped": "下季度退出", "unscored": "未测评"}


def export_quarter_report(store: Store, quarter: str, path: Path | str) -> int:
    """The quarter's evaluation table as ``.xlsx`` (laid out for printing) or ``.csv``, in the
    district's own words like the other exports (``desktop/services/spreadsheets/exporting.py``)."""
    rows = quarter_report(store, quarter)

    def shown(value: float | None) -> Any:
        return "" if value is None else value

    columns = (
        Column("服务项目", 28),
        Column("平台", 14),
        Column("测评次数", 10),
        Column("镇街评分", 10),
        Column("村评分", 10),
        Column("群众评分", 10),
        Column("群众评分人数", 12),
        Column("综合得分", 10),
        Column("结论", 12),
    )
    body = [
        [
            p.title,
            PLATFORM_WORDS.get(p.platform, p.platform),
            p.deliveries,
            shown(p.town),
            shown(p.village),
            shown(p.residents),
            p.resident_scores,
            shown(p.combined),
            VERDICT_WORDS[p.verdict],
        ]
        for p in rows
    ]
    excellent = sum(1 for p in rows if p.verdict == "excellent")
    dropped = sum(1 for p in rows if p.verdict == "dropped")
    layout = PrintLayout(
        preamble=[
            [f"季度：{quarter[:4]}年第{quarter[5]}季度"],
            [
                "综合得分 = 镇街 30% + 村 30% + 群众 40%；80分及以上为优秀，60分以下下季度退出项目清单"
            ],
        ],
        totals=[
            "合计",
            "",
            sum(p.deliveries for p in rows),
            "",
            "",
            "",
            "",
            "",
            f"优秀{excellent}项，退出{dropped}项",
        ],
    )
    return write_table(path, f"{quarter} 服务项目三级满意度测评", columns, body, layout)
