"""The fast paths a big download takes store exactly what the general ones would."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Table,
    Uuid,
    insert,
    select,
)

from core import ids, schema
from desktop.changes import Changes
from desktop.storage.bulk import insert_rows
from desktop.storage.engine import open_local_database


def _value(column: Any, n: int) -> Any:
    """A value of the column's type; the second row leaves every nullable column empty."""
    if n == 1 and column.nullable:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.uuid4()
    if isinstance(kind, Boolean):
        return n == 0
    if isinstance(kind, Integer):
        return 7 + n
    if isinstance(kind, Float):
        return 1.5
    if isinstance(kind, DateTime):
        return dt.datetime(2026, 11, 23, 14, 30, 5 * n, 123456 * n)
    if isinstance(kind, Date):
        return dt.date(2026, 11, 23) + dt.timedelta(days=n)
    if isinstance(kind, JSON):
        return {"课": [1, "二组"]}
    if isinstance(kind, LargeBinary):
        return bytes([0, 255, n])
    return "梨园修剪"[: getattr(kind, "length", None) or 4]


@pytest.mark.parametrize("table", schema.SYNCED_TABLES, ids=lambda t: t.name)
def test_bulk_insert_stores_what_a_plain_insert_stores(tmp_path: Path, table: Table) -> None:
    engine = open_local_database(tmp_path / "desk")
    rows = [{c.name: _value(c, n) for c in table.columns} for n in range(2)]
    # A column left out takes its default, as with a plain insert (a request's status is local).
    defaulted = [c.name for c in table.columns if c.default is not None]
    for row in rows:
        del row[defaulted[-1]]
    twins = [{**row, "id": uuid.uuid4()} for row in rows]
    with engine.connect() as conn:
        # Rows of one table alone: the references they name do not exist here.
        conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            conn.execute(insert(table), rows)
            insert_rows(conn, table, twins)
        stored = {r.id: r._asdict() for r in conn.execute(select(table))}
    engine.dispose()
    for row, twin in zip(rows, twins, strict=True):
        plain, bulk = dict(stored[row["id"]]), dict(stored[twin["id"]])
        plain.pop("id"), bulk.pop("id")
        assert bulk == plain
        assert {k: plain[k] for k in row if k != "id"} == {
            k: v for k, v in row.items() if k != "id"
        }
        default = table.c[defaulted[-1]].default
        if default.is_scalar:  # a callable default takes the general path, compared above
            assert plain[defaulted[-1]] == default.arg


def test_bulk_insert_keeps_true_and_1_apart_in_a_json_column(tmp_path: Path) -> None:
    # A conflict on "deleted" keeps booleans; one on a number field keeps numbers.
    engine = open_local_database(tmp_path / "desk")
    table = schema.conflicts
    base = {c.name: _value(c, 0) for c in table.columns}
    rows = [
        {**base, "id": uuid.uuid4(), "field": "deleted", "lost_value": False, "won_value": True},
        {**base, "id": uuid.uuid4(), "field": "score", "lost_value": 0, "won_value": 1},
        {**base, "id": uuid.uuid4(), "field": "hours", "lost_value": 1.0, "won_value": 0.0},
    ]
    with engine.begin() as conn:
        insert_rows(conn, table, rows)
        stored = {
            r.field: (r.lost_value, r.won_value)
            for r in conn.execute(select(table.c.field, table.c.lost_value, table.c.won_value))
        }
    engine.dispose()
    assert stored == {"deleted": (False, True), "score": (0, 1), "hours": (1.0, 0.0)}
    assert type(stored["score"][0]) is int and type(stored["deleted"][0]) is bool


@given(st.uuids(), st.uuids(), st.dates())
def test_derived_ids_are_version_5_uuids_of_the_natural_key(
    session: uuid.UUID, resident: uuid.UUID, week: dt.date
) -> None:
    namespace = ids._NAMESPACE
    assert ids.attendance_id(session, resident) == uuid.uuid5(
        namespace, f"attendance:{session.hex}:{resident.hex}"
    )
    assert ids.weekly_report_id(session, week) == uuid.uuid5(
        namespace, f"weekly-report:{session.hex}:{week.isoformat()}"
    )


@given(st.lists(st.lists(st.integers(0, 12), max_size=8), max_size=6))
def test_adding_many_changes_at_once_is_adding_them_one_by_one(batches: list[list[int]]) -> None:
    class Small(Changes):
        MAX_IDS = 5

    pool = [uuid.UUID(int=i) for i in range(13)]
    one, many = Small(), Small()
    for batch in batches:
        for i in batch:
            one.add("attendance", pool[i])
        many.add_all("attendance", (pool[i] for i in batch))
    assert many.rows == one.rows
    assert many.partial == one.partial
