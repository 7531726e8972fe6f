"""Downloading a scope again, on SQLite and PostgreSQL: after a village moves to another town, after
the server prunes old deletions, and after verification finds a damaged table. Each laptop ends with
exactly what it may read, keeps its pending changes, and resumes a download that was cut off."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core import schema
from desktop.cli import export_rows, export_tables
from desktop.services import demo
from desktop.services.demand import requests as req
from desktop.services.people import residents
from desktop.services.week import courses, sessions
from desktop.storage import settings as keys
from desktop.sync import client as client_module
from desktop.sync import errors
from desktop.sync.errors import SyncError
from desktop.sync.status import rejections, sync_status
from server import admin
from server.db import PRUNED_SEQ, get_meta
from server.scope import scope_for

from support import Device, District
from wire import NOW

START = dt.datetime(2026, 11, 23, 14)


def _server_view(district: District, device: Device) -> dict[str, list[dict[str, Any]]]:
    """What ``device`` may read of the server's records now (its last contact left out: that
    changes with every exchange)."""
    identity = device.store.identity()
    with district.engine.connect() as conn:
        scope = scope_for(conn, identity.role, identity.site_id)
        tables = export_tables(conn)
    out = {}
    for name, rows in tables.items():
        readable = scope.readable_sites(name)
        out[name] = [r for r in rows if readable is None or uuid.UUID(r["site_id"]) in readable]
    return out


def _holds_its_scope(district: District, device: Device, *, but: tuple[str, ...] = ()) -> None:
    mine, theirs = export_rows(device.store), _server_view(district, device)
    for name in mine:
        if name != "site_activity" and name not in but:
            assert mine[name] == theirs[name], name


def _no_download_left(device: Device) -> None:
    with device.store.read() as conn:
        seen = conn.execute(select(func.count()).select_from(schema.local_rescan_seen)).scalar()
    assert seen == 0
    assert not {keys.RESCAN_TABLES.key, keys.RESCAN_CURSOR.key} & set(device.store.settings())


def _names(device: Device, site: uuid.UUID | None = None) -> set[str]:
    with device.store.read() as conn:
        stmt = select(schema.residents.c.name).where(schema.residents.c.deleted.is_(False))
        if site is not None:
            stmt = stmt.where(schema.residents.c.site_id == site)
        return set(conn.execute(stmt).scalars())


def _delete_resident(device: Device, resident_id: uuid.UUID) -> None:
    with device.store.write() as w:  # the register has no delete: residents leave by merging
        w.delete(schema.residents, resident_id)


def _second_town(district: District) -> uuid.UUID:
    with district.engine.begin() as conn:
        return admin.add_site(conn, "河包镇社区学校", "town", district.district)


def _record_week(device: Device, *names: str) -> uuid.UUID:
    """A course, people, a session with their marks, and a request taken up by the town."""
    course, _ = courses.create_course(device.store, courses.CourseInput("夏布编织", "culture"))
    s, _ = sessions.record_session(
        device.store, sessions.SessionInput(course.id, START, START + dt.timedelta(hours=2))
    )
    for name in names:
        person, _ = residents.add_resident(device.store, residents.ResidentInput(name))
        from desktop.services.week import attendance

        attendance.mark_present(device.store, s.id, person.id)
    request, _ = req.file_request(device.store, req.RequestInput("梨园修剪技术", "income"))
    req.advance_request(device.store, request.id, "collected")
    req.advance_request(device.store, request.id, "town_organises")
    return request.id


# --- a village moves to another town ----------------------------------------------------------


def test_a_village_moved_to_another_town_goes_with_its_history(
    district: District, tmp_path: Path
) -> None:
    town_b = _second_town(district)
    village = district.device(tmp_path, district.village, "village", "v")
    town_a = district.device(tmp_path, district.town, "town", "ta")
    town_b_laptop = district.device(tmp_path, town_b, "town", "tb")
    neighbour = district.device(tmp_path, district.other_village, "village", "n")
    courses.create_course(town_a.store, courses.CourseInput("镇甲的课", "education"))
    courses.create_course(town_b_laptop.store, courses.CourseInput("镇乙的课", "education"))
    request_id = _record_week(village, "张三", "李四")
    residents.add_resident(neighbour.store, residents.ResidentInput("荣升村村民"))
    for d in (town_a, town_b_laptop, neighbour, village, town_a, town_b_laptop):
        assert d.client.sync().redownloaded == []
    assert _names(town_a) == {"张三", "李四", "荣升村村民"}
    assert _names(town_b_laptop) == set()

    # Offline, before anyone hears of the move: the old town takes a step on the village's request
    # and records its own work; the village records someone new.
    req.advance_request(town_a.store, request_id, "district_coordinates")
    with town_a.store.write() as w:  # a town may correct its villages' requests
        w.update(schema.requests, request_id, {"household": "二组李家"})
    residents.add_resident(town_a.store, residents.ResidentInput("镇甲干部"))
    residents.add_resident(village.store, residents.ResidentInput("王五"))

    with district.engine.begin() as conn:
        move = admin.move_site(conn, district.village, town_b)
    assert (move.moved, move.rescoped) == (1, 3)  # the village, the town it left, the one it joined

    # The new town gets the village's whole history, though it is numbered below its cursor.
    report = town_b_laptop.client.sync()
    assert report.redownloaded == ["scope"]
    assert _names(town_b_laptop) == {"张三", "李四"}
    assert req.get_request(town_b_laptop.store, request_id).status == "town_organises"
    _holds_its_scope(district, town_b_laptop)
    _no_download_left(town_b_laptop)

    # The old town loses it, keeps its own pending work (which reaches the server), and its step on
    # the village's request and its correction are refused with a reason it can read: they stay on
    # the laptop as it made them, not dropped silently.
    report = town_a.client.sync()
    assert report.redownloaded == ["scope"]
    assert report.rejected == 2
    assert _names(town_a) == {"荣升村村民", "镇甲干部"}
    with town_a.store.read() as conn:
        sites = set(conn.execute(select(schema.sites.c.id)).scalars())
        left = conn.execute(
            select(schema.request_events.c.to_status).where(
                schema.request_events.c.request_id == request_id
            )
        ).all()
    assert district.village not in sites
    assert left == [("district_coordinates",)], "only its own refused step stays, not synced"
    refused = rejections(town_a.store)
    assert {r.table for r in refused} == {"request_events", "requests"}
    assert all("outside this device's scope" in r.reason for r in refused)
    with town_a.store.read() as conn:
        household = conn.execute(
            select(schema.requests.c.household).where(schema.requests.c.id == request_id)
        ).scalar_one()
    assert household == "二组李家"
    assert sync_status(town_a.store).pending == 0
    with district.engine.connect() as conn:
        on_server = set(conn.execute(select(schema.residents.c.name)).scalars())
    assert "镇甲干部" in on_server
    _holds_its_scope(district, town_a, but=("requests", "request_events"))

    # The village itself reads another town's courses now, and goes on syncing as before.
    report = village.client.sync()
    assert report.redownloaded == ["scope"]
    with village.store.read() as conn:
        titles = set(conn.execute(select(schema.courses.c.title)).scalars())
    assert titles == {"夏布编织", "镇乙的课"}
    _holds_its_scope(district, village)
    residents.add_resident(village.store, residents.ResidentInput("赵六"))
    assert village.client.sync().redownloaded == []
    assert town_b_laptop.client.sync().redownloaded == []
    assert _names(town_b_laptop) == {"张三", "李四", "王五", "赵六"}
    # The neighbour, whose scope did not change, never downloads again.
    assert neighbour.client.sync().redownloaded == []
    _holds_its_scope(district, neighbour)


def test_adding_a_site_does_not_make_anyone_download_again(
    district: District, tmp_path: Path
) -> None:
    town = district.device(tmp_path, district.town, "town", "t")
    village = district.device(tmp_path, district.village, "village", "v")
    residents.add_resident(village.store, residents.ResidentInput("张三"))
    village.client.sync()
    town.client.sync()
    with district.engine.begin() as conn:
        new = admin.add_site(conn, "新建村学习中心", "village", district.town)
        admin.add_site(conn, "玉屏村二组实践点", "point", district.village)
    newcomer = district.device(tmp_path, new, "village", "new")
    residents.add_resident(newcomer.store, residents.ResidentInput("新村民"))
    newcomer.client.sync()
    assert town.client.sync().redownloaded == []
    assert village.client.sync().redownloaded == []
    assert _names(town) == {"张三", "新村民"}


@pytest.mark.parametrize(
    ("what", "where", "needle"),
    [
        ("village", "village", "under itself or a site below it"),
        ("village", "other_village", "A village cannot be placed under a village"),
        ("district", "town", "top of the tree"),
        ("village", "town", "already under"),
        ("town", "missing", "There is no site"),
    ],
)
def test_a_move_that_makes_no_sense_is_refused_with_a_sentence(
    district: District, what: str, where: str, needle: str
) -> None:
    target = uuid.uuid4() if where == "missing" else getattr(district, where)
    with district.engine.connect() as conn:
        before = conn.execute(select(schema.sites.c.id, schema.sites.c.path)).all()
    with district.engine.begin() as conn, pytest.raises(admin.AdminError) as err:
        admin.move_site(conn, getattr(district, what), target)
    assert needle in str(err.value)
    with district.engine.connect() as conn:
        assert conn.execute(select(schema.sites.c.id, schema.sites.c.path)).all() == before


def test_a_town_moved_under_its_own_village_is_refused(district: District) -> None:
    with district.engine.begin() as conn, pytest.raises(admin.AdminError) as err:
        admin.move_site(conn, district.town, district.village)
    assert "under itself or a site below it" in str(err.value)


def test_a_move_renumbers_the_whole_subtree_in_one_go(district: District) -> None:
    town_b = _second_town(district)
    with district.engine.begin() as conn:
        point = admin.add_site(conn, "玉屏村二组实践点", "point", district.village)
        admin.move_site(conn, district.village, town_b)
    with district.engine.connect() as conn:
        rows = {
            r.id: r
            for r in conn.execute(
                select(schema.sites).where(schema.sites.c.id.in_([district.village, point, town_b]))
            )
        }
    b, v, p = rows[town_b], rows[district.village], rows[point]
    assert v.parent_id == town_b and v.path == f"{b.path}{district.village.hex}/"
    assert p.path == f"{v.path}{point.hex}/"
    assert v.server_seq > b.server_seq and p.server_seq > b.server_seq


# --- old deletions pruned -----------------------------------------------------------------------


def test_a_laptop_behind_pruned_deletions_downloads_again_and_keeps_its_edits(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    people = {
        name: residents.add_resident(a.store, residents.ResidentInput(name))[0].id
        for name in ("张三", "李四", "王五")
    }
    a.client.sync()
    b.client.sync()
    _delete_resident(a, people["张三"])
    assert a.client.sync().sent == 1
    # b, offline, edits someone else and records someone new meanwhile.
    residents.edit_resident(
        b.store, people["李四"], residents.ResidentInput("李四", phone="13800000000")
    )
    residents.add_resident(b.store, residents.ResidentInput("赵六"))
    with district.engine.begin() as conn:
        pruned = admin.prune_tombstones(conn, dt.timedelta(days=30), NOW + dt.timedelta(days=45))
        assert pruned.removed == {"residents": 1}
        assert int(get_meta(conn, PRUNED_SEQ)) == pruned.high > 0
    assert "张三" in _names(b)

    seen: list = []
    report = b.client.sync(seen.append)
    assert report.redownloaded == ["pruned"]
    assert any(p.redownloading for p in seen), "the window is told the download is under way"
    assert not seen[-1].redownloading, "and that it has ended"
    assert _names(b) == {"李四", "王五", "赵六"}
    with b.store.read() as conn:
        gone = conn.execute(
            select(func.count()).where(schema.residents.c.id == people["张三"])
        ).scalar()
    assert gone == 0, "the record whose deletion was pruned is gone, not kept alive"
    with district.engine.connect() as conn:
        phone = conn.execute(
            select(schema.residents.c.phone).where(schema.residents.c.id == people["李四"])
        ).scalar_one()
    assert phone == "13800000000", "the pending edit survived the download and was sent"
    assert sync_status(b.store).pending == 0
    _holds_its_scope(district, b)
    _no_download_left(b)
    # a pulled past the deletion itself (it made it): nothing to download again. Neither has b now.
    assert a.client.sync().redownloaded == []
    assert b.client.sync().redownloaded == []
    assert _names(a) == _names(b)
    assert a.client.sync(verify=True).repaired == [], (
        "a tombstone kept after the prune is no damage"
    )


def test_a_first_sync_never_downloads_again(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    person, _ = residents.add_resident(a.store, residents.ResidentInput("张三"))
    residents.add_resident(a.store, residents.ResidentInput("李四"))
    a.client.sync()
    _delete_resident(a, person.id)
    a.client.sync()
    town_b = _second_town(district)
    with district.engine.begin() as conn:
        pruned = admin.prune_tombstones(conn, dt.timedelta(0), NOW + dt.timedelta(days=1))
        admin.move_site(conn, district.village, town_b)
    fresh = district.device(tmp_path, district.village, "village", "fresh")
    fresh.client.pull_limit = 2  # pages after the first carry a cursor below the pruned number
    sent: list[dict] = []
    real_post = fresh.transport.post

    def record(path, message, token=None):  # noqa: ANN001, ANN202
        sent.append(message)
        return real_post(path, message, token)

    fresh.transport.post = record
    report = fresh.client.sync()
    assert report.redownloaded == [] and report.exchanges >= 2
    assert any(0 < m["cursor"] < pruned.high for m in sent[1:]), "a later page, behind the prune"
    assert "scope" not in sent[0] and not any("refetch" in m for m in sent)
    assert _names(fresh) == {"李四"}
    _holds_its_scope(district, fresh)


# --- cut off half-way ------------------------------------------------------------------------


def test_a_download_cut_off_between_pages_resumes_and_leaves_nothing_behind(
    district: District, tmp_path: Path
) -> None:
    town_b = _second_town(district)
    village = district.device(tmp_path, district.village, "village", "v")
    neighbour = district.device(tmp_path, district.other_village, "village", "n")
    town_a = district.device(tmp_path, district.town, "town", "ta")
    # A Sunday: the whole demo week has been held, so there are pages enough to cut off.
    demo.seed_demo(neighbour.store, weeks=1, today=dt.date(2026, 11, 29))
    neighbour.client.sync()
    _record_week(village, "张三", "李四")
    village.client.sync()
    residents.add_resident(town_a.store, residents.ResidentInput("镇甲干部"))
    town_a.client.sync()
    kept = _names(neighbour) | {"镇甲干部", "镇甲新人"}
    assert {"张三", "李四"} <= _names(town_a)
    with district.engine.begin() as conn:
        admin.move_site(conn, district.village, town_b)
    residents.add_resident(town_a.store, residents.ResidentInput("镇甲新人"))  # pending
    town_a.client.pull_limit = 50
    real_post = town_a.transport.post
    cursors: list[int] = []

    def cut_at_the_third_page(path, message, token=None):  # noqa: ANN001, ANN202
        if "refetch" in message:
            cursors.append(message["cursor"])
            if len(cursors) == 3:
                raise SyncError(errors.UNREACHABLE, "link dropped")
        return real_post(path, message, token)

    town_a.transport.post = cut_at_the_third_page
    with pytest.raises(SyncError):
        town_a.client.sync()
    settings = town_a.store.settings()
    stopped_at = keys.RESCAN_CURSOR.of(settings)
    assert stopped_at == cursors[-1] > 0
    with town_a.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(schema.local_rescan_seen)).scalar()

    # Killed while storing a page: that page is not kept, and nothing else is lost.
    real_store = client_module._store_pulled
    calls = []

    def crash_on_second_page(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        real_store(*args, **kwargs)
        if len(calls) == 2:
            raise RuntimeError("killed")

    client_module._store_pulled = crash_on_second_page
    try:
        with pytest.raises(RuntimeError):
            town_a.client.sync()
    finally:
        client_module._store_pulled = real_store
    assert cursors[3] == stopped_at, "the download resumed where it stopped, not from 0"
    resumed_at = keys.RESCAN_CURSOR.of(town_a.store.settings())
    assert resumed_at > stopped_at

    town_a.transport.post = real_post
    report = town_a.client.sync()
    assert report.redownloaded == []  # it finished the download it had begun
    assert _names(town_a) == kept
    _holds_its_scope(district, town_a)
    _no_download_left(town_a)
    assert sync_status(town_a.store).pending == 0
    assert town_a.client.sync().redownloaded == []


# --- verification -------------------------------------------------------------------------------


def test_verification_leaves_pending_edits_out_of_the_comparison(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    gone, _ = residents.add_resident(a.store, residents.ResidentInput("张三"))
    edited, _ = residents.add_resident(a.store, residents.ResidentInput("李四"))
    a.client.sync()
    b.client.sync()

    def edit_after_the_last_exchange(_progress) -> None:  # noqa: ANN001
        # b deletes one person and edits another; a edits that one too and syncs first, so the
        # server's version moves past the one b's edit started from.
        _delete_resident(b, gone.id)
        residents.edit_resident(
            b.store, edited.id, residents.ResidentInput("李四", phone="13900000000")
        )
        residents.edit_resident(
            a.store, edited.id, residents.ResidentInput("李四", household="李家")
        )
        a.client.sync()

    report = b.client.sync(edit_after_the_last_exchange, verify=True)
    assert "residents" in report.verified and report.repaired == []
    assert sync_status(b.store).pending == 2, "the edits are still waiting, not lost"
    b.client.sync()
    a.client.sync()
    with district.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(schema.residents))}
    assert rows[gone.id].deleted
    assert (rows[edited.id].phone, rows[edited.id].household) == ("13900000000", "李家")
    assert b.client.sync(verify=True).repaired == []
    assert export_rows(a.store) == export_rows(b.store)


def test_a_repair_removes_stale_status_steps_and_folds_the_request_again(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    request_id = _record_week(a, "张三")
    a.client.sync()
    stray = uuid.uuid4()
    with a.store.write() as w:  # a damaged laptop: a synced step the server never had
        w.conn.execute(
            schema.request_events.insert().values(
                id=stray,
                site_id=district.village,
                request_id=request_id,
                to_status="district_coordinates",
                note="",
                actor_site_id=district.town,
                at=dt.datetime(2026, 11, 24),
                local_rev=1,
                synced_rev=1,
                pending=False,
                server_seq=1,
                deleted=False,
                updated_at=dt.datetime(2026, 11, 24),
            )
        )
        w.conn.execute(
            schema.requests.update()
            .where(schema.requests.c.id == request_id)
            .values(status="district_coordinates")
        )
    report = a.client.sync(verify=True)
    assert report.repaired == ["request_events"]
    assert req.get_request(a.store, request_id).status == "town_organises"
    _holds_its_scope(district, a)
    _no_download_left(a)
