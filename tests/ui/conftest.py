"""Fixtures for the window's tests: an enrolled laptop database per test (with demo data when asked),
the hub and background runner the composition root would pass in, and the Chinese catalogue compiled
from the committed .ts once per test run."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

# Before Qt is imported anywhere: the tests need no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QLocale  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.clock import FixedClock  # noqa: E402
from desktop.services.common import week_start  # noqa: E402
from desktop.services.demo import seed_demo  # noqa: E402
from desktop.storage.engine import open_local_database  # noqa: E402
from desktop.storage.store import Store, put_settings  # noqa: E402
from desktop.ui.background import Background  # noqa: E402
from desktop.ui.events import Hub  # noqa: E402
from desktop.ui.i18n import TS_DIR, compile_ts, install_translators, remove_translators  # noqa: E402

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
    engine = open_local_database(tmp_path / "desk")
    with engine.begin() as conn:
        put_settings(
            conn,
            {
                "device_id": uuid.uuid4().hex,
                "site_id": uuid.uuid4().hex,
                "role": "village",
                "server_url": "http://127.0.0.1:1",
                "server_id": "test",
                "site_name": "玉屏村学习中心",
            },
        )
    yield Store(engine, ui_clock)
    engine.dispose()


@pytest.fixture
def demo_desk(desk: Store) -> Store:
    """The same laptop with two weeks of a demo centre's sessions and attendance."""
    seed_demo(desk, weeks=2)
    return desk


@pytest.fixture
def hub() -> Hub:
    return Hub()


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
