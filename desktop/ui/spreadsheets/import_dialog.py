"""Importing the rosters coordinators keep in Excel, and exporting lists for Excel.

The import dialog shows what the import would do before anything is written: choose a file and what it
holds, check (or change) which column holds which field, read the preview row by row (what happens and
why), then Confirm. Reading and previewing a big sheet run on the background helper, so the window stays
responsive; the use cases in :mod:`desktop.services.spreadsheets.importing` do the work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.messages import UserMessage
from desktop.services.spreadsheets import importing
from desktop.services.spreadsheets.exporting import export_records
from desktop.services.spreadsheets.importing import (
    ADD,
    MATCH,
    REJECT,
    ImportPreview,
    ImportSource,
    RowPlan,
)
from desktop.ui.background import Background
from desktop.ui.display import resize_within_screen
from desktop.ui.events import Hub
from desktop.ui.tables import record_table

if TYPE_CHECKING:
    from desktop.storage.store import Store

_Index = QModelIndex | QPersistentModelIndex


def _translated(message: UserMessage) -> str:
    return message.render(QCoreApplication.translate)


class PreviewModel(QAbstractTableModel):
    """The preview's rows: row number, what happens, who, and why."""

    COL_ROW, COL_ACTION, COL_LABEL, COL_REASON = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowPlan] = []
        self._labels: dict[str, str] = {}

    def set_preview(self, rows: list[RowPlan], field_labels: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._labels = field_labels
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else 4

    def row_at(self, row: int) -> RowPlan:
        return self._rows[row]

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Row"), self.tr("What happens"), self.tr("Who"), self.tr("Why"))[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        plan = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_ROW:
                return plan.row
            if col == self.COL_ACTION:
                return {
                    ADD: self.tr("Add"),
                    MATCH: self.tr("Already there"),
                    REJECT: self.tr("Rejected"),
                }[plan.action]
            if col == self.COL_LABEL:
                return plan.label
            if col == self.COL_REASON and plan.reason is not None:
                text = _translated(plan.reason)
                label = self._labels.get(plan.field)
                return f"{label}: {text}" if label else text
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_ACTION:
            return {ADD: QColor("#1b7a32"), MATCH: None, REJECT: QColor("#b00020")}[plan.action]
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_REASON and plan.reason:
            return _translated(plan.reason)
        return None


class ImportDialog(QDialog):
    """Choose a file and what it holds, check the mapping and the preview, then confirm."""

    def __init__(
        self,
        store: Store,
        hub: Hub,
        background: Background | None = None,
        kind: str = "residents",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.background = background
        self.source: ImportSource | None = None
        self.preview: ImportPreview | None = None
        self.outcome: importing.ImportResult | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Import from Excel"))

        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("An .xlsx or .csv file"))
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.kind = QComboBox()
        for key, text in (
            ("residents", self.tr("Residents")),
            ("teachers", self.tr("Teachers and volunteers")),
            ("attendance", self.tr("Past attendance")),
        ):
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        top = QFormLayout()
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose_button)
        top.addRow(self.tr("File"), file_row)
        top.addRow(self.tr("It holds"), self.kind)

        self.mapping_box = QGroupBox(self.tr("Which column holds what"))
        self.mapping_form = QFormLayout(self.mapping_box)
        self.combos: dict[str, QComboBox] = {}

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table = record_table(self.model, PreviewModel.COL_REASON)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.confirm_button = self.buttons.addButton(
            self.tr("Confirm import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.kind.currentIndexChanged.connect(lambda _i: self._reload())
        self.buttons.rejected.connect(self.reject)
        self.confirm_button.clicked.connect(self.confirm)
        self.mapping_box.setVisible(False)
        resize_within_screen(self, 900, 640)

    # -- steps -------------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to import"), "", self.tr("Excel or CSV (*.xlsx *.csv)")
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read ``path`` and show its preview (nothing is written)."""
        self.path.setText(str(path))
        self._reload()

    def current_kind(self) -> str:
        return self.kind.currentData()

    def _reload(self) -> None:
        text = self.path.text()
        if not text:
            return
        path, kind = Path(text), self.current_kind()

        def work(_progress: Callable[[Any], None]) -> tuple[ImportSource, ImportPreview]:
            source = importing.open_import(path, kind)
            return source, importing.preview_import(self.store, source)

        self._run(work, self._loaded)

    def _loaded(self, outcome: tuple[ImportSource, ImportPreview]) -> None:
        self.source, preview = outcome
        self._build_mapping(self.source, preview.mapping)
        self._show(preview)

    def _build_mapping(self, source: ImportSource, mapping: dict[str, int]) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos = {}
        names = source.column_names()
        for spec in importing.FIELDS[source.kind]:
            combo = QComboBox()
            combo.addItem(self.tr("(none)"), -1)
            for col, name in enumerate(names):
                combo.addItem(name, col)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(spec.key, -1))))
            combo.currentIndexChanged.connect(lambda _i: self._remap())
            label = QCoreApplication.translate("Import", spec.label)
            self.mapping_form.addRow(label + (" *" if spec.required else ""), combo)
            self.combos[spec.key] = combo
        self.mapping_box.setVisible(True)

    def mapping(self) -> dict[str, int]:
        """The mapping the combo boxes show."""
        return {k: c.currentData() for k, c in self.combos.items() if c.currentData() >= 0}

    def _remap(self) -> None:
        source = self.source
        if source is None:
            return
        mapping = self.mapping()
        self._run(lambda _p: importing.preview_import(self.store, source, mapping), self._show)

    def _show(self, preview: ImportPreview) -> None:
        self.preview = preview
        labels = {
            spec.key: QCoreApplication.translate("Import", spec.label)
            for spec in importing.FIELDS[preview.kind]
        }
        self.model.set_preview(preview.rows, labels)
        if preview.problems:
            self.summary.setStyleSheet("color: #b00020")
            self.summary.setText("\n".join(_translated(p) for p in preview.problems))
        else:
            self.summary.setStyleSheet("")
            self.summary.setText(
                self.tr(
                    "{add} to add, {match} already there, {reject} rejected. Nothing is written until you confirm."
                ).format(
                    add=preview.count(ADD), match=preview.count(MATCH), reject=preview.count(REJECT)
                )
            )
        self.confirm_button.setEnabled(preview.importable)

    def confirm(self) -> None:
        """Write every added row in one transaction, tell the views, and close."""
        preview = self.preview
        if preview is None or not preview.importable:
            return
        self._run(lambda _p: importing.confirm_import(self.store, preview), self._confirmed)

    def _confirmed(self, result: importing.ImportResult) -> None:
        self.outcome = result
        self.hub.publish(result.changes)
        said = {
            "residents": self.tr("Imported {n} residents."),
            "teachers": self.tr("Imported {n} teachers and volunteers."),
        }.get(result.kind, self.tr("Imported {n} sign-ins."))
        self.hub.offer_undo(result.undo, said.format(n=result.added))
        self.accept()

    # -- running -----------------------------------------------------------------------------

    def _run(
        self, work: Callable[[Callable[[Any], None]], Any], done: Callable[[Any], None]
    ) -> None:
        self._set_busy(True)

        def succeeded(result: Any) -> None:
            self._set_busy(False)
            done(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self._failed(error)

        if self.background is None:
            try:
                result = work(lambda _value: None)
            except Exception as exc:  # noqa: BLE001 - shown as a sentence, as from the background
                failed(exc)
            else:
                succeeded(result)
            return
        self.background.run(work, on_success=succeeded, on_failure=failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.choose_button, self.kind, self.mapping_box):
            widget.setEnabled(not busy)
        if busy:
            self.confirm_button.setEnabled(False)
            self.summary.setStyleSheet("")
            self.summary.setText(self.tr("Reading the file…"))

    @property
    def busy(self) -> bool:
        return self._busy

    def _failed(self, error: BaseException) -> None:
        message = getattr(error, "message", None)
        if not isinstance(message, UserMessage):
            raise error
        self.preview = None
        self.model.set_preview([], {})
        self.summary.setStyleSheet("color: #b00020")
        self.summary.setText(_translated(message))
        self.confirm_button.setEnabled(False)


def export_list(store: Store, what: str, parent: QWidget | None = None) -> Path | None:
    """Ask where to save ``what`` (residents, teachers, attendance or sessions) and save it as .xlsx
    or .csv; returns the file written, or None when cancelled or it failed (after saying why)."""
    name, chosen = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("Export", "Export to Excel"),
        f"{what}.xlsx",
        QCoreApplication.translate("Export", "Excel workbook (*.xlsx);;CSV for Excel (*.csv)"),
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    try:
        export_records(store, what, path)
    except (OSError, importing.ServiceError) as exc:
        message = getattr(exc, "message", None)
        text = (
            _translated(message)
            if isinstance(message, UserMessage)
            else QCoreApplication.translate(
                "Export", "The file could not be written: {reason}"
            ).format(reason=exc)
        )
        QMessageBox.warning(parent, QCoreApplication.translate("Export", "Export"), text)
        return None
    return path
