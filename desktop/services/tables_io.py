"""Reading and writing the tables coordinators keep in Excel: ``.xlsx`` workbooks and ``.csv`` files.

Reading streams: a workbook is opened read-only and its rows parsed one at a time, a CSV file is read
line by line, and reading stops at :data:`MAX_ROWS`, so a 10 MB sheet never sits in memory as a whole
workbook. Blank rows are left out; every row keeps the number the spreadsheet shows for it, because that
is how a person finds the row a preview complains about.

What Excel and WPS users actually save is handled here, below the import rules:

- merged cells (a household or village group merged down over its members, a title merged across the
  top) give every cell of the merged range the value of its top-left cell;
- CSV files come in UTF-8 (with or without the BOM Excel writes), in GBK/GB18030 (Excel's "CSV" on
  Chinese Windows) or in UTF-16; each line is decoded as UTF-8 first and as GB18030 when that fails, so
  even a file pasted together from both still reads. The standard codecs decide this exactly, where a
  statistical detector guesses on the short lines a roster has.

Writing makes a workbook with a title row, a frozen header, column widths and text cells that Excel
never turns into formulas, or a CSV file with a UTF-8 BOM so Excel on Chinese Windows opens it without
garbled text.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from core.messages import QT_TRANSLATE_NOOP, UserMessage
from desktop.services.errors import ServiceError

CTX = "Import"

#: Rows read from one file at most (title and header rows included). A village's register or three
#: years of its sign-in sheets fit; a bigger file is refused with a sentence, not read half-way.
MAX_ROWS = 50_000
#: Columns kept per row: a stray cell far to the right must not make every row thousands wide.
MAX_COLUMNS = 60

READABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv")
WRITABLE_SUFFIXES = (".xlsx", ".csv")

NOT_A_TABLE = QT_TRANSLATE_NOOP(
    "Import",
    "Only .xlsx and .csv files can be imported. Open an .xls file in Excel or WPS and save it as .xlsx first.",
)
UNREADABLE = QT_TRANSLATE_NOOP(
    "Import",
    "This file cannot be read as a workbook: it may be damaged, protected by a password, or an old .xls file renamed. Open it in Excel or WPS and save it as .xlsx.",
)
NO_FILE = QT_TRANSLATE_NOOP("Import", "The file {name} cannot be opened.")
UNKNOWN_ENCODING = QT_TRANSLATE_NOOP(
    "Import",
    "Line {line} of this CSV file is in neither UTF-8 nor GBK. Save the file again as “CSV UTF-8”.",
)
TOO_MANY_ROWS = QT_TRANSLATE_NOOP(
    "Import", "This file has more than {limit} rows. Please split it into smaller files."
)
NO_ROWS = QT_TRANSLATE_NOOP("Import", "This file has no rows.")
CANNOT_WRITE = QT_TRANSLATE_NOOP(
    "Import", "Only .xlsx and .csv files can be written; please end the file name with one of them."
)


class TableFileError(ServiceError):
    """The file itself cannot be read (or written): nothing of it is imported."""

    def __init__(self, source: str, **params: object) -> None:
        super().__init__(UserMessage(CTX, source, **params))


@dataclass
class RawTable:
    """The non-blank rows of a file's first sheet, as (row number, cell values)."""

    name: str
    rows: list[tuple[int, tuple[Any, ...]]]
    #: For CSV: the encoding the text was in ("utf-8", "gb18030", "utf-16", or "mixed").
    encoding: str = ""
    #: Cells that took their value from a merged range's top-left cell.
    merged_cells: int = 0


