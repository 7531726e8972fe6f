"""The district server as a district installs it: its own command, a real uvicorn process on loopback,
spoken to over HTTP. Needs only the server's install, so ``make check-installs`` runs it in a fresh
environment that has no Qt.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core import protocol

from wire import free_port


def _admin(db: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "server", "--db", db, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """A server database with a district, a town and a village, served by ``serve`` on a free port;
    yields (base URL, village id, a village enrollment code)."""
    db = f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}"
    _admin(db, "init", "--name", "荣昌区")
    district = _admin(db, "add-site", "--name", "荣昌区社区学院", "--level", "district")
    town = _admin(db, "add-site", "--name", "昌元街道", "--level", "town", "--parent", district)
    village = _admin(db, "add-site", "--name", "玉屏村", "--level", "village", "--parent", town)
    code = _admin(db, "enroll-code", village, "--role", "village").split()[-1]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + protocol.HELLO_PATH, timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read().decode()) from None
                time.sleep(0.1)
        yield url, village, code
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_installed_server_enrolls_a_laptop_and_answers_its_first_sync(running) -> None:
    url, village, code = running
    hello = httpx.get(url + protocol.HELLO_PATH, timeout=10).json()
    assert hello["district_name"] == "荣昌区"
    assert hello["protocol"][1] == protocol.PROTOCOL_VERSION

    wrong = httpx.post(
        url + protocol.ENROLL_PATH,
        json={"protocol": protocol.PROTOCOL_VERSION, "code": "not-a-code"},
        timeout=10,
    )
    assert wrong.status_code == 403 and "enrollment code" in wrong.json()["message"]

    enrolled = httpx.post(
        url + protocol.ENROLL_PATH,
        json={"protocol": protocol.PROTOCOL_VERSION, "code": code, "device_name": "村里的电脑"},
        timeout=10,
    )
    assert enrolled.status_code == 200, enrolled.text
    answer = enrolled.json()
    assert (answer["role"], answer["site"]["name"]) == ("village", "玉屏村")
    assert answer["site"]["id"] == village.replace("-", "")

    pulled = httpx.post(
        url + protocol.SYNC_PATH,
        json={"protocol": protocol.PROTOCOL_VERSION, "cursor": 0},
        headers={"Authorization": f"Bearer {answer['token']}"},
        timeout=10,
    )
    assert pulled.status_code == 200, pulled.text
    rows = protocol.decode_pull(pulled.json()["changes"])
    names = {row.values["name"] for table, row in rows if table == "sites"}
    # The village reads its own site and the sites above it, nothing beside it.
    assert names == {"荣昌区社区学院", "昌元街道", "玉屏村"}

    anonymous = httpx.post(
        url + protocol.SYNC_PATH, json={"protocol": protocol.PROTOCOL_VERSION}, timeout=10
    )
    assert anonymous.status_code == 401
