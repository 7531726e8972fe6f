"""The composition root: parses the command line, opens the database, builds the store, the sync
client, the translators and the window, and passes each to what needs it.

Nothing else in the program creates these objects, so the rest of the code (and every test) receives
them as arguments instead of reaching for globals.

Run it with ``python -m desktop.app --data-dir DIR``.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from shiboken6 import isValid

from core.clock import SystemClock
from desktop import __version__
from desktop.config import resolve_data_dir
from desktop.logs import start_logging
from desktop.storage.engine import (
    DatabaseCorrupt,
    StorageError,
    is_damage,
    open_local_database,
)
from desktop.storage.store import Store
from desktop.sync.errors import SyncError
from desktop.ui.background import Background
from desktop.ui.backups import keep_daily_backups
from desktop.ui.display import Display
from desktop.ui.events import Hub
from desktop.ui.forms import render
from desktop.ui.i18n import LANGUAGES, choose_language, install_translators, remove_translators
from desktop.ui.main_window import MainWindow
from desktop.ui.syncing.autosync import SyncClientLike, watch_network

if TYPE_CHECKING:
    from desktop.sync.credentials import CredentialStore

log = logging.getLogger("desktop.app")

CTX = "Startup"
# After the window has closed (having waited up to 10 s for its last sync), how long a sync still
# stuck on a slow link may delay the exit. The engine is safe to cut at any moment: an unanswered
# batch stays in the outbox and is resent, so a process that leaves then loses nothing.
EXIT_GRACE_MS = 1_000
#: The window's own settings (text size, size and place) in the data folder: see desktop.ui.display.
WINDOW_SETTINGS = "window.ini"
NO_DISPLAY = (
    "Learning Desk needs a screen, and none was found: run it with `xvfb-run make run`, "
    "or set QT_QPA_PLATFORM=offscreen."
)
# One sentence per storage problem, by StorageError.code. The file is never touched in these cases.
STORAGE_MESSAGES = {
    "data_folder_not_writable": QT_TRANSLATE_NOOP(
        "Startup",
        "Learning Desk cannot write to its data folder {path}. Please choose another folder "
        "(--data-dir) or ask someone to fix the folder's permissions.",
    ),
    "database_corrupt": QT_TRANSLATE_NOOP(
        "Startup",
        "The file {path} is damaged or is not a Learning Desk database. It has been left as it is; "
        "please ask for help before deleting or replacing it.",
    ),
    "database_too_new": QT_TRANSLATE_NOOP(
        "Startup",
        "The records in {path} were made by a newer version of Learning Desk. Please update the app; "
        "the records have been left as they are.",
    ),
    "storage": QT_TRANSLATE_NOOP(
        "Startup",
        "Learning Desk cannot open its records in {path}. They have been left as they are.",
    ),
}


def has_display(environ: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    """False on a Linux machine with no X11/Wayland screen and no Qt platform chosen."""
    if not sys.platform.startswith("linux"):
        return True
    return any(environ.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="learning-desk-window", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--data-dir", help="folder holding the database (default: the user's data folder)"
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the window (default: Chinese unless the system asks for another language)",
    )
    return parser.parse_args(argv)


def storage_sentence(error: StorageError, data_dir: Path) -> str:
    """The translated sentence for a database that cannot be opened."""
    source = STORAGE_MESSAGES.get(error.code, STORAGE_MESSAGES["storage"])
    return QCoreApplication.translate(CTX, source).format(path=error.path or data_dir)


def build_sync_client(
    store: Store, credentials: CredentialStore | None = None
) -> tuple[SyncClientLike | None, str]:
    """The sync client, or None with a sentence saying why syncing is unavailable ("" when simply
    not enrolled: the status bar says that, and the first-run window opens)."""
    try:
        # Imported here: the client pulls in the network stack, which the window does not need to
        # start, and a problem there must not stop coordinators from recording sessions.
        from desktop.sync.client import build_sync_client as build
    except ImportError:
        log.exception("the sync client could not be loaded")
        return None, ""
    try:
        return build(store, credentials), ""
    except SyncError as exc:
        return None, render(exc.message)


def watch_for_damage(
    app: QApplication, window: QWidget, background: Background, path: Path
) -> None:
    """Damage met after start-up (on a page the opening check did not read), in background work or
    on the GUI thread, is the same one sentence as at start-up; then the window closes, leaving the
    file as it is, rather than writing on into a damaged file."""
    said = False

    def stop(error: BaseException) -> None:
        nonlocal said
        log.error("the database is damaged: %s", type(error).__name__)
        if said:
            return
        said = True
        QMessageBox.critical(
            window,
            QCoreApplication.translate("Startup", "Learning Desk"),
            storage_sentence(DatabaseCorrupt.unreadable(path), path),
        )
        app.exit(1)

    background.is_damage = is_damage
    background.on_damage = stop
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        if is_damage(error):
            stop(error)
        else:
            previous(kind, error, tb)

    sys.excepthook = hook


def start_window(
    store: Store,
    hub: Hub,
    background: Background,
    credentials: CredentialStore,
    display: Display | None = None,
) -> MainWindow:
    """Build and show the window; a laptop not yet enrolled gets the first-run window over it."""
    client, problem = build_sync_client(store, credentials)
    first_run: list[QDialog] = []

    def open_first_run() -> None:
        # Imported here, as the sync client is: the window starts without the network stack.
        from desktop.ui.syncing.first_run import FirstRunDialog

        if first_run and isValid(first_run[0]) and first_run[0].isVisible():
            first_run[0].raise_()
            first_run[0].activateWindow()
            return
        dialog = FirstRunDialog(store, background, credentials, parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.enrolled.connect(lambda _enrolled: connected())
        first_run[:] = [dialog]
        dialog.open()

    def connected() -> None:
        client, problem = build_sync_client(store, credentials)
        if client is None:
            window.show_problem(problem)
        else:
            window.use_sync_client(client)

    window = MainWindow(store, hub, background, client, enroll=open_first_run, display=display)
    window.show()
    if problem:
        window.show_problem(problem)
    if store.identity() is None:
        open_first_run()
    return window


def main(argv: Sequence[str] | None = None, credentials: CredentialStore | None = None) -> int:
    """Open the window on the data folder; returns the process exit code. ``credentials`` is the
    OS keyring unless a test hands in another store."""
    args = parse_args(argv)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    data_dir = resolve_data_dir(args.data_dir)
    start_logging(data_dir, to_stderr=True)
    log.info("Learning Desk %s opens its window", __version__)
    # Our own arguments are parsed above; Qt gets only the program name.
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Learning Desk")
    translators = install_translators(app, choose_language(args.lang))
    font = app.font()
    try:
        return _run(app, data_dir, credentials)
    finally:
        remove_translators(app, translators)
        app.setFont(font)


def _run(app: QApplication, data_dir: Path, credentials: CredentialStore | None) -> int:
    try:
        engine = open_local_database(data_dir)
    except StorageError as exc:
        log.warning("cannot open the database: %s", exc)
        QMessageBox.critical(
            None,
            QCoreApplication.translate("Startup", "Learning Desk"),
            storage_sentence(exc, data_dir),
        )
        return 1

    if credentials is None:
        from desktop.sync.credentials import KeyringCredentials

        credentials = KeyringCredentials()
    store = Store(engine, SystemClock())
    hub = Hub()
    background = Background()
    # The text size and the window's place belong to this computer, beside the database, not in it.
    display = Display(QSettings(str(data_dir / WINDOW_SETTINGS), QSettings.Format.IniFormat))
    display.apply_text_size()
    window = start_window(store, hub, background, credentials, display)
    watch_for_damage(app, window, background, Path(engine.url.database or data_dir))
    # What start-up made lives as long as the app: keep it out of the collector's scans, so a full
    # collection while a big sync allocates does not pause the window for ~100 ms each time.
    gc.freeze()
    watch_network(window.autosync)
    window.autosync.start()
    keep_daily_backups(window, store, background)
    code = app.exec()
    if not background.wait(EXIT_GRACE_MS):
        # A request the link has not answered yet: Python cannot cut it, and the thread pool would
        # wait for it as the program ends. Leave now; the sync resumes next time.
        log.warning("a sync was still waiting on the network at exit; it will resume next time")
        logging.shutdown()
        os._exit(code)
    engine.dispose()
    return code


if __name__ == "__main__":
    sys.exit(main())
