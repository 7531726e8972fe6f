"""The laptop's log and its diagnostics zip: a rotating log in the data folder that only its user
reads, and a zip for the town IT person that says what helps and holds nothing personal."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from core import schema
from core.clock import FixedClock
from core.database import head_revision
from core.protocol import PROTOCOL_VERSION
from desktop import __version__
from desktop import logs as desk_logs
from desktop.services.diagnostics import write_diagnostics
from desktop.services.people.residents import ResidentInput, add_resident
from desktop.storage import settings as keys
from desktop.storage.engine import open_local_database
from desktop.storage.store import put_settings

from support import District, enrolled_store, synced_village
from wire import NOW

BIN = Path(sys.executable).parent
NAME, PHONE, ID_NUMBER = "欧阳秀英", "13912345678", "11010519491231002X"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def logging_to(tmp_path: Path) -> Iterator[Path]:
    """The test process may log to a data folder, as the programs do; put back after."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield tmp_path / "desk"
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_log_rotates_in_the_data_folder_readable_by_its_user_alone(logging_to: Path) -> None:
    folder = logging_to / "logs"
    folder.mkdir(parents=True, mode=0o755)
    older = folder / "learning-desk.log.1"
    older.write_text("from an older install\n")
    older.chmod(0o644)
    path = desk_logs.start_logging(logging_to)
    assert path == folder / "learning-desk.log"
    assert _mode(folder) == 0o700 and _mode(older) == 0o600
    log = logging.getLogger("desktop.test")
    line = "x" * 99
    for _ in range(desk_logs.MAX_BYTES // 100 + 200):
        log.info(line)
    assert (folder / "learning-desk.log.2").read_text() == "from an older install\n"
    files = desk_logs.log_files(logging_to)
    assert [f.name for f in files] == [
        "learning-desk.log",
        "learning-desk.log.1",
        "learning-desk.log.2",
    ]
    assert all(_mode(f) == 0o600 for f in files)
    assert (folder / "learning-desk.log.1").stat().st_size <= desk_logs.MAX_BYTES
    # Started again (another data folder): one log file at a time, the new one.
    again = desk_logs.start_logging(logging_to.parent / "other")
    log.info("to the other folder")
    assert "to the other folder" in again.read_text(encoding="utf-8")
    assert "to the other folder" not in path.read_text(encoding="utf-8")
    ours = [h for h in logging.getLogger().handlers if isinstance(h, desk_logs.PrivateRotatingFile)]
    assert len(ours) == 1


def test_a_database_error_does_not_carry_the_values_into_the_log(tmp_path: Path) -> None:
    engine = open_local_database(tmp_path / "d")
    with engine.begin() as conn:
        conn.execute(insert(schema.local_settings).values(key="k", value=NAME))
    with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
        conn.execute(insert(schema.local_settings).values(key="k", value=f"{NAME} {PHONE}"))
    engine.dispose()
    assert "UNIQUE" in str(caught.value)
    assert NAME not in str(caught.value) and PHONE not in str(caught.value)


def _zip_texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist()}


