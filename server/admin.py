"""District administration: the site tree, enrollment codes and devices.

Plain functions on a connection, used by the admin CLI and by tests. Secrets (enrollment codes,
device tokens) are shown once and stored only as SHA-256 hashes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from core import schema, vocabulary
from core.protocol import (  # noqa: F401 - codes are made and compared alike
    ENROLLMENT_CODE_LENGTH,
    normalise_code,
)
from server import audit, sequence
from server.db import PRUNED_SEQ, get_meta, put_meta
from server.scope import changed_by_move

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
ROLE_OF_LEVEL = {"district": "district", "town": "town", "village": "village", "point": "village"}
PARENT_LEVEL = {"town": "district", "village": "town", "point": "village"}


class AdminError(ValueError):
    """A request the district office must correct (wrong parent, unknown site, …)."""


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def add_site(
    conn: Connection, name: str, level: str, parent_id: uuid.UUID | None = None
) -> uuid.UUID:
    """Create a site under ``parent_id``; a district has no parent, every other level has one."""
    name = name.strip()
    if not name:
        raise AdminError("A site needs a name.")
    if level not in vocabulary.SITE_LEVELS:
        raise AdminError(
            f"Unknown level {level!r}; use one of {', '.join(vocabulary.SITE_LEVELS)}."
        )
    sites = schema.sites
    if level == "district":
        if parent_id is not None:
            raise AdminError("A district has no parent site.")
        parent_path = "/"
    else:
        if parent_id is None:
            raise AdminError(f"A {level} needs --parent.")
        parent = conn.execute(select(sites).where(sites.c.id == parent_id)).first()
        if parent is None:
            raise AdminError(f"There is no site {parent_id}.")
        if parent.level != PARENT_LEVEL[level] and not (
            level == "village" and parent.level == "district"
        ):
            raise AdminError(f"A {level} cannot be placed under a {parent.level}.")
        parent_path = parent.path
    site_id = uuid.uuid4()
    sequence.lock_sequence(conn)
    seq = sequence.allocate(conn, 1)
    conn.execute(
        insert(sites).values(
            id=site_id,
            site_id=site_id,
            parent_id=parent_id,
            level=level,
            name=name,
            path=f"{parent_path}{site_id.hex}/",
            local_rev=1,
            synced_rev=1,
            pending=False,
            server_seq=seq,
            deleted=False,
            updated_at=_now(),
        )
    )
    return site_id


def import_sites(conn: Connection, path: Path) -> dict[str, uuid.UUID]:
    """Create a whole tree from a CSV with columns ``name,level,parent`` (parent by name, empty for the
    district); parents must come before their children. Returns the new ids by name."""
    made: dict[str, uuid.UUID] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"name", "level", "parent"} <= set(reader.fieldnames):
            raise AdminError("The CSV needs the columns name, level, parent.")
        for line, row in enumerate(reader, start=2):
            parent_name = (row.get("parent") or "").strip()
            if parent_name and parent_name not in made:
                raise AdminError(f"Line {line}: parent {parent_name!r} is not listed above it.")
            name = row["name"].strip()
            if name in made:
                raise AdminError(f"Line {line}: the name {name!r} is used twice.")
            try:
                made[name] = add_site(conn, name, row["level"].strip(), made.get(parent_name))
            except AdminError as exc:
                raise AdminError(f"Line {line}: {exc}") from None
    return made


def enrollment_code(conn: Connection, site_id: uuid.UUID, role: str) -> str:
    """A one-time code that enrolls one laptop at ``site_id`` with ``role``; shown once."""
    if role not in vocabulary.ROLES:
        raise AdminError(f"Unknown role {role!r}; use one of {', '.join(vocabulary.ROLES)}.")
    site = conn.execute(select(schema.sites).where(schema.sites.c.id == site_id)).first()
    if site is None:
        raise AdminError(f"There is no site {site_id}.")
    if ROLE_OF_LEVEL[site.level] != role:
        raise AdminError(
            f"A {site.level} is enrolled with the role {ROLE_OF_LEVEL[site.level]}, not {role}."
        )
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(ENROLLMENT_CODE_LENGTH))
    now = _now()
    conn.execute(
        insert(schema.server_enrollment_codes).values(
            code_hash=secret_hash(raw), site_id=site_id, role=role, created_at=now
        )
    )
    # Which site and role, never the code: the log is read by more people than the code is for.
    audit.record(conn, audit.CODE_ISSUED, at=now, site_id=site_id, detail=f"a {role} code")
    return f"{raw[:5]}-{raw[5:]}"


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    name: str
    site_id: str
    site_name: str
    role: str
    created_at: str
    last_seen_at: str | None
    last_pending: int
    revoked: bool

    def as_dict(self) -> dict:
        return asdict(self)


def list_devices(conn: Connection) -> list[DeviceInfo]:
    d, s = schema.server_devices, schema.sites
    rows = conn.execute(
        select(d, s.c.name.label("site_name"))
        .join(s, s.c.id == d.c.site_id)
        .order_by(d.c.created_at)
    ).all()
    return [
        DeviceInfo(
            id=r.id.hex,
            name=r.name,
            site_id=r.site_id.hex,
            site_name=r.site_name,
            role=r.role,
            created_at=r.created_at.isoformat(timespec="seconds") + "Z",
            last_seen_at=r.last_seen_at.isoformat(timespec="seconds") + "Z"
            if r.last_seen_at
            else None,
            last_pending=r.last_pending,
            revoked=r.revoked_at is not None,
        )
        for r in rows
    ]


def revoke_device(conn: Connection, device_id: uuid.UUID) -> None:
    d = schema.server_devices
    now = _now()
    done = conn.execute(d.update().where(d.c.id == device_id).values(revoked_at=now)).rowcount
    if not done:
        raise AdminError(f"There is no device {device_id}.")
    site_id = conn.execute(select(d.c.site_id).where(d.c.id == device_id)).scalar_one()
    audit.record(conn, audit.REVOKED, at=now, device_id=device_id, site_id=site_id)


@dataclass(frozen=True)
class Move:
    """What ``move_site`` did: the sites whose path changed, and those whose devices download their
    scope again at their next sync."""

    moved: int
    rescoped: int
    seq: int


def move_site(conn: Connection, site_id: uuid.UUID, new_parent_id: uuid.UUID) -> Move:
    """Re-parent a site (a village re-zoned to another town, 撤并) with its whole subtree.

    The paths of every site below it change in this transaction, and each gets a new sequence
    number, so laptops learn the new tree. Records keep their numbers: a laptop whose scope gained
    or lost them learns it from its scope fingerprint (``server/scope.py``) and downloads its scope
    again (``docs/protocol.md``, *Re-download*)."""
    sites = schema.sites
    site = conn.execute(select(sites).where(sites.c.id == site_id)).first()
    if site is None or site.deleted:
        raise AdminError(f"There is no site {site_id}.")
    parent = conn.execute(select(sites).where(sites.c.id == new_parent_id)).first()
    if parent is None or parent.deleted:
        raise AdminError(f"There is no site {new_parent_id}.")
    if site.parent_id is None:
        raise AdminError(f"{site.name} is the top of the tree and cannot be moved.")
    if parent.path.startswith(site.path):
        raise AdminError(f"{site.name} cannot be moved under itself or a site below it.")
    if parent.level != PARENT_LEVEL[site.level] and not (
        site.level == "village" and parent.level == "district"
    ):
        raise AdminError(f"A {site.level} cannot be placed under a {parent.level}.")
    if site.parent_id == parent.id:
        raise AdminError(f"{site.name} is already under {parent.name}.")
    old_parent = conn.execute(select(sites.c.path).where(sites.c.id == site.parent_id)).scalar_one()
    # Under the sequence lock: the move is numbered like any change, and no push or pull reads a
    # half-moved tree.
    sequence.lock_sequence(conn)
    rescoped = changed_by_move(conn, site.path, old_parent, parent.path)
    subtree = conn.execute(
        select(sites.c.id, sites.c.path)
        .where(sites.c.path.startswith(site.path, autoescape=True))
        .order_by(sites.c.path)
    ).all()
    first = sequence.allocate(conn, len(subtree))
    now = _now()
    new_path = f"{parent.path}{site_id.hex}/"
    for offset, row in enumerate(subtree):
        values = {
            "path": new_path + row.path[len(site.path) :],
            "server_seq": first + offset,
            "updated_at": now,
            "origin_device": None,
        }
        if row.id == site_id:
            values["parent_id"] = parent.id
        conn.execute(update(sites).where(sites.c.id == row.id).values(values))
    conn.execute(
        insert(schema.server_scope_changes),
        [{"site_id": s, "seq": first, "at": now} for s in sorted(rescoped)],
    )
    return Move(len(subtree), len(rescoped), first)


@dataclass(frozen=True)
class Pruned:
    """What ``prune_tombstones`` removed, per table, and the highest sequence number among them."""

    removed: dict[str, int]
    high: int


def prune_tombstones(conn: Connection, older_than: dt.timedelta, now: dt.datetime) -> Pruned:
    """Delete deleted records whose last change is older than ``older_than``, in every synced table.

    A laptop whose cursor is below the highest number removed may still hold one of them as a live
    record (it never pulled the deletion): the server remembers that number (``PRUNED_SEQ``) and
    tells such a laptop to download its scope again. Merged residents stay: their ``merged_into``
    is where a late mark for that person is moved to (``server/merges.py``)."""
    if older_than < dt.timedelta(0):
        raise AdminError("--older-than must not be negative.")
    cutoff = now.astimezone(dt.UTC).replace(tzinfo=None) - older_than
    # The lock orders the prune with pushes: none of them is halfway through one of these rows.
    sequence.lock_sequence(conn)
    removed: dict[str, int] = {}
    high = int(get_meta(conn, PRUNED_SEQ) or 0)
    for table in schema.SYNCED_TABLES:
        old = and_(table.c.deleted.is_(True), table.c.updated_at < cutoff)
        if table is schema.residents:
            old = and_(old, table.c.merged_into.is_(None))
        count, top = conn.execute(
            select(func.count(), func.max(table.c.server_seq)).where(old)
        ).one()
        if not count:
            continue
        conn.execute(delete(table).where(old))
        removed[table.name] = count
        high = max(high, top or 0)
    put_meta(conn, PRUNED_SEQ, str(high))
    return Pruned(removed, high)
