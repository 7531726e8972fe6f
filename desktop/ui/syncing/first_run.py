"""The first-run window: connects a laptop to its district without the command line.

The town reads out two things on the phone: the district server's address and a one-time enrollment
code. The window checks both before anything is sent (an address records could be read on is refused,
a code cut short on the phone is counted, so it does not spend one of the ten tries the server allows
an address), then enrolls on the background runner, since a village link may take a minute to
answer. A failure is the sentence of ``desktop/sync/errors.py`` for its kind, under the field it
concerns, with what to do next. Over HTTPS the window shows the server key it will remember, for the
town to compare with the district's note, as ``learning-desk enroll`` prints it.

Whoever opened the window is told by :attr:`FirstRunDialog.enrolled` and hands the main window its
sync client (``desktop/app.py``); the first download then runs with its progress in the status bar.
The same window takes a new code for a laptop already enrolled (the district changed its key, or no
longer accepts this computer).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.protocol import ENROLLMENT_CODE_LENGTH, normalise_code
from desktop.sync import errors
from desktop.sync.client import enroll
from desktop.sync.credentials import CredentialStore
from desktop.sync.errors import SyncError
from desktop.sync.tls import check_server_url
from desktop.sync.transport import HttpTransport
from desktop.ui.background import Background
from desktop.ui.forms import FieldErrors, render

if TYPE_CHECKING:
    from desktop.storage.store import Store

log = logging.getLogger(__name__)

#: Which field a failure of each kind is shown under; the others go below the form.
FIELD_OF_KIND = {
    errors.BAD_ADDRESS: "address",
    errors.PLAIN_HTTP: "address",
    errors.BAD_ANSWER: "address",
    errors.BAD_CODE: "code",
    errors.CODE_EXPIRED: "code",
    errors.TOO_MANY_TRIES: "code",
}
#: What to do next, after the failure's own sentence, where that sentence was written for a sync.
CHECK_LINK = QT_TRANSLATE_NOOP(
    "FirstRun",
    "Check that this computer is connected to the internet and that the address is exactly as the "
    "district wrote it, then try again.",
)
NEXT_STEP = {
    errors.OFFLINE: CHECK_LINK,
    errors.UNREACHABLE: CHECK_LINK,
    errors.TIMEOUT: CHECK_LINK,
    errors.BAD_ANSWER: QT_TRANSLATE_NOOP(
        "FirstRun",
        "This address may belong to another web site: check that it is the district server's.",
    ),
}
#: The transport's detail for a server certificate this computer does not trust.
CERTIFICATE = "certificate"
CERTIFICATE_STEP = QT_TRANSLATE_NOOP(
    "FirstRun",
    "This computer does not trust the district server's certificate. If the district gave you a "
    "certificate file, choose it under District certificate; otherwise ask the district office.",
)


@dataclass(frozen=True)
class Enrolled:
    """What the window says after enrolling: the site this laptop now belongs to, and the server
    key it remembered ("" over loopback HTTP, where there is none)."""

    site_name: str
    server_key: str


@dataclass(frozen=True)
class _Request:
    address: str
    code: str
    ca_bundle: str


def failure_sentences(error: BaseException) -> tuple[str, str]:
    """(field, sentence) for an enrollment that failed: the sync's own sentence for its kind, with
    what to do next when that sentence was written for a sync (an untrusted certificate gets its own
    sentence); field "" when it belongs to none."""
    if not isinstance(error, SyncError):
        log.error(
            "enrollment failed unexpectedly", exc_info=(type(error), error, error.__traceback__)
        )
        return "", QCoreApplication.translate(
            "FirstRun",
            "The enrollment stopped because of an unexpected problem (details are in the log).",
        )
    if error.kind == errors.UNREACHABLE and error.detail == CERTIFICATE:
        # The sync's sentence ("cannot be reached") would not say what to do at enrollment.
        return "ca_file", QCoreApplication.translate("FirstRun", CERTIFICATE_STEP)
    text = render(error.message)
    step = NEXT_STEP.get(error.kind)
    if step:
        text = f"{text}\n{QCoreApplication.translate('FirstRun', step)}"
    return FIELD_OF_KIND.get(error.kind, ""), text


class FirstRunDialog(QDialog):
    """Server address, enrollment code and an optional district certificate; Connect enrolls."""

    #: An :class:`Enrolled`, once this laptop has its identity and token.
    enrolled = Signal(object)

    def __init__(
        self,
        store: Store,
        background: Background,
        credentials: CredentialStore,
        parent: QWidget | None = None,
        device_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.background = background
        self.credentials = credentials
        self.device_name = device_name
        #: While an enrollment is on its way the window cannot be closed: its answer must land.
        self.busy = False
        self.result_value: Enrolled | None = None
        self.setWindowTitle(self.tr("Connect to the district"))
        self.setMinimumWidth(520)

        identity = store.identity()
        self.intro = QLabel(
            self.tr(
                "This computer is connected to {site}. With a new enrollment code from the "
                "district you can connect it again here, for example after the district changed "
                "its server key."
            ).format(site=store.site_name())
            if identity is not None
            else self.tr(
                "Connect this computer to the district so that its records reach the town and the "
                "district. Type the server address and the enrollment code the town reads out to "
                "you. What you record before then is kept and sent once it is connected."
            )
        )
        self.intro.setWordWrap(True)
        self.errors = FieldErrors()
        self.address = QLineEdit(identity.server_url if identity is not None else "")
        self.address.setObjectName("first_run_address")
        self.address.setPlaceholderText("https://")
        self.code = QLineEdit()
        self.code.setObjectName("first_run_code")
        self.code.setPlaceholderText("ABCDE-23456")
        self.ca_file = QLineEdit()
        self.ca_file.setObjectName("first_run_ca_file")
        self.ca_file.setPlaceholderText(self.tr("only if the district gave you a file"))
        self.choose_ca = QPushButton(self.tr("Choose…"))
        self.choose_ca.clicked.connect(self._choose_ca_file)
        ca_row = QWidget()
        ca_layout = QHBoxLayout(ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self.ca_file, 1)
        ca_layout.addWidget(self.choose_ca)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Server address"), self.errors.wrap("address", self.address))
        form.addRow(self.tr("Enrollment code"), self.errors.wrap("code", self.code))
        form.addRow(self.tr("District certificate"), self.errors.wrap("ca_file", ca_row))
        self.working = QLabel(self.tr("Connecting to the district…"))
        self.working_bar = QProgressBar()
        self.working_bar.setRange(0, 0)
        self.working_bar.setTextVisible(False)
        self.working_bar.setMaximumHeight(10)
        for widget in (self.working, self.working_bar):
            widget.hide()
        self.help_text = QLabel(
            self.tr(
                "The town's IT person can also prepare this computer from the command line: "
                "learning-desk enroll ADDRESS CODE (with --ca-bundle FILE for a district "
                "certificate)."
            )
        )
        self.help_text.setWordWrap(True)
        self.help_text.setStyleSheet("color: #555;")
        self.help_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.connect_button = self.buttons.addButton(
            self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setDefault(True)
        self.later_button = self.buttons.addButton(
            self.tr("Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        asking = QWidget()
        ask_layout = QVBoxLayout(asking)
        ask_layout.setContentsMargins(0, 0, 0, 0)
        ask_layout.addWidget(self.intro)
        ask_layout.addLayout(form)
        ask_layout.addWidget(self.errors.general)
        ask_layout.addWidget(self.working)
        ask_layout.addWidget(self.working_bar)
        ask_layout.addStretch(1)
        ask_layout.addWidget(self.help_text)
        ask_layout.addWidget(self.buttons)

        self.done_text = QLabel()
        self.done_text.setObjectName("first_run_done")
        self.done_text.setWordWrap(True)
        # The key on a line of its own in a fixed-width font: it is read out and compared aloud.
        self.key_value = QLabel()
        self.key_value.setObjectName("first_run_key")
        self.key_value.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_value.setStyleSheet("font-weight: bold;")
        self.key_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key_note = QLabel(
            self.tr(
                "If the district wrote its key down for you, compare the two: when they are the "
                "same, nobody sat in between."
            )
        )
        key_note.setWordWrap(True)
        self.key_box = QWidget()
        key_layout = QVBoxLayout(self.key_box)
        key_layout.setContentsMargins(0, 8, 0, 0)
        key_layout.addWidget(QLabel(self.tr("The district server's key, remembered from now on:")))
        key_layout.addWidget(self.key_value)
        key_layout.addWidget(key_note)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        done = QWidget()
        done_layout = QVBoxLayout(done)
        done_layout.setContentsMargins(0, 0, 0, 0)
        done_layout.addWidget(self.done_text)
        done_layout.addWidget(self.key_box)
        done_layout.addStretch(1)
        done_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

        self.pages = QStackedWidget()
        self.pages.addWidget(asking)
        self.pages.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        (self.code if identity is not None else self.address).setFocus()

    # -- what was typed --------------------------------------------------------------------------

    def _choose_ca_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("District certificate"),
            str(Path.home()),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if chosen:
            self.ca_file.setText(chosen)

    def _request(self) -> _Request | None:
        """What was typed, checked as far as this computer can; None with the problems shown."""
        problems: dict[str, str] = {}
        address = self.address.text().strip()
        if address and "://" not in address:
            # Read out on the phone, the scheme is often left off: the district's is https.
            address = f"https://{address}"
            self.address.setText(address)
        if not address:
            problems["address"] = self.tr("Type the server address the town gave you.")
        else:
            try:
                check_server_url(address)
            except SyncError as exc:
                problems["address"] = render(exc.message)
        code = normalise_code(self.code.text())
        if not code:
            problems["code"] = self.tr("Type the enrollment code the town read out to you.")
        elif len(code) != ENROLLMENT_CODE_LENGTH:
            problems["code"] = self.tr(
                "An enrollment code has {n} letters and digits, like ABCDE-23456; this one has "
                "{typed}. Check it with the town."
            ).format(n=ENROLLMENT_CODE_LENGTH, typed=len(code))
        ca_bundle = self.ca_file.text().strip()
        if ca_bundle and not Path(ca_bundle).is_file():
            problems["ca_file"] = self.tr("There is no file {path}.").format(path=ca_bundle)
        if problems:
            self.errors.show(problems)
            return None
        return _Request(address, self.code.text().strip(), ca_bundle)

    # -- enrolling -------------------------------------------------------------------------------

    def start(self) -> bool:
        """Connect: check what was typed, then enroll off the GUI thread. False when nothing was
        sent (the problems are shown) or an enrollment is already on its way."""
        if self.busy:
            return False
        self.errors.clear()
        request = self._request()
        if request is None:
            return False
        self._set_busy(True)
        store, credentials, name = self.store, self.credentials, self.device_name

        def work(_progress: Any) -> Enrolled:
            transport = HttpTransport(
                request.address, ca_bundle=request.ca_bundle or None, retries=1
            )
            enroll(
                store,
                transport,
                credentials,
                request.address,
                request.code,
                name,
                request.ca_bundle or None,
            )
            return Enrolled(store.site_name(), transport.seen_pin or "")

        self.background.run(work, on_success=self._succeeded, on_failure=self._failed)
        return True

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.address, self.code, self.ca_file, self.choose_ca, self.buttons):
            widget.setEnabled(not busy)
        self.working.setVisible(busy)
        self.working_bar.setVisible(busy)

    def _succeeded(self, result: Enrolled) -> None:
        self._set_busy(False)
        self.result_value = result
        self.done_text.setText(
            self.tr(
                "This computer is now connected to {site}. Its first download from the district "
                "has started; the bar at the bottom of the window shows how far it got. You can "
                "keep working meanwhile."
            ).format(site=result.site_name)
        )
        self.key_value.setText(result.server_key)
        self.key_box.setVisible(bool(result.server_key))
        self.pages.setCurrentIndex(1)
        self.close_button.setFocus()
        self.enrolled.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        field, sentence = failure_sentences(error)
        self.errors.show({field or "general": sentence})
        (self.code if field == "code" else self.address).setFocus()

    def reject(self) -> None:
        """Later (or Esc, or the window's close button) — except while an answer is on its way."""
        if not self.busy:
            super().reject()
