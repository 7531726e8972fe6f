"""Checks the server makes on a pushed row beyond scope: references must point at records the writer
may use, and fields that carry authority (who acted, who approved) must be true of the writer.

Each check returns a reason for refusing the row, or None. They run inside the push's transaction, so
a row pushed earlier in the same batch (a new session before its marks) is already visible.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Table, select

from core import limits, schema, vocabulary, workflow
from core.protocol import OutgoingRow
from core.week_figures import (
    Approvals,
    figures_problem,
    latest_approved_week,
    locked_weeks_of,
    monday_of,
    week_figures,
    week_locked,
    weeks_changed_by,
)
from server.scope import Scope

Check = Callable[[Connection, uuid.UUID, Scope, OutgoingRow], str | None]
REVIEW_STATUSES = frozenset({"approved", "returned"})
LOCKED_WEEK = (
    "this week was approved by the town and is locked; the town must reopen it before its records"
    " change"
)


class Deferred(str):
    """A reason to leave a change waiting on the laptop instead of refusing it: the server does not
    hold yet what the change depends on (a weekly report whose figures count records still on
    their way). The laptop keeps it pending and sends it again."""


#: What the checks of the batch being applied have looked up, by the table whose rows decide it
#: (see ``batch_lookups``).
#: Where the batch remembers the sites of records: under a name no table has, since a record's site
#: never changes, whatever is written.
_SITE_OF_RECORD = "site of a record"
_BATCH: contextvars.ContextVar[dict[str, dict[tuple, Any]] | None] = contextvars.ContextVar(
    "batch_lookups", default=None
)


@contextlib.contextmanager
def batch_lookups() -> Iterator[None]:
    """Remember, while one batch is applied, what its checks look up again and again: a week's 250
    marks name the same 5 sessions, 120 residents and one week. Only found values are kept, under
    the table whose rows decide them; ``forget`` drops them when a row of that table is written."""
    token = _BATCH.set({})
    try:
        yield
    finally:
        _BATCH.reset(token)


def forget(table: str) -> None:
    """Drop what the batch remembers that rows of ``table`` decide (a row of it was just written)."""
    memo = _BATCH.get()
    if memo:
        memo.pop(table, None)


def _remembered(table: str, key: tuple, look: Callable[[], Any]) -> Any:
    memo = _BATCH.get()
    if memo is None:
        return look()
    known = memo.setdefault(table, {})
    if key not in known:
        value = look()
        if value is None:  # not there yet: a later change of the batch may add it
            return None
        known[key] = value
    return known[key]


def _week_locked(conn: Connection, site_id: uuid.UUID, starts_at: Any) -> bool:
    if starts_at is None:
        return False
    day = starts_at.date()
    return _remembered(
        "weekly_reports", (site_id, monday_of(day)), lambda: week_locked(conn, site_id, day)
    )


def _latest_approved(conn: Connection, site_id: uuid.UUID) -> dt.date | None:
    # Remembered as date.min when there is none, which a batch's marks ask about again and again.
    latest = _remembered(
        "weekly_reports",
        ("latest approved", site_id),
        lambda: latest_approved_week(conn, site_id) or dt.date.min,
    )
    return None if latest == dt.date.min else latest


def _site_of(conn: Connection, table: Table, row_id: Any) -> uuid.UUID | None:
    # Tombstones count: a withdrawn mark of a deleted session, or a session whose course was
    # deleted later, still refer to records that exist and belong where they say.
    return _remembered(
        _SITE_OF_RECORD,
        (table.name, row_id),
        lambda: conn.execute(select(table.c.site_id).where(table.c.id == row_id)).scalar(),
    )


def remember_sites(conn: Connection, table: Table, row_ids: Iterable[Any]) -> None:
    """Look the sites of many records of ``table`` up in one query for the batch's checks, which
    ask one at a time (a week's 250 marks name 120 residents). Records not there yet are left to
    be asked about when a check needs them: a later change of the batch may add them."""
    memo = _BATCH.get()
    if memo is None:
        return
    known = memo.setdefault(_SITE_OF_RECORD, {})
    wanted = list({row_id for row_id in row_ids if (table.name, row_id) not in known})
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row_id, site_id in conn.execute(
            select(table.c.id, table.c.site_id).where(table.c.id.in_(chunk))
        ):
            known[(table.name, row_id)] = site_id


def _readable(conn: Connection, scope: Scope, table: Table, row_id: Any) -> bool:
    site = _site_of(conn, table, row_id)
    readable = scope.readable_sites(table.name)
    return site is not None and (readable is None or site in readable)


def _session_of(conn: Connection, session_id: Any) -> Any:
    """(site_id, starts_at) of a session, or None: marks and attachments of one batch ask about a
    few sessions many times."""
    s = schema.sessions
    return _remembered(
        "sessions",
        (session_id,),
        lambda: conn.execute(
            select(s.c.site_id, s.c.starts_at).where(s.c.id == session_id)
        ).first(),
    )


def _attendance(
    conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow
) -> str | None:
    # A mark belongs with its session: the same site, so nobody can claim another site's mark id.
    session = _session_of(conn, row.values["session_id"])
    if session is None or session.site_id != row.values["site_id"]:
        return "the session of this mark is not at the mark's site"
    if not _readable(conn, scope, schema.residents, row.values["resident_id"]):
        return "the resident of this mark is not known to this device"
    if _week_locked(conn, row.values["site_id"], session.starts_at):
        return LOCKED_WEEK
    return None


def _attachment(
    conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow
) -> str | None:
    # Evidence belongs with its session, at the session's site; what it says it is, it must be.
    session = _session_of(conn, row.values["session_id"])
    if session is None or session.site_id != row.values["site_id"]:
        return "the session of this attachment is not at the attachment's site"
    if _week_locked(conn, row.values["site_id"], session.starts_at):
        return LOCKED_WEEK
    content = row.values["content"]
    if row.values["mime"] not in vocabulary.ATTACHMENT_TYPES:
        return "an attachment is a JPEG or PNG image"
    if row.values["kind"] not in vocabulary.ATTACHMENT_KINDS:
        return "an attachment is a sign-in sheet or a photo"
    if len(content) > schema.MAX_ATTACHMENT_BYTES or row.values["size"] != len(content):
        return "the attachment's size is wrong or too large"
    if hashlib.sha256(content).hexdigest() != row.values["sha256"]:
        return "the attachment arrived damaged (its checksum does not match)"
    if row.deleted:  # withdrawing one kept before its header was read is never refused for it
        return None
    # Its header, read from the bytes: every level above decodes what this declares.
    return limits.attachment_refusal(content, row.values["mime"])


def _training(conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow) -> str | None:
    if row.deleted:
        return None
    if _site_of(conn, schema.teachers, row.values["teacher_id"]) != row.values["site_id"]:
        return "the teacher of this training is not at the training's site"
    return None


def _resident_merge(
    conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow
) -> str | None:
    # A merge joins two people of one register: both where the audit entry says it happened, by
    # the device that says it merged them (one stored already is the append rule's to judge).
    m = schema.resident_merges
    stored = conn.execute(select(m.c.id).where(m.c.id == row.id)).first()
    if stored is None and row.values.get("device_id") not in (None, device_id):
        return "a merge must name the device that made it"
    for field in ("kept_id", "merged_id"):
        if _site_of(conn, schema.residents, row.values[field]) != row.values["site_id"]:
            return "both residents of a merge must be at the merge's site"
    return None


def _evaluation(
    conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow
) -> str | None:
    # Each level's score is its own: a device changes or withdraws only the levels it scores as,
    # and a score does not change level.
    mine = workflow.SCORING_LEVELS.get(scope.role, frozenset())
    table = schema.evaluations
    stored = conn.execute(select(table.c.level).where(table.c.id == row.id)).scalar()
    if stored is not None and (stored not in mine or stored != row.values["level"]):
        return f"a {scope.role} device may not change a score given as {stored}"
    if row.deleted:
        return None
    score = row.values["score"]
    if not 0 <= score <= 100:
        return "a score is from 0 to 100"
    if row.values["level"] not in mine:
        return f"a {scope.role} device may not score as {row.values['level']}"
    if not _readable(conn, scope, schema.offerings, row.values["offering_id"]):
        return "the offering of this score is not known to this device"
    return _unknown_reference(conn, scope, row, "score", _EVALUATION_REFERENCES)


def _resident(conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow) -> str | None:
    # A merge must point at a live person of the same register: two laptops merging a pair in
    # opposite directions would otherwise leave both records pointing at each other, and the
    # person would vanish. The later merge is refused; the first one stands.
    target = row.values.get("merged_into")
    if target is None:
        return None
    r = schema.residents
    kept = conn.execute(select(r.c.site_id, r.c.deleted).where(r.c.id == target)).first()
    if target == row.id or kept is None or kept.deleted:
        return "the record this one is merged into was itself merged or removed; merge again"
    if kept.site_id != row.values["site_id"]:
        return "a record can only be merged into one of the same register"
    current = conn.execute(select(r.c.merged_into).where(r.c.id == row.id)).scalar()
    if current != target and locked_weeks_of(conn, row.id):
        return LOCKED_WEEK
    return None


#: The records a row of these tables may name, by field: each must be one the writer may read.
_EVALUATION_REFERENCES = {
    "order_id": schema.orders,
    "request_id": schema.requests,
    "resident_id": schema.residents,
}
_ORDER_REFERENCES = {"request_id": schema.requests, "session_id": schema.sessions}
_REQUEST_REFERENCES = {
    "resident_id": schema.residents,
    "session_id": schema.sessions,
    "offering_id": schema.offerings,
}


def _unknown_reference(
    conn: Connection, scope: Scope, row: OutgoingRow, what: str, references: dict[str, Table]
) -> str | None:
    """A reason when ``row`` names a record (by one of ``references``' fields) the writer may not
    read: what it names travels up with it, and must be what the writer can see."""
    for field, table in references.items():
        target = row.values[field]
        if target is not None and not _readable(conn, scope, table, target):
            name = field.removesuffix("_id")
            return f"the {name} of this {what} is not known to this device"
    return None


def _request(conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow) -> str | None:
    if row.deleted:
        return None
    return _unknown_reference(conn, scope, row, "request", _REQUEST_REFERENCES)


def _order(conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow) -> str | None:
    if not _readable(conn, scope, schema.offerings, row.values["offering_id"]):
        return "the offering of this order is not known to this device"
    if not row.deleted:
        known = _unknown_reference(conn, scope, row, "order", _ORDER_REFERENCES)
        if known:
            return known
    table = schema.orders
    current = conn.execute(select(table.c.status).where(table.c.id == row.id)).scalar()
    if (
        row.values["status"] == "dispatched"
        and current != "dispatched"
        and scope.role != "district"
    ):
        return "only the district dispatches an order"
    return None


def _session(conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow) -> str | None:
    # Neither the week it was in nor the week it moves to may be locked.
    s = schema.sessions
    before = conn.execute(select(s.c.starts_at).where(s.c.id == row.id)).scalar()
    site = row.values["site_id"]
    if _week_locked(conn, site, before) or _week_locked(conn, site, row.values["starts_at"]):
        return LOCKED_WEEK
    if row.deleted:
        return None
    if not _readable(conn, scope, schema.courses, row.values["course_id"]):
        return "the course of this session is not known to this device"
    teacher = row.values.get("teacher_id")
    if teacher is not None and not _readable(conn, scope, schema.teachers, teacher):
        return "the teacher of this session is not known to this device"
    return None


def _request_event(
    conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow
) -> str | None:
    if row.values["actor_site_id"] != scope.site_id:
        return "a status change must name the site of the device that made it"
    if row.values.get("device_id") not in (None, device_id):
        return "a status change must name the device that made it"
    if not _readable(conn, scope, schema.requests, row.values["request_id"]):
        return "the request of this status change is not known to this device"
    to_status = row.values["to_status"]
    if not workflow.may_act(scope.role, to_status):
        return f"a {scope.role} device may not move a request to {to_status}"
    # Valid from some status the request has reached: two levels acting offline from the same
    # status both stay in the history; a step that skips the workflow is refused.
    e = schema.request_events
    reached = {workflow.START} | set(
        conn.execute(
            select(e.c.to_status).where(
                e.c.request_id == row.values["request_id"], e.c.id != row.id
            )
        ).scalars()
    )
    if not any(workflow.is_step(status, to_status) for status in reached):
        return f"a request cannot move to {to_status} from where it is"
    return None


def _weekly_report(
    conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow
) -> str | None:
    table = schema.weekly_reports
    current = conn.execute(select(table).where(table.c.id == row.id)).first()
    status = row.values["status"]
    site = row.values["site_id"]
    if status not in vocabulary.REPORT_STATUSES:
        return f"a weekly report's status is one of {', '.join(vocabulary.REPORT_STATUSES)}"
    unchanged = current is not None and current.status == status and not row.deleted
    content_changed = current is not None and (
        row.values["figures"] != current.figures or row.values["remark"] != current.remark
    )
    if status in REVIEW_STATUSES:
        if unchanged:
            # The review's own status may travel again (a laptop that pulled it pushes it back),
            # but a reviewed report's figures and remark stay what was reviewed.
            if content_changed:
                return "a reviewed weekly report keeps the figures it was reviewed with"
            if scope.role == "village" and row.values["review_comment"] != current.review_comment:
                return "only the town or the district writes the review comment"
            return None
        if scope.role == "village":
            return "only the town or the district approves or returns a weekly report"
        if site == scope.site_id:
            return "a site's own weekly report is reviewed by the level above it"
        if current is None or current.status not in ("submitted", "approved"):
            return "only a submitted weekly report can be approved or returned"
        if content_changed:
            return "a review cannot change the figures or the remark of a weekly report"
        return None
    figures = row.values["figures"]
    if current is None or figures != current.figures:
        # New figures go up to the town and the district: they must be a week's figures (a draft
        # may have none yet).
        problem = (
            None
            if status == "draft" and figures == {}
            else figures_problem(figures, row.values["week_start"])
        )
        if problem:
            return f"these are not a week's figures: {problem}"
    if current is not None and current.status == "approved" and not unchanged:
        return "this week was approved; the town must reopen it before it is submitted again"
    if status == "submitted" and not row.deleted:
        week = row.values["week_start"]
        if row.values["figures"] != week_figures(conn, site, week):
            return Deferred(
                "these figures do not match the records the district holds for this week yet;"
                " the report waits on this computer and is sent again with its records (if"
                " another computer of the site recorded this week too, sync and submit again)"
            )
    return None


def _conflict(conn: Connection, device_id: uuid.UUID, scope: Scope, row: OutgoingRow) -> str | None:
    # Conflicts are made by the server; a laptop may only mark one resolved, and only where it may
    # change the record the conflict is about.
    c = schema.conflicts
    current = conn.execute(select(c).where(c.c.id == row.id)).first()
    if current is None:
        return "conflict records are made by the server"
    fixed = [f for f in row.values if f not in ("resolved", "site_id")]
    if any(getattr(current, f) != row.values[f] for f in fixed) or row.deleted != current.deleted:
        return "only the resolved mark of a conflict can be changed"
    return scope.write_refusal(current.record_table, current.site_id)


CHECKS: dict[str, Check] = {
    "attendance": _attendance,
    "requests": _request,
    "trainings": _training,
    "attachments": _attachment,
    "resident_merges": _resident_merge,
    "evaluations": _evaluation,
    "residents": _resident,
    "orders": _order,
    "sessions": _session,
    "request_events": _request_event,
    "weekly_reports": _weekly_report,
    "conflicts": _conflict,
}


def refusal(
    conn: Connection, device_id: uuid.UUID, scope: Scope, table: str, row: OutgoingRow
) -> str | None:
    """Why ``row`` may not be stored, or None."""
    check = CHECKS.get(table)
    return check(conn, device_id, scope, row) if check else None


def figures_refusal(
    conn: Connection, table: str, row_id: uuid.UUID, existing: Any, values: dict, deleted: bool
) -> str | None:
    """LOCKED_WEEK when storing ``values`` (the change as merged) over ``existing`` (the stored row,
    or None) would change the figures of a week the town approved: a resident deleted, a course
    renamed, a mark that makes a later week's learner no longer new (``weeks_changed_by``)."""
    new = {**values, "deleted": deleted}
    if table == "attendance":
        # Most marks of a push are of the weeks being recorded, with nothing approved after them:
        # their own week is checked before the merge (``_attendance``).
        session = _session_of(conn, values["session_id"])
        if session is None:
            return None
        latest = _latest_approved(conn, session.site_id)
        if latest is None or latest <= monday_of(session.starts_at.date()):
            return None
    old = None if existing is None else dict(existing._mapping)
    approvals = Approvals(
        lambda site_id: _latest_approved(conn, site_id),
        lambda site_id, monday: _week_locked(conn, site_id, dt.datetime.combine(monday, dt.time())),
    )
    return LOCKED_WEEK if weeks_changed_by(conn, table, row_id, old, new, approvals) else None


def set_by_server(
    scope: Scope, table: str, existing: Any, values: dict, now: dt.datetime
) -> dict[str, Any]:
    """The authority fields the server sets itself, whatever the device sent: when a weekly report
    was submitted, by the server's clock (the overview's punctuality reads it), and its review
    comment, which only a level that may review the report writes."""
    if table != "weekly_reports":
        return {}
    submitted = values["status"] == "submitted" and (
        existing is None
        or existing.deleted
        or existing.status != "submitted"
        or (existing.figures, existing.remark) != (values["figures"], values["remark"])
    )
    reviewer = scope.role != "village" and values["site_id"] != scope.site_id
    return {
        "submitted_at": now
        if submitted
        else (existing.submitted_at if existing is not None else None),
        "review_comment": values["review_comment"]
        if reviewer
        else (existing.review_comment if existing is not None else ""),
    }
