"""A throwaway PostgreSQL cluster on 127.0.0.1, for the test suite and the server load benchmark.

Both need a real PostgreSQL rather than a mock (locks, READ COMMITTED and connection limits are what
they exercise), and neither may touch a server someone already runs: this makes a fresh cluster in a
temporary folder with ``initdb`` and ``pg_ctl`` from the Debian packages (``scripts/system-deps.sh``
installs them), on a free port, and removes it afterwards. Nothing here is used by the running
district server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

PG_ROOT = Path("/usr/lib/postgresql")


class PostgresNotInstalled(RuntimeError):
    """``initdb``/``pg_ctl`` are missing: the caller says how to install them."""


def pg_binary(name: str) -> str:
    """The newest installed PostgreSQL's ``name`` program (Debian keeps one folder per version)."""
    found = sorted(PG_ROOT.glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise PostgresNotInstalled(
            "PostgreSQL is not installed; `make test` installs it (scripts/system-deps.sh test)."
        )
    return str(found[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_postgres(
    *, durable: bool = False, settings: Mapping[str, str | int] | None = None
) -> Iterator[str]:
    """Start a new cluster and yield a URL for its ``postgres`` superuser; stop and delete it after.

    ``durable=False`` turns fsync off: tests make and drop hundreds of databases and need no crash
    safety. A benchmark of the server passes ``durable=True`` so commits cost what they cost in a
    district office. ``settings`` are extra ``-c`` options (``max_connections`` is 200 unless given).
    """
    # Not under a test's temp folder: its parents may be private to root, and the server runs as
    # the postgres user when we are root.
    root = Path(tempfile.mkdtemp(prefix="learning-desk-pg-"))
    data = root / "data"
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    try:
        initdb, pg_ctl = pg_binary("initdb"), pg_binary("pg_ctl")
        subprocess.run(
            [*as_postgres, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
        )
        port = _free_port()
        options = {"listen_addresses": "127.0.0.1", "max_connections": 200, **(settings or {})}
        if not durable:
            options["fsync"] = "off"
        opts = f"-p {port} -k {root} " + " ".join(f"-c {k}={v}" for k, v in options.items())
        subprocess.run(
            [*as_postgres, pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w"]
            + ["start"],
            check=True,
            capture_output=True,
        )
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                [*as_postgres, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def scratch_database(admin_url: str, prefix: str = "ld") -> Iterator[str]:
    """A new, empty database on the server at ``admin_url`` (a user who may create databases);
    yields its URL and drops it afterwards, closing whatever connections are left."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
