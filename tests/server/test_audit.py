"""The district's audit log (server/audit.py): codes handed out, revocations, weekly reports approved
or returned, refused requests and refused changes, each a row of ``server_audit`` and a line on the
``learning_desk.audit`` logger, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine, func, select, text

from core import protocol, schema
from core.clock import FixedClock
from core.ids import weekly_report_id
from core.protocol import OutgoingRow
from server import admin, audit, cli, sequence
from server import sync as server_sync
from server.app import create_app
from server.embedded import ServerThread

from wire import NOW, make_district, resident_values

V = protocol.PROTOCOL_VERSION
WEEK = dt.date(2026, 11, 16)


@dataclass
class Tree:
    engine: Engine
    sites: dict[str, uuid.UUID]
    clock: FixedClock

    def device(self, site: str, role: str) -> tuple[server_sync.Device, str]:
        """A device enrolled at ``site``, and its token."""
        with self.engine.begin() as conn:
            code = admin.enrollment_code(conn, self.sites[site], role)
        answer = server_sync.enroll(self.engine, {"protocol": V, "code": code}, self.clock)
        device = server_sync.Device(uuid.UUID(answer["device_id"]), self.sites[site], role)
        return device, answer["token"]

    def entries(self, kind: str | None = None) -> list[audit.Entry]:
        with self.engine.connect() as conn:
            return list(audit.entries(conn, kind=kind))

    def push(self, device: server_sync.Device, table: str, *rows: OutgoingRow, batch: str = ""):  # noqa: ANN201
        message = {
            "protocol": V,
            "cursor": 0,
            "limit": 1,
            "batch": batch or uuid.uuid4().hex,
            "changes": protocol.encode_push({table: list(rows)}),
        }
        return server_sync.exchange(self.engine, device, message, self.clock)


@pytest.fixture
def tree(server_db_url: str) -> Iterator[Tree]:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    yield Tree(engine, sites, clock)
    engine.dispose()


def _drop_audit_table(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE server_audit"))


def test_codes_and_revocations_name_their_site_and_device_never_the_code(
    tree: Tree, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "learning_desk.audit")
    with tree.engine.begin() as conn:
        code = admin.enrollment_code(conn, tree.sites["village"], "village")
    [issued] = tree.entries(audit.CODE_ISSUED)
    assert issued.site_id == tree.sites["village"] and issued.device_id is None
    answer = server_sync.enroll(tree.engine, {"protocol": V, "code": code}, tree.clock)
    device_id = uuid.UUID(answer["device_id"])
    with tree.engine.begin() as conn:
        admin.revoke_device(conn, device_id)
    [revoked] = tree.entries(audit.REVOKED)
    assert (revoked.device_id, revoked.site_id) == (device_id, tree.sites["village"])
    plain = admin.normalise_code(code)
    for entry in tree.entries():
        assert plain not in entry.detail and code not in entry.detail
    assert plain not in caplog.text and answer["token"] not in caplog.text
    lines = [r.getMessage() for r in caplog.records if r.name == "learning_desk.audit"]
    assert any(f"revoked\t{device_id.hex}\t{tree.sites['village'].hex}" in line for line in lines)
    assert any(line.split("\t")[1] == "code_issued" for line in lines)


def test_refusals_are_written_with_the_address_and_the_device_when_known(tree: Tree) -> None:
    device, token = tree.device("village", "village")
    revoked, old_token = tree.device("other_village", "village")
    with tree.engine.begin() as conn:
        admin.revoke_device(conn, revoked.id)
    with ServerThread(create_app(tree.engine, tree.clock)) as srv:

        def sync(bearer: str, body: dict) -> httpx.Response:
            return httpx.post(
                srv.url + protocol.SYNC_PATH,
                json=body,
                headers={"Authorization": f"Bearer {bearer}"},
                timeout=20,
            )

        wrong = httpx.post(
            srv.url + protocol.ENROLL_PATH, json={"protocol": V, "code": "WRONG-CODE1"}, timeout=20
        )
        unknown = sync("not-a-token", {"protocol": V})
        gone = sync(old_token, {"protocol": V})
        replay = {"protocol": V, "batch": uuid.uuid4().hex}
        row = OutgoingRow(uuid.uuid4(), 1, False, resident_values(device.site_id, "甲"))
        first = sync(token, {**replay, "changes": protocol.encode_push({"residents": [row]})})
        assert first.status_code == 200
        other = OutgoingRow(uuid.uuid4(), 1, False, resident_values(device.site_id, "乙"))
        mismatch = sync(token, {**replay, "changes": protocol.encode_push({"residents": [other]})})
    assert [r.status_code for r in (wrong, unknown, gone, mismatch)] == [403, 401, 401, 409]
    refused = tree.entries(audit.REFUSED)
    assert [e.detail.split(":")[0] for e in refused] == [
        "403 bad_code",
        "401 unauthorized",
        "401 unauthorized",
        "409 batch_mismatch",
    ]
    assert all(e.address == "127.0.0.1" for e in refused)
    assert [(e.device_id, e.site_id) for e in refused] == [
        (None, None),
        (None, None),
        (revoked.id, revoked.site_id),
        (device.id, device.site_id),
    ]
    assert refused[0].detail.endswith("The enrollment code is wrong or has already been used.")


def test_a_refusal_is_answered_alike_when_its_entry_cannot_be_written(
    tree: Tree, caplog: pytest.LogCaptureFixture
) -> None:
    _drop_audit_table(tree.engine)
    with ServerThread(create_app(tree.engine, tree.clock)) as srv:
        wrong = httpx.post(
            srv.url + protocol.ENROLL_PATH, json={"protocol": V, "code": "WRONG-CODE1"}, timeout=20
        )
        unknown = httpx.post(
            srv.url + protocol.SYNC_PATH,
            json={"protocol": V},
            headers={"Authorization": "Bearer nobody"},
            timeout=20,
        )
    assert (wrong.status_code, unknown.status_code) == (403, 401)
    assert wrong.json()["error"] == "bad_code" and unknown.json()["error"] == "unauthorized"
    lines = [r.getMessage() for r in caplog.records if r.name == "learning_desk.audit"]
    assert sum("not stored: the database refused it" in line for line in lines) == 2


def test_one_address_stores_a_bounded_number_of_refusals(
    tree: Tree, caplog: pytest.LogCaptureFixture
) -> None:
    refusals = audit.Refusals(tree.engine, tree.clock, per_address=3)
    for _ in range(5):
        refusals.record("10.0.0.9", 401, "unauthorized: no")
    refusals.record("10.0.0.8", 401, "unauthorized: no")
    assert [e.address for e in tree.entries()] == ["10.0.0.9"] * 3 + ["10.0.0.8"]
    assert caplog.text.count("not stored: too many refusals from this address") == 2
    tree.clock.advance(minutes=11)
    refusals.record("10.0.0.9", 401, "unauthorized: no")
    assert len(tree.entries()) == 5


def _seed_submitted_report(tree: Tree) -> OutgoingRow:
    """The village's report of WEEK as submitted, written straight into storage; returns the row a
    reviewer's laptop would push back with a new status."""
    site = tree.sites["village"]
    values = {
        "site_id": site,
        "week_start": WEEK,
        "status": "submitted",
        "figures": {},
        "remark": "",
        "review_comment": "",
        "submitted_at": dt.datetime(2026, 11, 22, 10),
    }
    report_id = weekly_report_id(site, WEEK)
    with tree.engine.begin() as conn:
        sequence.lock_sequence(conn)
        seq = sequence.allocate(conn, 1)
        conn.execute(
            schema.weekly_reports.insert().values(
                id=report_id,
                **values,
                local_rev=1,
                synced_rev=1,
                pending=False,
                server_seq=seq,
                deleted=False,
                updated_at=NOW.replace(tzinfo=None),
            )
        )
    return OutgoingRow(report_id, 2, False, values, base=seq, changed=frozenset({"status"}))


