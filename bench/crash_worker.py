"""The child process of the crash trials (:mod:`bench.crash_trials`): it opens a laptop's database the
way the app does, works until it is killed, and prints a line the moment each piece of work is
committed, so the parent knows what was acknowledged when the kill came.

It reads its orders as one JSON line on stdin (a token does not belong on a command line):
``{"kind": "writes" | "sync", "data": FOLDER, "seed": INT, ...}``, prints ``ready`` once the
database is open, and then:

- ``writes``: the coordinator's use cases in a loop, each announced by ``do …`` before it starts and
  confirmed by ``ok …`` once it returned (its transaction committed). ``label`` makes every record
  findable afterwards: it goes into a resident's notes, a session's topic, a request's need.
- ``sync``: one sync with the district server at ``url`` (``device``, ``token``), printing
  ``page CURSOR`` after each exchange is stored and ``acked TABLE ID`` for each pending row the
  server has acknowledged; ``done`` when the sync returned. ``person`` makes a person's write just
  before, so pages are stored in steps that give way (as while someone works in the window).
- ``backups``: without opening the database (a restore needs it to itself), in turn: a backup to
  ``usb/copy-N.sqlite3``, an automatic backup before an operation, and a restore of one of
  ``files``, each announced by ``do …`` and confirmed by ``ok`` once it returned.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core import schema, workflow
from core.clock import FixedClock
from core.vocabulary import REQUEST_CATEGORIES
from desktop.storage import settings as keys
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store


def say(*parts: object) -> None:
    """One line to the parent, out of this process before anything else happens."""
    print(*parts, flush=True)


#: The village's own steps of the request workflow, in the order a request takes them.
VILLAGE_STEPS = ("collected", "village_handles", "scheduled", "delivered", "evaluated")


def writes(store: Store, rng: random.Random, label: str) -> None:
    """Add residents, record sessions, mark and unmark attendance, take a roll call, file requests
    and move them on, until killed."""
    from desktop.services.demand.requests import RequestInput, advance_request, file_request
    from desktop.services.people.residents import ResidentInput, add_resident
    from desktop.services.week.attendance import mark_absent, mark_present, set_attendance
    from desktop.services.week.sessions import SessionInput, record_session

    live = schema.residents.c.deleted.is_(False)
    with store.read() as conn:
        courses = list(
            conn.execute(
                select(schema.courses.c.id).where(schema.courses.c.deleted.is_(False))
            ).scalars()
        )
        residents = list(conn.execute(select(schema.residents.c.id).where(live)).scalars())
        sessions = list(
            conn.execute(
                select(schema.sessions.c.id).where(schema.sessions.c.deleted.is_(False))
            ).scalars()
        )
    monday = store.today() - dt.timedelta(days=store.today().weekday())
    requests: dict[uuid.UUID, str] = {}
    ops = ("resident", "session", "mark", "roll", "request", "step")
    n = 0
    while True:
        n += 1
        tag = f"{label}-{n}"
        op = rng.choices(ops, weights=(3, 2, 8, 1, 2, 2))[0]
        if op == "resident":
            say("do resident", tag)
            person, _ = add_resident(
                store,
                ResidentInput(
                    "试" + rng.choice("秀建国志文明永春") + rng.choice("英兰华强军芳平"),
                    birth_year=rng.randint(1945, 2005),
                    notes=tag,
                ),
            )
            residents.append(person.id)
            say("ok resident", tag, person.id.hex)
        elif op == "session":
            starts = dt.datetime.combine(
                monday + dt.timedelta(days=rng.randrange(7)), dt.time(rng.choice((9, 14, 19)))
            )
            say("do session", tag)
            session, _ = record_session(
                store,
                SessionInput(
                    rng.choice(courses), starts, starts + dt.timedelta(hours=1), topic=tag
                ),
            )
            sessions.append(session.id)
            say("ok session", tag, session.id.hex)
        elif op == "mark":
            session_id, resident_id = rng.choice(sessions), rng.choice(residents)
            present = rng.random() < 0.75
            say("do mark", session_id.hex, resident_id.hex, int(present))
            (mark_present if present else mark_absent)(store, session_id, resident_id)
            say("ok")
        elif op == "roll":
            session_id = rng.choice(sessions)
            chosen = rng.sample(residents, rng.randint(1, 30))
            say("do roll", session_id.hex, ",".join(r.hex for r in chosen))
            set_attendance(store, session_id, chosen)
            say("ok")
        elif op == "request":
            say("do request", tag)
            request, _ = file_request(
                store, RequestInput(f"{tag} 梨树修剪技术培训", rng.choice(REQUEST_CATEGORIES))
            )
            requests[request.id] = workflow.START
            say("ok request", tag, request.id.hex)
        else:
            open_ones = [r for r, s in requests.items() if s != VILLAGE_STEPS[-1]]
            if not open_ones:
                continue
            request_id = rng.choice(open_ones)
            at = requests[request_id]
            to = VILLAGE_STEPS[VILLAGE_STEPS.index(at) + 1 if at in VILLAGE_STEPS else 0]
            say("do step", request_id.hex, to)
            advance_request(store, request_id, to)
            requests[request_id] = to
            say("ok")


def sync(store: Store, orders: dict[str, Any]) -> None:
    """Sync to the end, telling each stored page and each acknowledged row."""
    from desktop.sync.client import SyncClient, SyncProgress
    from desktop.sync.credentials import MemoryCredentials
    from desktop.sync.transport import HttpTransport

    credentials = MemoryCredentials()
    credentials.set_token(orders["device"], orders["token"])
    client = SyncClient(
        store,
        HttpTransport(orders["url"], retries=2, timeout=60),
        credentials,
        max_push=orders.get("max_push", 2000),
        step_rows=orders.get("step_rows", 1000),
    )
    waiting = _pending(store)
    if orders.get("person"):
        with store.write():  # a person's write just now: pages give way, step by step
            pass
    say("ready")

    def progress(_: SyncProgress) -> None:
        say("page", keys.CURSOR.of(store.settings()))
        if waiting:
            for table, row_id in sorted(waiting - _pending(store)):
                say("acked", table, row_id)
                waiting.discard((table, row_id))

    client.sync(progress)
    say("done")


def backups(orders: dict[str, Any]) -> None:
    """Back up to a USB stick, back up before an operation, restore a backup; again, until killed."""
    from desktop.storage.backups import restore_backup, take_backup, write_backup

    data, usb = Path(orders["data"]), Path(orders["usb"])
    files = [Path(f) for f in orders["files"]]
    rng = random.Random(orders["seed"])
    n = orders["start"]
    say("ready")
    while True:
        n += 1
        say("do copy", n)
        write_backup(data, usb / f"copy-{n}.sqlite3")
        say("ok")
        say("do before", n)
        take_backup(data, "merge")
        say("ok")
        chosen = rng.choice(files)
        say("do restore", chosen.name)
        restore_backup(data, chosen)
        say("ok")


def _pending(store: Store) -> set[tuple[str, str]]:
    with store.read() as conn:
        return {
            (table.name, row_id.hex)
            for table in schema.SYNCED_TABLES
            for row_id in conn.execute(select(table.c.id).where(table.c.pending.is_(True)))
            .scalars()
            .all()
        }


def main() -> None:
    orders = json.loads(sys.stdin.readline())
    if orders["kind"] == "backups":
        backups(orders)
        return
    clock = FixedClock(dt.datetime.fromisoformat(orders["now"]))
    store = Store(open_local_database(Path(orders["data"])), clock)
    if orders["kind"] == "writes":
        say("ready")
        writes(store, random.Random(orders["seed"]), orders["label"])
    else:
        sync(store, orders)


if __name__ == "__main__":
    main()
