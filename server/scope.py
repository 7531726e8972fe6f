"""What a device may read and write, decided on the server for every row.

A device is enrolled to one site with one role. It reads its site's subtree, plus the reference data
published by the sites above it (the site names and the courses they offer). It writes only the tables
its role allows, at the sites its role allows; the client's claim is never trusted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, select

from desktop.storage import schema

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
    return Scope(
        role, site_id, subtree, ancestors, everything=site.parent_id is None and role == "district"
    )
