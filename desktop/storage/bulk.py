"""Many rows into one table at once, for the downloads that store hundreds of thousands of them.

``conn.execute(insert(table), rows)`` prepares every row's parameters through SQLAlchemy's general
machinery, about 15 µs a row: a quarter of a town laptop's first download. Here the statement is
compiled once, each column's own bind conversion (the same one SQLAlchemy would apply: ids to text,
times to SQLite's format, …) is looked up once, and the rows go to the driver's ``executemany``.

A first download also leaves out the indexes whose keys arrive in random order, and builds them once
it ends (:func:`defer_indexes`, :func:`restore_indexes`).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, Index, Table, delete, insert, select

from core import schema
from desktop.storage.settings import DEFERRED_INDEXES
from desktop.storage.store import WriteTurns, put_settings

#: Indexes a first download builds after its rows are in. Each page of marks names residents from
#: all over a town, so it touches nearly every page of the resident index, and every commit writes
#: those pages again: on a town laptop's million marks, keeping this index cost more than storing
#: the rows, while building it at the end (SQLite sorts the keys) takes a second or two. A
#: migration that changes one of these must allow for it being absent.
DEFERRABLE_INDEXES: tuple[Index, ...] = tuple(
    i for i in schema.attendance.indexes if i.name == "ix_attendance_resident"
)
#: SQLite's page cache while it builds them (negative: KiB).
SORT_CACHE_SIZE = -4096
#: Local setting: the names of the indexes a download left out, until they are built again.


@dataclass(frozen=True)
class PreparedInsert:
    """An insert of many rows into one table, compiled and with every value converted: work that
    needs no connection, so a download does it on the thread that fetches the next page while the
    last one is written."""

    table: Table
    #: The statement for the driver's ``executemany``; None for the general path (a driver with
    #: named parameters, or a column filled by a callable default), which takes dicts.
    sql: str | None
    params: list[Any]

    def run(
        self,
        conn: Connection,
        keep: Sequence[bool] | None = None,
        start: int = 0,
        stop: int | None = None,
    ) -> None:
        """Insert the rows ``start:stop`` (those of them whose ``keep`` is true), inside the caller's
        transaction."""
        params = self.params[start:stop] if start or stop is not None else self.params
        if keep is not None:
            params = list(itertools.compress(params, keep))
        if not params:
            return
        if self.sql is None:
            conn.execute(insert(self.table), params)
        else:
            conn.exec_driver_sql(self.sql, params)


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, Python values as for ``insert(table)``) in one
    ``executemany``, inside the caller's transaction."""
    if rows:
        columns = {name: [row[name] for row in rows] for name in rows[0]}
        prepare_insert(conn.dialect, table, columns).run(conn)


def prepare_insert(
    dialect: Dialect, table: Table, columns: Mapping[str, Sequence[Any]]
) -> PreparedInsert:
    """The insert of rows given column by column (equal lengths; Python values as for
    ``insert(table)``); a column left out takes its default, as with a plain insert."""
    count = len(next(iter(columns.values()), ()))
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    names = compiled.positiontup
    defaults = {}
    for name in names or ():
        default = table.c[name].default
        if name not in columns:
            if default is None or not default.is_scalar:
                names = None
                break
            defaults[name] = default.arg
    if names is None:
        keys = list(columns)
        rows = [
            dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)
        ]
        return PreparedInsert(table, None, rows)
    converted = []
    for name in names:
        column = table.c[name]
        convert = column.type.dialect_impl(dialect).bind_processor(dialect)
        values = [defaults[name]] * count if name in defaults else columns[name]
        if convert is None:
            converted.append(values)
        elif column.primary_key:  # distinct by definition: nothing to remember
            converted.append(list(map(convert, values)))
        else:
            converted.append(_converted(convert, values))
    return PreparedInsert(table, str(compiled), list(zip(*converted, strict=True)))


def _converted(convert: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """``convert`` over a column, once per distinct value: a page of marks names a few sessions and
    one site thousands of times, and every row of it carries the same time of storing. Values are
    told apart by type too: ``True == 1`` in Python, but a JSON column stores ``true`` and ``1``."""
    done: dict[tuple[type, Any], Any] = {}
    out = []
    try:
        for v in values:
            key = (type(v), v)
            if key not in done:
                done[key] = convert(v)
            out.append(done[key])
    except TypeError:  # values that cannot be remembered (JSON objects): each on its own
        return list(map(convert, values))
    return out


def defer_indexes(conn: Connection) -> None:
    """Drop :data:`DEFERRABLE_INDEXES` and note it, in the caller's transaction, so that a laptop
    killed before :func:`restore_indexes` builds them when it next opens its database."""
    for index in DEFERRABLE_INDEXES:
        index.drop(conn, checkfirst=True)
    put_settings(conn, {DEFERRED_INDEXES: tuple(str(i.name) for i in DEFERRABLE_INDEXES)})


def restore_indexes(engine: Engine, turns: WriteTurns | None = None) -> None:
    """Build the indexes a download left out, if any: one transaction each, so the laptop's own
    writes wait for one index at a time, and the note goes with the last. With ``turns`` (the
    window's store), each build takes a background turn, so a person's write waits for it in turn
    rather than on SQLite's lock, and goes before the next one."""
    table = schema.local_settings
    with engine.connect() as conn:
        noted = conn.execute(
            select(table.c.value).where(table.c.key == DEFERRED_INDEXES.key)
        ).scalar_one_or_none()
    if noted is None:
        return
    for index in DEFERRABLE_INDEXES:
        turn = turns.turn(person=False) if turns is not None else contextlib.nullcontext()
        with turn, engine.connect() as conn:
            sqlite = engine.dialect.name == "sqlite"
            if sqlite:
                conn.execution_options(sqlite_begin="IMMEDIATE")
                # SQLite's sorter takes as much memory as the page cache may: a smaller cache for
                # the build keeps the laptop's memory where the download left it.
                raw = conn.connection.driver_connection
                size = raw.execute("PRAGMA cache_size").fetchone()[0]
                raw.execute(f"PRAGMA cache_size={SORT_CACHE_SIZE}")
            try:
                with conn.begin():
                    index.create(conn, checkfirst=True)
                    if index is DEFERRABLE_INDEXES[-1]:
                        conn.execute(delete(table).where(table.c.key == DEFERRED_INDEXES.key))
            finally:
                if sqlite:
                    raw.execute(f"PRAGMA cache_size={int(size)}")
