"""What a write changed, by table: returned by every use case and by each sync, and carried by the
window's one refresh signal so every view can decide for itself whether to reload.

It sits beside the layers, not in one of them: storage fills it, services return it, the UI reads it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass
class Changes:
    """What a use case changed, by table name; the payload of the UI's one refresh signal."""

    rows: dict[str, set[uuid.UUID]] = field(default_factory=dict)
    #: Tables with more changed rows than are listed (a first sync of a town brings a million).
    partial: set[str] = field(default_factory=set)

    #: Ids kept per table: views refresh by table, and a big download must not hold every id.
    MAX_IDS: ClassVar[int] = 5000

    def add(self, table: str, row_id: uuid.UUID) -> None:
        ids = self.rows.setdefault(table, set())
        if len(ids) < self.MAX_IDS:
            ids.add(row_id)
        elif row_id not in ids:
            self.partial.add(table)

    def add_all(self, table: str, row_ids: Iterable[uuid.UUID]) -> None:
        """``add`` for many rows of one table; stops looking once the table is known to be partial,
        which a big download reaches after its first pages."""
        for row_id in row_ids:
            if table in self.partial:
                return
            self.add(table, row_id)

    def merge(self, other: Changes) -> None:
        for table, ids in other.rows.items():
            for row_id in ids:
                self.add(table, row_id)
        self.partial |= other.partial

    def touches(self, *tables: str) -> bool:
        return any(t in self.rows for t in tables)

    def __bool__(self) -> bool:
        return bool(self.rows)