def read_table(path: Path | str, max_rows: int = MAX_ROWS) -> RawTable:
    """The rows of an ``.xlsx`` or ``.csv`` file; raises :class:`TableFileError` with the reason
    when the file cannot be read or has more than ``max_rows`` non-blank rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise TableFileError(NOT_A_TABLE)
    try:
        table = _read_csv(path, max_rows) if suffix == ".csv" else _read_xlsx(path, max_rows)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise TableFileError(NO_FILE, name=path.name) from None
    if not table.rows:
        raise TableFileError(NO_ROWS)
    return table


def _cell(value: Any) -> Any:
    """Empty strings and whitespace-only cells are blanks; text loses its padding."""
    if isinstance(value, str):
        value = value.strip().replace("\u3000", " ").strip()
        if value.startswith("'") and value[1:2] in _FORMULA_START:
            value = value[1:]  # written so by our own export to keep Excel from computing it
        return value or None
    return value


def _keep(number: int, values: Sequence[Any], rows: list, max_rows: int) -> None:
    cells = tuple(_cell(v) for v in values[:MAX_COLUMNS])
    if any(c is not None for c in cells):
        if len(rows) >= max_rows:
            raise TableFileError(TOO_MANY_ROWS, limit=f"{max_rows:,}")
        rows.append((number, cells))


# --- CSV ----------------------------------------------------------------------------------------


@dataclass
class _Decoder:
    """Decodes a CSV file line by line, UTF-8 first, GB18030 (a superset of GBK) when that fails."""

    seen: set[str] = field(default_factory=set)

    def lines(self, fh: BinaryIO) -> Iterator[str]:
        start = fh.read(4)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            fh.seek(0)
            self.seen.add("utf-16")
            yield from io.TextIOWrapper(fh, encoding="utf-16", newline="")
            return
        fh.seek(3 if start.startswith(codecs.BOM_UTF8) else 0)
        # "\n" is one byte in both UTF-8 and GB18030 and never part of another character, so splitting
        # on it before decoding is safe.
        for number, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8")
                if not raw.isascii():
                    self.seen.add("utf-8")
            except UnicodeDecodeError:
                try:
                    text = raw.decode("gb18030")
                except UnicodeDecodeError:
                    raise TableFileError(UNKNOWN_ENCODING, line=number) from None
                self.seen.add("gb18030")
            yield text

    @property
    def encoding(self) -> str:
        if len(self.seen) > 1:
            return "mixed"
        return next(iter(self.seen), "utf-8")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _read_csv(path: Path, max_rows: int) -> RawTable:
    decoder = _Decoder()
    rows: list[tuple[int, tuple[Any, ...]]] = []
    with path.open("rb") as fh:
        lines = decoder.lines(fh)
        first = next(lines, "")
        reader = csv.reader(_chain(first, lines), delimiter=_delimiter(first))
        try:
            for values in reader:
                _keep(reader.line_num, values, rows, max_rows)
        except csv.Error:
            raise TableFileError(UNREADABLE) from None
    return RawTable(path.name, rows, encoding=decoder.encoding)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


# --- xlsx ---------------------------------------------------------------------------------------

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _merged_ranges(archive: zipfile.ZipFile, member: str) -> list[tuple[int, int, int, int]]:
    """(first row, last row, first column, last column) of every merged range of a sheet.

    openpyxl's read-only mode does not report merged cells, and they are listed after all the rows in
    the sheet's XML, so the XML is scanned once for them in chunks: cheap next to parsing the rows."""
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with archive.open(member) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            last = 0
            for m in _MERGE.finditer(data):
                c1, r1, c2, r2 = m.groups()
                found.append((int(r1), int(r2), _column_number(c1), _column_number(c2)))
                last = m.end()
            tail = data[max(last, len(data) - 200) :]
    return found


class _MergeFiller:
    """Gives the cells of merged ranges their top-left value while rows stream by."""

    def __init__(self, ranges: list[tuple[int, int, int, int]]) -> None:
        self.pending = sorted(ranges, reverse=True)  # pop() yields the range starting first
        self.active: list[tuple[int, int, int, int, Any]] = []
        self.filled = 0

    def row(self, number: int, values: tuple[Any, ...]) -> tuple[Any, ...]:
        if not self.pending and not self.active:
            return values
        cells = list(values)
        while self.pending and self.pending[-1][0] <= number:
            r1, r2, c1, c2 = self.pending.pop()
            if r1 == number:  # a range whose first row was blank and skipped has no value to copy
                anchor = cells[c1 - 1] if c1 - 1 < len(cells) else None
                self.active.append((r1, r2, c1, min(c2, MAX_COLUMNS), anchor))
        still = []
        for r1, r2, c1, c2, anchor in self.active:
            if anchor is not None:
                if len(cells) < c2:
                    cells.extend([None] * (c2 - len(cells)))
                for c in range(c1 - 1, c2):
                    if cells[c] is None and (number, c + 1) != (r1, c1):
                        cells[c] = anchor
                        self.filled += 1
            if r2 > number:
                still.append((r1, r2, c1, c2, anchor))
        self.active = still
        return tuple(cells)


