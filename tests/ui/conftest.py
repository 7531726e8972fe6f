"""Fixtures for the window's tests: an enrolled laptop database per test (with demo data when asked),
the hub and background runner the composition root would pass in, a scripted stand-in for the sync
client, and the Chinese catalogue compiled from the committed .ts once per test run."""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

# Before Qt is imported anywhere: the tests need no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QLocale  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.clock import FixedClock  # noqa: E402
from desktop.changes import Changes  # noqa: E402
from desktop.services.common import week_start  # noqa: E402
from desktop.services.demo import seed_demo  # noqa: E402
from desktop.storage.store import Store  # noqa: E402
from desktop.ui.background import Background  # noqa: E402
from desktop.ui.events import Hub  # noqa: E402
from desktop.ui.i18n import TS_DIR, compile_ts, install_translators, remove_translators  # noqa: E402

from support import enrolled_store  # noqa: E402

#: A Wednesday afternoon in the villages (UTC+8).
UI_NOW = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english_locale() -> Iterator[None]:
    # Each test starts from the source language; the `chinese` fixture switches for one test.
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


@pytest.fixture
def ui_clock() -> FixedClock:
    return FixedClock(UI_NOW)


@pytest.fixture
def monday(ui_clock: FixedClock) -> dt.date:
    """Monday of the week the tests' clock is in: the week the window opens on."""
    return week_start(ui_clock.now().astimezone().date())


@pytest.fixture
def desk(tmp_path: Path, ui_clock: FixedClock) -> Iterator[Store]:
    """An empty laptop database enrolled (locally only) at a village site."""
    made = enrolled_store(tmp_path / "desk", ui_clock)
    yield made
    made.engine.dispose()


@pytest.fixture
def demo_desk(desk: Store) -> Store:
    """The same laptop with two weeks of a demo centre's sessions and attendance."""
    seed_demo(desk, weeks=2)
    return desk


@pytest.fixture
def hub() -> Hub:
    return Hub()


def wait_saved(qtbot, background: Background) -> None:  # noqa: ANN001 - pytest-qt's bot
    """Until the window's database work is done: marks are saved on the database thread."""
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=10_000)


@pytest.fixture
def background(qapp: QApplication) -> Iterator[Background]:
    runner = Background()
    yield runner
    assert runner.wait(10_000), "background work still running after the test"


@pytest.fixture(scope="session")
def zh_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed Chinese .ts compiled to a .qm for this test run."""
    qm = tmp_path_factory.mktemp("i18n") / "learning_desk_zh_CN.qm"
    assert compile_ts(TS_DIR / "learning_desk_zh_CN.ts", qm), "lrelease could not compile the .ts"
    return qm


@pytest.fixture
def chinese(qapp: QApplication, zh_catalog: Path) -> Iterator[None]:
    """Run one test in Simplified Chinese."""
    translators = install_translators(qapp, "zh_CN", catalog=zh_catalog)
    yield
    remove_translators(qapp, translators)


class FakeClient:
    """Stands in for the sync client. Each ``sync`` takes the next of ``outcomes`` (an exception to
    raise, or a report to return; the default report when none are left), reports ``steps`` of
    progress first, and can be held until the test sets ``hold``. ``reachable`` answers from
    ``reachable`` (the last answer repeats). It records the threads it ran on and how many syncs
    ever ran at the same time."""

    def __init__(
        self,
        outcomes: list[Any] | None = None,
        reachable: list[bool] | None = None,
        hold: threading.Event | None = None,
        error: Exception | None = None,
    ) -> None:
        self.outcomes = list(outcomes or ([error] if error else []))
        self.answers = list(reachable or [True])
        self.hold = hold
        self.threads: list[int] = []
        self.calls = 0
        self.probes = 0
        self.active = 0
        self.most_at_once = 0
        self._lock = threading.Lock()
        self.report = SimpleNamespace(
            sent=3, received=2, rejected=0, changes=Changes({"residents": {uuid.uuid4()}})
        )
        self.steps = [
            SimpleNamespace(
                sent=1, to_send=3, received=0, exchanges=1, bytes_sent=6349, bytes_received=1126
            )
        ]

    def sync(self, progress: Callable[[Any], None] | None = None) -> Any:
        with self._lock:
            self.calls += 1
            self.active += 1
            self.most_at_once = max(self.most_at_once, self.active)
        try:
            self.threads.append(threading.get_ident())
            for step in self.steps:
                if progress is not None:
                    progress(step)
            if self.hold is not None and not self.hold.wait(10):
                raise TimeoutError("the test never released the sync")
            outcome = self.outcomes.pop(0) if self.outcomes else self.report
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome
        finally:
            with self._lock:
                self.active -= 1

    def reachable(self) -> bool:
        self.probes += 1
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def fake_client() -> type[FakeClient]:
    """The FakeClient class, for tests to build with the outcomes they need."""
    return FakeClient


def run_on_a_screen(
    node: str,
    tmp_path: Path,
    size: tuple[int, int],
    scale: float,
    env: dict[str, str],
    timeout: float,
) -> None:
    """Run the test ``node`` (a pytest node id from the repository's root) again in a child
    process whose offscreen screen is ``size`` device pixels at ``scale``, with ``env`` added (the
    mark by which the child knows it is the child), and fail with the child's own failure lines."""
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    width, height = size
    config = tmp_path / "screen.json"
    # In device pixels: Qt divides them by the scale factor, as on a scaled screen.
    config.write_text(
        json.dumps(
            {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}]}
        )
    )
    child = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-x", node],
        cwd=root,
        env={
            **os.environ,
            **env,
            "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
            "QT_SCALE_FACTOR": str(scale),
        },
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    said = [line for line in child.stdout.splitlines() if line.startswith("E ")]
    assert child.returncode == 0, (
        "\n".join(said[:80]) or child.stdout[-4000:] + child.stderr[-2000:]
    )
