"""A session's photos and scans (照片): the signed sign-in sheet and pictures of the class, kept as
evidence with the session and shown on the weekly work brief.

The week view's "Photos…" button opens :class:`PhotosDialog` for the selected session: thumbnails with
their kind and caption, buttons to add photos or sheet scans from files (the service shrinks each to a
small upright JPEG before it is stored, so a 2G link can carry it), to delete one after asking, and a
double click to look at one larger. A file that is not an image is refused with the service's sentence
in the dialog itself, and the other files chosen with it are still added.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ServiceError
from desktop.services.reports.weekly_reports import require_week_open_for
from desktop.services.week import attachments as attachment_service
from desktop.services.week.attachments import Attachment
from desktop.services.week.sessions import SessionSummary
from desktop.ui import formatting as fmt
from desktop.ui.display import resize_within_screen
from desktop.ui.events import Hub
from desktop.ui.forms import error_label, render

if TYPE_CHECKING:
    from desktop.storage.store import Store

#: Thumbnail edge in pixels: big enough to tell a signed sheet from a class photo at a glance.
THUMB = 160
#: The roles that hold an item's attachment id and kind.
ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
#: What Pillow reads without plugins; HEIC from some phones is not among them, so it is not offered.
IMAGE_PATTERNS = "*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff"


class PhotoViewer(QDialog):
    """One photo, as large as the screen allows (a signed sheet must be readable)."""

    def __init__(self, pixmap: QPixmap, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().size() * 0.85 if screen else QSize(1000, 750)
        shown = pixmap.scaled(
            room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        if shown.width() > pixmap.width():  # never blow a small scan up beyond its pixels
            shown = pixmap
        self.image = QLabel()
        self.image.setObjectName("photo_large")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setPixmap(shown)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        resize_within_screen(self, shown.width() + 40, shown.height() + 80)


class PhotosDialog(QDialog):
    """The photos and scans of one session, to add, delete and look at."""

    def __init__(
        self, store: Store, hub: Hub, session: SessionSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.session = session
        #: Whether the session's week is approved (locked): nothing here can change.
        self.locked = False
        self.setWindowTitle(self.tr("Photos and scans"))

        heading = QLabel(
            self.tr("{course} · {date}").format(
                course=session.course_title,
                date=fmt.weekday_date(session.starts_at.date()),
            )
        )
        heading.setObjectName("photos_heading")
        heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        hint = QLabel(
            self.tr(
                "Keep the signed sign-in sheet and a photo or two of the class with the session: "
                "they are shrunk before they are stored, and the weekly work brief shows some."
            )
        )
        hint.setWordWrap(True)

        self.list = QListWidget()
        self.list.setObjectName("photos_list")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 56))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.empty = QLabel(self.tr("No photos or scans yet for this session."))
        self.empty.setObjectName("photos_empty")
        self.empty.setStyleSheet("color: #666666;")

        self.caption = QLineEdit()
        self.caption.setObjectName("photos_caption")
        self.caption.setMaxLength(200)
        self.caption.setPlaceholderText(self.tr("Caption for the files added next (optional)"))
        self.add_photo_button = QPushButton(self.tr("Add photos…"))
        self.add_sheet_button = QPushButton(self.tr("Add sign-in sheet scans…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.error = error_label()
        self.error.setObjectName("photos_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        actions = QHBoxLayout()
        actions.addWidget(self.caption, 1)
        actions.addWidget(self.add_photo_button)
        actions.addWidget(self.add_sheet_button)
        actions.addSpacing(12)
        actions.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        resize_within_screen(self, 820, 560)

        self.add_photo_button.clicked.connect(lambda: self.add_files("photo"))
        self.add_sheet_button.clicked.connect(lambda: self.add_files("sheet"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.list.itemDoubleClicked.connect(self.view_item)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    # -- showing ---------------------------------------------------------------------------------

    def kind_words(self, kind: str) -> str:
        return self.tr("Sign-in sheet scan") if kind == "sheet" else self.tr("Class photo")

    def reload(self) -> None:
        """Read the session's attachments again and draw their thumbnails."""
        self.list.clear()
        try:
            found = attachment_service.attachments_of(self.store, self.session.id)
        except ServiceError as exc:
            self._say(render(exc.message))
            found = []
        for attachment in found:
            self.list.addItem(self._item(attachment))
        self.empty.setVisible(not found)
        self._show_lock()
        self._update_buttons()

    def _show_lock(self) -> None:
        """The photos and scans of a week the town approved are part of it: they can be looked at,
        not added or deleted, and the services' sentence says why."""
        try:
            require_week_open_for(self.store, self.session.id)
        except ServiceError as exc:
            self.locked = True
            self._say(render(exc.message))
        else:
            if self.locked:  # reopened: the sentence about the lock no longer holds
                self._say("")
            self.locked = False
        for widget in (self.add_photo_button, self.add_sheet_button, self.caption):
            widget.setEnabled(not self.locked)

    def _item(self, attachment: Attachment) -> QListWidgetItem:
        text = self.kind_words(attachment.kind)
        if attachment.caption:
            text += "\n" + attachment.caption
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, attachment.id)
        item.setData(KIND_ROLE, attachment.kind)
        item.setToolTip(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        pixmap = self._pixmap(attachment.id)
        if pixmap is not None:
            item.setIcon(
                QIcon(
                    pixmap.scaled(
                        THUMB,
                        THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            )
        return item

    def _pixmap(self, attachment_id: uuid.UUID) -> QPixmap | None:
        """The stored image, or None (and a sentence) when it is gone or unreadable."""
        try:
            data = attachment_service.content_of(self.store, attachment_id)
        except ServiceError as exc:
            self._say(render(exc.message))
            return None
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return None
        return pixmap

    def attachment_ids(self) -> list[uuid.UUID]:
        """The ids shown, in order (for tests and the screenshots)."""
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(bool(self.list.selectedItems()) and not self.locked)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- actions ---------------------------------------------------------------------------------

    def add_files(self, kind: str) -> int:
        """Ask for image files and keep each with the session; returns how many were added."""
        title = self.tr("Add photos") if kind == "photo" else self.tr("Add sign-in sheet scans")
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, title, folder, self.tr("Images ({patterns})").format(patterns=IMAGE_PATTERNS)
        )
        if not chosen:
            return 0
        return self.add_paths([Path(p) for p in chosen], kind)

    def add_paths(self, paths: list[Path], kind: str) -> int:
        """Keep each readable image with the session; say in words which files were refused."""
        problems: list[str] = []
        added = 0
        caption = self.caption.text().strip()
        QApplication.setOverrideCursor(
            Qt.CursorShape.WaitCursor
        )  # shrinking a photo takes a moment
        try:
            for path in paths:
                try:
                    data = path.read_bytes()
                except OSError:
                    problems.append(
                        self.tr("{file}: the file could not be read.").format(file=path.name)
                    )
                    continue
                try:
                    _attachment, changes = attachment_service.attach(
                        self.store, self.session.id, data, kind=kind, caption=caption
                    )
                except ServiceError as exc:
                    problems.append(
                        self.tr("{file}: {problem}").format(
                            file=path.name, problem=render(exc.message)
                        )
                    )
                    continue
                added += 1
                self.hub.publish(changes)
        finally:
            QApplication.restoreOverrideCursor()
        self._say("\n".join(problems))
        if added:
            self.caption.clear()
            self.reload()
        return added

    def delete_selected(self) -> bool:
        """Delete the selected photo after asking; True when it was deleted."""
        items = self.list.selectedItems()
        if not items:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Delete photo"),
            self.tr(
                "Delete this sign-in sheet scan from the session? "
                "Other computers lose it at their next sync."
            )
            if items[0].data(KIND_ROLE) == "sheet"
            else self.tr(
                "Delete this photo from the session? Other computers lose it at their next sync."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            changes = attachment_service.remove_attachment(self.store, items[0].data(ID_ROLE))
        except ServiceError as exc:
            self._say(render(exc.message))
            return False
        self._say("")
        self.hub.publish(changes)
        self.reload()
        return True

    def view_item(self, item: QListWidgetItem) -> PhotoViewer | None:
        """Open the photo larger (non-modal, so several can be compared)."""
        pixmap = self._pixmap(item.data(ID_ROLE))
        if pixmap is None:
            return None
        viewer = PhotoViewer(pixmap, item.text().replace("\n", " · "), self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer


class PhotosButton(QPushButton):
    """The week view's "Photos…" button: opens the selected session's photos, with their count."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.session: SessionSummary | None = None
        self.setToolTip(self.tr("Photos of the class and scans of the signed sign-in sheet."))
        self.clicked.connect(self.open_dialog)
        hub.changed.connect(self._on_changed)
        self.set_session(None)

    def set_session(self, session: SessionSummary | None) -> None:
        self.session = session
        self.setEnabled(session is not None)
        self._count()

    def _count(self) -> None:
        # Lists carry no bytes, so counting one session's photos is cheap enough on each selection.
        n = 0
        if self.session is not None:
            try:
                n = len(attachment_service.attachments_of(self.store, self.session.id))
            except ServiceError:
                n = 0
        self.setText(self.tr("Photos ({n})…").format(n=n) if n else self.tr("Photos…"))

    def _on_changed(self, changes: object) -> None:
        touches = getattr(changes, "touches", None)
        if touches is not None and touches("attachments"):
            self._count()

    def dialog(self) -> PhotosDialog | None:
        """The dialog for the selected session (not yet shown)."""
        if self.session is None:
            return None
        return PhotosDialog(self.store, self.hub, self.session, self.window())

    def open_dialog(self) -> None:
        dialog = self.dialog()
        if dialog is not None:
            dialog.exec()
