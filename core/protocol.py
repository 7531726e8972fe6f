"""The sync wire protocol (``PROTOCOL_VERSION``): the one module both the laptop and the server speak through.

A sync is one POST carrying both directions (see ``docs/protocol.md`` for the full description):
the device's pending changes, and its cursor; the answer carries per-change results and the rows the
device has not seen yet. Rows travel column-wise per table — the column names once, then one list of
values per row — and ids that derive from a natural key (attendance marks, weekly reports) are not
sent at all: the receiver derives them. Bodies are gzip-compressed both ways.

This module only encodes and decodes; it holds no I/O, so both sides and the tests share it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from core import limits, schema
from core.ids import attendance_id, weekly_report_id
from core.search_keys import DERIVED_FIELDS
from core.values import DECODERS as _DECODERS
from core.values import ENCODERS as _ENCODERS
from core.values import WireError

#: A message that does not follow this protocol; the text says which part.
ProtocolError = WireError

PROTOCOL_VERSION = 3
#: The oldest protocol the server still accepts; older clients are told to update.
MIN_PROTOCOL_VERSION = 3
#: The most changes one push may carry; the server refuses more (413 ``too_many_changes``), so no
#: laptop can hold the write lock for long. A standard week is about 300.
MAX_PUSH_CHANGES = 2000

ENROLL_PATH = "/api/v1/enroll"
SYNC_PATH = "/api/v1/sync"
HELLO_PATH = "/api/v1/hello"

#: Tables a device may push. Sites are made on the server only.
PUSHABLE = tuple(t for t in schema.SYNCED_TABLES if t.name not in schema.SERVER_WRITTEN)

# Ids computed from the row's natural key, never sent.
DERIVED_IDS: dict[str, Callable[[Mapping[str, Any]], uuid.UUID]] = {
    "attendance": lambda v: attendance_id(v["session_id"], v["resident_id"]),
    "weekly_reports": lambda v: weekly_report_id(v["site_id"], v["week_start"]),
}


#: Columns each side derives from other tables' rows, so they never travel: a request's status is
#: folded from its event log (``core.workflow``) by whoever holds the events.
LOCAL_ONLY: dict[str, frozenset[str]] = {"requests": frozenset({"status"})}


def wire_fields(table: Table) -> list[str]:
    """The domain columns of ``table`` that travel, in schema order (site_id first)."""
    skip = set(DERIVED_FIELDS.get(table.name, {})) | LOCAL_ONLY.get(table.name, frozenset())
    return ["site_id"] + [
        c.name for c in table.columns if c.name not in schema.SYNC_COLUMNS and c.name not in skip
    ]


@dataclass(frozen=True)
class TableCodec:
    """Encodes and decodes the rows of one synced table."""

    table: Table
    fields: tuple[str, ...]
    derived_id: bool

    def encode_values(self, row: Mapping[str, Any]) -> list[Any]:
        return [_ENCODERS[self.table.name][f](row[f]) for f in self.fields]

    def decode_values(self, values: list[Any]) -> dict[str, Any]:
        if not isinstance(values, list) or len(values) != len(self.fields):
            raise ProtocolError(f"a {self.table.name} row needs {len(self.fields)} values")
        out = {
            f: decode(v) for f, decode, v in zip(self.fields, self.decoders, values, strict=True)
        }
        for name, derive in self.derived:
            out[name] = derive(out)
        return out

    @functools.cached_property
    def decoders(self) -> tuple[Callable[[Any], Any], ...]:
        """The decoder of each wire field, in order: looked up once, not once per value."""
        return tuple(_DECODERS[self.table.name][f] for f in self.fields)

    @functools.cached_property
    def derived(self) -> tuple[tuple[str, Callable[[Mapping[str, Any]], Any]], ...]:
        return tuple(DERIVED_FIELDS.get(self.table.name, {}).items())

    def row_id(self, values: Mapping[str, Any], sent_id: Any = None) -> uuid.UUID:
        if self.derived_id:
            return DERIVED_IDS[self.table.name](values)
        if not isinstance(sent_id, str):
            raise ProtocolError(f"a {self.table.name} row needs an id")
        try:
            return uuid.UUID(sent_id)
        except ValueError:
            raise ProtocolError(f"{sent_id!r} is not an id") from None


CODECS: dict[str, TableCodec] = {
    t.name: TableCodec(t, tuple(wire_fields(t)), t.name in DERIVED_IDS)
    for t in schema.SYNCED_TABLES
}


# --- messages -----------------------------------------------------------------------------------


@dataclass
class OutgoingRow:
    """One change a device pushes: its id, the local revision it carries, tombstone, values; and for
    an edit of a row the server already has, the version it started from and the fields it changed."""

    id: uuid.UUID
    rev: int
    deleted: bool
    values: dict[str, Any]
    base: int | None = None
    changed: frozenset[str] | None = None


def _mask(codec: TableCodec, changed: frozenset[str]) -> int:
    names = [*codec.fields, "deleted"]
    return sum(1 << i for i, name in enumerate(names) if name in changed)


def _unmask(codec: TableCodec, mask: Any) -> frozenset[str]:
    names = [*codec.fields, "deleted"]
    if not isinstance(mask, int) or isinstance(mask, bool) or not 0 < mask < (1 << len(names)):
        raise ProtocolError("the changed-fields mask is not valid")
    return frozenset(name for i, name in enumerate(names) if mask >> i & 1)


@dataclass
class IncomingRow:
    """One row as the server has it now, with the sequence number of its last change."""

    id: uuid.UUID
    seq: int
    deleted: bool
    values: dict[str, Any]


def encode_push(changes: Mapping[str, Iterable[OutgoingRow]]) -> dict[str, Any]:
    """``{table: {"cols": [...], "rows": [[id?, rev, deleted, *values]], "base": {index: [seq,
    mask]}}}`` in dependency order; ``base`` lists only edits of rows the server has (new rows, most
    of a week, need nothing)."""
    out: dict[str, Any] = {}
    for table in PUSHABLE:
        rows = list(changes.get(table.name, ()))
        if not rows:
            continue
        codec = CODECS[table.name]
        encoded, bases = [], {}
        for index, r in enumerate(rows):
            head = [] if codec.derived_id else [r.id.hex]
            encoded.append([*head, r.rev, int(r.deleted), *codec.encode_values(r.values)])
            if r.base is not None and r.changed:
                bases[str(index)] = [r.base, _mask(codec, r.changed)]
        out[table.name] = {"cols": list(codec.fields), "rows": encoded}
        if bases:
            out[table.name]["base"] = bases
    return out


def decode_push(payload: Any) -> list[tuple[str, OutgoingRow | ProtocolError]]:
    """The changes of a push in wire order; a row that cannot be read becomes a ProtocolError in
    its place, so it can be rejected alone while the rest of the batch applies."""
    if not isinstance(payload, dict):
        raise ProtocolError("changes must be an object")
    unknown = set(payload) - {t.name for t in PUSHABLE}
    if unknown:
        raise ProtocolError(f"unknown tables: {', '.join(sorted(unknown))}")
    out: list[tuple[str, OutgoingRow | ProtocolError]] = []
    for table in PUSHABLE:
        block = payload.get(table.name)
        if block is None:
            continue
        codec = CODECS[table.name]
        if not isinstance(block, dict) or block.get("cols") != list(codec.fields):
            raise ProtocolError(f"{table.name}: columns do not match schema")
        rows = block.get("rows")
        if not isinstance(rows, list):
            raise ProtocolError(f"{table.name}: rows must be a list")
        bases = block.get("base") or {}
        if not isinstance(bases, dict):
            raise ProtocolError(f"{table.name}: base must be an object")
        head = 0 if codec.derived_id else 1
        for index, raw in enumerate(rows):
            try:
                if not isinstance(raw, list) or len(raw) != head + 2 + len(codec.fields):
                    raise ProtocolError(f"a {table.name} row has the wrong length")
                rev, deleted = raw[head], raw[head + 1]
                if not isinstance(rev, int) or isinstance(rev, bool) or rev < 1:
                    raise ProtocolError("rev must be a positive integer")
                values = codec.decode_values(raw[head + 2 :])
                # Text a person could not have typed is refused here, before any level stores it.
                too_long = limits.text_refusal(table.name, values)
                if too_long:
                    raise ProtocolError(too_long)
                row_id = codec.row_id(values, raw[0] if head else None)
                row = OutgoingRow(row_id, rev, bool(deleted), values)
                if str(index) in bases:
                    entry = bases[str(index)]
                    if not (
                        isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int)
                    ):
                        raise ProtocolError("a base entry must be [sequence, mask]")
                    row.base, row.changed = entry[0], _unmask(codec, entry[1])
                out.append((table.name, row))
            except ProtocolError as exc:
                out.append((table.name, exc))
    return out


def encode_pull(
    rows: Iterable[tuple[str, IncomingRow]], into: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``{table: {"cols": [...], "rows": [[id?, seq, deleted, *values]]}}``; with ``into``, the
    rows are added to those blocks."""
    out: dict[str, Any] = {} if into is None else into
    for name, row in rows:
        codec = CODECS[name]
        block = out.setdefault(name, {"cols": list(codec.fields), "rows": []})
        head = [] if codec.derived_id else [row.id.hex]
        block["rows"].append([*head, row.seq, int(row.deleted), *codec.encode_values(row.values)])
    return out


