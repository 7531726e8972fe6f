"""Stored search keys kept in step with the code that derives them.

The search columns (``core.search_keys.DERIVED_FIELDS``) are stored so a search reads an index, not
pypinyin; they are written with each row. When a new version derives them differently (a surname's
reading, another kind of key), rows stored by an older one would not be found the new way until
edited, so the laptop derives them again once, when it opens a database whose keys an older
version made: a settings note says which version made them. No migration is needed for it, and the
rows do not become pending: derived columns never travel.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import Engine, bindparam, select, update

from core import schema
from core.search_keys import DERIVED_FIELDS, KEYS_VERSION
from desktop.storage.settings import SEARCH_KEYS_VERSION
from desktop.storage.store import put_settings

log = logging.getLogger(__name__)


def refresh_search_keys(engine: Engine) -> int:
    """Derive every resident's and teacher's search columns again if the database's note says an
    older version derived them; returns how many rows were written (0 when they were current). One
    transaction, so a laptop switched off half-way does it again next time."""
    table = schema.local_settings
    with engine.connect() as conn:
        noted = conn.execute(
            select(table.c.value).where(table.c.key == SEARCH_KEYS_VERSION.key)
        ).scalar_one_or_none()
    if SEARCH_KEYS_VERSION.of({SEARCH_KEYS_VERSION.key: noted or ""}) == KEYS_VERSION:
        return 0
    started = time.monotonic()
    written = 0
    with engine.begin() as conn:
        for name, derive in DERIVED_FIELDS.items():
            rows = schema.metadata.tables[name]
            sources = [rows.c.id, rows.c.name, rows.c.phone]
            values = [
                {"row_id": row.id, **{k: f(row._mapping) for k, f in derive.items()}}
                for row in conn.execute(select(*sources))
            ]
            if values:
                stmt = (
                    update(rows)
                    .where(rows.c.id == bindparam("row_id"))
                    .values({k: bindparam(k) for k in derive})
                )
                conn.execute(stmt, values)
            written += len(values)
        put_settings(conn, {SEARCH_KEYS_VERSION: KEYS_VERSION})
    if written:
        log.info(
            "search keys derived again for %d rows in %.1f s", written, time.monotonic() - started
        )
    return written
