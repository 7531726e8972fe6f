"""Sync bundles on a USB stick, against a real server on SQLite and PostgreSQL: a village with no link
sends its week through the town school's laptop and takes the answer back, and no bundle imported
twice, late, in the wrong order or after the network did the same changes anything."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select, update

from core import bundles, protocol, schema
from core.bundles import BundleError
from core.database import head_revision
from desktop.cli import export_rows
from desktop.services import demo
from desktop.services.reports import weekly_reports
from desktop.services.week import attendance, courses
from desktop.storage import settings as keys
from desktop.sync import bundles as kept_bundles
from desktop.sync.credentials import bundle_key_name, bundle_secret_name
from desktop.sync.status import sync_status
from server import admin, audit

from support import Device, District, synced_village
from wire import resident_values

BIN = Path(sys.executable).parent
MONDAY = dt.date(2026, 11, 16)
TODAY = dt.date(2026, 11, 25)


def _state(device: Device) -> dict[str, Any]:
    """Everything a bundle could change on a laptop: its records, what waits to be sent, its
    cursor and its outbox."""
    store = device.store
    with store.read() as conn:
        outbox = sorted(
            b.hex for b in conn.execute(select(schema.local_outbox.c.batch_id)).scalars()
        )
    return {
        "rows": export_rows(store),
        "pending": sync_status(store).pending_by_table,
        "cursor": keys.CURSOR.of(store.settings()),
        "outbox": outbox,
    }


def _server_counts(district: District) -> dict[str, int]:
    with district.engine.connect() as conn:
        counts = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in schema.SYNCED_TABLES
        }
        counts["seq"] = conn.execute(select(schema.server_counter.c.value)).scalar_one()
    return counts


def _week_of_work(device: Device, weeks: int = 1) -> None:
    demo.seed_demo(device.store, weeks=weeks, today=TODAY)


def _relay(town: Device, village_bundle: bytes, site) -> bytes:  # noqa: ANN001
    """The town takes the village's bundle in, syncs, and writes the answer out."""
    town.client.import_bundle(village_bundle)
    report = town.client.sync()
    assert report.bundles_refused == []
    out = town.store.engine.url.database + ".answer"
    kept_bundles.write_answer(town.store, site, Path(out))
    return Path(out).read_bytes()


