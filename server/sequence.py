"""The server's change sequence: the only source of order in the whole system.

Allocating takes the counter row's lock (``SELECT … FOR UPDATE`` on PostgreSQL; the database write
lock on SQLite) and holds it until the transaction commits. So sequence numbers are handed out in
commit order, and a pull that has read up to N can never later find a change numbered below N that
committed late.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from core import schema
from server.db import SEQ

C = schema.server_counter


def lock_sequence(conn: Connection) -> int:
    """Take the sequence lock for this transaction; returns the last number handed out."""
    return conn.execute(select(C.c.value).where(C.c.name == SEQ).with_for_update()).scalar_one()


def allocate(conn: Connection, count: int) -> int:
    """Reserve ``count`` consecutive numbers; returns the first. Call :func:`lock_sequence` first."""
    last = conn.execute(
        update(C).where(C.c.name == SEQ).values(value=C.c.value + count).returning(C.c.value)
    ).scalar_one()
    return last - count + 1
