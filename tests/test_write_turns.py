"""A person's write never waits behind a whole sync page: writers take turns, a page gives way between
its steps, and a page cut off between steps loses and doubles nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import schema
from core.clock import FixedClock
from desktop.cli import export_rows
from desktop.services.people.residents import ResidentInput, add_resident
from desktop.storage.settings import CURSOR
from desktop.storage.store import WriteTurns, put_settings

from support import District, enrolled_store, synced_village


def _wait_for(condition, seconds: float = 10.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.001)


def test_a_persons_write_goes_between_the_steps_of_a_background_write(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = enrolled_store(tmp_path / "desk", clock)
    order: list[object] = []

    def person() -> None:
        with store.write() as w:
            put_settings(w.conn, {"deferred:person": "a mark"})
            order.append("person")

    helper = threading.Thread(target=person)
    with store.write_in_steps() as steps:
        for step in range(8):
            conn = steps.give_way()
            put_settings(conn, {f"deferred:step:{step}": "a slice of a page"})
            order.append(step)
            if step == 2:
                helper.start()
                _wait_for(store.turns.person_waiting)
    helper.join(10)
    assert order == [0, 1, 2, "person", 3, 4, 5, 6, 7]
    # Once someone has written, each later step commits on its own: the next mark may come soon.
    assert steps.gave_way == 5
    settings = store.settings()
    assert settings["deferred:person"] == "a mark" and "deferred:step:7" in settings


def test_background_writes_wait_while_a_person_waits_and_one_thread_may_nest(
    tmp_path: Path, clock: FixedClock
) -> None:
    turns = WriteTurns()
    order: list[str] = []
    held = threading.Event()

    def background() -> None:
        held.wait(10)
        with turns.turn(person=False):
            order.append("background")

    def person() -> None:
        with turns.turn():
            order.append("person")

    with turns.turn():
        with turns.turn():  # the same thread again: goes straight on
            order.append("nested")
        later = threading.Thread(target=background)
        later.start()
        held.set()
        time.sleep(0.05)  # the background writer queues first …
        first = threading.Thread(target=person)
        first.start()
        _wait_for(turns.person_waiting)
    first.join(10)
    later.join(10)
    assert order == ["nested", "person", "background"]  # … and the person still goes first


class _CutAfter(WriteTurns):
    """Someone is always waiting, so every slice of a page commits on its own; after ``steps`` of
    them the laptop dies (the exception stands for a kill between two steps)."""

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.left = steps

    def person_active(self) -> bool:
        self.left -= 1
        if self.left < 0:
            raise _Killed
        return True


class _Killed(Exception):
    pass


def test_a_page_cut_off_between_its_steps_is_stored_again_with_nothing_lost_or_doubled(
    sqlite_district: District, tmp_path: Path
) -> None:
    a = synced_village(sqlite_district, tmp_path)
    b = sqlite_district.device(tmp_path, sqlite_district.village, "village", "b")
    b.client.step_rows = 7
    b.store.turns = _CutAfter(steps=5)
    with pytest.raises(_Killed):
        b.client.sync()
    with b.store.read() as conn:
        kept = conn.execute(select(func.count()).select_from(schema.residents)).scalar_one()
    assert kept > 0, "the steps before the cut were committed"
    assert CURSOR.of(b.store.settings()) == 0, "the page's cursor was not"

    # The coordinator goes on working, then the laptop syncs again.
    b.store.turns = WriteTurns()
    newcomer, _ = add_resident(b.store, ResidentInput(name="邱德芳"))
    b.client.sync()
    a.client.sync()
    assert export_rows(a.store) == export_rows(b.store)
    for store in (a.store, b.store):
        with store.read() as conn:
            ids = conn.execute(select(schema.residents.c.id)).scalars().all()
        assert len(ids) == len(set(ids)) and newcomer.id in ids


def test_a_download_with_a_person_writing_throughout_ends_where_one_without_would(
    sqlite_district: District, tmp_path: Path
) -> None:
    a = synced_village(sqlite_district, tmp_path)
    b = sqlite_district.device(tmp_path, sqlite_district.village, "village", "b")
    b.client.step_rows = 5
    b.client.pull_limit = b.client.max_pull_limit = 60
    added: list[str] = []
    syncing = threading.Event()

    def coordinator() -> None:  # signs up thirty people while the download runs
        syncing.wait(10)
        for n in range(30):
            person, _ = add_resident(b.store, ResidentInput(name=f"新学员{n}"))
            added.append(person.name)
            time.sleep(0.003)

    typing = threading.Thread(target=coordinator)
    typing.start()
    b.client.sync(lambda _progress: syncing.set())
    typing.join(10)
    assert len(added) == 30
    b.client.sync()
    a.client.sync()
    assert export_rows(a.store) == export_rows(b.store)
    with a.store.read() as conn:
        names = set(conn.execute(select(schema.residents.c.name)).scalars())
    assert set(added) <= names


def test_pages_stay_small_while_someone_works_and_grow_when_nobody_does(
    sqlite_district: District, tmp_path: Path
) -> None:
    a = synced_village(sqlite_district, tmp_path)
    asked: dict[str, list[int]] = {"b": [], "c": []}
    laptops = {}
    for name in asked:
        laptop = sqlite_district.device(tmp_path, sqlite_district.village, "village", name)
        laptop.client.pull_limit = laptop.client.max_pull_limit = 16000
        laptop.client.interactive_pull_limit = 40
        post = laptop.transport.post

        def noting(path: str, message: dict, token: str | None = None, *, _n=name, _p=post):  # noqa: ANN202
            asked[_n].append(message.get("limit", 0))
            return _p(path, message, token)

        laptop.transport.post = noting  # type: ignore[method-assign]
        laptops[name] = laptop
    add_resident(laptops["b"].store, ResidentInput(name="邱德芳"))  # someone is at work on b
    laptops["b"].client.sync()
    laptops["c"].client.sync()
    assert asked["b"] and max(asked["b"]) <= 40, "small pages while someone works"
    assert max(asked["c"]) == 16000, "as large as the link allows otherwise"
    assert export_rows(laptops["b"].store)["attendance"] == export_rows(a.store)["attendance"]