def decode_pull(payload: Any) -> list[tuple[str, IncomingRow]]:
    """Pulled rows in dependency order of their tables, then by sequence."""
    if not isinstance(payload, dict):
        raise ProtocolError("changes must be an object")
    out: list[tuple[str, IncomingRow]] = []
    for table in schema.SYNCED_TABLES:
        block = payload.get(table.name)
        if block is None:
            continue
        codec = CODECS[table.name]
        if not isinstance(block, dict) or block.get("cols") != list(codec.fields):
            raise ProtocolError(f"{table.name}: columns do not match schema")
        head = 0 if codec.derived_id else 1
        for raw in block.get("rows", []):
            if not isinstance(raw, list) or len(raw) != head + 2 + len(codec.fields):
                raise ProtocolError(f"a {table.name} row has the wrong length")
            values = codec.decode_values(raw[head + 2 :])
            row_id = codec.row_id(values, raw[0] if head else None)
            out.append(
                (table.name, IncomingRow(row_id, int(raw[head]), bool(raw[head + 1]), values))
            )
    return out


def table_digest(rows: Iterable[tuple[uuid.UUID, int, bool]]) -> tuple[int, str]:
    """(count, SHA-256) of a table's (id, server sequence, deleted) triples, in id order: what the
    laptop and the server compare after a sync to prove they hold the same versions."""
    lines = sorted(f"{row_id.hex}:{seq}:{int(bool(deleted))}" for row_id, seq, deleted in rows)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def payload_hash(batch_id: str, changes: Any) -> str:
    """The fingerprint the server keeps per batch: same id with another payload is refused."""
    canonical = json.dumps(
        [batch_id, changes], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def dumps(message: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON: Chinese text stays as characters (3 bytes) rather than \\u escapes (6)."""
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class PushResult:
    """What became of one pushed change: "applied" (with its sequence), "rejected" (with why), or
    "deferred" (with why): the server cannot take it yet, and the laptop keeps it pending."""

    status: str
    seq: int | None = None
    reason: str = ""


@dataclass
class SyncAnswer:
    """The decoded answer to a sync request."""

    server_time: dt.datetime
    server_id: str
    first_seq: int | None
    rejected: dict[int, str]
    rows: list[tuple[str, IncomingRow]]
    cursor: int
    more: bool
    #: Set when the server has fewer numbers than the device has seen (restored from a backup):
    #: everything the device holds above ``high`` must be sent again.
    reset_high: int | None = None
    #: When asked for: per table, the server's (count, digest) up to ``cursor``.
    verify: dict[str, tuple[int, str]] | None = None
    deferred: dict[int, str] = field(default_factory=dict)
    #: Set when the device must download its scope again before anything else ("scope": a move in
    #: the site tree changed what it reads; "pruned": deletions it has not pulled are gone).
    rescan: str | None = None
    #: The device's scope token, to be kept with the cursor and sent back with every request.
    scope: str | None = None

    def result_for(self, index: int) -> PushResult:
        """The result of the ``index``-th pushed change (wire order): rejections and deferrals are
        listed, every other change was applied with sequence ``first_seq + index``."""
        if index in self.rejected:
            return PushResult("rejected", reason=self.rejected[index])
        if index in self.deferred:
            return PushResult("deferred", reason=self.deferred[index])
        assert self.first_seq is not None
        return PushResult("applied", seq=self.first_seq + index)


def decode_answer(message: Any) -> SyncAnswer:
    if not isinstance(message, dict):
        raise ProtocolError("the answer must be an object")
    try:
        rejected = {int(k): str(v) for k, v in (message.get("rejected") or {}).items()}
        return SyncAnswer(
            server_time=dt.datetime.fromisoformat(message["server_time"]),
            server_id=str(message["server_id"]),
            first_seq=message.get("first_seq"),
            rejected=rejected,
            rows=decode_pull(message.get("changes") or {}),
            cursor=int(message["cursor"]),
            more=bool(message.get("more")),
            reset_high=int(message["high"]) if message.get("reset") else None,
            verify={k: (int(v[0]), str(v[1])) for k, v in (message.get("verify") or {}).items()},
            deferred={int(k): str(v) for k, v in (message.get("deferred") or {}).items()},
            rescan=str(message["rescan"]) if message.get("rescan") else None,
            scope=str(message["scope"]) if message.get("scope") else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError(f"malformed answer: {exc}") from None


#: Letters and digits in an enrollment code (``server.admin.enrollment_code`` makes them; the window
#: counts what was typed before it spends one of the address's tries on a code cut short on the phone).
ENROLLMENT_CODE_LENGTH = 10


def normalise_code(code: str) -> str:
    """An enrollment code as compared: codes are typed by people, so case, spaces, dashes and
    full-width forms (a Chinese input method in full-width mode types ＡＢＣ－２３) are ignored.
    The server hashes this form; the laptop keys its retry nonce on it."""
    plain = unicodedata.normalize("NFKC", code).upper()
    return "".join(ch for ch in plain if ch.isascii() and ch.isalnum())
