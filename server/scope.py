"""What a device may read and write, decided on the server for every row.

A device is enrolled to one site with one role. It reads its site's subtree, plus the reference data
published by the sites above it (the site names and the courses they offer). It writes only the tables
its role allows, at the sites its role allows; the client's claim is never trusted.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from core import schema

#: Tables whose rows at an ancestor site are readable below it.
REFERENCE_TABLES = frozenset({"sites", "courses", "offerings"})
#: Tables read only by the levels above a site: a device's own sync activity is news to its town,
#: not to itself (it would otherwise download its own last contact after every sync).
BELOW_ONLY = frozenset({"site_activity"})

_LOCAL = frozenset(
    {
        "residents",
        "teachers",
        "trainings",
        "courses",
        "sessions",
        "attendance",
        "attachments",
        "resident_merges",
        "orders",
        "evaluations",
        "requests",
        "request_events",
        "weekly_reports",
        "conflicts",
    }
)
#: Per role: tables writable at the device's own site, and tables writable anywhere in its subtree.
#: Villages own everything they record (their points included); towns and the district record their
#: own work and act on what their villages send up (reviews of weekly reports, request steps).
#: A conflict record is writable below only where its record is (checked in server/validate.py).
WRITE_RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "village": (_LOCAL, _LOCAL),
    "town": (
        _LOCAL,
        frozenset(
            {"weekly_reports", "request_events", "requests", "orders", "evaluations", "conflicts"}
        ),
    ),
    # The service menu is the district's: it publishes offerings at its own site, read by all below.
    "district": (
        _LOCAL | {"offerings"},
        frozenset(
            {
                "weekly_reports",
                "request_events",
                "requests",
                "courses",
                "orders",
                "evaluations",
                "conflicts",
            }
        ),
    ),
}


@dataclass(frozen=True)
class Scope:
    role: str
    site_id: uuid.UUID
    subtree: frozenset[uuid.UUID]
    ancestors: frozenset[uuid.UUID]
    everything: bool  # the district's root: no site filter needed
    #: Changes when a move in the site tree changes what this device reads (see ``scope_for``).
    fingerprint: str = ""

    def write_refusal(self, table: str, site_id: uuid.UUID) -> str | None:
        """Why this device may not write a ``table`` row at ``site_id``, or None when it may."""
        own, below = WRITE_RULES[self.role]
        if site_id == self.site_id and table in own:
            return None
        if site_id in self.subtree and table in below:
            return None
        if site_id not in self.subtree:
            return f"site {site_id.hex} is outside this device's scope"
        return f"a {self.role} device may not write {table} at that site"

    def readable_sites(self, table: str) -> frozenset[uuid.UUID] | None:
        """Site ids whose ``table`` rows this device reads; None means all of them."""
        if table in BELOW_ONLY:
            return self.subtree - {self.site_id}
        if self.everything:
            return None
        if table in REFERENCE_TABLES:
            return self.subtree | self.ancestors
        return self.subtree


def scope_for(conn: Connection, role: str, site_id: uuid.UUID) -> Scope:
    """The scope of a device enrolled at ``site_id`` with ``role``, from the site tree."""
    sites = schema.sites
    site = conn.execute(select(sites.c.path, sites.c.parent_id).where(sites.c.id == site_id)).one()
    subtree = frozenset(
        conn.execute(
            select(sites.c.id).where(sites.c.path.startswith(site.path, autoescape=True))
        ).scalars()
    )
    ancestors = frozenset(uuid.UUID(part) for part in site.path.strip("/").split("/")) - {site_id}
    everything = site.parent_id is None and role == "district"
    return Scope(
        role,
        site_id,
        subtree,
        ancestors,
        everything=everything,
        fingerprint=fingerprint(role, site.path, 0 if everything else _last_change(conn, site_id)),
    )


def fingerprint(role: str, path: str, last_change: int) -> str:
    """A short digest of what a device reads: its place in the tree, and the newest move that
    changed the sites above or below it.

    Not a digest of the set of readable sites: adding a site below a town would change that, and
    its laptop would download a million rows again for a site that has none yet. A new site's rows
    all come after its creation, so an ordinary pull brings them; only a move brings in (or takes
    away) rows numbered before the device's cursor, and ``move_site`` records every site whose
    scope it changes.
    """
    return hashlib.sha256(f"{role}|{path}|{last_change}".encode()).hexdigest()[:16]


def _last_change(conn: Connection, site_id: uuid.UUID) -> int:
    t = schema.server_scope_changes
    return conn.execute(select(func.max(t.c.seq)).where(t.c.site_id == site_id)).scalar() or 0


def changed_by_move(conn: Connection, old_path: str, old_parent: str, new_parent: str) -> set:
    """Sites whose devices read something else after the subtree at ``old_path`` moves from the
    site at path ``old_parent`` to the one at ``new_parent``: every site in the moved subtree (other
    sites above them), and the sites on both parents' chains below the lowest one they share (one
    subtree lost sites, the other gained them; from there up nothing changed)."""
    sites = schema.sites
    moved = set(
        conn.execute(
            select(sites.c.id).where(sites.c.path.startswith(old_path, autoescape=True))
        ).scalars()
    )
    old_chain = old_parent.strip("/").split("/")
    new_chain = new_parent.strip("/").split("/")
    shared = 0
    while shared < min(len(old_chain), len(new_chain)) and old_chain[shared] == new_chain[shared]:
        shared += 1
    return moved | {uuid.UUID(h) for h in old_chain[shared:] + new_chain[shared:]}
