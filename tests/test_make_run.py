"""`make run` on a machine without a screen: one clear sentence before anything is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("make") is None,
    reason="the screen check is for Linux, run through make",
)
def test_make_run_without_a_screen_says_so_before_installing_anything(tmp_path: Path) -> None:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "MAKEFLAGS", "MAKELEVEL")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    venv = tmp_path / "venv"
    # A virtual environment that does not exist yet and a Python that cannot make one: anything
    # `make run` tried to install before the screen check would fail with another message.
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "run",
            f"VENV={venv}",
            f"PYTHON={tmp_path / 'no-python'}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("No display found"), result.stderr
    assert "xvfb-run make run" in result.stderr
    assert "Installing" not in result.stdout and not venv.exists()
