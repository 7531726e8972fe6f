"""Many rows into one table at once, for the downloads that store hundreds of thousands of them.

``conn.execute(insert(table), rows)`` prepares every row's parameters through SQLAlchemy's general
machinery, about 15 µs a row: a quarter of a town laptop's first download. Here the statement is
compiled once, each column's own bind conversion (the same one SQLAlchemy would apply: ids to text,
times to SQLite's format, …) is looked up once, and the rows go to the driver's ``executemany``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, Python values as for ``insert(table)``) in one
    ``executemany``, inside the caller's transaction."""
    if not rows:
        return
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(rows[0]))
    names = compiled.positiontup
    if names is None:  # a driver with named parameters: the general path is right there
        conn.execute(insert(table), list(rows))
        return
    given = rows[0].keys()
    defaults = {}
    for name in names:
        default = table.c[name].default
        if name not in given:  # the statement fills the column's default, as a plain insert does
            if default is None or not default.is_scalar:
                conn.execute(insert(table), list(rows))
                return
            defaults[name] = default.arg
    columns = []
    for name in names:
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        values = [defaults[name]] * len(rows) if name in defaults else [row[name] for row in rows]
        columns.append(values if convert is None else _converted(convert, values))
    conn.exec_driver_sql(str(compiled), list(zip(*columns, strict=True)))


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
