"""Syncing by itself: when the link comes back, after local edits settle, on a schedule, and once
more when the window closes. Every sync, automatic or pressed, goes through :class:`AutoSync`, so
there are never two at once.

The rules, in the order a coordinator would notice them:

- **After edits.** A local change to a synced table (announced on the hub) starts a quiet period;
  each further edit restarts it, and when it ends a sync runs. Ticking thirty names in a row makes
  one sync, not thirty.
- **On a schedule.** While the district answers, a sync runs every so often even without edits, so
  what other laptops and the town sent arrives.
- **When the link returns.** After a failure the network may cause (offline, unreachable, timeout,
  server error) nothing is shown beyond a short sentence in the status bar; a light probe
  (``client.reachable()``) is tried again after a growing, jittered pause (15 s doubling to 15 min),
  and a sync follows as soon as it answers. The operating system's own report
  (``QNetworkInformation``, see :func:`watch_network`) cuts the wait short when a cable or Wi-Fi
  comes back; where Qt has no backend the probe alone does it.
- **Failures a person must fix** (the district refused this computer, the app is too old, another
  district's server, a refused batch, an unexpected bug) stop automatic syncing until someone presses
  Sync, and the full sentence is shown.

The network calls (``client.sync`` and ``client.reachable``) only ever run through the
:class:`~desktop.ui.background.Background` helper: the GUI thread never waits on the network. Timers
are ordinary single-shot ``QTimer`` objects whose intervals come from :class:`Timing`, so tests run the
same code with intervals of milliseconds.
"""

from __future__ import annotations

import enum
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from core import schema
from desktop.changes import Changes
from desktop.services.errors import ServiceError
from desktop.sync.errors import NOT_ENROLLED, SyncError
from desktop.ui.background import Background
from desktop.ui.events import Hub, SyncedChanges

log = logging.getLogger(__name__)

#: Tables whose local edits are worth a sync.
SYNCED_TABLES = frozenset(schema.SYNCED_BY_NAME)


class SyncClientLike(Protocol):
    """What the window needs of a sync client (``desktop.sync.client.SyncClient`` or a test fake).

    Both calls block; they are only ever made from a worker thread."""

    def sync(self, progress: Callable[[Any], None] | None = None) -> Any: ...

    def reachable(self) -> bool: ...


@dataclass(frozen=True)
class Timing:
    """How long each wait is, in milliseconds. Tests pass small numbers; the app the defaults."""

    #: Quiet period after the last local edit before a sync.
    debounce_ms: int = 20_000
    #: Time between syncs while the district answers.
    schedule_ms: int = 15 * 60_000
    #: The first sync after the window opens (when :meth:`AutoSync.start` is called).
    startup_ms: int = 5_000
    #: First pause before probing again after a transient failure; it doubles up to ``backoff_max_ms``.
    backoff_first_ms: int = 15_000
    backoff_max_ms: int = 15 * 60_000
    #: Each pause is stretched or shrunk by up to this fraction, so laptops that lost the link
    #: together do not all come back in the same second.
    jitter: float = 0.2
    #: How long closing the window waits for a last sync.
    close_wait_ms: int = 10_000


class Reason(enum.Enum):
    """Why a sync started: a pressed button shows every failure; automatic ones stay quiet when the
    failure will mend itself."""

    MANUAL = "manual"
    EDITS = "edits"
    SCHEDULE = "schedule"
    RECONNECTED = "reconnected"
    CLOSE = "close"


