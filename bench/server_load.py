"""Benchmark: a district's Monday morning — 1,000 village laptops doing their weekly sync at once
against one district server on PostgreSQL (DESIGN.md §5: all done, no errors).

Workload: a district of towns (50 villages each) and ``devices`` villages with one enrolled laptop
apiece. Each village's register (120 residents, the demo courses and teachers of
:mod:`bench.workload`) is already on the server and on its laptop (written straight into the
server database; not timed). Then every laptop sends the standard week of :mod:`bench.workload`
(5 sessions, 250 marks, 10 new residents, 6 requests with 12 status steps, 1 weekly report) at the
same moment, each with its own batch id, its own record ids and its own site.

The devices are light on purpose — the server is what is measured, and a thousand full laptop
stacks on two cores would measure the laptops: coroutines in this process, speaking HTTP/1.1 over
loopback on a new connection each, with request bodies made beforehand by
:mod:`core.protocol` and gzip-compressed as :mod:`desktop.sync.transport` sends them. Each
behaves as ``desktop.sync.client`` does: one exchange that pushes the batch and pulls, then pulls
while the answer says ``more``; a timeout, a dropped connection or a 5xx is sent again after a
backoff with full jitter (three times at most), with the same batch id.

The server is its own process (``learning-desk-server serve``) on a fresh PostgreSQL cluster with
fsync on. Afterwards the server's tables are counted: every table must hold exactly the register plus
``devices`` × the week, the batches one each, and the numbers handed out must be exactly those of
the answers (a batch applied twice would take a second range of numbers).

Prints one JSON line of figures. No assertions (``tests/test_server_load.py`` runs a small version
with them).

    python -m bench.server_load [--devices 1000] [--workers 1] [--timeout 60]

``--timeout`` is how long each laptop waits for an answer before it sends again (the app's 60 s by
default); a long one shows how long the server needs to take everyone's week when nobody gives up.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine, func, insert, literal_column, select, text, update

from bench.workload import register, standard_week
from core import protocol, schema
from core.clock import FixedClock
from core.database import head_revision
from core.protocol import OutgoingRow
from desktop import __version__
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store
from desktop.sync.client import PULL_LIMIT
from server import admin, sequence
from server import sync as server_sync
from server.db import SEQ, open_server_database
from server.local_postgres import local_postgres, scratch_database

BIN = Path(sys.executable).parent
#: Sunday evening after the standard week: when the laptops say they are syncing.
NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
VILLAGES_PER_TOWN = 50
#: What the laptop's transport does (``desktop.sync.transport.HttpTransport`` defaults).
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
RETRIES = 3
BACKOFF = 1.0


# --- the week, once -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekTemplate:
    """One village's register and standard week, made by :mod:`bench.workload` in a real laptop
    database; every simulated laptop sends a copy under its own ids."""

    site_id: uuid.UUID
    #: table → stored values of the register's rows (wire fields, derived search columns, id)
    register: dict[str, list[dict[str, Any]]]
    #: table → the week's changes, in the order the laptop would push them
    week: dict[str, list[OutgoingRow]]

    def week_counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.week.items()}

    def ids(self) -> set[uuid.UUID]:
        """Every id the template uses: each laptop replaces them all with its own."""
        found = {self.site_id}
        for rows in self.register.values():
            found.update(r["id"] for r in rows)
        for changes in self.week.values():
            found.update(r.id for r in changes)
        return found


def _take_pending(store: Store) -> dict[str, list[Any]]:
    """The laptop's pending rows per table in creation order (as its outbox packs them), then marked
    as synced so the next call sees only what came after."""
    out: dict[str, list[Any]] = {}
    with store.write() as w:
        for table in protocol.PUSHABLE:
            rows = w.conn.execute(
                select(table).where(table.c.pending.is_(True)).order_by(literal_column("rowid"))
            ).all()
            if rows:
                out[table.name] = rows
                w.conn.execute(update(table).values(pending=False))
    return out


def week_template() -> WeekTemplate:
    """Record the register and the standard week in a throwaway laptop database."""
    site = uuid.UUID(int=1)
    with tempfile.TemporaryDirectory(prefix="ld-load-") as tmp:
        store = Store(open_local_database(Path(tmp)), FixedClock(NOW))
        base = register(store, site)
        register_rows = {
            name: [
                {c: r._mapping[c] for c in r._mapping if c == "id" or c not in schema.SYNC_COLUMNS}
                for r in rows
            ]
            for name, rows in _take_pending(store).items()
        }
        standard_week(store, site, base)
        week = {
            name: [
                OutgoingRow(
                    r.id,
                    r.local_rev,
                    r.deleted,
                    {f: r._mapping[f] for f in protocol.CODECS[name].fields},
                )
                for r in rows
            ]
            for name, rows in _take_pending(store).items()
        }
        store.engine.dispose()
    return WeekTemplate(site, register_rows, week)


class Renamer:
    """Gives one laptop its own copy of the template: every template id (in values, and as hex text
    inside JSON such as a weekly report's figures) becomes an id of its own, the site its site."""

    def __init__(self, template_ids: set[uuid.UUID], template_site: uuid.UUID, site: uuid.UUID):
        self._ids = template_ids
        self._hex = {i.hex: i for i in template_ids}
        self._template_site = template_site
        self._site = site

    def id(self, old: uuid.UUID) -> uuid.UUID:
        if old == self._template_site:
            return self._site
        return uuid.uuid5(self._site, old.hex)

    def __call__(self, value: Any) -> Any:
        if isinstance(value, uuid.UUID):
            return self.id(value) if value in self._ids else value
        if isinstance(value, str) and value in self._hex:
            return self.id(self._hex[value]).hex
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        return value


# --- the district, not timed ----------------------------------------------------------------------


@dataclass
class Laptop:
    """What one simulated laptop holds: its enrollment, its cursor and last row, and its batch."""

    index: int
    site_id: uuid.UUID
    device_id: uuid.UUID
    token: str
    cursor: int = 0
    last: list[Any] | None = None
    batch_id: uuid.UUID = field(default_factory=uuid.uuid4)
    push_body: bytes = b""


def build_district(engine: Engine, devices: int, template: WeekTemplate) -> list[Laptop]:
    """Sites, one enrolled laptop per village, and each village's register on the server."""
    clock = FixedClock(NOW)
    with engine.begin() as conn:
        district = admin.add_site(conn, "荣昌区社区学院", "district")
        towns = [
            admin.add_site(conn, f"第{t + 1}镇街社区学校", "town", district)
            for t in range(-(-devices // VILLAGES_PER_TOWN))
        ]
        villages = [
            admin.add_site(conn, f"第{i + 1}村学习中心", "village", towns[i // VILLAGES_PER_TOWN])
            for i in range(devices)
        ]
        codes = [admin.enrollment_code(conn, v, "village") for v in villages]
    laptops = []
    for i, (village, code) in enumerate(zip(villages, codes, strict=True)):
        answer = server_sync.enroll(
            engine,
            {"protocol": protocol.PROTOCOL_VERSION, "code": code, "device_name": f"村{i + 1}"},
            clock,
        )
        laptops.append(Laptop(i, village, uuid.UUID(answer["device_id"]), answer["token"]))
    ids = template.ids()
    per_laptop = sum(len(rows) for rows in template.register.values())
    for start in range(0, devices, 100):
        group = laptops[start : start + 100]
        with engine.begin() as conn:
            sequence.lock_sequence(conn)
            seq = sequence.allocate(conn, per_laptop * len(group))
            by_table: dict[str, list[dict[str, Any]]] = {}
            for laptop in group:
                rename = Renamer(ids, template.site_id, laptop.site_id)
                for name, rows in template.register.items():
                    for values in rows:
                        by_table.setdefault(name, []).append(
                            {
                                **rename(values),
                                "site_id": laptop.site_id,
                                "local_rev": 1,
                                "synced_rev": 1,
                                "pending": False,
                                "server_seq": seq,
                                "deleted": False,
                                "updated_at": NOW.replace(tzinfo=None),
                                "origin_device": laptop.device_id,
                            }
                        )
                        # The laptop's highest-numbered row, named in every request (``last``).
                        laptop.last = [name, rename.id(values["id"]).hex, seq]
                        seq += 1
            for name, rows in by_table.items():
                conn.execute(insert(schema.SYNCED_BY_NAME[name]), rows)
    with engine.connect() as conn:
        high = _high(conn)
    for laptop in laptops:
        laptop.cursor = high  # each laptop synced its register, after the whole district was made
        laptop.push_body = _push_body(laptop, template, ids)
    return laptops


def _high(conn: Any) -> int:
    c = schema.server_counter
    return conn.execute(select(c.c.value).where(c.c.name == SEQ)).scalar_one()


def _message(laptop: Laptop, cursor: int) -> dict[str, Any]:
    """The fields of every sync request, as ``SyncClient._message`` writes them."""
    message: dict[str, Any] = {
        "protocol": protocol.PROTOCOL_VERSION,
        "schema": head_revision(),
        "app": __version__,
        "device_time": NOW.isoformat(),
        "cursor": cursor,
        "limit": PULL_LIMIT,
        "pending_after": 0,
    }
    if laptop.last is not None:
        message["last"] = laptop.last
    return message


def _push_body(laptop: Laptop, template: WeekTemplate, ids: set[uuid.UUID]) -> bytes:
    rename = Renamer(ids, template.site_id, laptop.site_id)
    week = {
        name: [OutgoingRow(rename.id(r.id), r.rev, r.deleted, rename(r.values)) for r in changes]
        for name, changes in template.week.items()
    }
    message = {
        **_message(laptop, laptop.cursor),
        "batch": laptop.batch_id.hex,
        "changes": protocol.encode_push(week),
    }
    return _gzip(message)


def _gzip(message: dict[str, Any]) -> bytes:
    return gzip.compress(protocol.dumps(message), compresslevel=6)


# --- the laptops, timed ---------------------------------------------------------------------------


class DeviceFailed(Exception):
    """A sync that did not finish: what the laptop would show its coordinator."""


@dataclass
class Tally:
    """What all the laptops saw, added up."""

    seconds: list[float] = field(default_factory=list)
    exchanges: int = 0
    retries: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    #: device index → the first sequence number of its batch, from the answer
    numbered: dict[int, int] = field(default_factory=dict)
    #: batches sent again after their answer arrived, and answered with the same numbers
    resent: int = 0


class _Transient(Exception):
    """A failure the laptop retries: a timeout, a cut connection, a server error."""

    def __init__(self, cause: str, detail: str = "") -> None:
        super().__init__(cause, detail)
        self.cause = cause


class _Http:
    """One keep-alive HTTP/1.1 connection, as ``requests.Session`` keeps one per laptop."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes, token: str) -> tuple[int, bytes]:
        assert self.reader is not None and self.writer is not None
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"User-Agent: LearningDesk/{__version__}\r\nContent-Type: application/json\r\n"
            "Content-Encoding: gzip\r\nAccept-Encoding: gzip\r\n"
            f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("the server closed the connection")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            data = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                data += await self.reader.readexactly(size)
                await self.reader.readline()
            await self.reader.readline()
        else:
            data = await self.reader.read()
        if headers.get("connection", "").lower() == "close":
            self.close()
        if headers.get("content-encoding", "").lower() == "gzip":
            data = gzip.decompress(data)
        return status, data


async def _exchange(
    http: _Http,
    body: bytes,
    token: str,
    rng: random.Random,
    tally: Tally,
    who: str,
    timeout: float,
) -> dict[str, Any]:
    """One request, sent again (the same bytes, so the same batch id) after a timeout, a cut
    connection or a server error, with the laptop's backoff."""
    attempt = 0
    while True:
        try:
            if http.writer is None:
                try:
                    await asyncio.wait_for(http.connect(), CONNECT_TIMEOUT)
                except TimeoutError:
                    raise _Transient("connect_timeout") from None
            try:
                status, data = await asyncio.wait_for(
                    http.post(protocol.SYNC_PATH, body, token), timeout
                )
            except TimeoutError:
                raise _Transient("timeout") from None
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                raise _Transient("connection", str(exc)) from None
            if status >= 500:
                tally.errors.append(f"{who}: HTTP {status} {data[:200]!r}")
                raise _Transient("server_error")
            if status >= 400:
                raise DeviceFailed(f"HTTP {status} {data[:200]!r}")
            return json.loads(data)
        except _Transient as exc:
            http.close()
            attempt += 1
            if attempt > RETRIES:
                raise DeviceFailed(f"gave up after {attempt} attempts ({exc.cause})") from None
            tally.retries[exc.cause] += 1
            await asyncio.sleep(rng.uniform(0, BACKOFF * 2 ** (attempt - 1)))


async def _sync(laptop: Laptop, port: int, go: asyncio.Event, tally: Tally, timeout: float) -> None:
    """One laptop's sync: push and pull in one exchange, then pulls while there is more."""
    rng = random.Random(laptop.index)
    who = f"laptop {laptop.index}"
    await go.wait()
    start = time.perf_counter()
    http = _Http(port)
    body, cursor = laptop.push_body, laptop.cursor
    try:
        pushing = True
        while True:
            answer = await _exchange(http, body, laptop.token, rng, tally, who, timeout)
            tally.exchanges += 1
            if answer.get("reset"):
                raise DeviceFailed("the server asked for a reset")
            if pushing:
                if answer.get("rejected") or answer.get("deferred") or "first_seq" not in answer:
                    tally.errors.append(
                        f"{who}: rejected {answer.get('rejected')} deferred {answer.get('deferred')}"
                    )
                else:
                    tally.numbered[laptop.index] = answer["first_seq"]
                pushing = False
            if answer["cursor"] < cursor:
                raise DeviceFailed("the cursor went back")
            cursor = answer["cursor"]
            if not answer["more"]:
                break
            body = _gzip(_message(laptop, cursor))
        tally.seconds.append(time.perf_counter() - start)
    except DeviceFailed as exc:
        tally.errors.append(f"{who}: {exc}")
    finally:
        http.close()


async def _all(laptops: list[Laptop], port: int, tally: Tally, timeout: float) -> float:
    go = asyncio.Event()
    tasks = [asyncio.create_task(_sync(laptop, port, go, tally, timeout)) for laptop in laptops]
    await asyncio.sleep(0.1)  # every laptop waiting at the line
    start = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return time.perf_counter() - start


async def _resend(laptops: list[Laptop], port: int, tally: Tally, timeout: float) -> None:
    """Every laptop whose push was answered sends the same batch once more, as one does when the
    answer is lost on the way: the server must answer with the same numbers and write nothing."""

    async def again(laptop: Laptop) -> None:
        http = _Http(port)
        rng = random.Random(laptop.index)
        who = f"laptop {laptop.index} (resent)"
        try:
            answer = await _exchange(http, laptop.push_body, laptop.token, rng, tally, who, timeout)
        except DeviceFailed as exc:
            tally.errors.append(f"{who}: {exc}")
            return
        finally:
            http.close()
        if answer.get("first_seq") != tally.numbered[laptop.index] or answer.get("rejected"):
            tally.errors.append(f"{who}: answered {answer.get('first_seq')}, not as before")
        else:
            tally.resent += 1

    await asyncio.gather(*(again(x) for x in laptops if x.index in tally.numbered))


# --- the server -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server_process(url: str, workers: int, log: Path) -> Iterator[int]:
    """``learning-desk-server serve`` on ``url`` in its own process; yields its port."""
    port = _free_port()
    command = [str(BIN / "learning-desk-server"), "--db", url, "serve", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen([*command, "--workers", str(workers)], stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}{protocol.HELLO_PATH}", timeout=2)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- the whole run --------------------------------------------------------------------------------


def _table_counts(engine: Engine, above: int) -> dict[str, tuple[int, int]]:
    """Per synced table: (all rows, rows numbered above ``above``)."""
    out = {}
    with engine.connect() as conn:
        for table in schema.SYNCED_TABLES:
            total = conn.execute(select(func.count()).select_from(table)).scalar_one()
            new = conn.execute(
                select(func.count()).select_from(table).where(table.c.server_seq > above)
            ).scalar_one()
            out[table.name] = (total, new)
    return out


def _numbers_above(engine: Engine, above: int) -> list[int]:
    """Every sequence number now held by a synced row above ``above``, sorted."""
    found: list[int] = []
    with engine.connect() as conn:
        for table in schema.SYNCED_TABLES:
            found.extend(
                conn.execute(select(table.c.server_seq).where(table.c.server_seq > above)).scalars()
            )
    return sorted(found)


def _deadlocks(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        ).scalar_one()


class ConnectionSampler:
    """Once a second, the server's connections to the database and how many of them wait for a
    lock (in practice the sequence lock): where the exchanges spend their time under load."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.peak_connections = 0
        self.peak_waiting = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ConnectionSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        query = text(
            "SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock')"
            " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        with self.engine.connect() as conn:
            while not self._stop.wait(1.0):
                total, waiting = conn.execute(query).one()
                conn.rollback()
                self.peak_connections = max(self.peak_connections, total)
                self.peak_waiting = max(self.peak_waiting, waiting)


def load(
    url: str,
    devices: int,
    workers: int = 1,
    timeout: float = READ_TIMEOUT,
    resend: bool = False,
) -> dict[str, Any]:
    """Build the district at ``url`` (an empty PostgreSQL database), serve it, sync ``devices``
    laptops at once (each waiting ``timeout`` seconds for an answer, as a laptop does) and check
    what the server holds; returns the figures. With ``resend``, every answered batch is then sent
    once more (not timed) before the server's tables are counted."""
    t0 = time.perf_counter()
    template = week_template()
    week = template.week_counts()
    per_week = sum(week.values())
    engine = open_server_database(url)
    try:
        laptops = build_district(engine, devices, template)
        with engine.connect() as conn:
            setup_high = _high(conn)
        before = _table_counts(engine, setup_high)
        deadlocks = _deadlocks(engine)
        setup_s = time.perf_counter() - t0
        with tempfile.TemporaryDirectory(prefix="ld-load-") as tmp:
            log = Path(tmp) / "server.log"
            with server_process(url, workers, log) as port:
                load_before = os.getloadavg()[0]
                tally = Tally()
                with ConnectionSampler(engine) as sampler:
                    wall = asyncio.run(_all(laptops, port, tally, timeout))
                load_after = os.getloadavg()[0]
                if resend:
                    asyncio.run(_resend(laptops, port, tally, timeout))
            server_log = log.read_text(errors="replace")
        deadlocks = _deadlocks(engine) - deadlocks
        after = _table_counts(engine, setup_high)
        with engine.connect() as conn:
            high = _high(conn)
            batches = conn.execute(
                select(func.count()).select_from(schema.server_batches)
            ).scalar_one()
        numbers = _numbers_above(engine, setup_high)
    finally:
        engine.dispose()
    # What the server should hold now: the register, plus each laptop's week and its
    # ``site_activity`` row (published at its first exchange).
    expected = {**{name: devices * n for name, n in week.items()}, "site_activity": devices}
    mismatched = {
        name: {"had": before[name][0], "has": after[name][0], "expected_new": expected.get(name, 0)}
        for name in after
        if after[name][0] - before[name][0] != expected.get(name, 0)
        or after[name][1] != expected.get(name, 0)
    }
    # Nothing applied twice, whether or not every laptop finished: each stored batch added exactly
    # one week to every table and took exactly one week's numbers (plus its laptop's activity row),
    # and each batch whose answer arrived holds exactly the numbers that answer gave it.
    activity = after["site_activity"][1]
    told = sorted(n for first in tally.numbered.values() for n in range(first, first + per_week))
    told_set = set(told)
    duplicated = (
        any(after[name][1] != batches * n for name, n in week.items())
        or any(after[name][0] - before[name][0] != after[name][1] for name in after)
        or high - setup_high != batches * per_week + activity
        or [n for n in numbers if n in told_set] != told
    )
    seconds = sorted(tally.seconds)
    figures = {
        "devices": devices,
        "workers": workers,
        "timeout_s": timeout,
        "done": len(seconds),
        "wall_s": round(wall, 1),
        "sync_p50_s": round(statistics.median(seconds), 2) if seconds else None,
        "sync_p95_s": round(seconds[int(0.95 * (len(seconds) - 1))], 2) if seconds else None,
        "sync_max_s": round(seconds[-1], 2) if seconds else None,
        "pushes_per_s": round(batches / wall, 2),
        "exchanges": tally.exchanges,
        "retries": sum(tally.retries.values()),
        "retries_by_cause": dict(tally.retries),
        "errors": len(tally.errors),
        "error_samples": tally.errors[:5],
        "resent_same_answer": tally.resent,
        "server_log_errors": server_log.count("Traceback"),
        "rows_written": sum(new for _total, new in after.values()),
        "rows_expected": sum(expected.values()),
        "tables_mismatched": mismatched,
        "batches_applied": batches,
        # Pushes the server took whose laptop gave up before the answer came: its next sync gets
        # the stored results.
        "applied_unanswered": batches - len(tally.numbered),
        "numbers_handed_out": high - setup_high,
        "numbers_expected": devices * (per_week + 1),
        "duplicated": duplicated,
        "deadlocks": deadlocks,
        "peak_server_connections": sampler.peak_connections,
        "peak_waiting_on_locks": sampler.peak_waiting,
        "setup_s": round(setup_s, 1),
        "load_1min_before": round(load_before, 2),
        "load_1min_after": round(load_after, 2),
    }
    if figures["server_log_errors"]:
        figures["server_log_tail"] = server_log[-1500:]
    return figures


def run(
    devices: int = 1000,
    workers: int = 1,
    admin_url: str | None = None,
    timeout: float = READ_TIMEOUT,
) -> dict[str, Any]:
    """The benchmark: a new PostgreSQL cluster (unless ``admin_url`` names a server), a new
    database on it, ``devices`` laptops; prints the figures as one JSON line."""
    with ExitStack() as stack:
        if admin_url is None:
            admin_url = stack.enter_context(local_postgres(durable=True))
        url = stack.enter_context(scratch_database(admin_url, "ld_load"))
        figures = load(url, devices, workers, timeout)
    print(json.dumps(figures, ensure_ascii=False))
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pg", help="an existing PostgreSQL admin URL instead of a new cluster")
    parser.add_argument(
        "--timeout",
        type=float,
        default=READ_TIMEOUT,
        help="seconds a laptop waits for an answer before sending again (the app's default: 60)",
    )
    args = parser.parse_args()
    run(args.devices, args.workers, args.pg, args.timeout)
