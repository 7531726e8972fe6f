"""A session's sign-in sheet (签到表) on paper: saved as a PDF or sent to a printer.

The sheet is drawn with a painter on any paged device (a :class:`QPdfWriter` or a :class:`QPrinter`),
so the PDF and the printout are the same drawing. It is A4 portrait and meant to be filled in by hand:
rows tall enough to sign in, names in a size older eyes read, the centre, course, date and teacher at
the top of every page (pages get separated on the way round the room), and blank numbered rows after
the names for newcomers, filling the last page. It prints the expected roster, only those who came,
or blank rows only (:class:`~desktop.services.week.sign_in_sheet.SheetNames`).

A saved sheet goes to the user's Documents folder unless they choose another, and the window offers
to open it, since the next step is nearly always printing it from the PDF viewer.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLineF,
    QMarginsF,
    QRectF,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from desktop.services.errors import ServiceError
from desktop.services.week.sign_in_sheet import SheetNames, SignInSheet, sign_in_sheet
from desktop.ui import formatting as fmt
from desktop.ui.forms import render
from desktop.ui.printing import cjk_font_family

if TYPE_CHECKING:
    from desktop.storage.store import Store

try:  # Printing comes with PySide6-Essentials; a trimmed build may lack it: then PDF only.
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPrintDialog = QPrinter = None  # type: ignore[assignment, misc]

#: Blank rows after the names, at the least, for people who come without being expected.
BLANK_ROWS = 10
# Characters Windows does not allow in a file name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class _Layout:
    """Sizes of one page in device units, worked out once from the device's resolution."""

    width: float
    height: float
    mm: float  # device units per millimetre

    @property
    def header_height(self) -> float:
        return 36 * self.mm

    @property
    def column_header_height(self) -> float:
        return 9 * self.mm

    @property
    def row_height(self) -> float:
        return 10 * self.mm

    @property
    def footer_height(self) -> float:
        return 8 * self.mm

    @property
    def rows_per_page(self) -> int:
        room = self.height - self.header_height - self.column_header_height - self.footer_height
        return max(1, int(room // self.row_height))

    def columns(self) -> list[tuple[float, float]]:
        """(left, width) of 序号, 姓名, 村民小组 and 签名."""
        shares = (0.11, 0.26, 0.25, 0.38)
        out, left = [], 0.0
        for share in shares:
            out.append((left, self.width * share))
            left += self.width * share
        return out


def page_count(sheet: SignInSheet, rows_per_page: int) -> int:
    """Pages for the names plus at least :data:`BLANK_ROWS` blank rows; a list of those who came
    needs no room for newcomers beyond its last page."""
    blank = 0 if sheet.names is SheetNames.PRESENT else BLANK_ROWS
    return max(1, math.ceil((len(sheet.rows) + blank) / rows_per_page))


def _font(family: str, points: float, bold: bool = False) -> QFont:
    font = QFont(family) if family else QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _draw_text(
    painter: QPainter, rect: QRectF, text: str, align: Qt.AlignmentFlag, padding: float = 0.0
) -> None:
    """``text`` in ``rect``, shortened with an ellipsis rather than running over its neighbour."""
    inner = rect.adjusted(padding, 0, -padding, 0)
    shown = QFontMetricsF(painter.font()).elidedText(
        text, Qt.TextElideMode.ElideRight, inner.width()
    )
    painter.drawText(inner, int(align | Qt.AlignmentFlag.AlignVCenter), shown)


def _draw_header(painter: QPainter, sheet: SignInSheet, lay: _Layout, family: str) -> None:
    mm = lay.mm
    title = QCoreApplication.translate("SignInSheet", "Sign-in sheet")
    painter.setFont(_font(family, 17, bold=True))
    _draw_text(
        painter,
        QRectF(0, 0, lay.width, 10 * mm),
        f"{sheet.centre}　{title}" if sheet.centre else title,
        Qt.AlignmentFlag.AlignHCenter,
    )
    day = fmt.long_date(sheet.starts_at.date())
    when = f"{day}　{fmt.time_range(sheet.starts_at, sheet.ends_at)}"

    def said(source: str, value: str, **params: str) -> str:
        # A label with its value, or nothing when there is no value to print.
        return QCoreApplication.translate("SignInSheet", source).format(**params) if value else ""

    course = said(
        QT_TRANSLATE_NOOP("SignInSheet", "Course: {course}"),
        sheet.course_title,
        course=sheet.course_title,
    )
    teacher = said(
        QT_TRANSLATE_NOOP("SignInSheet", "Teacher: {teacher}"),
        sheet.teacher_name,
        teacher=sheet.teacher_name,
    )
    place = said(QT_TRANSLATE_NOOP("SignInSheet", "Place: {place}"), sheet.place, place=sheet.place)
    topic = said(QT_TRANSLATE_NOOP("SignInSheet", "Topic: {topic}"), sheet.topic, topic=sheet.topic)
    date = QCoreApplication.translate("SignInSheet", "Date: {when}").format(when=when)
    # Course and teacher, date and place side by side; the topic, when there is one, below.
    lines = [(course, teacher), (date, place)]
    if topic:
        lines.append((topic, ""))
    painter.setFont(_font(family, 11))
    top = 13 * mm
    split = lay.width * 0.62
    for left_text, right_text in lines:
        if right_text:
            _draw_text(
                painter, QRectF(0, top, split, 6.5 * mm), left_text, Qt.AlignmentFlag.AlignLeft
            )
            _draw_text(
                painter,
                QRectF(split, top, lay.width - split, 6.5 * mm),
                right_text,
                Qt.AlignmentFlag.AlignLeft,
            )
        else:
            _draw_text(
                painter, QRectF(0, top, lay.width, 6.5 * mm), left_text, Qt.AlignmentFlag.AlignLeft
            )
        top += 6.5 * mm


def _draw_table(
    painter: QPainter,
    sheet: SignInSheet,
    lay: _Layout,
    family: str,
    first: int,
    count: int,
) -> None:
    mm = lay.mm
    columns = lay.columns()
    top = lay.header_height
    headings = (
        QCoreApplication.translate("SignInSheet", "No."),
        QCoreApplication.translate("SignInSheet", "Name"),
        QCoreApplication.translate("SignInSheet", "Village group"),
        QCoreApplication.translate("SignInSheet", "Signature"),
    )
    painter.fillRect(QRectF(0, top, lay.width, lay.column_header_height), QColor(235, 235, 235))
    painter.setFont(_font(family, 11, bold=True))
    for (left, width), heading in zip(columns, headings, strict=True):
        _draw_text(
            painter,
            QRectF(left, top, width, lay.column_header_height),
            heading,
            Qt.AlignmentFlag.AlignHCenter,
            padding=1.5 * mm,
        )
    body_top = top + lay.column_header_height
    painter.setFont(_font(family, 13))
    for i in range(count):
        number = first + i
        row_top = body_top + i * lay.row_height
        cells = [str(number + 1), "", "", ""]
        if number < len(sheet.rows):
            person = sheet.rows[number]
            cells[1], cells[2] = person.name, person.village_group
        for (left, width), text, align in zip(
            columns,
            cells,
            (
                Qt.AlignmentFlag.AlignHCenter,
                Qt.AlignmentFlag.AlignLeft,
                Qt.AlignmentFlag.AlignLeft,
                Qt.AlignmentFlag.AlignLeft,
            ),
            strict=True,
        ):
            if text:
                _draw_text(
                    painter, QRectF(left, row_top, width, lay.row_height), text, align, 2 * mm
                )
    # The grid: a pen of about 0.25 mm prints as a clear line and does not swallow the writing.
    bottom = body_top + count * lay.row_height
    painter.setPen(QPen(QColor(0, 0, 0), 0.25 * mm))
    painter.drawLine(QLineF(0, top, lay.width, top))
    for i in range(count + 1):
        y = body_top + i * lay.row_height
        painter.drawLine(QLineF(0, y, lay.width, y))
    for left in [left for left, _width in columns] + [lay.width]:
        painter.drawLine(QLineF(left, top, left, bottom))


def _draw_footer(
    painter: QPainter, sheet: SignInSheet, lay: _Layout, family: str, page: int, pages: int
) -> None:
    rect = QRectF(0, lay.height - lay.footer_height, lay.width, lay.footer_height)
    painter.setFont(_font(family, 9.5))
    if sheet.names is SheetNames.PRESENT:
        counts = QCoreApplication.translate(
            "SignInSheet", "Present: {n}　Recorded by: __________"
        ).format(n=len(sheet.rows))
    elif sheet.names is SheetNames.BLANK:
        counts = QCoreApplication.translate(
            "SignInSheet", "Present: ______　Recorded by: __________"
        )
    else:
        counts = QCoreApplication.translate(
            "SignInSheet", "Expected: {n}　Present: ______　Recorded by: __________"
        ).format(n=len(sheet.rows))
    _draw_text(painter, rect, counts, Qt.AlignmentFlag.AlignLeft)
    _draw_text(
        painter,
        rect,
        QCoreApplication.translate("SignInSheet", "Page {page} of {pages}").format(
            page=page, pages=pages
        ),
        Qt.AlignmentFlag.AlignRight,
    )


def paint_sheet(sheet: SignInSheet, device: QPagedPaintDevice) -> int:
    """Draw ``sheet`` on ``device`` (A4 portrait, 15 mm margins) page by page; returns the number
    of pages, or 0 when the device could not be opened (e.g. a file that cannot be written)."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter()
    if not painter.begin(device):
        return 0
    try:
        mm = device.logicalDpiY() / 25.4
        lay = _Layout(width=device.width(), height=device.height(), mm=mm)
        family = cjk_font_family()
        per_page = lay.rows_per_page
        pages = page_count(sheet, per_page)
        for page in range(pages):
            if page:
                device.newPage()
            painter.setPen(QColor(0, 0, 0))
            _draw_header(painter, sheet, lay, family)
            _draw_table(painter, sheet, lay, family, page * per_page, per_page)
            painter.setPen(QColor(0, 0, 0))
            _draw_footer(painter, sheet, lay, family, page + 1, pages)
        return pages
    finally:
        painter.end()


def write_pdf(sheet: SignInSheet, path: Path) -> int:
    """Save ``sheet`` as a PDF at ``path``; returns the number of pages (0: it could not be written)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(
        QCoreApplication.translate("SignInSheet", "Sign-in sheet") + f" {sheet.course_title}"
    )
    writer.setCreator("Learning Desk")
    pages = paint_sheet(sheet, writer)
    del writer  # the file is complete once the writer is gone
    return pages


def printing_available() -> bool:
    """Whether this build of Qt can print (otherwise sheets are saved as PDF only)."""
    return QPrinter is not None


#: What a file name adds for each kind of sheet, after the date (the expected roster adds nothing).
_NAME_SUFFIX = {
    SheetNames.PRESENT: QT_TRANSLATE_NOOP("SignInSheet", "present"),
    SheetNames.BLANK: QT_TRANSLATE_NOOP("SignInSheet", "blank"),
}


def suggested_file_name(sheet: SignInSheet) -> str:
    """签到表_夏布编织技艺_2026-11-23.pdf (签到表_…_已到.pdf for those who came, …_空白.pdf for
    blank rows): sorts by course and date in a folder."""
    course = _UNSAFE.sub("_", sheet.course_title).strip("_.") or "session"
    title = QCoreApplication.translate("SignInSheet", "Sign-in sheet")
    suffix = _NAME_SUFFIX.get(sheet.names)
    kind = f"_{QCoreApplication.translate('SignInSheet', suffix)}" if suffix else ""
    return f"{title}_{course}_{sheet.starts_at.date().isoformat()}{kind}.pdf"


def documents_folder() -> Path:
    """Where sheets are saved unless the user chooses another folder: their Documents folder (文档),
    or their home folder where a system has none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


class SignInSheetButton(QPushButton):
    """The "Sign-in sheet…" button, with a menu: save the selected session's sheet as a PDF, or
    print it, with the expected names, only those who came, or blank rows."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id: uuid.UUID | None = None
        #: Where the last PDF was saved (for the note on screen and for tests).
        self.last_saved: Path | None = None
        #: The folder the next save starts in: Documents, then wherever the user last saved.
        self.folder: Path | None = None
        #: Opens a saved sheet in the system's viewer (tests put a recorder here).
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        #: The question after a save, while it is shown (for tests).
        self.saved_box: QMessageBox | None = None
        self.setText(self.tr("Sign-in sheet…"))
        self.setToolTip(
            self.tr(
                "A paper sheet for the session: the expected names and blank rows for newcomers, "
                "only those who came, or blank rows only."
            )
        )
        menu = QMenu(self)
        save_menu = menu.addMenu(self.tr("Save as PDF"))
        print_menu = menu.addMenu(self.tr("Print"))
        print_menu.menuAction().setVisible(printing_available())
        self.save_actions = {}
        self.print_actions = {}
        for names, text in (
            (SheetNames.EXPECTED, self.tr("Expected names and blank rows…")),
            (SheetNames.PRESENT, self.tr("Only those who came…")),
            (SheetNames.BLANK, self.tr("Blank rows only…")),
        ):
            self.save_actions[names] = save_menu.addAction(
                text, lambda names=names: self.save_pdf(names)
            )
            self.print_actions[names] = print_menu.addAction(
                text, lambda names=names: self.print_sheet(names)
            )
        self.setMenu(menu)
        self.set_session(None)

    def set_session(self, session_id: uuid.UUID | None) -> None:
        self.session_id = session_id
        self.setEnabled(session_id is not None)

    def _sheet(self, names: SheetNames) -> SignInSheet | None:
        if self.session_id is None:
            return None
        try:
            sheet = sign_in_sheet(self.store, self.session_id, names)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Sign-in sheet"), render(exc.message))
            return None
        if names is SheetNames.PRESENT and not sheet.rows:
            QMessageBox.information(
                self,
                self.tr("Sign-in sheet"),
                self.tr(
                    "Nobody is signed in at this session yet, so there is no list of those who "
                    "came. Sign them in first, or print blank rows."
                ),
            )
            return None
        return sheet

    def save_pdf(self, names: SheetNames = SheetNames.EXPECTED) -> Path | None:
        """Ask where to save the sheet (in Documents unless the user chose another folder before)
        and write it there, then offer to open it; returns the file, or None."""
        sheet = self._sheet(names)
        if sheet is None:
            return None
        folder = self.folder or documents_folder()
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save sign-in sheet"),
            str(folder / suggested_file_name(sheet)),
            self.tr("PDF files (*.pdf)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if not write_pdf(sheet, path):
            QMessageBox.warning(
                self,
                self.tr("Sign-in sheet"),
                self.tr("The sheet could not be saved to {path}. Choose another folder.").format(
                    path=path
                ),
            )
            return None
        self.last_saved = path
        self.folder = path.parent
        self._offer_to_open(path)
        return path

    def _offer_to_open(self, path: Path) -> None:
        """Say where the sheet went and offer to open it; the window is not blocked meanwhile."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Sign-in sheet"),
            self.tr("The sign-in sheet was saved to {path}.").format(path=path),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        open_button = box.addButton(self.tr("Open it"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Close"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if button is open_button:
                self.open_url(QUrl.fromLocalFile(str(path)))
            self.saved_box = None

        box.buttonClicked.connect(answered)
        self.saved_box = box
        box.open()

    def print_sheet(self, names: SheetNames = SheetNames.EXPECTED) -> bool:
        """Show the print dialog and print the sheet; True when it was sent to the printer."""
        sheet = self._sheet(names)
        if sheet is None or QPrinter is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(suggested_file_name(sheet))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print sign-in sheet"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        if not paint_sheet(sheet, printer):
            QMessageBox.warning(
                self, self.tr("Sign-in sheet"), self.tr("The printer could not be opened.")
            )
            return False
        return True
