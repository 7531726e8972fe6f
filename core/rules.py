"""Conflict rules, by kind of record: what the server does when a pushed change meets the row it has.

- ``MERGE`` — records people edit (residents, teachers, trainings, courses, sessions, requests,
  weekly reports).
  The push names the version it started from (``base``) and the fields it changed. Fields only the
  device changed are taken; fields only others changed are kept. When both changed the same field to
  different values, **the change the server receives later wins** (server order, never laptop
  clocks), and the value it replaced is kept as a ``conflicts`` record that a person can see and
  restore. Deletes win over edits, and a delete racing an edit is recorded the same way (field
  ``deleted``), so restoring it brings the record back.
- ``UPSERT`` — facts with a natural key (attendance marks, conflict records): the later change wins;
  "absent" is a value, not a delete.
- ``APPEND`` — request status events and resident merges (their audit entries): written once, never changed; sending the same event again is a
  no-op, sending a different one under the same id is refused.

The function here is pure, so the rules are tested directly, and the server applies its result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

MERGE = "merge"
UPSERT = "upsert"
APPEND = "append"

RULES: dict[str, str] = {
    "residents": MERGE,
    "teachers": MERGE,
    "trainings": MERGE,
    "courses": MERGE,
    "offerings": MERGE,
    "orders": MERGE,
    "evaluations": MERGE,
    "sessions": MERGE,
    "attachments": MERGE,
    "requests": MERGE,
    "weekly_reports": MERGE,
    "attendance": UPSERT,
    "conflicts": UPSERT,
    "request_events": APPEND,
    "resident_merges": APPEND,
}
DELETED = "deleted"


@dataclass(frozen=True)
class Conflict:
    field: str
    lost: Any  # the value that was replaced (Python value)
    won: Any  # the value that is kept
    pusher_lost: bool = False  # True when the pushed change is the one that lost (a delete won)


@dataclass
class Outcome:
    """What to store for one pushed change."""

    values: dict[str, Any]
    deleted: bool
    field_seqs: dict[str, int]
    conflicts: list[Conflict] = field(default_factory=list)
    refusal: str | None = None

    def same_as(self, values: Mapping[str, Any], deleted: bool) -> bool:
        """True when the stored row is exactly what the device sent: it needs nothing back."""
        return self.deleted == deleted and all(self.values[k] == v for k, v in values.items())


def resolve(
    rule: str,
    fields: Iterable[str],
    existing: Mapping[str, Any] | None,
    existing_deleted: bool,
    field_seqs: Mapping[str, int] | None,
    values: Mapping[str, Any],
    deleted: bool,
    base: int | None,
    changed: frozenset[str] | None,
    seq: int,
    row_seq: int = 0,
) -> Outcome:
    """Apply one change (``values``/``deleted`` changing ``changed`` since version ``base``) to the
    row the server has (``existing``, None when new), under ``rule``; ``seq`` is the change's number.
    ``row_seq`` (the row's last number) stands in for fields with no number of their own: rows stored
    before fields were numbered count as changed whenever the row was."""
    names = [f for f in fields if f != "site_id"]
    everything = {**dict.fromkeys(names, seq), DELETED: seq}
    if existing is None:
        return Outcome(dict(values), deleted, everything)
    if rule == APPEND:
        if existing_deleted == deleted and all(existing[k] == v for k, v in values.items()):
            return Outcome(dict(existing), existing_deleted, dict(field_seqs or {}))
        return Outcome(
            dict(existing),
            existing_deleted,
            dict(field_seqs or {}),
            refusal="a recorded status change cannot be altered",
        )
    if rule == UPSERT:
        return Outcome(dict(values), deleted, everything)

    seqs = dict(field_seqs or {})
    for name in (*names, DELETED):
        seqs.setdefault(name, row_seq)
    since = base or 0  # a row the device never saw counts as started from nothing
    touched = set(changed) if base is not None and changed is not None else {*names, DELETED}
    merged = dict(existing)
    conflicts: list[Conflict] = []
    for name in names:
        if name not in touched:
            continue
        if seqs.get(name, 0) > since and existing[name] != values[name]:
            conflicts.append(Conflict(name, existing[name], values[name]))
        merged[name] = values[name]
        seqs[name] = seq

    others_edited = any(seqs.get(n, 0) > since for n in names if n not in touched)
    deleted_since = existing_deleted and seqs.get(DELETED, 0) > since
    result_deleted = existing_deleted
    if DELETED in touched and deleted != existing_deleted:
        if deleted:
            result_deleted = True
            seqs[DELETED] = seq
            if others_edited:  # someone edited what this device deletes: the delete wins, visibly
                conflicts.append(Conflict(DELETED, False, True))
        elif deleted_since:  # restoring a record someone deleted meanwhile: the delete wins
            conflicts.append(Conflict(DELETED, False, True, pusher_lost=True))
        else:
            result_deleted = False
            seqs[DELETED] = seq
    elif deleted_since and touched - {DELETED}:  # an edit racing a delete: the delete wins, visibly
        conflicts.append(Conflict(DELETED, False, True, pusher_lost=True))
    return Outcome(merged, result_deleted, seqs, conflicts)
