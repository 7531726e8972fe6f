"""The command line, run as real processes against a real server process, as town IT staff would."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from core.clock import FixedClock
from desktop.services import demo

from support import enrolled_store
from wire import NOW, free_port

BIN = Path(sys.executable).parent


def run(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}): {result.stderr}")
    return result


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        LEARNING_DESK_SERVER_DB=f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}",
    )
    e.pop("LEARNING_DESK_DATA", None)
    return e


def desk(
    env: dict[str, str], data: Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return run(str(BIN / "learning-desk"), "--data-dir", str(data), *args, env=env, check=check)


def admin(env: dict[str, str], *args: str) -> str:
    return run(str(BIN / "learning-desk-server"), *args, env=env).stdout.strip()


def _import_tree(env: dict[str, str], tmp_path: Path, *rows: str) -> dict[str, str]:
    """Import a site tree (the district 荣昌区社区学院 and its town 昌元街道社区学校, then ``rows``
    of ``name,level,parent``) from a CSV as the district office writes it; site ids by name."""
    tree = tmp_path / "sites.csv"
    lines = [
        "name,level,parent",
        "荣昌区社区学院,district,",
        "昌元街道社区学校,town,荣昌区社区学院",
    ]
    tree.write_text("\n".join([*lines, *rows]) + "\n", encoding="utf-8-sig")
    return json.loads(admin(env, "import-sites", str(tree), "--json"))


@pytest.fixture
def server(env: dict[str, str], tmp_path: Path) -> Iterator[dict[str, str]]:
    """A district server process with a tree imported from CSV; yields its URL and site ids."""
    admin(env, "init", "--name", "荣昌区")
    sites = _import_tree(env, tmp_path, "玉屏村学习中心,village,昌元街道社区学校")
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "learning-desk-server"), "serve", "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(url + "/api/v1/hello", timeout=1)
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("the server process did not start") from None
            time.sleep(0.1)
    yield {"url": url, **sites}
    proc.terminate()
    proc.wait(10)


def test_two_enrolled_laptops_sync_to_identical_exports(env, server, tmp_path: Path) -> None:  # noqa: ANN001
    village = server["玉屏村学习中心"]
    a, b = tmp_path / "a", tmp_path / "b"
    for data in (a, b):
        code = admin(env, "enroll-code", village, "--role", "village")
        out = desk(env, data, "enroll", server["url"], code).stdout
        assert "玉屏村学习中心" in out
    desk(env, a, "demo", "--weeks", "2")
    status = json.loads(desk(env, a, "status", "--json").stdout)
    assert (
        status["pending_total"] > 200
        and status["last_sync"] is None
        and status["role"] == "village"
    )

    synced = json.loads(desk(env, a, "sync", "--json").stdout)
    assert (
        synced["ok"]
        and synced["exchanges"] == 1
        and synced["pending"] == 0
        and synced["rejected"] == 0
    )
    verified = json.loads(desk(env, b, "sync", "--json", "--verify").stdout)
    assert verified["repaired"] == [] and "attendance" in verified["verified"]
    desk(env, a, "sync")  # nothing new: still fine

    desk(env, a, "export", str(tmp_path / "a.json"))
    desk(env, b, "export", str(tmp_path / "b.json"))
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    exported = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert len(exported["tables"]["attendance"]) == synced["sent"] - sum(
        len(exported["tables"][t]) for t in ("residents", "teachers", "courses", "sessions")
    )

    desk(env, a, "export", "--format", "csv", str(tmp_path / "csv"))
    sessions_csv = (tmp_path / "csv" / "sessions.csv").read_bytes()
    assert sessions_csv.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"

    devices = json.loads(admin(env, "devices", "--json"))
    assert len(devices) == 2 and {d["site_name"] for d in devices} == {"玉屏村学习中心"}
    assert all(d["last_pending"] == 0 and not d["revoked"] for d in devices)
    after = json.loads(desk(env, b, "status", "--json").stdout)
    assert after["last_sync"] is not None and after["pending_total"] == 0 and after["cursor"] > 0


def test_demo_run_twice_adds_earlier_weeks(env, tmp_path: Path, server) -> None:  # noqa: ANN001
    data = tmp_path / "a"
    desk(
        env,
        data,
        "enroll",
        server["url"],
        admin(env, "enroll-code", server["玉屏村学习中心"], "--role", "village"),
    )
    first = desk(env, data, "demo", "--weeks", "1").stdout
    second = desk(env, data, "demo", "--weeks", "1").stdout
    assert first != second and "Added 5 sessions" in second


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("sync",), "not yet connected"),
        (("demo",), "not yet connected"),
        (("demo", "--weeks", "0"), "--weeks"),
        (("enroll", "http://127.0.0.1:9", "ABCDE-FGHJK"), "cannot be reached"),
    ],
)
def test_failures_are_one_sentence_and_a_non_zero_status(env, tmp_path: Path, args, needle) -> None:  # noqa: ANN001
    result = desk(env, tmp_path / "d", *args, check=False)
    assert result.returncode != 0
    assert needle in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_a_wrong_code_is_refused_and_nothing_changes(env, server, tmp_path: Path) -> None:  # noqa: ANN001
    result = desk(env, tmp_path / "d", "enroll", server["url"], "ABCDE-FGHJK", check=False)
    assert result.returncode == 1 and "wrong or has already been used" in result.stderr
    assert json.loads(desk(env, tmp_path / "d", "status", "--json").stdout)["enrolled"] is False


def test_without_a_keyring_enrollment_says_how_to_get_one(env, server, tmp_path: Path) -> None:  # noqa: ANN001
    env = {**env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    code = admin(env, "enroll-code", server["玉屏村学习中心"], "--role", "village")
    result = desk(env, tmp_path / "d", "enroll", server["url"], code, check=False)
    assert result.returncode == 1 and "PYTHON_KEYRING_BACKEND" in result.stderr


def test_a_corrupt_database_is_reported_and_left_alone(env, tmp_path: Path) -> None:  # noqa: ANN001
    data = tmp_path / "d"
    data.mkdir()
    (data / "learning-desk.sqlite3").write_bytes(b"garbage" * 1000)
    result = desk(env, data, "status", check=False)
    assert result.returncode == 1 and "not a Learning Desk database" in result.stderr
    assert (data / "learning-desk.sqlite3").read_bytes() == b"garbage" * 1000


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_damaged_database_is_one_sentence_from_every_command(
    env,  # noqa: ANN001
    tmp_path: Path,
    seed: int,
) -> None:
    data = tmp_path / "d"
    store = enrolled_store(data, FixedClock(NOW))
    demo.seed_demo(store, weeks=2, today=NOW.date())
    store.engine.dispose()
    db = data / "learning-desk.sqlite3"
    damaged = bytearray(db.read_bytes())
    rng = random.Random(seed)
    for _ in range(100):  # a failing disk: bytes flipped anywhere after the header page
        damaged[rng.randrange(4096, len(damaged))] ^= 0xFF
    db.write_bytes(bytes(damaged))
    for command in (
        ["status"],
        ["status", "--json"],
        ["export", str(tmp_path / "x.xlsx")],
        ["sync"],
    ):
        result = desk(env, data, *command, check=False)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert result.stderr.strip().endswith("cannot be read (it may be damaged)."), result.stderr
    assert db.read_bytes() == bytes(damaged), "the damaged file is left as it was"


def test_server_admin_mistakes_are_one_sentence(env) -> None:  # noqa: ANN001
    result = run(
        str(BIN / "learning-desk-server"),
        "add-site",
        "--name",
        "某村",
        "--level",
        "village",
        env=env,
        check=False,
    )
    assert result.returncode == 1 and "needs --parent" in result.stderr


def test_the_district_office_moves_a_village_and_prunes_old_deletions(env, tmp_path: Path) -> None:  # noqa: ANN001
    admin(env, "init")
    sites = _import_tree(
        env,
        tmp_path,
        "河包镇社区学校,town,荣昌区社区学院",
        "玉屏村学习中心,village,昌元街道社区学校",
    )
    moved = admin(env, "move-site", sites["玉屏村学习中心"], "--to", sites["河包镇社区学校"])
    assert moved.startswith("Moved 1 site(s).") and "3 site(s)" in moved
    nonsense = run(
        str(BIN / "learning-desk-server"),
        "move-site",
        sites["河包镇社区学校"],
        "--to",
        sites["玉屏村学习中心"],
        env=env,
        check=False,
    )
    assert nonsense.returncode == 1
    assert (
        nonsense.stderr.strip() == "河包镇社区学校 cannot be moved under itself or a site below it."
    )
    assert admin(env, "prune-tombstones", "--older-than", "30") == "Removed 0 deleted record(s)."


def test_a_record_committed_before_kill_9_is_there_after_restart(tmp_path: Path, env) -> None:  # noqa: ANN001
    data = tmp_path / "d"
    script = textwrap.dedent(
        f"""
        import datetime as dt, sys, time, uuid
        from pathlib import Path
        from core.clock import SystemClock
        from desktop.storage.engine import open_local_database
        from desktop.storage.store import Store, put_settings
        from desktop.services.week import courses
        from desktop.services.people import residents
        engine = open_local_database(Path({str(data)!r}))
        with engine.begin() as conn:
            put_settings(conn, {{"device_id": uuid.uuid4().hex, "site_id": uuid.uuid4().hex, "role": "village",
                                "server_url": "http://127.0.0.1:9", "server_id": "x"}})
        store = Store(engine, SystemClock())
        residents.add_resident(store, residents.ResidentInput("王建国"))
        print("saved", flush=True)
        i = 0
        while True:  # keep writing, so the kill lands in the middle of work
            courses.create_course(store, courses.CourseInput(f"课程{{i}}", "culture"))
            i += 1
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout.readline().strip() == "saved"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    result = desk(env, data, "export", str(tmp_path / "out.json"))
    assert result.returncode == 0
    tables = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["tables"]
    assert [r["name"] for r in tables["residents"]] == ["王建国"]
    assert len(tables["courses"]) > 0
    status = json.loads(desk(env, data, "status", "--json").stdout)
    assert status["pending"]["courses"] == len(tables["courses"])


