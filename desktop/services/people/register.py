"""The resident register a page at a time, for lists that must stay fast on a town's 60,000 people.

A list asks for the first page, then for the page after it as it scrolls, handing back the
:class:`Cursor` it was given. Without a query the register is read in its own order (village group,
household, name) by keyset, so a page deep in the register costs what the first one costs; with a
query the pages are slices of :func:`~desktop.services.people.residents.search_residents`, in its order, so
a list and the search box find the same people.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select, tuple_

from core import schema
from desktop.services.people.residents import (
    Resident,
    count_residents,
    resident_from_row,
    search_residents,
)
from desktop.storage.store import Store

T = schema.residents
#: Rows a list fetches at a time: a screenful or two.
PAGE = 100


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts. Opaque to lists: they hand back the one they were given."""

    query: str
    offset: int
    # (village group, household, name, id) of the last row given, for the register's own order.
    last: tuple[str, str, str, uuid.UUID] | None = None


@dataclass(frozen=True)
class Page:
    residents: list[Resident]
    next: Cursor | None  # None when this page is the last


def _register_order(store: Store, after: tuple | None, limit: int) -> list[Resident]:
    key = (T.c.village_group, T.c.household, T.c.name, T.c.id)
    stmt = select(T).where(T.c.deleted.is_(False))
    if after is not None:
        stmt = stmt.where(tuple_(*key) > tuple_(*after))
    with store.read() as conn:
        rows = conn.execute(stmt.order_by(*key).limit(limit)).all()
    return [resident_from_row(r) for r in rows]


def residents_page(
    store: Store, query: str = "", cursor: Cursor | None = None, limit: int = PAGE
) -> Page:
    """The page of residents matching ``query`` (everyone when blank) that starts at ``cursor``
    (the first page when None)."""
    query = cursor.query if cursor is not None else query
    offset = cursor.offset if cursor is not None else 0
    if query.strip():
        # One more than asked for tells whether another page follows.
        found = search_residents(store, query, limit=offset + limit + 1)
        residents = found[offset : offset + limit]
        more = len(found) > offset + limit
        last = None
    else:
        found = _register_order(store, cursor.last if cursor is not None else None, limit + 1)
        residents, more = found[:limit], len(found) > limit
        tail = residents[-1] if residents else None
        last = (tail.village_group, tail.household, tail.name, tail.id) if tail else None
    next_cursor = Cursor(query, offset + len(residents), last) if more else None
    return Page(residents, next_cursor)


def register_size(store: Store) -> int:
    """How many residents are on the register (the list's total, whatever has been fetched)."""
    return count_residents(store)
