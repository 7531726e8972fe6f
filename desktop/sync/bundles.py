"""The sync bundles a laptop keeps for others: a town school carrying its villages' bundles.

A village's bundle imported on a town laptop waits in ``bundles/carried/`` in the data folder until
the town's next sync hands it to the server (``SyncClient``); the server's answer then waits in
``bundles/returns/`` until someone writes it out for the village (``learning-desk bundle export
--for SITE``, or the window's File menu). Files are named by device and bundle number, so the same
bundle imported twice is one file. Next to each sits a summary (``.json``) for the town's inbox:
the site, counts of sessions and marks and the weekly reports' weeks and states, nothing personal.
The bundles themselves stay as they came, encrypted; the folder is the user's alone (0700, files
0600), like the database beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import bundles, protocol
from core.bundles import BundleHeader
from core.protocol import ProtocolError
from desktop.storage.store import Store

CARRIED, RETURNS = "carried", "returns"


@dataclass(frozen=True)
class KeptBundle:
    """A bundle this laptop keeps for a site below it, and what it holds."""

    path: Path
    site: uuid.UUID
    site_name: str
    device: uuid.UUID
    seq: int
    #: When the laptop that made it wrote it, and when it arrived here (UTC ISO).
    created_at: str
    kept_at: str
    sessions: int = 0
    marks: int = 0
    #: The weekly reports it carries: (Monday as ISO date, status).
    reports: tuple[tuple[str, str], ...] = ()


def folder(store: Store, kind: str, make: bool = True) -> Path:
    """``bundles/<kind>`` in the laptop's data folder, made private if it is new (and ``make``:
    a laptop that never kept a bundle gets no folder from looking)."""
    base = Path(store.engine.url.database or ".").parent / "bundles"
    if make:
        for made in (base, base / kind):
            made.mkdir(mode=0o700, exist_ok=True)
    return base / kind


def summary(payload: dict[str, Any]) -> dict[str, Any]:
    """What an up bundle's exchanges carry, in counts: sessions, attendance marks (present), and
    each weekly report's week and status."""
    sessions = marks = 0
    reports: dict[str, str] = {}
    for message in payload.get("messages") or ():
        changes = message.get("changes") if isinstance(message, dict) else None
        if not changes:
            continue
        try:
            decoded = protocol.decode_push(changes)
        except ProtocolError:
            continue
        for table, row in decoded:
            if isinstance(row, ProtocolError) or row.deleted:
                continue
            if table == "sessions":
                sessions += 1
            elif table == "attendance" and row.values["present"]:
                marks += 1
            elif table == "weekly_reports":
                reports[row.values["week_start"].isoformat()] = str(row.values["status"])
    return {"sessions": sessions, "marks": marks, "reports": sorted(reports.items())}


def keep(
    store: Store,
    kind: str,
    header: BundleHeader,
    data: bytes,
    site_name: str,
    counts: dict[str, Any] | None = None,
) -> KeptBundle:
    """Keep ``data`` (the bundle of ``header``) in the folder ``kind``, with its summary; the same
    bundle kept again replaces itself."""
    where = folder(store, kind)
    stem = f"{header.device.hex}-{header.seq:06d}"
    path = where / (stem + bundles.SUFFIX)
    kept_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    counts = counts or {}
    about = {
        "site": header.site.hex,
        "site_name": site_name,
        "device": header.device.hex,
        "seq": header.seq,
        "created_at": header.created_at,
        "kept_at": kept_at,
        "sessions": counts.get("sessions", 0),
        "marks": counts.get("marks", 0),
        "reports": counts.get("reports", []),
    }
    _write_private(path, data)
    _write_private(path.with_suffix(".json"), json.dumps(about, ensure_ascii=False).encode())
    return _kept(path, about)


def kept(store: Store, kind: str) -> list[KeptBundle]:
    """The bundles kept in ``kind``, oldest bundle of each device first."""
    out = []
    for path in sorted(folder(store, kind, make=False).glob("*" + bundles.SUFFIX)):
        try:
            about = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            out.append(_kept(path, about))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a summary lost or half written: the bundle is read again when imported
    return out


def write_answer(store: Store, site: uuid.UUID, out: Path) -> KeptBundle:
    """Write the server's answer waiting for ``site`` to ``out`` (for the village's USB stick):
    the answer to its newest bundle (of its newest laptop, when it has had two). It stays here
    until a newer one replaces it, so it can be written again."""
    waiting = [b for b in kept(store, RETURNS) if b.site == site]
    if not waiting:
        raise bundles.BundleError(bundles.NO_ANSWER)
    newest = max(waiting, key=lambda b: (b.kept_at, b.seq))
    out.write_bytes(newest.path.read_bytes())
    return newest


def forget(bundle: KeptBundle) -> None:
    """Remove a kept bundle and its summary (carried to the server, or written out)."""
    for path in (bundle.path, bundle.path.with_suffix(".json")):
        path.unlink(missing_ok=True)


def _kept(path: Path, about: dict[str, Any]) -> KeptBundle:
    return KeptBundle(
        path,
        uuid.UUID(about["site"]),
        str(about.get("site_name") or ""),
        uuid.UUID(about["device"]),
        int(about["seq"]),
        str(about.get("created_at") or ""),
        str(about.get("kept_at") or ""),
        int(about.get("sessions") or 0),
        int(about.get("marks") or 0),
        tuple((str(w), str(s)) for w, s in about.get("reports") or ()),
    )


def _write_private(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a copy beside it, renamed over it), readable by the
    user alone."""
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, path)
