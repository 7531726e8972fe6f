"""The main window: the week of sessions beside the selected session's sign-in sheet, the residents
and courses tabs, a banner for problems, and the sync status bar.

Everything it shows is built from what the composition root passes in (store, hub, background runner,
sync client); it creates no database, client or thread pool of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from desktop.storage.store import Store
from desktop.ui.attendance_panel import AttendancePanel
from desktop.ui.background import Background
from desktop.ui.courses_tab import CoursesTab
from desktop.ui.events import Hub
from desktop.ui.residents_tab import ResidentsTab
from desktop.ui.sync_bar import Banner, SyncBar, SyncClientLike
from desktop.ui.week_view import WeekView

# How long closing the window waits for a running sync to finish its current step.
_CLOSE_WAIT_MS = 15_000


class MainWindow(QMainWindow):
    """The coordinator's window."""

    def __init__(
        self,
        store: Store,
        hub: Hub,
        background: Background,
        sync_client: SyncClientLike | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.background = background
        site = store.settings().get("site_name", "")
        title = self.tr("Learning Desk")
        self.setWindowTitle(f"{title} — {site}" if site else title)

        self.banner = Banner()
        self.week = WeekView(store, hub)
        self.attendance = AttendancePanel(store, hub)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.week)
        self.splitter.addWidget(self.attendance)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.residents = ResidentsTab(store, hub)
        self.courses = CoursesTab(store, hub)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, self.tr("Sessions and attendance"))
        self.tabs.addTab(self.residents, self.tr("Residents"))
        self.tabs.addTab(self.courses, self.tr("Courses"))

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.sync_bar = SyncBar(store, hub, background, sync_client)
        self.statusBar().addPermanentWidget(self.sync_bar, 1)

        self.week.session_selected.connect(self.attendance.show_session)
        self.sync_bar.failed.connect(self.banner.show_message)
        self.sync_bar.synced.connect(self._synced)
        self.resize(1280, 800)
        self.splitter.setSizes([740, 520])

    def show_problem(self, sentence: str) -> None:
        """Show a sentence the coordinator should read (e.g. why syncing is unavailable)."""
        self.banner.show_message(sentence)

    def _synced(self, report: Any) -> None:
        self.banner.hide()
        self.statusBar().showMessage(
            self.tr("Synced: {sent} sent, {received} received.").format(
                sent=getattr(report, "sent", 0), received=getattr(report, "received", 0)
            ),
            10_000,
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        # A sync in flight is safe to cut (the engine resumes), but let it finish its current step
        # so the worker is not left emitting into destroyed widgets.
        if self.background.is_busy():
            self.statusBar().showMessage(self.tr("Finishing the sync before closing…"))
            self.background.wait(_CLOSE_WAIT_MS)
        super().closeEvent(event)