def _review(row: OutgoingRow, status: str, rev: int) -> OutgoingRow:
    return OutgoingRow(row.id, rev, False, {**row.values, "status": status}, row.base, row.changed)


def _status(tree: Tree, report_id: uuid.UUID) -> str:
    t = schema.weekly_reports
    with tree.engine.connect() as conn:
        return conn.execute(select(t.c.status).where(t.c.id == report_id)).scalar_one()


def test_approvals_and_returns_are_written_with_the_push_that_applies_them(
    tree: Tree, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "learning_desk.audit")
    town, _ = tree.device("town", "town")
    submitted = _seed_submitted_report(tree)
    batch = uuid.uuid4().hex
    answer = tree.push(town, "weekly_reports", _review(submitted, "approved", 2), batch=batch)
    assert not answer["rejected"]
    # The same batch again (its answer was lost) is answered from memory and writes nothing more.
    tree.push(town, "weekly_reports", _review(submitted, "approved", 2), batch=batch)
    # The town's laptop sends the approved report back unchanged: no second approval.
    tree.push(town, "weekly_reports", _review(submitted, "approved", 3))
    tree.push(town, "weekly_reports", _review(submitted, "returned", 4))
    assert _status(tree, submitted.id) == "returned"
    reviews = [e for e in tree.entries() if e.kind.startswith("report_")]
    assert [e.kind for e in reviews] == [audit.REPORT_APPROVED, audit.REPORT_RETURNED]
    assert {(e.device_id, e.site_id) for e in reviews} == {(town.id, tree.sites["village"])}
    assert all(submitted.id.hex in e.detail and "2026-11-16" in e.detail for e in reviews)
    lines = [r.getMessage() for r in caplog.records if r.name == "learning_desk.audit"]
    assert sum("\treport_" in line for line in lines) == 2