def test_the_zip_says_what_helps_and_holds_nothing_personal_or_secret(
    sqlite_district: District,
    tmp_path: Path,
    logging_to: Path,  # noqa: ARG001
) -> None:
    desk_logs.start_logging(tmp_path / "a")  # the laptop's data folder
    laptop = synced_village(sqlite_district, tmp_path, "a")
    laptop.store.id_key = b"district-id-key-for-this-test"
    person, _ = add_resident(
        laptop.store, ResidentInput(NAME, phone=PHONE, birth_year=1949, id_number=ID_NUMBER)
    )
    token = laptop.credentials.tokens[laptop.store.identity().device_id.hex]
    with laptop.store.write() as w:
        # What an older version left in its settings, and a key no version declares.
        put_settings(w.conn, {keys.ENROLL_NONCE: "ABCDE12345:planted-nonce-7f3a", "x_token": token})
        w.conn.execute(
            insert(schema.local_rejections).values(
                table_name="residents",
                row_id=person.id,
                local_rev=1,
                reason="this record belongs to another site",
                at=laptop.clock.now().replace(tzinfo=None),
            )
        )
    logging.getLogger("desktop.test").warning("a line the helper should see")
    out = tmp_path / "diag.zip"
    done = write_diagnostics(laptop.store, out, qt="6.8.0")

    texts = _zip_texts(out)
    assert set(texts) == {
        "README.txt",
        "versions.json",
        "settings.json",
        "sync.json",
        "database.json",
        "logs/learning-desk.log",
    }
    assert done.names and set(done.names) == set(texts) and done.database_ok
    assert "不包含" in texts["README.txt"] and "居民的姓名、电话、身份证号" in texts["README.txt"]
    assert "a line the helper should see" in texts["logs/learning-desk.log"]

    versions = json.loads(texts["versions.json"])
    assert versions["app"] == __version__ and versions["protocol"] == PROTOCOL_VERSION
    assert versions["schema"] == versions["schema_of_this_version"] == head_revision()
    assert versions["qt"] == "6.8.0" and versions["python"] and versions["os"]

    settings = json.loads(texts["settings.json"])
    identity = laptop.store.identity()
    assert settings["settings"]["device_id"] == identity.device_id.hex
    assert settings["settings"]["server_url"] == sqlite_district.url
    assert "enroll_nonce" not in settings["settings"] and "x_token" not in settings["settings"]
    assert settings["left_out"] >= 2

    sync = json.loads(texts["sync.json"])
    stored = laptop.store.settings()
    assert sync["enrolled"] and sync["cursor"] == keys.CURSOR.of(stored) > 0
    assert sync["last_success"] == keys.LAST_SUCCESS.of(stored)
    assert sync["pending"] == {"residents": 1} and sync["pending_total"] == 1
    assert sync["refused_changes"] == 1
    assert sync["recent_refusals"][0]["reason"] == "this record belongs to another site"

    database = json.loads(texts["database.json"])
    assert database["quick_check"] == ["ok"]
    assert database["page_count"] > 0 and database["bytes"] > 0
    assert database["rows"]["residents"] >= 1 and database["rows"]["attendance"] > 0
    assert database["rows"]["server_audit"] == 0  # the server's table, empty on a laptop

    id_hash = _stored_id_hash(laptop.store, person.id)
    planted = [NAME, PHONE, ID_NUMBER, id_hash, token, "planted-nonce-7f3a"]
    planted += [laptop.store.id_key.decode(), *laptop.credentials.tokens.values()]
    r = schema.residents
    with laptop.store.read() as conn:
        # Every demo resident too: their names and phones.
        for name, phone in conn.execute(r.select().with_only_columns(r.c.name, r.c.phone)):
            planted += [name, *([phone] if phone else [])]
    for name, text in texts.items():
        for value in planted:
            assert value not in text, (name, value)


def _stored_id_hash(store, resident_id) -> str:  # noqa: ANN001
    r = schema.residents
    with store.read() as conn:
        value = conn.execute(r.select().where(r.c.id == resident_id)).one().id_hash
    assert value
    return value


def _desk(data: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "learning-desk"), "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_command_line_logs_to_the_data_folder_and_writes_the_zip(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    data = tmp_path / "desk"
    enrolled_store(data, FixedClock(NOW)).engine.dispose()
    assert _desk(data, "demo", "--weeks", "1", env=env).returncode == 0
    done = _desk(data, "diagnostics", str(tmp_path / "out.zip"), env=env)
    assert done.returncode == 0, done.stderr
    assert "no personal data" in done.stdout
    log = (data / "logs" / "learning-desk.log").read_text(encoding="utf-8")
    assert f"learning-desk {__version__}: demo" in log
    assert f"learning-desk {__version__}: diagnostics" in log
    assert _mode(data / "logs") == 0o700 and _mode(data / "logs" / "learning-desk.log") == 0o600
    texts = _zip_texts(tmp_path / "out.zip")
    assert f"learning-desk {__version__}: demo" in texts["logs/learning-desk.log"]
    assert json.loads(texts["sync.json"])["enrolled"] is True
    wrong = _desk(data, "diagnostics", str(tmp_path / "out.txt"), env=env)
    assert wrong.returncode == 2 and "must end in .zip" in wrong.stderr
    assert not (tmp_path / "out.txt").exists()