def _read_xlsx(path: Path, max_rows: int) -> RawTable:
    from openpyxl import load_workbook  # only imports here: the window starts without it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise
    except Exception:  # openpyxl raises many kinds for a damaged, encrypted or renamed file
        raise TableFileError(UNREADABLE) from None
    try:
        sheet = book.active or book.worksheets[0]
        # A sheet may claim A1:XFD1048576; read the rows that are really there.
        sheet.reset_dimensions()
        member = getattr(sheet, "_worksheet_path", None)
        filler = _MergeFiller(_merged_ranges(book._archive, member) if member else [])
        rows: list[tuple[int, tuple[Any, ...]]] = []
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                _keep(number, filler.row(number, values), rows, max_rows)
        except TableFileError:
            raise
        except Exception:
            raise TableFileError(UNREADABLE) from None
    finally:
        book.close()
    return RawTable(path.name, rows, merged_cells=filler.filled)


# --- writing ------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    """One column of an export: its header and its width in characters."""

    header: str
    width: int = 12


@dataclass(frozen=True)
class PrintLayout:
    """What a table meant for paper adds to a plain export: lines under the title (the period, the
    units), a totals row in bold, and a page set up to print (A4, landscape when wide, one page wide,
    the header repeated on every page)."""

    preamble: Sequence[Sequence[Any]] = ()
    totals: Sequence[Any] | None = None
    landscape: bool = True


def write_table(
    path: Path | str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    layout: PrintLayout | None = None,
) -> int:
    """Write ``rows`` under ``columns`` to an ``.xlsx`` or ``.csv`` file; returns the rows written
    (the totals row not counted).

    Rows are consumed as they come, so an export of a big register streams. A CSV file stays a plain
    table (header, rows, then the totals row when there is one) so it can be read back by machines."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _write_csv(path, columns, rows, layout)
    if suffix == ".xlsx":
        return _write_xlsx(path, title, columns, rows, layout)
    raise TableFileError(CANNOT_WRITE)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # Excel would compute "=…" (or "+…") instead of showing it
    return value


def _write_csv(
    path: Path,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    layout: PrintLayout | None = None,
) -> int:
    count = 0
    # UTF-8 with BOM: without the BOM, Excel on Chinese Windows reads the file as GBK.
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.header for c in columns])
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
            count += 1
        if layout is not None and layout.totals is not None:
            writer.writerow([_csv_value(v) for v in layout.totals])
    return count


def _write_xlsx(
    path: Path,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    layout: PrintLayout | None = None,
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    header_row = 2 + (len(layout.preamble) if layout else 0)
    # The title (and the lines under it) and the header stay in view while scrolling.
    sheet.freeze_panes = f"A{header_row + 1}"
    if layout is not None:
        sheet.page_setup.paperSize = "9"  # A4
        sheet.page_setup.orientation = "landscape" if layout.landscape else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{header_row}:{header_row}"

    def text_cell(value: Any, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        if font is not None:
            cell.font = font
        return cell

    def formatted(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "yyyy-mm-dd hh:mm"
            return cell
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "yyyy-mm-dd"
            return cell
        if isinstance(value, str):
            return text_cell(value)
        return value

    sheet.append([text_cell(title, Font(bold=True, size=14))])
    for line in layout.preamble if layout else ():
        sheet.append([formatted(v) for v in line])
    bold = Font(bold=True)
    sheet.append([text_cell(c.header, bold) for c in columns])
    count = 0
    for row in rows:
        sheet.append([formatted(v) for v in row])
        count += 1
    if layout is not None and layout.totals is not None:
        totals = []
        for value in layout.totals:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cell.font = bold
            totals.append(cell)
        sheet.append(totals)
    book.save(path)
    return count


def _sheet_title(title: str) -> str:
    """Sheet names are at most 31 characters and may not hold some punctuation."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Sheet1"
    return cleaned[:31]
