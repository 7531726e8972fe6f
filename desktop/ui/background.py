"""The one way the UI runs slow work off the GUI thread: network sync, and the database.

``Background.run(work, on_success=..., on_failure=..., on_progress=...)`` runs ``work`` on a thread
pool; ``Background.run_database(...)`` runs it on the one database thread, where the window's writes
queue in the order they were made. The callbacks always run on the GUI thread: the worker only emits
signals, and they cross to the GUI thread by queued connection, so no widget is ever touched from a
worker. The window stays responsive on a 2G link, where one sync takes many seconds, and while a
town laptop's first download holds the database's write lock for a page at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

# What ``work`` receives: call it from the worker with any progress object.
ProgressFn = Callable[[Any], None]


class _Job(QObject):
    """Lives on the GUI thread; the worker emits its signals, its slots run the callbacks."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)

    def __init__(
        self,
        owner: Background,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[Any], None] | None,
    ) -> None:
        super().__init__(owner)
        self._owner = owner
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        # Explicitly queued: even if a future caller emits from the GUI thread, callbacks never
        # re-enter the code that started the job.
        self.succeeded.connect(self._succeed, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._fail, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _succeed(self, result: object) -> None:
        try:
            self._on_success(result)
        finally:
            self._owner._finished(self)

    @Slot(object)
    def _fail(self, error: object) -> None:
        try:
            owner = self._owner
            if owner.on_damage is not None and owner.is_damage(error):  # type: ignore[arg-type]
                owner.on_damage(error)  # type: ignore[arg-type]
                return
            self._on_failure(error)  # type: ignore[arg-type]
        finally:
            self._owner._finished(self)

    @Slot(object)
    def _progress(self, value: object) -> None:
        if self._on_progress is not None:
            self._on_progress(value)


def _execute(job: _Job, work: Callable[[ProgressFn], Any]) -> None:
    """The worker side: call ``work`` and emit the outcome; touch nothing else."""
    try:
        result = work(job.progressed.emit)
    except Exception as exc:  # noqa: BLE001 - every failure must reach the GUI thread
        log.debug("background work failed", exc_info=True)
        job.failed.emit(exc)
    else:
        job.succeeded.emit(result)


class Background(QObject):
    """Runs callables on its own thread pool and reports back on the GUI thread."""

    # True when the first job starts, False when the last one ends.
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        #: Set by the composition root: which failures mean the database file is damaged, and
        #: what to do then instead of the caller's ``on_failure`` (one sentence, not an error
        #: message per feature that happened to meet the damage).
        self.is_damage: Callable[[BaseException], bool] = lambda error: False
        self.on_damage: Callable[[BaseException], None] | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        # One thread: SQLite takes one writer at a time anyway, and marks must land in the order
        # they were made (a tick, then its untick).
        self._database = QThreadPool(self)
        self._database.setMaxThreadCount(1)
        self._jobs: set[_Job] = set()

    def run(
        self,
        work: Callable[[ProgressFn], Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[Any], None] | None = None,
    ) -> None:
        """Start ``work(progress)`` on a worker thread; exactly one of the callbacks follows."""
        self._start(self._pool, work, on_success, on_failure, on_progress)

    def run_database(
        self,
        work: Callable[[ProgressFn], Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Start ``work(progress)`` on the database thread, after the database work started before
        it; exactly one of the callbacks follows, on the GUI thread."""
        self._start(self._database, work, on_success, on_failure, None)

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[ProgressFn], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[Any], None] | None,
    ) -> None:
        job = _Job(self, on_success, on_failure, on_progress)
        self._jobs.add(job)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        # A plain callable, not a QRunnable subclass: no C++ object whose lifetime Python must track.
        pool.start(lambda: _execute(job, work))

    def is_busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (used when the app quits); True when they are.
        The database thread is waited for first and on its own: a mark still being saved must not
        be cut off because a sync is stuck on the network."""
        saved = self.wait_database(msecs)
        return self._pool.waitForDone(msecs) and saved

    def wait_database(self, msecs: int = -1) -> bool:
        """Block until the window's database work is done (the last marks before closing)."""
        return self._database.waitForDone(msecs)

    def _finished(self, job: _Job) -> None:
        self._jobs.discard(job)
        job.deleteLater()
        if not self._jobs:
            self.busy_changed.emit(False)