def test_an_approval_is_not_stored_without_its_entry(tree: Tree) -> None:
    town, _ = tree.device("town", "town")
    submitted = _seed_submitted_report(tree)
    _drop_audit_table(tree.engine)
    with pytest.raises(Exception):  # noqa: B017, PT011 - whichever error the database raises
        tree.push(town, "weekly_reports", _review(submitted, "approved", 2))
    assert _status(tree, submitted.id) == "submitted"


def test_refused_changes_are_counted_with_their_reasons(tree: Tree) -> None:
    village, _ = tree.device("village", "village")
    elsewhere = [
        OutgoingRow(uuid.uuid4(), 1, False, resident_values(tree.sites["other_village"], n))
        for n in ("甲", "乙")
    ]
    fine = OutgoingRow(uuid.uuid4(), 1, False, resident_values(village.site_id, "丙"))
    answer = tree.push(village, "residents", *elsewhere, fine)
    assert set(answer["rejected"]) == {"0", "1"}
    [entry] = tree.entries(audit.CHANGES_REFUSED)
    assert (entry.device_id, entry.site_id) == (village.id, village.site_id)
    assert entry.detail.startswith("batch ") and "2 of 3 changes refused: 2 × " in entry.detail
    assert answer["rejected"]["0"] in entry.detail
    assert "甲" not in entry.detail and "乙" not in entry.detail
    # A push with nothing refused adds nothing.
    tree.push(village, "residents", OutgoingRow(uuid.uuid4(), 1, False, fine.values))
    assert len(tree.entries(audit.CHANGES_REFUSED)) == 1


def test_an_entry_whose_transaction_rolls_back_leaves_no_row_and_no_line(
    tree: Tree, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "learning_desk.audit")
    with pytest.raises(RuntimeError), tree.engine.begin() as conn:
        audit.record(conn, audit.REVOKED, at=NOW, detail="undone")
        raise RuntimeError("the rest of the work failed")
    with tree.engine.begin() as conn:
        audit.record(conn, audit.REVOKED, at=NOW, detail="kept")
    assert [e.detail for e in tree.entries()] == ["kept"]
    assert "undone" not in caplog.text and "kept" in caplog.text


def test_an_entry_is_one_line_whatever_its_detail_holds(tree: Tree) -> None:
    with tree.engine.begin() as conn:
        forged = audit.record(conn, audit.REFUSED, at=NOW, detail="400 x\n2026-11-25\trevoked")
    assert forged.detail == "400 x 2026-11-25 revoked" and "\n" not in forged.line()


def test_the_audit_command_lists_entries_from_a_day_and_of_a_kind(
    tree: Tree, server_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    moments = {
        # 23:00 on the 24th in China: before the day asked for, though the 25th in no zone west.
        "late": dt.datetime(2026, 11, 24, 15, tzinfo=dt.UTC),
        # 01:00 on the 25th in China, still the 24th in UTC.
        "early": dt.datetime(2026, 11, 24, 17, tzinfo=dt.UTC),
        "noon": dt.datetime(2026, 11, 25, 4, tzinfo=dt.UTC),
    }
    with tree.engine.begin() as conn:
        for name, at in moments.items():
            audit.record(conn, audit.REFUSED, at=at, address="10.1.2.3", detail=f"401 {name}")
        audit.record(conn, audit.REVOKED, at=moments["noon"], device_id=uuid.UUID(int=7))
    assert cli.main(["--db", server_db_url, "audit", "--since", "2026-11-25"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[5] for line in lines] == ["401 early", "401 noon", "-"]
    assert lines[0] == "2026-11-24T17:00:00Z\trefused\t-\t-\t10.1.2.3\t401 early"
    assert cli.main(["--db", server_db_url, "audit", "--kind", "revoked", "--json"]) == 0
    [only] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert only == {
        "at": "2026-11-25T04:00:00Z",
        "kind": "revoked",
        "device_id": uuid.UUID(int=7).hex,
        "site_id": None,
        "address": None,
        "detail": "",
    }
    with pytest.raises(SystemExit):
        cli.main(["--db", server_db_url, "audit", "--since", "last week"])


@pytest.mark.parametrize("server_db_url", ["postgres"], indirect=True)
def test_a_row_the_database_refuses_is_logged_without_its_values(
    tree: Tree, caplog: pytest.LogCaptureFixture
) -> None:
    village, _ = tree.device("village", "village")
    # Beyond a 32-bit integer: PostgreSQL refuses the row, and its error would quote the values.
    row = OutgoingRow(
        uuid.uuid4(),
        1,
        False,
        resident_values(village.site_id, "王秀英", phone="13812345678", birth_year=10**12),
    )
    answer = tree.push(village, "residents", row)
    assert answer["rejected"]["0"] == "the server could not store this record"
    assert f"residents/{row.id} refused by the database" in caplog.text
    assert "王秀英" not in caplog.text and "13812345678" not in caplog.text
    with tree.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.residents)).scalar_one() == 0
