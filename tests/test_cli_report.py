"""``learning-desk report week`` as a scheduled job runs it: a real process over a district laptop's
data folder, its outputs read back (JSON, openpyxl, pypdf) and compared with the week's figures."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pypdf
import pytest
from small_district import SmallDistrict, build

from core.clock import FixedClock
from core.week_figures import week_figures

BIN = Path(sys.executable).parent
MONDAY = dt.date(2026, 11, 9)  # 2026-W46: 荣升村's headcount of 30 and 甲, 丁 named


@pytest.fixture
def data(tmp_path: Path, clock: FixedClock) -> tuple[Path, SmallDistrict]:
    folder = tmp_path / "district-desk"
    made = build(folder, clock)
    made.store.engine.dispose()
    return folder, made


def desk(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("LEARNING_DESK_DATA", None)
    env.pop("QT_QPA_PLATFORM", None)  # the command line must manage without being told
    result = subprocess.run(
        [str(BIN / "learning-desk"), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}): {result.stderr}")
    return result


def _expected(made: SmallDistrict, site) -> dict:  # noqa: ANN001
    with made.store.engine.connect() as conn:
        return week_figures(conn, site, MONDAY)


def test_json_has_the_weeks_figures(data, tmp_path: Path) -> None:  # noqa: ANN001
    folder, made = data
    out = tmp_path / "week.json"
    desk(folder, "report", "week", "2026-W46", "--site", made.v2.hex, "--format", "json", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["site_name"] == "荣升村学习中心"
    assert (doc["week"], doc["week_start"], doc["week_end"]) == (
        "2026-W46",
        "2026-11-09",
        "2026-11-15",
    )
    assert doc["status"] == "returned"
    assert doc["figures"] == json.loads(json.dumps(_expected(made, made.v2)))
    assert (doc["figures"]["person_times"], doc["figures"]["reach"]) == (30, 2)


def test_xlsx_is_laid_out_for_printing_with_a_totals_row(data, tmp_path: Path) -> None:  # noqa: ANN001
    folder, made = data
    out = tmp_path / "week.xlsx"
    desk(
        folder,
        "report",
        "week",
        "2026-W46",
        "--site",
        "荣升村学习中心",
        "--format",
        "xlsx",
        str(out),
    )
    sheet = openpyxl.load_workbook(out).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "荣升村学习中心 工作周报（2026年第46周 11月9日–11月15日）"
    labels = {row[0]: row[1] for row in rows[1:] if row and row[0]}
    expected = _expected(made, made.v2)
    assert labels["统计期间"] == "2026年第46周 11月9日–11月15日"
    assert (labels["人次"], labels["场次"], labels["覆盖人数"]) == (
        expected["person_times"],
        expected["sessions"],
        expected["reach"],
    )
    header = next(i for i, row in enumerate(rows) if row[0] == "课程")
    assert rows[header][:4] == ["课程", "平台", "场次", "人次"]
    assert rows[header + 1][:4] == ["广场舞", "健康健身服务", 1, 30]
    assert rows[-1][:4] == ["合计", None, expected["sessions"], expected["person_times"]]
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == f"${header + 1}:${header + 1}"


def test_pdf_brief_names_the_site_and_its_person_times(data, tmp_path: Path) -> None:  # noqa: ANN001
    folder, made = data
    out = tmp_path / "brief.pdf"
    done = desk(
        folder, "report", "week", "2026-W46", "--site", made.v2.hex, "--format", "pdf", str(out)
    )
    assert "荣升村学习中心" in done.stdout
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())
    assert "荣升村学习中心" in text
    assert "工作简报" in text
    assert "2026年第46周" in text
    assert "30" in text and "人次" in text
    assert "广场舞" in text  # the busiest course is among the highlights


def test_own_site_by_default_and_bad_input_in_a_sentence(data, tmp_path: Path) -> None:  # noqa: ANN001
    folder, made = data
    out = tmp_path / "district.json"
    desk(folder, "report", "week", "2026-W46", str(out))  # format from the suffix
    assert json.loads(out.read_text(encoding="utf-8"))["site_name"] == "荣昌区社区学院"
    bad = desk(folder, "report", "week", "2026-11", str(out), check=False)
    assert bad.returncode == 2 and "2026-W48" in bad.stderr
    unknown = desk(
        folder, "report", "week", "2026-W46", "--site", "没有这个村", str(out), check=False
    )
    assert unknown.returncode == 1 and "没有这个村" in unknown.stderr