class AutoSync(QObject):
    """Decides when to sync, runs each sync off the GUI thread, and says how it went."""

    #: A sync started (the bar shows "Syncing…").
    started = Signal()
    #: A :class:`~desktop.sync.client.SyncProgress` (or test stand-in) from the running sync.
    progressed = Signal(object)
    #: The client's report after a sync that completed.
    succeeded = Signal(object)
    #: (error, loud): a sync failed; ``loud`` when a person should read the full sentence now.
    failed = Signal(object, bool)
    #: Nothing is running any more (after success or failure): closing the window may go on.
    idle = Signal()
    #: The state shown in the status bar changed (offline, paused, back online).
    state_changed = Signal()

    def __init__(
        self,
        client: SyncClientLike | None,
        hub: Hub,
        background: Background,
        timing: Timing | None = None,
        jitter: Callable[[], float] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.background = background
        self.timing = timing or Timing()
        # A number in [0, 1); tests pass a constant.
        self._random = jitter or random.random
        self.running: Reason | None = None
        self.probing = False
        #: The last failure that will mend itself, while it lasts (for the status bar).
        self.trouble: BaseException | None = None
        #: A failure a person must see to: automatic syncing waits for the Sync button.
        self.paused: BaseException | None = None
        #: What the operating system says about the network: None when it cannot tell.
        self.network_online: bool | None = None
        #: Counts of what happened, for tests and the log.
        self.syncs_started = 0
        self.probes_started = 0
        self._backoff_ms = self.timing.backoff_first_ms
        self._again = False
        self._stopped = False

        self.debounce = self._timer(self.timing.debounce_ms, lambda: self._auto(Reason.EDITS))
        self.schedule = self._timer(self.timing.schedule_ms, lambda: self._auto(Reason.SCHEDULE))
        self.retry = self._timer(self.timing.backoff_first_ms, self._probe)
        hub.changed.connect(self._on_changed)

    def _timer(self, interval: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    # -- what the rest of the window asks --------------------------------------------------------

    @property
    def enabled(self) -> bool:
        """Whether syncs start by themselves (a client exists, and no failure waits for a person)."""
        return self.client is not None and self.paused is None and not self._stopped

    @property
    def offline(self) -> bool:
        """Waiting for the district to answer again (the probe is retried with backoff)."""
        return self.trouble is not None

    @property
    def next_backoff_ms(self) -> int:
        """The pause (before jitter) the next failed probe or sync will wait."""
        return self._backoff_ms

    def start(self) -> None:
        """Begin: a first sync shortly after the window opens, then the schedule."""
        if self.enabled:
            self.schedule.start(self.timing.startup_ms)

    def stop(self) -> None:
        """No more syncs start (the window is closing); one already running ends by itself."""
        self._stopped = True
        for timer in (self.debounce, self.schedule, self.retry):
            timer.stop()

    def resume(self) -> None:
        """Start syncing by itself again after :meth:`stop` (a restore that replaced nothing)."""
        self._stopped = False
        self.start()

    def sync_now(self) -> None:
        """The Sync button: sync now whatever happened before; a failure is shown in full."""
        if self.client is None:
            self.failed.emit(SyncError(NOT_ENROLLED), True)
            return
        if self.running is not None:
            return
        self.paused = None
        self._run(Reason.MANUAL)

    def sync_before_close(self, pending: bool) -> bool:
        """A last sync as the window closes; True when there is one to wait for (already running,
        or just started because changes are waiting and the district might answer)."""
        self.stop()
        if self.running is not None:
            return True
        if (
            not pending
            or self.client is None
            or self.paused is not None
            or self.network_online is False
        ):
            return False
        self._run(Reason.CLOSE)
        return True

    def set_network_online(self, online: bool | None) -> None:
        """What the operating system reports; a link that comes back is probed at once."""
        was = self.network_online
        self.network_online = online
        if online is not False and was is False and self.enabled:
            log.info("the network is back: probing the district server")
            self._backoff_ms = self.timing.backoff_first_ms
            self.retry.stop()
            self._probe()

    # -- triggers --------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        # A sync's own refresh is not an edit; everything else that touches a synced table is.
        if isinstance(changes, SyncedChanges) or not changes.touches(*SYNCED_TABLES):
            return
        if self.enabled:
            self.debounce.start()

    def _auto(self, reason: Reason) -> None:
        if not self.enabled:
            return
        if self.running is not None or self.probing:
            self._again = True  # one more when this one ends: the edit may have missed it
            return
        if self.offline:
            return  # the retry timer probes first; a sync follows when the district answers
        self._run(reason)

    # -- probing while offline -------------------------------------------------------------------

    def _probe(self) -> None:
        if not self.enabled or self.probing or self.running is not None or self.client is None:
            return
        client = self.client
        self.probing = True
        self.probes_started += 1
        self.background.run(
            lambda _progress: client.reachable(),
            on_success=self._probed,
            on_failure=lambda _error: self._probed(False),
        )

    def _probed(self, answer: Any) -> None:
        if not isValid(self):
            return
        self.probing = False
        if not self.enabled:
            return
        if answer is True and self.running is None:
            self._run(Reason.RECONNECTED)
        elif self.running is None:
            self._arm_retry()

    def _arm_retry(self) -> None:
        """Wait the current pause (with jitter) before probing again, and double the next one."""
        spread = self.timing.jitter * (2 * self._random() - 1)
        self.retry.start(max(1, round(self._backoff_ms * (1 + spread))))
        self._backoff_ms = min(self._backoff_ms * 2, self.timing.backoff_max_ms)

    # -- one sync --------------------------------------------------------------------------------

    def _run(self, reason: Reason) -> None:
        assert self.client is not None and self.running is None
        client = self.client
        self.running = reason
        self._again = False
        self.syncs_started += 1
        self.debounce.stop()  # this sync carries every edit made so far
        self.schedule.stop()
        self.retry.stop()
        self.started.emit()
        self.background.run(
            lambda progress: client.sync(progress=progress),
            on_success=self._succeeded,
            on_failure=self._failed,
            on_progress=self._progressed,
        )

    def _progressed(self, progress: Any) -> None:
        if isValid(self):
            self.progressed.emit(progress)

    def _succeeded(self, report: Any) -> None:
        if not isValid(self):
            return
        self.running = None
        self.trouble = None
        self.paused = None
        self._backoff_ms = self.timing.backoff_first_ms
        self.succeeded.emit(report)
        self.state_changed.emit()
        if self.enabled:
            if self._again:
                self._run(Reason.EDITS)
                return
            self.schedule.start(self.timing.schedule_ms)
        self.idle.emit()

    def _failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        reason, self.running = self.running, None
        self._again = False
        transient = isinstance(error, SyncError) and error.transient
        if transient:
            # The link or the server: it mends itself. Probe again later, quietly.
            self.trouble = error
            if not self._stopped:
                self._arm_retry()
        else:
            if not isinstance(error, SyncError | ServiceError):
                log.error(
                    "sync failed unexpectedly", exc_info=(type(error), error, error.__traceback__)
                )
            # A person must act (or a bug must be fixed): stop until someone presses Sync.
            self.trouble = None
            self.paused = error
            for timer in (self.debounce, self.schedule, self.retry):
                timer.stop()
        self.failed.emit(error, not transient or reason is Reason.MANUAL)
        self.state_changed.emit()
        self.idle.emit()


def watch_network(autosync: AutoSync) -> bool:
    """Feed the operating system's reachability reports to ``autosync``.

    Returns False where Qt has no network-information backend for this platform (or it cannot tell
    reachability); the probe with backoff then does the work alone.
    """
    # Imported here: QtNetwork is only needed when the app runs, not by every test of the window.
    from PySide6.QtNetwork import QNetworkInformation

    try:
        loaded = QNetworkInformation.loadDefaultBackend()
    except Exception:  # noqa: BLE001 - a missing plugin must never stop the window
        log.info("no network information backend", exc_info=True)
        return False
    info = QNetworkInformation.instance() if loaded else None
    if info is None or not info.supports(QNetworkInformation.Feature.Reachability):
        log.info("no network reachability reports here; probing the server alone")
        return False

    def report(reachability: QNetworkInformation.Reachability) -> None:
        if not isValid(autosync):
            return  # the window has gone; the backend lives on until the app quits
        if reachability == QNetworkInformation.Reachability.Unknown:
            autosync.set_network_online(None)
        else:
            # "Local" or "Site" may still reach a district server on the same network: only a
            # disconnected machine is certainly offline, and the probe settles the rest.
            autosync.set_network_online(
                reachability != QNetworkInformation.Reachability.Disconnected
            )

    info.reachabilityChanged.connect(report)
    report(info.reachability())
    log.info("watching the network through Qt's %s backend", info.backendName())
    return True
