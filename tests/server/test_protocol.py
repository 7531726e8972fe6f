"""The wire format round-trips every value it can carry, and refuses what it cannot."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import protocol
from core.ids import attendance_id
from core.protocol import OutgoingRow, ProtocolError
from core.search_keys import DERIVED_FIELDS

from wire import resident_values

ids = st.uuids(version=4)
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
# Any instant, not only whole minutes: the wire must not round times.
minutes = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1))


@st.composite
def resident_rows(draw) -> OutgoingRow:  # noqa: ANN001
    values = {
        "site_id": draw(ids),
        "name": draw(text.filter(bool)),
        "gender": draw(st.sampled_from(["", "female", "male"])),
        "birth_year": draw(st.none() | st.integers(1900, 2026)),
        "phone": draw(st.text("0123456789", max_size=11)),
        "village_group": draw(text),
        "household": draw(text),
        "tags": draw(text),
        "notes": draw(text),
        "id_hash": draw(st.sampled_from(["", "ab" * 32])),
        "id_last4": draw(st.sampled_from(["", "123X"])),
        "merged_into": draw(st.none() | ids),
    }
    return OutgoingRow(draw(ids), draw(st.integers(1, 10**6)), draw(st.booleans()), values)


@st.composite
def session_rows(draw) -> OutgoingRow:  # noqa: ANN001
    start = draw(minutes)
    values = {
        "site_id": draw(ids),
        "course_id": draw(ids),
        "starts_at": start,
        "ends_at": start + dt.timedelta(minutes=draw(st.integers(1, 600))),
        "place": draw(text),
        "teacher_id": draw(st.none() | ids),
        "topic": draw(text),
        "notes": draw(text),
        "headcount": draw(st.none() | st.integers(0, 100_000)),
    }
    return OutgoingRow(draw(ids), draw(st.integers(1, 99)), draw(st.booleans()), values)


@st.composite
def marks(draw) -> OutgoingRow:  # noqa: ANN001
    values = {
        "site_id": draw(ids),
        "session_id": draw(ids),
        "resident_id": draw(ids),
        "present": draw(st.booleans()),
    }
    return OutgoingRow(
        attendance_id(values["session_id"], values["resident_id"]),
        draw(st.integers(1, 9)),
        False,
        values,
    )


def _without_derived(values: dict) -> dict:
    return {k: v for k, v in values.items() if k not in DERIVED_FIELDS["residents"]}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(resident_rows(), max_size=5),
    st.lists(session_rows(), max_size=5),
    st.lists(marks(), max_size=5),
)
def test_a_push_round_trips_through_json(residents, sessions, attendance) -> None:  # noqa: ANN001
    wire = protocol.encode_push(
        {"residents": residents, "sessions": sessions, "attendance": attendance}
    )
    decoded = protocol.decode_push(json.loads(protocol.dumps(wire)))
    expected = [("residents", r) for r in residents] + [("sessions", s) for s in sessions]
    expected += [("attendance", m) for m in attendance]
    assert [(t, r.id, r.rev, r.deleted, _without_derived(r.values)) for t, r in decoded] == [
        (t, r.id, r.rev, r.deleted, r.values) for t, r in expected
    ]


def test_attendance_ids_are_not_sent_but_derived() -> None:
    s, r = uuid.uuid4(), uuid.uuid4()
    row = OutgoingRow(
        attendance_id(s, r),
        1,
        False,
        {"site_id": uuid.uuid4(), "session_id": s, "resident_id": r, "present": True},
    )
    wire = protocol.encode_push({"attendance": [row]})
    assert attendance_id(s, r).hex not in json.dumps(wire)
    assert protocol.decode_push(wire)[0][1].id == attendance_id(s, r)


def test_the_resident_search_key_is_derived_by_the_receiver() -> None:
    row = OutgoingRow(
        uuid.uuid4(),
        1,
        False,
        resident_values(uuid.uuid4(), "张桂英"),
    )
    wire = protocol.encode_push({"residents": [row]})
    assert "zhangguiying" not in json.dumps(wire)
    decoded = protocol.decode_push(wire)[0][1].values
    assert decoded["search_key"] == "张桂英 zhangguiying zgy zanguiyin"
    assert decoded["name_pinyin"] == "zhangguiying"


@pytest.mark.parametrize(
    "bad",
    [
        [1, 0, "not-a-uuid", "张三", "", None, "", "", "", "", ""],
        ["x", 0],
        [uuid.uuid4().hex, 0, 0, uuid.uuid4().hex, "张三", "", None, "", "", "", "", ""],  # rev 0
        [
            uuid.uuid4().hex,
            1,
            0,
            uuid.uuid4().hex,
            None,
            "",
            None,
            "",
            "",
            "",
            "",
            "",
        ],  # name empty
        [
            uuid.uuid4().hex,
            1,
            0,
            uuid.uuid4().hex,
            "张三",
            "",
            "1980",
            "",
            "",
            "",
            "",
            "",
        ],  # year as text
        [
            uuid.uuid4().hex,
            1,
            0,
            uuid.uuid4().hex,
            "张三",
            "",
            True,
            "",
            "",
            "",
            "",
            "",
        ],  # bool as year
    ],
)
def test_an_unreadable_row_becomes_an_error_in_its_place(bad: list) -> None:
    good = [uuid.uuid4().hex, 1, 0, uuid.uuid4().hex, "李四", "", 1970, "", "", "", "", ""]
    good += ["", "", None]  # id_hash, id_last4, merged_into
    cols = list(protocol.CODECS["residents"].fields)
    decoded = protocol.decode_push({"residents": {"cols": cols, "rows": [bad, good]}})
    assert isinstance(decoded[0][1], ProtocolError)
    assert decoded[1][1].values["name"] == "李四"


def test_control_characters_and_overlong_text_are_refused() -> None:
    cols = list(protocol.CODECS["residents"].fields)
    site = uuid.uuid4().hex
    no_id = ["", "", None]  # id_hash, id_last4, merged_into
    rows = [
        [uuid.uuid4().hex, 1, 0, site, "张\x00三", "", None, "", "", "", "", "", *no_id],
        [uuid.uuid4().hex, 1, 0, site, "张三", "", None, "", "", "", "x" * 401, "", *no_id],
        [
            uuid.uuid4().hex,
            1,
            0,
            site,
            "张三",
            "",
            None,
            "",
            "",
            "",
            "",
            "第一行\n第二行\t缩进",
            *no_id,
        ],
    ]
    decoded = protocol.decode_push({"residents": {"cols": cols, "rows": rows}})
    assert [isinstance(r, ProtocolError) for _, r in decoded] == [True, True, False]


def test_times_with_an_offset_are_stored_in_utc() -> None:
    from core.values import decode

    assert decode("request_events", "at", "2026-11-25T14:30:00+08:00") == dt.datetime(
        2026, 11, 25, 6, 30
    )


def test_unknown_tables_and_columns_are_refused_whole() -> None:
    with pytest.raises(ProtocolError):
        protocol.decode_push({"passwords": {"cols": [], "rows": []}})
    with pytest.raises(ProtocolError):
        protocol.decode_push({"sites": {"cols": list(protocol.CODECS["sites"].fields), "rows": []}})
    with pytest.raises(ProtocolError):
        protocol.decode_push({"residents": {"cols": ["site_id", "name"], "rows": []}})
