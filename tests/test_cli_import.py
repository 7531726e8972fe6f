"""``learning-desk import`` and ``export WHAT``, run as real processes the way town IT staff run them."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.clock import FixedClock

from support import enrolled_store
from wire import NOW

BIN = Path(sys.executable).parent


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A laptop data folder enrolled (locally) at a village."""
    folder = tmp_path / "desk"
    enrolled_store(folder, FixedClock(NOW)).engine.dispose()
    return folder


def desk(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    return subprocess.run(
        [str(BIN / "learning-desk"), "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _roster(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["玉屏村居民花名册"])
    sheet.append(["姓名", "性别", "出生年月", "手机"])
    sheet.append(["王芳", "女", "1956年3月", 13812345678])
    sheet.append(["李秀英", "女", "1960.5", None])
    sheet.append(["赵六", "男", "1970", "1381234"])
    book.save(path)
    return path


def test_dry_run_reports_and_writes_nothing_then_import_writes_once(
    data: Path, tmp_path: Path
) -> None:
    roster = _roster(tmp_path / "花名册.xlsx")
    dry = desk(data, "import", "residents", str(roster), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["ok"] and report["dry_run"] and not report["written"]
    assert (report["add"], report["match"], report["reject"]) == (2, 0, 1)
    assert report["header_row"] == 2
    assert report["columns"]["name"] == "姓名"
    rejected = [d for d in report["details"] if d["action"] == "reject"]
    assert rejected[0]["row"] == 5 and rejected[0]["field"] == "phone"
    assert "1381234" in rejected[0]["reason"]

    done = desk(data, "import", "residents", str(roster))
    assert done.returncode == 0, done.stderr
    assert "Row 5 (Phone):" in done.stdout
    assert "Added 2." in done.stdout

    again = json.loads(desk(data, "import", "residents", str(roster), "--json").stdout)
    assert (again["add"], again["match"], again["written"]) == (0, 2, False)
    assert {d["label"] for d in again["details"] if d["action"] == "match"} == {"王芳", "李秀英"}


def test_columns_chosen_on_the_command_line(data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "teachers.csv"
    sheet.write_bytes("老师,身份类别,电话\n陈老师,专职,13900001111\n".encode("gbk"))
    missing = desk(data, "import", "teachers", str(sheet), "--json")
    assert missing.returncode == 1
    assert json.loads(missing.stdout)["problems"]
    chosen = desk(data, "import", "teachers", str(sheet), "--column", "name=老师", "--json")
    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout)["add"] == 1
    wrong = desk(data, "import", "teachers", str(sheet), "--column", "nom=老师")
    assert wrong.returncode == 2 and "unknown field" in wrong.stderr


def test_an_unreadable_file_is_one_sentence(data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    result = desk(data, "import", "residents", str(bad), "--json")
    assert result.returncode == 1
    assert ".xlsx" in result.stderr
    assert json.loads(result.stdout)["ok"] is False


def test_export_what_to_xlsx_and_csv_and_the_old_export_still_works(
    data: Path, tmp_path: Path
) -> None:
    desk(data, "import", "residents", str(_roster(tmp_path / "r.xlsx")))
    out = tmp_path / "居民.csv"
    result = desk(data, "export", "residents", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(codecs.BOM_UTF8)
    assert "王芳" in out.read_text(encoding="utf-8-sig")
    xlsx = tmp_path / "居民.xlsx"
    assert desk(data, "export", "residents", str(xlsx)).returncode == 0
    assert load_workbook(xlsx).active["A3"].value == "李秀英"  # by village group, household, name
    assert desk(data, "export", "courses", str(xlsx)).returncode == 2
    whole = tmp_path / "all.json"
    assert desk(data, "export", str(whole)).returncode == 0
    assert len(json.loads(whole.read_text(encoding="utf-8"))["tables"]["residents"]) == 2