def test_a_village_week_goes_through_the_town_and_the_answer_comes_back(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    t.client.sync()
    # The link goes down for weeks: the village records two weeks and submits a report.
    _week_of_work(v, weeks=2)
    weekly_reports.submit_week(v.store, MONDAY, "本周开展活动")
    pending = sync_status(v.store).pending
    assert pending > 400
    stick = tmp_path / "stick"
    stick.mkdir()
    written = v.client.export_bundle(stick / "up.ldbundle")
    assert written.changes == pending and written.seq == 1
    data = (stick / "up.ldbundle").read_bytes()
    assert b"\xe7\x8e\x89\xe5\xb1\x8f" not in data, "no record is readable on the stick"

    # The town takes it in: its inbox says what it holds, before anything goes up.
    taken = t.client.import_bundle(data)
    assert taken.kept is not None and taken.kept.site_name == "玉屏村学习中心"
    with v.store.read() as conn:
        sessions = conn.execute(select(func.count()).select_from(schema.sessions)).scalar_one()
    assert taken.kept.sessions == sessions and taken.kept.marks > 200
    assert taken.kept.reports == ((MONDAY.isoformat(), "submitted"),)
    t.client.import_bundle(data)  # twice: still one bundle to carry
    assert len(kept_bundles.kept(t.store, kept_bundles.CARRIED)) == 1
    assert _server_counts(district)["sessions"] == 0

    report = t.client.sync()
    assert [b.site_name for b in report.relayed] == ["玉屏村学习中心"]
    assert kept_bundles.kept(t.store, kept_bundles.CARRIED) == []
    assert _server_counts(district)["sessions"] == sessions
    with district.engine.connect() as conn:
        carried = [e for e in audit.entries(conn, kind=audit.BUNDLE_RELAYED)]
    assert [(e.device_id, e.site_id) for e in carried] == [
        (v.store.identity().device_id, district.village)
    ], "who carried whose records is on record"
    # The town sees the village's week at once, and reviews it.
    seen = weekly_reports.week_report(t.store, MONDAY, district.village)
    assert seen.status == "submitted"
    weekly_reports.approve_week(t.store, district.village, MONDAY, "很好")

    answer = stick / "back.ldbundle"
    kept_bundles.write_answer(t.store, district.village, answer)
    took = v.client.import_bundle(answer.read_bytes())
    assert (took.sent, took.rejected, took.already) == (pending, 0, False)
    assert sync_status(v.store).pending == 0
    after = _state(v)
    assert after["outbox"] == []
    again = v.client.import_bundle(answer.read_bytes())
    assert again.already and _state(v) == after

    # The next bundle brings the town's review back, through the same town.
    v.client.export_bundle(stick / "up2.ldbundle")
    back = _relay(t, (stick / "up2.ldbundle").read_bytes(), district.village)
    v.client.import_bundle(back)
    report_back = weekly_reports.week_report(v.store, MONDAY)
    assert (report_back.status, report_back.review_comment) == ("approved", "很好")

    # The link is back: the network has nothing to add, and nothing to send.
    synced = v.client.sync(verify=True)
    assert synced.sent == 0 and synced.repaired == []
    assert export_rows(v.store)["sessions"] == export_rows(t.store)["sessions"]


def test_bundles_twice_late_and_in_the_wrong_order_change_nothing(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    t.client.sync()
    stick = tmp_path / "stick"
    stick.mkdir()
    _week_of_work(v)
    v.client.export_bundle(stick / "1.ldbundle")
    _week_of_work(v)  # an earlier week, typed in from paper
    # The second carries the first one's batch again, and every later change once.
    assert v.client.export_bundle(stick / "2.ldbundle").changes == sync_status(v.store).pending
    one, two = ((stick / f"{n}.ldbundle").read_bytes() for n in (1, 2))

    # The town gets them in the wrong order, the first twice; the server answers both.
    answer_two = _relay(t, two, district.village)
    counts = _server_counts(district)
    answer_one = _relay(t, one, district.village)
    _relay(t, one, district.village)
    relayed = _server_counts(district)
    assert {k: v for k, v in relayed.items() if k not in ("seq", "site_activity")} == {
        k: v for k, v in counts.items() if k not in ("seq", "site_activity")
    }

    # The village takes the answers in the wrong order too: the older one is old news.
    v.client.import_bundle(answer_two)
    after_two = _state(v)
    assert after_two["pending"] == {} and after_two["outbox"] == []
    assert v.client.import_bundle(answer_one).already
    assert _state(v) == after_two

    # The network brings nothing more: every record went and came back once.
    assert v.client.sync(verify=True).sent == 0
    assert export_rows(v.store) == _state(v)["rows"]


def test_an_answer_that_arrives_after_the_network_changes_nothing(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    other = district.device(tmp_path, district.village, "village", "other")
    t = district.device(tmp_path, district.town, "town", "t")
    t.client.sync()
    _week_of_work(other)
    other.client.sync()
    v.client.sync()
    mark = next(m for m in export_rows(v.store)["attendance"] if m["present"])
    session, person = uuid.UUID(mark["session_id"]), uuid.UUID(mark["resident_id"])
    _week_of_work(v)
    v.client.export_bundle(tmp_path / "up.ldbundle")

    # The other laptop corrects a mark before the town carries the bundle, and again after:
    # the answer holds the first correction, the network the second.
    attendance.mark_absent(other.store, session, person)
    other.client.sync()
    answer = _relay(t, (tmp_path / "up.ldbundle").read_bytes(), district.village)
    counts = _server_counts(district)
    attendance.mark_present(other.store, session, person)
    other.client.sync()

    # The village reaches the server before the stick comes back: its batch is answered from
    # the server's memory, nothing doubled.
    v.client.sync()
    assert sync_status(v.store).pending == 0
    assert _server_counts(district)["attendance"] == counts["attendance"]
    before = _state(v)
    assert next(m for m in before["rows"]["attendance"] if m["id"] == mark["id"])["present"]
    taken = v.client.import_bundle(answer)
    assert not taken.already and taken.sent == 0
    assert _state(v) == before, "the older mark in the answer did not come back"


def test_a_return_bundle_is_refused_on_another_laptop(district: District, tmp_path: Path) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    w = district.device(tmp_path, district.other_village, "village", "w")
    t = district.device(tmp_path, district.town, "town", "t")
    t.client.sync()
    w.client.sync()
    _week_of_work(v)
    v.client.export_bundle(tmp_path / "up.ldbundle")
    answer = _relay(t, (tmp_path / "up.ldbundle").read_bytes(), district.village)
    with pytest.raises(BundleError) as err:
        w.client.import_bundle(answer)
    assert err.value.kind == bundles.NOT_FOR_THIS
    # A village cannot carry its neighbour's bundle, nor take its own in.
    with pytest.raises(BundleError) as err:
        w.client.import_bundle((tmp_path / "up.ldbundle").read_bytes())
    assert err.value.kind == bundles.OTHER_SITE
    with pytest.raises(BundleError) as err:
        v.client.import_bundle((tmp_path / "up.ldbundle").read_bytes())
    assert err.value.kind == bundles.GOING_UP
    shutil.rmtree(tmp_path / "stick", ignore_errors=True)


# --- damage and bad input ---------------------------------------------------------------------


def _damaged(data: bytes) -> list[tuple[str, bytes]]:
    """The bundle cut at every twentieth of its length, with single bits flipped in its header,
    nonce, payload, signature and GCM tag, and with bytes added."""
    out = [(f"cut at {k}/20", data[: len(data) * k // 20]) for k in range(20)]
    header_end = data.index(b"\n", data.index(b"\n") + 1) + 1
    tag = len(data) - bundles.TAG_BYTES
    signature = tag - bundles.MAC_BYTES
    positions = {0, 5, 21, 23, header_end // 2, header_end - 2, header_end - 1, header_end + 3}
    positions |= {header_end + 20, (header_end + signature) // 2, signature, tag - 1}
    positions |= {tag, tag + 8, len(data) - 1}
    positions |= set(random.Random(14).sample(range(len(data)), 12))
    for at in sorted(positions):
        for bit in (0, 7):
            flipped = bytearray(data)
            flipped[at] ^= 1 << bit
            out.append((f"bit {bit} of byte {at} flipped", bytes(flipped)))
    out += [("a byte added", data + b"\0"), ("a line added", data + b"\nok\n"), ("twice", data * 2)]
    return out


def _token(device: Device) -> str:
    token = device.credentials.get_token(device.store.identity().device_id.hex)
    assert token
    return token


def _post_relay(district: District, carrier: Device, data: bytes) -> requests.Response:
    return requests.post(
        district.url + bundles.RELAY_PATH,
        data=data,
        headers={"Authorization": f"Bearer {_token(carrier)}"},
        timeout=30,
    )


def test_a_damaged_bundle_is_refused_whole_everywhere(district: District, tmp_path: Path) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    t.client.sync()
    _week_of_work(v)
    v.client.export_bundle(tmp_path / "up.ldbundle")
    up = (tmp_path / "up.ldbundle").read_bytes()
    town_before, server_before = _state(t), _server_counts(district)

    for what, damaged in _damaged(up):
        with pytest.raises(BundleError) as err:
            t.client.import_bundle(damaged)
        assert err.value.kind in bundles.MESSAGES, what
        answer = _post_relay(district, t, damaged)
        assert 400 <= answer.status_code < 500, what
        assert answer.json()["message"].endswith("."), what
    assert kept_bundles.kept(t.store, kept_bundles.CARRIED) == []
    assert _state(t) == town_before
    assert _server_counts(district) == server_before

    back = _relay(t, up, district.village)
    village_before = _state(v)
    for what, damaged in _damaged(back):
        with pytest.raises(BundleError) as err:
            v.client.import_bundle(damaged)
        assert str(err.value) == bundles.MESSAGES[err.value.kind], what
    assert _state(v) == village_before
    assert v.client.import_bundle(back).sent > 0, "the bundle itself was sound"


def _forged(district: District, village: Device, key: bytes, secret: bytes, **header: Any) -> bytes:
    """A bundle made outside the app: the village's header unless ``header`` says otherwise, one
    exchange that pushes a resident at each village of the town."""
    identity = village.store.identity()
    fields = {
        "kind": bundles.UP,
        "server_id": identity.server_id,
        "site": identity.site_id,
        "device": identity.device_id,
        "protocol": protocol.PROTOCOL_VERSION,
        "schema": head_revision(),
        "created_at": "2026-11-25T06:30:00+00:00",
        "seq": 7,
        **header,
    }
    rows = [
        protocol.OutgoingRow(uuid.uuid4(), 1, False, resident_values(site, name))
        for site, name in ((district.village, "张三"), (district.other_village, "李四"))
    ]
    message = {
        "protocol": protocol.PROTOCOL_VERSION,
        "cursor": 0,
        "batch": uuid.uuid4().hex,
        "changes": protocol.encode_push({"residents": rows}),
    }
    return bundles.write_bundle(
        bundles.BundleHeader(**fields), {"messages": [message]}, key, secret
    )


def test_bundles_from_elsewhere_or_forged_are_refused_in_one_sentence(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    t.client.sync()
    with district.engine.begin() as conn:
        far_town = admin.add_site(conn, "河包镇社区学校", "town", district.district)
        far_village = admin.add_site(conn, "永兴村学习中心", "village", far_town)
    far = district.device(tmp_path, far_village, "village", "far")
    t.client.sync()
    key = bundles.key_bytes(
        v.credentials.get_token(bundle_key_name(v.store.identity().device_id.hex))
    )
    secret = bundles.key_bytes(
        v.credentials.get_token(bundle_secret_name(v.store.identity().device_id.hex))
    )
    _week_of_work(far)
    far.client.export_bundle(tmp_path / "far.ldbundle")
    cases = {
        bundles.OTHER_DISTRICT: _forged(
            district, v, os.urandom(32), os.urandom(32), server_id=uuid.uuid4().hex
        ),
        bundles.OTHER_SITE: (tmp_path / "far.ldbundle").read_bytes(),
        bundles.NEWER: _forged(district, v, key, secret, protocol=protocol.PROTOCOL_VERSION + 1),
        bundles.NOT_A_BUNDLE: b"PK\x03\x04" + os.urandom(2000),  # a spreadsheet, say
    }
    newer_format = _forged(district, v, key, secret)
    cases["newer format"] = newer_format.replace(b"BUNDLE 1\n", b"BUNDLE 2\n", 1)
    server_before = _server_counts(district)
    for kind, data in cases.items():
        expected = bundles.NEWER if kind == "newer format" else kind
        with pytest.raises(BundleError) as err:
            t.client.import_bundle(data)
        assert err.value.kind == expected
        answer = _post_relay(district, t, data)
        assert (answer.status_code, answer.json()["error"]) == (
            403 if expected in (bundles.OTHER_DISTRICT, bundles.OTHER_SITE) else 400,
            expected,
        )
    with pytest.raises(BundleError) as err:
        v.client.import_bundle(cases[bundles.OTHER_DISTRICT])
    assert err.value.kind == bundles.OTHER_DISTRICT
    assert _server_counts(district) == server_before

    # The town holds the district's key, so it can read a village's bundle; it cannot sign one.
    forged = _forged(district, v, key, os.urandom(32))
    t.client.import_bundle(forged)  # the town cannot tell, the server can
    report = t.client.sync()
    assert [(b.site_name, kind) for b, kind in report.bundles_refused] == [
        ("玉屏村学习中心", bundles.DAMAGED)
    ]
    assert kept_bundles.kept(t.store, kept_bundles.CARRIED) == []
    assert _server_counts(district)["residents"] == server_before["residents"]

    # Signed by the village itself, a bundle writes only what the village could: the resident
    # at its own site goes in, the one at its neighbour's is refused.
    answer = _post_relay(district, t, _forged(district, v, key, secret))
    assert answer.status_code == 200
    [entry] = bundles.open_payload(answer.content, key)["answers"]
    assert list(entry["answer"]["rejected"]) == ["1"]
    assert "outside this device's scope" in entry["answer"]["rejected"]["1"]
    with district.engine.connect() as conn:
        names = set(conn.execute(select(schema.residents.c.name)).scalars())
    assert "张三" in names and "李四" not in names


# --- a laptop replaced ---------------------------------------------------------------------------


def test_a_new_laptop_gets_its_site_and_the_old_ones_bundles_are_refused(
    district: District, tmp_path: Path
) -> None:
    old = synced_village(district, tmp_path, "old")
    t = district.device(tmp_path, district.town, "town", "t")
    new = district.device(tmp_path, district.village, "village", "new")
    new.client.sync()
    assert export_rows(new.store) == export_rows(old.store)
    assert sync_status(new.store).pending == 0

    t.client.sync()
    with t.store.read() as conn:
        laptops = set(
            conn.execute(
                select(schema.site_activity.c.device_name).where(
                    schema.site_activity.c.site_id == district.village
                )
            ).scalars()
        )
    assert laptops == {"old", "new"}

    # The old laptop wrote one more bundle before it was handed in; the district revokes it.
    _week_of_work(old)
    old.client.export_bundle(tmp_path / "old.ldbundle")
    with district.engine.begin() as conn:
        admin.revoke_device(conn, old.store.identity().device_id)
    t.client.import_bundle((tmp_path / "old.ldbundle").read_bytes())
    before = _server_counts(district)
    report = t.client.sync()
    assert [(b.site_name, kind) for b, kind in report.bundles_refused] == [
        ("玉屏村学习中心", bundles.DEVICE_REFUSED)
    ]
    assert kept_bundles.kept(t.store, kept_bundles.CARRIED) == []
    after = _server_counts(district)
    assert after["sessions"] == before["sessions"] and after["attendance"] == before["attendance"]
    answer = _post_relay(district, t, (tmp_path / "old.ldbundle").read_bytes())
    assert (answer.status_code, answer.json()["error"]) == (403, bundles.DEVICE_REFUSED)


# --- keys --------------------------------------------------------------------------------------


def test_a_laptop_enrolled_before_bundles_gets_its_keys_at_its_next_sync(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    device = v.store.identity().device_id
    for name in (bundle_key_name, bundle_secret_name):
        v.credentials.delete_token(name(device.hex))
    with district.engine.begin() as conn:
        conn.execute(
            update(schema.server_devices)
            .where(schema.server_devices.c.id == device)
            .values(bundle_secret=None)
        )
    with pytest.raises(BundleError) as err:
        v.client.export_bundle(tmp_path / "none.ldbundle")
    assert err.value.kind == bundles.NO_KEYS and not (tmp_path / "none.ldbundle").exists()

    v.client.sync()
    secret = v.credentials.get_token(bundle_secret_name(device.hex))
    with district.engine.connect() as conn:
        stored = conn.execute(
            select(schema.server_devices.c.bundle_secret).where(
                schema.server_devices.c.id == device
            )
        ).scalar_one()
    assert secret and secret == stored
    _week_of_work(v)
    v.client.export_bundle(tmp_path / "up.ldbundle")
    # The keys live in the keyring only: not in the laptop's files.
    files = b"".join(p.read_bytes() for p in (tmp_path / "v").glob("learning-desk.sqlite3*"))
    key = v.credentials.get_token(bundle_key_name(device.hex))
    assert key and key.encode() not in files and secret.encode() not in files


# --- the command line ----------------------------------------------------------------------------


def test_the_command_line_carries_a_week_by_stick(
    sqlite_district: District, tmp_path: Path
) -> None:
    district = sqlite_district
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    env.pop("LEARNING_DESK_DATA", None)

    def desk(data: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(BIN / "learning-desk"), "--data-dir", str(tmp_path / data), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert (done.returncode == 0) == ok, done.stderr
        return done

    desk("village", "enroll", district.url, district.code(district.village, "village"))
    desk("town", "enroll", district.url, district.code(district.town, "town"))
    desk("town", "sync")
    desk("village", "demo", "--weeks", "1")
    up, back = str(tmp_path / "up.ldbundle"), str(tmp_path / "back.ldbundle")
    assert "Wrote sync bundle 1" in desk("village", "bundle", "export", up).stdout

    refused = desk("village", "bundle", "import", up, ok=False)
    assert refused.stderr.strip() == bundles.MESSAGES[bundles.GOING_UP]
    kept = desk("town", "bundle", "import", up).stdout
    assert kept.startswith("Kept bundle 1 of 玉屏村学习中心:") and "attendance mark(s)" in kept
    nothing = desk("town", "bundle", "export", "--for", "玉屏村学习中心", back, ok=False)
    assert nothing.stderr.strip() == bundles.MESSAGES[bundles.NO_ANSWER]
    assert "Carried the bundle of 玉屏村学习中心" in desk("town", "sync").stdout
    desk("town", "bundle", "export", "--for", "玉屏村学习中心", back)

    took = desk("village", "bundle", "import", back).stdout
    assert took.startswith("Took in the district's answer to bundle 1:") and "0 waiting" in took
    status = json.loads(desk("village", "status", "--json").stdout)
    assert status["pending_total"] == 0


def test_kept_bundles_are_the_users_alone_and_no_folder_is_made_for_nothing(
    sqlite_district: District, tmp_path: Path
) -> None:
    district = sqlite_district
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    t.client.sync()
    assert not (tmp_path / "t" / "bundles").exists()
    _week_of_work(v)
    v.client.export_bundle(tmp_path / "up.ldbundle")
    kept = t.client.import_bundle((tmp_path / "up.ldbundle").read_bytes()).kept
    assert kept is not None
    for path in (tmp_path / "t" / "bundles", kept.path.parent):
        assert path.stat().st_mode & 0o777 == 0o700
    for path in (kept.path, kept.path.with_suffix(".json")):
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_village_moved_while_offline_downloads_its_scope_again_by_stick(
    district: District, tmp_path: Path
) -> None:
    with district.engine.begin() as conn:
        town_b = admin.add_site(conn, "河包镇社区学校", "town", district.district)
    v = district.device(tmp_path, district.village, "village", "v")
    tb = district.device(tmp_path, town_b, "town", "tb")
    courses.create_course(tb.store, courses.CourseInput("镇乙的课", "education"))
    tb.client.sync()
    v.client.sync()
    _week_of_work(v)
    with district.engine.begin() as conn:
        admin.move_site(conn, district.village, town_b)
    assert tb.client.sync().redownloaded == ["scope"]

    # The first bundle finds the village's scope changed: nothing applied, download it again.
    v.client.export_bundle(tmp_path / "1.ldbundle")
    v.client.import_bundle(_relay(tb, (tmp_path / "1.ldbundle").read_bytes(), district.village))
    assert keys.RESCAN_TABLES.of(v.store.settings()) and sync_status(v.store).pending > 0
    # The second carries that download and the week; its answer finishes both.
    v.client.export_bundle(tmp_path / "2.ldbundle")
    v.client.import_bundle(_relay(tb, (tmp_path / "2.ldbundle").read_bytes(), district.village))
    assert not keys.RESCAN_TABLES.of(v.store.settings())
    assert sync_status(v.store).pending == 0
    with v.store.read() as conn:
        titles = set(conn.execute(select(schema.courses.c.title)).scalars())
    assert "镇乙的课" in titles
    report = v.client.sync(verify=True)
    assert (report.redownloaded, report.sent, report.repaired) == ([], 0, [])
