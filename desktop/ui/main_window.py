"""The main window: the week of sessions beside the selected session's sign-in sheet, the residents,
courses, teachers and conflicts tabs, a banner for problems, and the sync status bar.

Everything it shows is built from what the composition root passes in (store, hub, background runner,
sync client); it creates no database, client or thread pool of its own. It owns the
:class:`~desktop.ui.syncing.autosync.AutoSync` that decides when to sync, and closing it sends the last changes
first, waiting a bounded time with a note on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import bundles
from core.messages import UserMessage
from desktop.services.diagnostics import Diagnostics, write_diagnostics
from desktop.sync.bundles import RETURNS, kept, write_answer
from desktop.sync.errors import CTX as SYNC_CTX
from desktop.sync.errors import MESSAGES as SYNC_MESSAGES
from desktop.sync.errors import NOT_ENROLLED
from desktop.sync.status import sync_status
from desktop.ui.background import Background
from desktop.ui.backups import BackupMenu
from desktop.ui.demand.dispatch_tab import DispatchTab
from desktop.ui.demand.requests_tab import RequestsTab
from desktop.ui.display import DEFAULT_TEXT_SIZE, Display, WholeLines
from desktop.ui.events import Hub, SyncedChanges
from desktop.ui.forms import render
from desktop.ui.help import show_about, show_guide
from desktop.ui.people.dialogs import ask_for_resident
from desktop.ui.people.residents_tab import ResidentsTab
from desktop.ui.people.teachers_tab import TeachersTab
from desktop.ui.reports.inbox_tab import InboxTab
from desktop.ui.reports.overview_tab import OverviewTab
from desktop.ui.reports.week_report_tab import WeekReportTab
from desktop.ui.spreadsheets.import_dialog import ImportDialog, export_list
from desktop.ui.syncing.autosync import AutoSync, SyncClientLike, Timing
from desktop.ui.syncing.conflicts_tab import ConflictsTab
from desktop.ui.syncing.sync_bar import Banner, SyncBar
from desktop.ui.undoing import WindowUndo
from desktop.ui.week.attendance_panel import AttendancePanel
from desktop.ui.week.courses_tab import CoursesTab
from desktop.ui.week.week_view import WeekView
from desktop.ui.widgets import ScrollingTabs

if TYPE_CHECKING:
    from desktop.storage.store import Store

#: How long closing waits for marks still being saved before it counts what is left to send.
CLOSE_SAVE_WAIT_MS = 5000


class MainWindow(QMainWindow):
    """The coordinator's window."""

    def __init__(
        self,
        store: Store,
        hub: Hub,
        background: Background,
        sync_client: SyncClientLike | None,
        parent: QWidget | None = None,
        timing: Timing | None = None,
        enroll: Callable[[], None] | None = None,
        display: Display | None = None,
    ) -> None:
        """``enroll`` opens the first-run window that connects this laptop to its district (the
        composition root holds the credentials it needs); without it the window offers none.
        ``display`` keeps the text size and the window's size and place on this computer; without
        it the defaults apply and nothing is kept."""
        super().__init__(parent)
        self.store = store
        self.display = display or Display()
        # Wrapped sentences in this window and its dialogs get all their lines, whatever the size.
        self._whole_lines = WholeLines(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._whole_lines)
        self.hub = hub
        self.background = background
        self.autosync = AutoSync(sync_client, hub, background, timing, parent=self)
        # "open", then "waiting" while the last sync runs as the window closes, then "closed".
        self._close_state = "open"
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.timeout.connect(self._close_now)
        self._show_title()

        self.banner = Banner()
        self.week = WeekView(store, hub)
        self.attendance = AttendancePanel(store, hub, background, ask_for_resident(store, hub))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("sessions")
        self.splitter.addWidget(self.week)
        self.splitter.addWidget(self.attendance)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.residents = ResidentsTab(store, hub)
        self.courses = CoursesTab(store, hub)
        self.teachers = TeachersTab(store, hub)
        self.conflicts = ConflictsTab(store, hub)
        self.tabs = ScrollingTabs()
        self.tabs.addTab(self.splitter, self.tr("Sessions and attendance"))
        self.tabs.addTab(self.residents, self.tr("Residents"))
        self.tabs.addTab(self.courses, self.tr("Courses"))
        self.tabs.addTab(self.teachers, self.tr("Teachers and volunteers"))
        self.tabs.addTab(self.conflicts, "")
        self.week_report: WeekReportTab | None = None
        self.inbox: InboxTab | None = None
        self.overview: OverviewTab | None = None
        self.requests: RequestsTab | None = None
        self.dispatch: DispatchTab | None = None
        self._add_role_tabs()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        # Over the content, not in its layout: a sync failure never moves what is under the mouse.
        self.banner.float_over(central)
        # One undo stack for the window: every bulk action offered on the hub, Ctrl+Z and 撤销.
        self.undo = WindowUndo(store, hub, background, self, central)

        self.sync_bar = SyncBar(store, hub, self.autosync)
        self.sync_bar.set_enroll(enroll)
        self.statusBar().addPermanentWidget(self.sync_bar, 1)

        self.week.session_selected.connect(self.attendance.show_session)
        # A session just saved is where sign-in starts: the cursor goes to its sign-in box.
        self.week.session_saved.connect(lambda _session: self.attendance.focus_search())
        self.sync_bar.failed.connect(self.banner.show_message)
        self.sync_bar.synced.connect(self._synced)
        self.sync_bar.conflicts_clicked.connect(lambda: self.tabs.setCurrentWidget(self.conflicts))
        self.conflicts.count_changed.connect(self._conflicts_counted)
        self._conflicts_counted(self.conflicts.open_count)
        self.autosync.idle.connect(self._sync_ended)
        self._build_menu()
        self.display.restore(self)
        splitter = self.display.state("splitter")
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([self.width() * 3 // 5, self.width() * 2 // 5])

    def _show_title(self) -> None:
        site = self.store.site_name()
        title = self.tr("Learning Desk")
        self.setWindowTitle(f"{title} — {site}" if site else title)

    def use_sync_client(self, client: SyncClientLike) -> None:
        """Sync with ``client`` from now on: the laptop has just been enrolled from the window. The
        title, the tabs of its role and the status bar follow without a restart, and the first
        download starts at once, its progress in the status bar."""
        self.autosync.client = client
        self._show_title()
        self._add_role_tabs()
        self.sync_bar.show_button()
        self.banner.hide()
        self.autosync.sync_now()

    def _add_role_tabs(self) -> None:
        """The tabs of this laptop's role, once it has one (at start, or when enrolled from the
        window)."""
        identity = self.store.identity()
        role = identity.role if identity else ""
        store, hub = self.store, self.hub
        # By role: a village, and a town for its own site, reports its week (周报); a town or the
        # district reviews the villages below it in the inbox (待办) and sees the totals (总览).
        if self.week_report is None and role in ("village", "town"):
            self.week_report = WeekReportTab(store, hub)
        if self.inbox is None and role in ("town", "district"):
            self.inbox = InboxTab(store, hub)
        if self.overview is None and role in ("town", "district"):
            self.overview = OverviewTab(store, hub, self.background)
        # Requests (需求): a village's and a town's list; the district's dispatch board and menu.
        if self.requests is None and role in ("village", "town"):
            self.requests = RequestsTab(store, hub)
        if self.dispatch is None and role == "district":
            self.dispatch = DispatchTab(store, hub)
        for tab, text in (
            (self.inbox, self.tr("Inbox")),
            (self.requests, self.requests.title() if self.requests else ""),
            (self.dispatch, self.dispatch.title() if self.dispatch else ""),
            (self.overview, self.tr("Overview")),
            (self.week_report, self.tr("Weekly report")),
        ):
            if tab is not None and self.tabs.indexOf(tab) < 0:
                self.tabs.insertTab(self.tabs.indexOf(self.conflicts), tab, text)
                if tab in (self.requests, self.dispatch):
                    tab.title_changed.connect(
                        lambda text, tab=tab: self.tabs.setTabText(self.tabs.indexOf(tab), text)
                    )

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        menu.addAction(self.tr("Import from Excel…"), self.import_from_excel)
        export = menu.addMenu(self.tr("Export to Excel"))
        for what, text in (
            ("residents", self.tr("Residents…")),
            ("teachers", self.tr("Teachers and volunteers…")),
            ("attendance", self.tr("Attendance…")),
            ("sessions", self.tr("Sessions…")),
        ):
            export.addAction(text, lambda what=what: export_list(self.store, what, self))
        # A USB stick when the village has no link: what a sync would send, and the answer back.
        self.export_bundle_action = menu.addAction(
            self.tr("Export sync bundle…"), self.export_bundle
        )
        self.import_bundle_action = menu.addAction(
            self.tr("Import sync bundle…"), self.import_bundle
        )
        if self.sync_bar.enroll is not None:
            # Also for an enrolled laptop: a new code after the district changed its key.
            self.enroll_action = menu.addAction(
                self.tr("Connect to the district…"), self.sync_bar.enroll
            )
        menu.addSeparator()
        # A copy of the records for a USB stick, and putting one back (the window closes after).
        self.backups = BackupMenu(
            self, self.store, self.background, self.autosync, self.close_after_restore
        )
        self.backup_action = menu.addAction(self.tr("Back up to…"), self.backups.back_up)
        self.restore_action = menu.addAction(self.tr("Restore…"), self.backups.restore)
        menu.addSeparator()
        self.quit_action = menu.addAction(self.tr("E&xit"), self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        view = self.menuBar().addMenu(self.tr("&View"))
        self.larger_text = view.addAction(self.tr("Larger text"), lambda: self.step_text(1))
        self.larger_text.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.smaller_text = view.addAction(self.tr("Smaller text"), lambda: self.step_text(-1))
        self.smaller_text.setShortcut(QKeySequence("Ctrl+-"))
        view.addAction(self.tr("Normal text size"), lambda: self.step_text(0)).setShortcut(
            QKeySequence("Ctrl+0")
        )
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        guide = help_menu.addAction(self.tr("User guide"), lambda: show_guide(self))
        guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.diagnostics_action = help_menu.addAction(
            self.tr("Export diagnostics…"), self.export_diagnostics
        )
        help_menu.addSeparator()
        about = help_menu.addAction(
            self.tr("About Learning Desk"), lambda: show_about(self, self.store)
        )
        about.setMenuRole(QAction.MenuRole.AboutRole)

    def step_text(self, steps: int) -> None:
        """Text one size larger or smaller (``steps``), or back to the usual size (0); kept for
        next time on this computer."""
        points = (
            self.display.step_text_size(steps)
            if steps
            else self.display.set_text_size(DEFAULT_TEXT_SIZE)
        )
        self.sync_bar.show_note(self.tr("Text size: {points} points").format(points=points), 3000)

    def import_from_excel(self) -> None:
        """Residents, teachers or past attendance from a sheet, previewed before anything is written."""
        ImportDialog(self.store, self.hub, self.background, parent=self).exec()

    def _bundle_client(self) -> Any:
        """The sync client that writes and takes in bundles, or None (said) before enrollment."""
        client = self.autosync.client
        if client is None or not hasattr(client, "export_bundle"):
            self.show_problem(render(UserMessage(SYNC_CTX, SYNC_MESSAGES[NOT_ENROLLED])))
            return None
        return client

    def export_bundle(self) -> None:
        """文件 → 导出同步包: what this laptop would send to the district, for a USB stick; on a
        town's laptop holding the district's answer for a village, that answer if chosen."""
        client = self._bundle_client()
        if client is None:
            return
        answers = kept(self.store, RETURNS)
        choice = 0
        if answers:
            choices = [self.tr("This computer's own records")] + [
                self.tr("The district's answer for {site}").format(site=b.site_name)
                for b in answers
            ]
            picked, ok = QInputDialog.getItem(
                self,
                self.tr("Export sync bundle"),
                self.tr("Which sync bundle?"),
                choices,
                0,
                False,
            )
            if not ok:
                return
            choice = choices.index(picked)
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export sync bundle"),
            f"learning-desk-{self.store.today().isoformat()}{bundles.SUFFIX}",
            self.tr("Sync bundle (*{suffix})").format(suffix=bundles.SUFFIX),
        )
        if not name:
            return
        path = Path(name) if name.endswith(bundles.SUFFIX) else Path(name + bundles.SUFFIX)
        if choice:
            answer = answers[choice - 1]

            def work(_progress: Any) -> str:
                write_answer(self.store, answer.site, path)
                return self.tr(
                    "The district's answer for {site} was saved to {path}. Take it to the village "
                    "and import it there (File → Import sync bundle…)."
                ).format(site=answer.site_name, path=path)

        else:

            def work(_progress: Any) -> str:
                written = client.export_bundle(path)
                return self.tr(
                    "The sync bundle was saved to {path} ({n} changes). Take it to the town "
                    "school: its computer sends it to the district at its next sync, and gives you "
                    "the answer to import here."
                ).format(path=path, n=written.changes)

        self._bundle_work(self.tr("Export sync bundle"), work)

    def import_bundle(self) -> None:
        """文件 → 导入同步包: the district's answer to this laptop's bundle, or (on a town's laptop)
        a village's bundle to carry to the district at the next sync."""
        client = self._bundle_client()
        if client is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import sync bundle"),
            "",
            self.tr("Sync bundle (*{suffix})").format(suffix=bundles.SUFFIX),
        )
        if not name:
            return

        def work(_progress: Any) -> str:
            taken = client.import_bundle(Path(name).read_bytes())
            if taken.kept is not None:
                return self.tr(
                    "The sync bundle of {site} is kept ({sessions} sessions, {marks} attendance "
                    "marks): it goes to the district at this computer's next sync."
                ).format(
                    site=taken.kept.site_name,
                    sessions=taken.kept.sessions,
                    marks=taken.kept.marks,
                )
            if taken.already:
                return self.tr("This answer was imported before; nothing changed.")
            return self.tr(
                "The district's answer was imported: {sent} changes confirmed, {rejected} "
                "refused, {received} received."
            ).format(sent=taken.sent, rejected=taken.rejected, received=taken.received)

        self._bundle_work(self.tr("Import sync bundle"), work)

    def _bundle_work(self, title: str, work: Callable[[Any], str]) -> None:
        """Run a bundle's writing or taking in off the GUI thread (it waits for a sync under way),
        then say what it did, or why nothing was done, in one sentence."""
        for action in (self.export_bundle_action, self.import_bundle_action):
            action.setEnabled(False)

        def done(sentence: str) -> None:
            for action in (self.export_bundle_action, self.import_bundle_action):
                action.setEnabled(True)
            self.hub.publish(SyncedChanges())
            QMessageBox.information(self, title, sentence)

        def failed(error: BaseException) -> None:
            for action in (self.export_bundle_action, self.import_bundle_action):
                action.setEnabled(True)
            message = getattr(error, "message", None)
            QMessageBox.warning(self, title, render(message) if message is not None else str(error))

        self.background.run(work, on_success=done, on_failure=failed)

    def export_diagnostics(self) -> None:
        """Ask where to save the diagnostics zip for whoever helps, then write it off the GUI thread
        (the database check reads a town's whole file)."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export diagnostics"),
            f"learning-desk-diagnostics-{self.store.today().isoformat()}.zip",
            self.tr("Zip archive (*.zip)"),
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".zip") else Path(name + ".zip")
        self.diagnostics_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Writing diagnostics…"))

        def written(result: Diagnostics) -> None:
            self.diagnostics_action.setEnabled(True)
            self.statusBar().showMessage(
                self.tr("Diagnostics saved to {path}.").format(path=result.path), 10_000
            )
            QMessageBox.information(
                self,
                self.tr("Export diagnostics"),
                self.tr(
                    "The diagnostics were saved to {path}. Send this file to whoever helps you: it "
                    "holds no residents' names, phones or ID numbers, and no passwords or keys."
                ).format(path=result.path),
            )

        def failed(error: BaseException) -> None:
            self.diagnostics_action.setEnabled(True)
            self.statusBar().clearMessage()
            QMessageBox.warning(
                self,
                self.tr("Export diagnostics"),
                self.tr("The diagnostics could not be written: {reason}").format(reason=error),
            )

        self.background.run(
            lambda _progress: write_diagnostics(self.store, path, qVersion()),
            on_success=written,
            on_failure=failed,
        )

    def show_problem(self, sentence: str) -> None:
        """Show a sentence the coordinator should read (e.g. why syncing is unavailable)."""
        self.banner.show_message(sentence)

    def _conflicts_counted(self, count: int) -> None:
        index = self.tabs.indexOf(self.conflicts)
        self.tabs.setTabText(
            index,
            self.tr("Conflicts ({n})").format(n=count) if count > 0 else self.tr("Conflicts"),
        )
        self.tabs.tabBar().setTabTextColor(
            index, QColor("#b35c00") if count > 0 else self.palette().windowText().color()
        )
        self.sync_bar.set_conflicts(count)

    def _synced(self, report: Any) -> None:
        rejected = getattr(report, "rejected", 0)
        if rejected:
            # Refused changes never stop a sync, so say so here: nobody should miss one.
            self.banner.show_message(
                self.tr(
                    "The district refused {n} of the changes sent; the reasons are under Conflicts."
                ).format(n=rejected)
            )
        else:
            self.banner.hide()
        for bundle, kind in getattr(report, "bundles_refused", ()):
            # A village's bundle this laptop carried: the village must hear of it from the town.
            reason = UserMessage(
                bundles.CTX, bundles.MESSAGES.get(kind) or bundles.MESSAGES[bundles.DAMAGED]
            )
            self.banner.show_message(
                self.tr("The sync bundle of {site} was not accepted: {reason}").format(
                    site=bundle.site_name, reason=render(reason)
                )
            )
        sent, received = getattr(report, "sent", 0), getattr(report, "received", 0)
        if sent or received:
            self.sync_bar.show_note(
                self.tr("Synced: {sent} sent, {received} received.").format(
                    sent=sent, received=received
                )
            )

    # -- closing ---------------------------------------------------------------------------------

    @property
    def waiting_to_close(self) -> bool:
        """Whether the window is waiting for its last sync before it closes."""
        return self._close_state == "waiting"

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._close_state == "waiting":
            event.ignore()  # asked again while the last sync runs: the timer bounds the wait
            return
        self.display.save(self, splitter=self.splitter.saveState())
        if self._close_state == "open":
            # Marks still being saved count as waiting to be sent: let them land first.
            self.background.wait_database(CLOSE_SAVE_WAIT_MS)
            pending = sync_status(self.store).pending > 0
            if self.autosync.sync_before_close(pending):
                # Send the last changes first without blocking the window: it closes when the sync
                # ends or when the wait runs out, whichever comes first. A sync cut off there is
                # safe: the engine resumes it next time.
                self._close_state = "waiting"
                self.banner.show_message(self.tr("Sending the last changes…"), error=False)
                self._close_timer.start(self.autosync.timing.close_wait_ms)
                event.ignore()
                return
            self._close_state = "closed"
        super().closeEvent(event)

    def _sync_ended(self) -> None:
        if self._close_state == "waiting":
            self._close_now()

    def close_after_restore(self) -> None:
        """Close at once, without a last sync: the records under the window were replaced."""
        self._close_state = "closed"
        self.close()

    def _close_now(self) -> None:
        if self._close_state != "waiting":
            return
        self._close_timer.stop()
        self._close_state = "closed"
        self.close()