def test_sync_through_a_failing_link_loses_and_doubles_nothing(env, server, tmp_path: Path) -> None:  # noqa: ANN001
    """The real CLI and a real server process, with a proxy between them that cuts connections:
    mid-request (the server never reads it) and right after the server commits (the answer is lost)."""
    from bench.linkproxy import LinkProxy

    port = int(server["url"].rsplit(":", 1)[1])
    link = LinkProxy(("127.0.0.1", port))
    village = server["玉屏村学习中心"]
    a, b = tmp_path / "a", tmp_path / "b"
    try:
        for data in (a, b):
            desk(
                env,
                data,
                "enroll",
                link.url,
                admin(env, "enroll-code", village, "--role", "village"),
            )
        desk(env, a, "demo", "--weeks", "1")
        waiting = json.loads(desk(env, a, "status", "--json").stdout)["pending_total"]

        link.fail_next("cut_response")  # the server commits, the laptop never hears
        link.fail_next("cut_request")  # then the retry dies on the way
        first = json.loads(desk(env, a, "sync", "--json").stdout)
        assert first["ok"] and first["pending"] == 0 and first["sent"] == waiting
        assert link.faults_done == ["cut_response", "cut_request"]

        link.fail_next("cut_response", count=10)  # more than the retries: the sync fails cleanly
        desk(env, a, "demo", "--weeks", "1")
        failed = desk(env, a, "sync", "--json", check=False)
        assert (
            failed.returncode == 1
            and json.loads(failed.stdout.splitlines()[0])["error"] == "unreachable"
        )
        assert "Traceback" not in failed.stderr
        link.clear_faults()
        assert json.loads(desk(env, a, "sync", "--json").stdout)["pending"] == 0

        desk(env, b, "sync")
        desk(env, a, "export", str(tmp_path / "a.json"))
        desk(env, b, "export", str(tmp_path / "b.json"))
        assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
        devices = json.loads(admin(env, "devices", "--json"))
        assert len(devices) == 2, "a cut enrollment or sync never made a second device"
    finally:
        link.close()
