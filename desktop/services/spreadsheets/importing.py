"""Importing the rosters coordinators already keep in Excel: residents, teachers and past attendance.

An import has three steps, and only the last one writes:

1. :func:`open_import` reads the file (see :mod:`desktop.services.tables_io`), finds the header row
   (a title row above it is common) and guesses which column holds which field from Chinese or English
   headers;
2. :func:`preview_import` parses every row with that mapping (or one the person chose) and decides, row by
   row, whether it adds a record, matches one already on the register (which, and why), or is rejected
   (why, in plain words). It writes nothing;
3. :func:`confirm_import` decides again inside one write transaction, so a register changed by a sync in
   between is respected, and writes every added row at once or nothing.

Re-importing the same file creates nothing twice: its people now match the register, its sessions are
found by course and date, and attendance marks are keyed by (session, resident).

One set of rules with the forms. A resident row is checked by
:func:`~desktop.services.people.residents.validated_resident`, the check behind the resident form (lengths,
phone as digits, the ID-card number by GB 11643 and its agreement with the birth year); this module only
reads what spreadsheets do to values first (phones and years stored as numbers, dates typed every which
way, an ID number Excel turned into a number and cut short).

ID-card numbers. A valid number is kept as the district's keyed hash and its last four characters, as
the form keeps it; the number itself is read into memory to be hashed and is never stored, logged,
exported or quoted in a row's message. On a laptop without the district's key (not yet enrolled or
synced) a number cannot be hashed, and a row carrying one is *rejected* with the form's sentence rather
than imported without it: importing it bare would drop the number for good (a later import matches the
person and changes nothing), while a rejection loses nothing — sync first, or unmap the ID column to
import the people knowingly without their numbers.

Matching against the register uses the evidence of :func:`~desktop.services.people.duplicates.likely_duplicates`
(:func:`~desktop.services.people.duplicates.duplicate_reasons` on the register held in memory, one query for
the whole file) and shows its reasons. What counts as the *same* person, so the row adds nothing:

- the same ID-card number (by hash) — certain;
- the same written name and the same phone, or the same written name and birth year (several such
  people: the row is rejected as ambiguous);
- the same written name when one side lacks a birth year and it is the only such person.

Weaker evidence — a homophone name with the same birth year or household, or a shared phone under
another name (members of a household share one) — does not match: the row is added and flagged as a
possible duplicate with the reasons, because a wrong match silently loses a person while a second record
can be merged later. Two different ID-card numbers are two people, whatever else they share.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from core import limits, schema
from core.ids import attendance_id
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.search_keys import normalise
from core.values import CONTROL_CHARACTERS as _CONTROL
from core.vocabulary import village_wall
from desktop.changes import Changes
from desktop.services.backups import back_up_before
from desktop.services.common import require_identity
from desktop.services.errors import (
    BIRTH_YEAR_FUTURE,
    BIRTH_YEAR_TOO_OLD,
    CONTROL_CHARACTERS,
    DATE_OUT_OF_RANGE,
    HEADCOUNT_SESSION,
    NOT_YOURS,
    PHONE_INVALID,
    TOO_LONG,
    InvalidInput,
    Problems,
    ServiceError,
)
from desktop.services.errors import CTX as VALIDATION
from desktop.services.people.duplicates import CTX as DUPLICATES
from desktop.services.people.duplicates import (
    SAME_ID_NUMBER,
    Probe,
    duplicate_reasons,
    strength,
)
from desktop.services.people.personal_data import (
    checked_id_number,
    id_birth_date,
    is_valid_phone,
    normalise_id_number,
    normalise_phone,
)
from desktop.services.people.residents import ResidentInput, validated_resident
from desktop.services.tables_io import MAX_ROWS, RawTable, read_table
from desktop.services.undo import Undo, recorded
from desktop.services.week.sessions import EARLIEST
from desktop.storage.store import Store, Writer

CTX = "Import"

KINDS = ("residents", "teachers", "attendance")
ADD, MATCH, REJECT = "add", "match", "reject"

#: A session made for imported attendance starts at 09:00 and lasts an hour unless the file gives a time.
DEFAULT_START = dt.time(9, 0)
DEFAULT_LENGTH = dt.timedelta(hours=1)

# --- the sentences ------------------------------------------------------------------------------

MISSING_NAME = QT_TRANSLATE_NOOP(
    "Import", "No column holds the names. Choose it in the column mapping."
)
MISSING_KIND = QT_TRANSLATE_NOOP(
    "Import",
    "No column holds the category (cadre, teacher or volunteer). Choose it in the column mapping.",
)
MISSING_DATE = QT_TRANSLATE_NOOP(
    "Import", "No column holds the session dates. Choose it in the column mapping."
)
MISSING_COURSE = QT_TRANSLATE_NOOP(
    "Import", "No column holds the course titles. Choose it in the column mapping."
)
NO_DATA_ROWS = QT_TRANSLATE_NOOP("Import", "The file has a header but no rows below it.")

EMPTY_NAME = QT_TRANSLATE_NOOP("Import", "The name is empty.")
EMPTY_KIND = QT_TRANSLATE_NOOP("Import", "The category is empty.")
EMPTY_DATE = QT_TRANSLATE_NOOP("Import", "The date is empty.")
EMPTY_COURSE = QT_TRANSLATE_NOOP("Import", "The course is empty.")
BAD_DATE = QT_TRANSLATE_NOOP(
    "Import", "“{value}” is not a date; write it like 2024-03-05 or 2024年3月5日."
)
BAD_TIME = QT_TRANSLATE_NOOP("Import", "“{value}” is not a time of day; write it like 14:30.")
BAD_BIRTH = QT_TRANSLATE_NOOP(
    "Import", "“{value}” is not a birth year or date of birth; write it like 1956 or 1956-03-01."
)
BAD_AGE = QT_TRANSLATE_NOOP("Import", "“{value}” is not an age between 0 and 120.")
#: A cell's value and what is wrong with it, in the words the form uses (``problem`` is a message).
BAD_CELL = QT_TRANSLATE_NOOP("Import", "“{value}”: {problem}")
ID_AS_NUMBER = QT_TRANSLATE_NOOP(
    "Import",
    "The ID number was stored as a number and Excel has lost its last digits. Format the column as text and type it again.",
)
BAD_GENDER = QT_TRANSLATE_NOOP("Import", "“{value}” is not a gender; write 男 or 女.")
BAD_KIND = QT_TRANSLATE_NOOP(
    "Import", "“{value}” is not a category; write 管理干部, 专职教师, 兼职教师 or 志愿者."
)
BAD_PRESENT = QT_TRANSLATE_NOOP(
    "Import",
    "“{value}” does not say whether the person came; write 是 or 否 (or √ or leave it empty).",
)
TOTAL_ROW = QT_TRANSLATE_NOOP("Import", "A total row; skipped.")
HEADER_AGAIN = QT_TRANSLATE_NOOP("Import", "The header repeated; skipped.")
SAME_AS_ROW = QT_TRANSLATE_NOOP("Import", "The same person as row {row}; this row is skipped.")
LISTED_TWICE = QT_TRANSLATE_NOOP(
    "Import", "The same person at the same session as row {row}; this row is skipped."
)
AMBIGUOUS = QT_TRANSLATE_NOOP(
    "Import",
    "{count} people called {name} are on the register. Add a phone number or birth year to the row to tell them apart.",
)
NO_SUCH_RESIDENT = QT_TRANSLATE_NOOP(
    "Import", "No resident called {name} is on the register. Import or add the resident first."
)
NO_SUCH_COURSE = QT_TRANSLATE_NOOP(
    "Import", "No course is called “{title}”. Add the course first, then import again."
)
MATCH_NAME_PHONE = QT_TRANSLATE_NOOP(
    "Import", "Already on the register: {name}, same name and phone."
)
MATCH_NAME = QT_TRANSLATE_NOOP(
    "Import", "Already on the register: {name}, the only person with this name."
)
#: A resident matched; ``reasons`` are the sentences of :mod:`desktop.services.people.duplicates`.
MATCHED = QT_TRANSLATE_NOOP("Import", "Already on the register: {name} ({reasons}).")
POSSIBLE_DUPLICATE = QT_TRANSLATE_NOOP(
    "Import",
    "Added as a new person, but {name} on the register may be the same ({reasons}). Check before confirming; two records of one person can be merged later.",
)
ALREADY_MARKED = QT_TRANSLATE_NOOP("Import", "Already signed in at this session.")
ABSENT_NOTHING = QT_TRANSLATE_NOOP("Import", "Absent, and never signed in: nothing to record.")
MARK_ABSENT = QT_TRANSLATE_NOOP("Import", "Was signed in; will be marked absent.")
NEW_SESSION = QT_TRANSLATE_NOOP("Import", "Adds the session of {course} on {date}.")
NEW_PERSON = QT_TRANSLATE_NOOP("Import", "Someone else called {name} is on the register already.")
CONFIRM_REFUSED = QT_TRANSLATE_NOOP(
    "Import", "Nothing was imported: the file needs fixing first (see the preview)."
)


# --- fields and how headers name them ------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """A field an import can fill, the sentence naming it, and the headers people give its column."""

    key: str
    label: str
    required: bool = False
    #: Space-separated header texts that name this field, compared without spaces or case.
    headers: str = ""


_NAME = FieldSpec(
    "name",
    QT_TRANSLATE_NOOP("Import", "Name"),
    True,
    "姓名 名字 居民姓名 学员姓名 参加人 参加人员 签到人 name fullname",
)
_PHONE_FIELD = FieldSpec(
    "phone",
    QT_TRANSLATE_NOOP("Import", "Phone"),
    False,
    "电话 手机 手机号 手机号码 联系电话 电话号码 联系方式 phone mobile tel telephone",
)
_BIRTH = FieldSpec(
    "birth",
    QT_TRANSLATE_NOOP("Import", "Birth year or date of birth"),
    False,
    "出生年份 出生年 出生日期 出生年月 出生年月日 生日 出生 birthyear yearofbirth dateofbirth birthday born birth",
)
_NOTES = FieldSpec(
    "notes",
    QT_TRANSLATE_NOOP("Import", "Notes"),
    False,
    "备注 说明 附注 notes note remarks remark comment",
)

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "residents": (
        _NAME,
        FieldSpec("gender", QT_TRANSLATE_NOOP("Import", "Gender"), False, "性别 gender sex"),
        _BIRTH,
        FieldSpec("age", QT_TRANSLATE_NOOP("Import", "Age"), False, "年龄 岁数 age"),
        _PHONE_FIELD,
        FieldSpec(
            "village_group",
            QT_TRANSLATE_NOOP("Import", "Village group"),
            False,
            "村民小组 小组 组别 村组 组 社 villagegroup group",
        ),
        FieldSpec(
            "household",
            QT_TRANSLATE_NOOP("Import", "Household"),
            False,
            "户 户主 户主姓名 家庭 户号 家庭户 所属户 household family",
        ),
        FieldSpec(
            "id_number",
            QT_TRANSLATE_NOOP("Import", "ID number"),
            False,
            "身份证号 身份证 身份证号码 公民身份号码 证件号码 idnumber idcard id",
        ),
        FieldSpec("tags", QT_TRANSLATE_NOOP("Import", "Tags"), False, "标签 人群 tags tag"),
        _NOTES,
    ),
    "teachers": (
        _NAME,
        FieldSpec(
            "kind",
            QT_TRANSLATE_NOOP("Import", "Category"),
            True,
            "类别 类型 人员类别 教师类别 师资类别 身份 kind category role type",
        ),
        _PHONE_FIELD,
        FieldSpec(
            "skills",
            QT_TRANSLATE_NOOP("Import", "Skills"),
            False,
            "特长 技能 专长 技能特长 擅长 skills skill speciality specialty",
        ),
        _NOTES,
    ),
    "attendance": (
        FieldSpec(
            "date",
            QT_TRANSLATE_NOOP("Import", "Date"),
            True,
            "日期 活动日期 上课日期 签到日期 场次日期 时间 活动时间 上课时间 date day",
        ),
        FieldSpec(
            "course",
            QT_TRANSLATE_NOOP("Import", "Course"),
            True,
            "课程 课程名称 课程名 活动 活动名称 课程/活动 course coursetitle title class",
        ),
        _NAME,
        _PHONE_FIELD,
        _BIRTH,
        FieldSpec(
            "time",
            QT_TRANSLATE_NOOP("Import", "Start time"),
            False,
            "开始 开始时间 starttime start",
        ),
        FieldSpec(
            "present",
            QT_TRANSLATE_NOOP("Import", "Present"),
            False,
            "出勤 是否出勤 签到 到课 出席 是否到场 到场 present attended attendance",
        ),
    ),
}

_MISSING = {
    "name": MISSING_NAME,
    "kind": MISSING_KIND,
    "date": MISSING_DATE,
    "course": MISSING_COURSE,
}


def _header_key(text: Any) -> str:
    """A header made comparable: no spaces, marks of required fields or bracketed hints."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).lower()
    folded = re.sub(r"[(（\[【].*?[)）\]】]", "", folded)
    return re.sub(r"[\s*:：_\-./]", "", folded)


def guess_mapping(kind: str, headers: Sequence[Any]) -> dict[str, int]:
    """Which column (0-based) holds which field, from the header texts: exact names first, then a
    header that contains a known name (the longest wins), each column used once."""
    specs = FIELDS[kind]
    keys = [_header_key(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for spec in specs:
        wanted = {_header_key(h) for h in spec.headers.split()}
        for col, key in enumerate(keys):
            if key and col not in used and key in wanted:
                mapping[spec.key] = col
                used.add(col)
                break
    candidates = []
    for spec in specs:
        if spec.key in mapping:
            continue
        for synonym in spec.headers.split():
            syn = _header_key(synonym)
            if len(syn) < 2:
                continue  # "组" or "id" inside a longer header says too little
            for col, key in enumerate(keys):
                if col not in used and syn in key:
                    candidates.append((-len(syn), col, spec.key))
    for _, col, key in sorted(candidates):
        if key not in mapping and col not in used:
            mapping[key] = col
            used.add(col)
    return mapping


# --- reading a file -------------------------------------------------------------------------------


@dataclass
class ImportSource:
    """A file read for import: its header, its rows below the header, and the guessed mapping."""

    kind: str
    path: Path
    table: RawTable
    header_row: int
    headers: list[str]
    rows: list[tuple[int, tuple[Any, ...]]]
    guessed: dict[str, int]

    def column_names(self) -> list[str]:
        """A name for every column: its header, or its letter when the header is empty."""
        width = max([len(self.headers), *(len(r) for _, r in self.rows[:200])], default=0)
        names = []
        for col in range(width):
            header = self.headers[col] if col < len(self.headers) else ""
            names.append(header or _column_letter(col))
        return names

    def mapping_from_names(self, chosen: Mapping[str, str]) -> dict[str, int]:
        """The guessed mapping changed by ``{field: header text or column letter}``; unknown fields or
        columns raise ValueError naming them."""
        mapping = dict(self.guessed)
        names = self.column_names()
        fields = {s.key for s in FIELDS[self.kind]}
        for key, column in chosen.items():
            if key not in fields:
                raise ValueError(f"unknown field {key!r}; fields: {', '.join(sorted(fields))}")
            if column in ("", "-"):
                mapping.pop(key, None)
                continue
            found = [i for i, n in enumerate(names) if n == column]
            if not found and re.fullmatch(r"[A-Za-z]{1,2}", column):
                found = [_column_index(column.upper())]
            if not found:
                raise ValueError(f"no column {column!r}; columns: {', '.join(names)}")
            mapping[key] = found[0]
        return mapping


def _column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def open_import(path: Path | str, kind: str, max_rows: int = MAX_ROWS) -> ImportSource:
    """Read ``path`` for an import of ``kind`` and guess its column mapping. Writes nothing; raises
    :class:`~desktop.services.tables_io.TableFileError` when the file cannot be read."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    table = read_table(path, max_rows)
    # The header is the row among the first few that names the most known fields (a title row often
    # sits above it); with none recognised, the first row is taken as the header.
    best, best_score = 0, 0
    for i, (_, cells) in enumerate(table.rows[:10]):
        score = len(guess_mapping(kind, cells))
        if score > best_score:
            best, best_score = i, score
    number, cells = table.rows[best]
    headers = ["" if c is None else str(c) for c in cells]
    return ImportSource(
        kind=kind,
        path=Path(path),
        table=table,
        header_row=number,
        headers=headers,
        rows=table.rows[best + 1 :],
        guessed=guess_mapping(kind, cells),
    )


# --- parsing cells ----------------------------------------------------------------------------------


class _RowError(Exception):
    def __init__(self, field_key: str, source: str, context: str = CTX, **params: object) -> None:
        super().__init__(source)
        self.field = field_key
        self.message = UserMessage(context, source, **params)

    @classmethod
    def of(cls, field_key: str, message: UserMessage) -> _RowError:
        """A row rejected with a sentence another module owns (the form's, for example)."""
        return cls(field_key, message.source, message.context, **message.params)


def _shown(value: Any) -> str:
    """A cell quoted in a message: shortened, and with any run of digits as long as an ID-card
    number masked (one may sit in the wrong column), because messages are printed and shared."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)[:40]
    return _LONG_NUMBER.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if value.time() != dt.time()
            else value.date().isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def clean_name(value: Any) -> str:
    """A name as it is stored: Chinese names lose the spaces rosters pad them with (“王  芳”),
    other names keep single spaces."""
    text = unicodedata.normalize("NFKC", _text(value))
    if _CJK.search(text):
        return re.sub(r"\s+", "", text)
    return " ".join(text.split())


def phone_text(value: Any) -> str:
    """A phone cell as text: Excel keeps a number typed without separators as a number
    (13812345678.0), which has to become its digits before the shared rules can read it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_phone(value: Any) -> str:
    """A phone cell as the register stores it (digits only, see
    :func:`~desktop.services.people.personal_data.normalise_phone`); "" for an empty cell. Raises ValueError
    for what the form would refuse too."""
    text = phone_text(value)
    if not text:
        return ""
    if not is_valid_phone(text):
        raise ValueError
    return normalise_phone(text)


#: A run of digits as long as an ID-card number's, never quoted back in a message.
_LONG_NUMBER = re.compile(r"[0-9]{14,}[0-9Xx]?")


def id_number_text(value: Any) -> str:
    """An ID-card cell as text for the shared check; "" for an empty cell or one masked as our own
    export writes it ("**************002X"). Raises :class:`_RowError` when Excel stored the number
    as a number: it keeps 15 significant digits, so the last ones are lost and cannot be guessed."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) >= 15:
            # Excel keeps 15 significant digits: an 18-digit number stored as a number has lost its
            # tail, and about one in eleven such mangled numbers still passes the check character.
            # Never trust one, even when it happens to add up.
            raise _RowError("id_number", ID_AS_NUMBER)
        return digits
    text = normalise_id_number(str(value))
    return "" if text.startswith("*") else text


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(\d{1,2})\s*日?|月)?"
    r"(?:\s*[T ]?\s*(\d{1,2})[:：](\d{2})(?::\d{2})?)?"
)


def parse_date(value: Any) -> tuple[dt.date, dt.time | None]:
    """A date as Excel stored it (a date, an Excel day number, 20240305) or as typed (2024-03-05,
    2024/3/5, 2024.3.5, 2024年3月5日, with an optional time); raises ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date(), (value.time() if value.time() != dt.time() else None)
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
        n = int(value)
        if 19000101 <= n <= 21001231:
            return dt.date(n // 10000, n // 100 % 100, n % 100), None
        if 1 <= n <= 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=n), None
        raise ValueError
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if re.fullmatch(r"\d{8}", text):
        return parse_date(int(text))
    m = _DATE_TEXT.fullmatch(text)
    if not m or m.group(3) is None:
        raise ValueError
    day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    when = dt.time(int(m.group(4)), int(m.group(5))) if m.group(4) else None
    return day, when


def parse_time(value: Any) -> dt.time:
    """A time of day as Excel stores it (a time, or a fraction of a day) or as typed (14:00, 14：00,
    14点); raises ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(r"(\d{1,2})\s*(?:[:：点时]\s*(\d{1,2})?\s*分?)(?::\d{2})?", text)
    if not m:
        raise ValueError
    return dt.time(int(m.group(1)), int(m.group(2) or 0))


def parse_birth_year(value: Any) -> int:
    """A birth year from a year (1956, 1956.0), a date, or text such as 1956年3月, 1956.3, 1956-03-01
    or 19560301; raises ValueError otherwise."""
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1850 <= value < 2200:
            return int(value)  # 1956, or 1956.3 typed as a number
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
        n = int(value)
        if 185001 <= n <= 219912:
            return n // 100
        if 18500101 <= n <= 21991231:
            return n // 10000
        if 1 <= n <= 80000:
            return (_EXCEL_EPOCH + dt.timedelta(days=n)).year
        raise ValueError
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(
        r"(\d{4})\s*(?:年)?\s*(?:[-./]?\s*(\d{1,2})\s*(?:[-./月]\s*(?:(\d{1,2})\s*日?)?)?)?", text
    )
    if not m:
        if re.fullmatch(r"\d{6}|\d{8}", text):
            return parse_birth_year(int(text))
        raise ValueError
    year = int(m.group(1))
    if m.group(2) and not 1 <= int(m.group(2)) <= 12:
        raise ValueError
    if m.group(3) and not 1 <= int(m.group(3)) <= 31:
        raise ValueError
    return year


_GENDERS = {
    "男": "male",
    "男性": "male",
    "m": "male",
    "male": "male",
    "女": "female",
    "女性": "female",
    "f": "female",
    "female": "female",
}
_KINDS = {
    "管理干部": "cadre",
    "干部": "cadre",
    "管理人员": "cadre",
    "cadre": "cadre",
    "专职教师": "full_time",
    "专职": "full_time",
    "专职老师": "full_time",
    "fulltime": "full_time",
    "fulltimeteacher": "full_time",
    "兼职教师": "part_time",
    "兼职": "part_time",
    "兼职老师": "part_time",
    "parttime": "part_time",
    "parttimeteacher": "part_time",
    "志愿者": "volunteer",
    "志愿": "volunteer",
    "volunteer": "volunteer",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: What people write in a sign-in column for "came" and for "did not come".
_YES = _words("是 √ ✓ ✔ 到 已到 出勤 在 有 1 y yes true present 签到 已签到 ○ o")
_NO = _words("否 × ✗ ✘ x 缺 缺勤 未到 缺席 请假 0 n no false absent 无")


def _code(value: Any) -> str:
    return re.sub(r"[\s_\-]", "", unicodedata.normalize("NFKC", _text(value))).lower()


# --- parsed rows and the plan --------------------------------------------------------------------


@dataclass(frozen=True)
class RowPlan:
    """What happens to one row of the file: added, matched to an existing record, or rejected."""

    row: int
    action: str
    #: Why (for a match or a rejection) or what else happens (for an addition); None when plain.
    reason: UserMessage | None = None
    #: The field a rejection is about, when it is about one (a key of :data:`FIELDS`).
    field: str = ""
    #: The existing record a match found.
    existing_id: uuid.UUID | None = None
    #: The row in a few words: a name, or a name at a course on a date.
    label: str = ""
    #: For an added resident: the person on the register it may be (see ``reason``), to look at.
    possible_id: uuid.UUID | None = None

    @property
    def flagged(self) -> bool:
        """Added, but possibly someone already on the register: worth a look before confirming."""
        return self.possible_id is not None


@dataclass(frozen=True)
class _Parsed:
    row: int
    values: dict[str, Any]
    error: _RowError | None = None


@dataclass
class ImportPreview:
    """What an import would do, row by row; nothing has been written."""

    kind: str
    source: ImportSource
    mapping: dict[str, int]
    #: Problems with the file as a whole (a required column is missing): nothing can be imported.
    problems: list[UserMessage]
    rows: list[RowPlan]
    parsed: list[_Parsed] = field(repr=False, default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def importable(self) -> bool:
        return not self.problems and self.count(ADD) > 0


@dataclass
class ImportResult:
    """What confirming wrote: the plan as carried out, and what changed for the views."""

    kind: str
    rows: list[RowPlan]
    added: int
    matched: int
    rejected: int
    sessions_added: int
    changes: Changes
    #: What the import wrote, so an import of the wrong sheet can be taken back.
    undo: Undo


def _parse_rows(
    store: Store, source: ImportSource, mapping: Mapping[str, int], this_year: int
) -> list[_Parsed]:
    kind = source.kind
    header_keys = [_header_key(h) for h in source.headers]
    parsed = []
    for number, cells in source.rows:

        def cell(key: str, cells: tuple[Any, ...] = cells) -> Any:
            col = mapping.get(key)
            return cells[col] if col is not None and col < len(cells) else None

        first = next((_text(c) for c in cells if c is not None), "")
        try:
            if re.match(r"(合计|总计|小计|共计|total)", first, re.IGNORECASE):
                raise _RowError("", TOTAL_ROW)
            if [_header_key(c) for c in cells[: len(header_keys)]] == header_keys:
                raise _RowError("", HEADER_AGAIN)
            if kind == "residents":
                values = _parse_resident(cell, store, this_year)
            elif kind == "teachers":
                values = _parse_teacher(cell)
            else:
                values = _parse_attendance(cell, this_year)
            parsed.append(_Parsed(number, values))
        except _RowError as exc:
            parsed.append(_Parsed(number, {"name": clean_name(cell("name"))}, exc))
    return parsed


def _checked_text(key: str, value: Any, limit: int) -> str:
    text = _text(value)
    if len(text) > limit:
        raise _RowError(key, TOO_LONG, VALIDATION, limit=limit)
    if _CONTROL.search(text):
        raise _RowError(key, CONTROL_CHARACTERS, VALIDATION)
    return text


def _required_name(cell) -> str:  # noqa: ANN001
    name = clean_name(cell("name"))
    if not name:
        raise _RowError("name", EMPTY_NAME)
    return _checked_text("name", name, limits.max_chars("residents", "name"))


def _phone(cell) -> str:  # noqa: ANN001
    raw = cell("phone")
    try:
        return parse_phone(raw)
    except ValueError:
        raise _bad_phone(raw) from None


def _bad_phone(raw: Any) -> _RowError:
    return _RowError(
        "phone", BAD_CELL, value=_shown(raw), problem=UserMessage(VALIDATION, PHONE_INVALID)
    )


def _birth_year(cell, this_year: int, key: str = "birth") -> int | None:  # noqa: ANN001
    """The birth year of an attendance row (only used to tell namesakes apart)."""
    year = _parsed_birth_year(cell, key)
    if year is not None and year > this_year:
        raise _RowError(key, BIRTH_YEAR_FUTURE, VALIDATION, year=year)
    if year is not None and year < this_year - 120:
        raise _RowError(key, BIRTH_YEAR_TOO_OLD, VALIDATION, year=year)
    return year


def _parsed_birth_year(cell, key: str = "birth") -> int | None:  # noqa: ANN001
    raw = cell(key)
    if raw is None:
        return None
    try:
        return parse_birth_year(raw)
    except ValueError:
        raise _RowError("birth", BAD_BIRTH, value=_shown(raw)) from None


#: The form's field names where the import's differ.
_IMPORT_FIELD = {"birth_year": "birth"}


def _parse_resident(cell, store: Store, this_year: int) -> dict[str, Any]:  # noqa: ANN001
    """A resident row read from its cells, then checked by the form's own rules; the values to store
    (an ID number as ``id_hash`` and ``id_last4`` only)."""
    name = _required_name(cell)
    raw_gender = cell("gender")
    gender = ""
    if raw_gender is not None:
        gender = _GENDERS.get(_code(raw_gender), "")
        if not gender:
            raise _RowError("gender", BAD_GENDER, value=_shown(raw_gender))
    id_number = id_number_text(cell("id_number"))
    birth_year = _parsed_birth_year(cell)
    if birth_year is None and cell("age") is not None:
        raw_age = cell("age")
        try:
            age = int(float(_text(raw_age).removesuffix("岁")))
        except ValueError:
            age = -1
        if not 0 <= age <= 120:
            raise _RowError("age", BAD_AGE, value=_shown(raw_age))
        birth_year = this_year - age
    valid = checked_id_number(Problems(), "id_number", id_number) if id_number else ""
    born = id_birth_date(valid) if valid else None
    if born is not None:
        # A valid number knows the birth year and (by its 17th digit) the gender; a birth year the
        # file gives as well must agree with it (the shared check says so).
        birth_year = born.year if birth_year is None else birth_year
        gender = gender or ("male" if int(valid[16]) % 2 else "female")
    raw_phone = cell("phone")
    data = ResidentInput(
        name=name,
        gender=gender,
        birth_year=birth_year,
        phone=phone_text(raw_phone),
        village_group=_text(cell("village_group")),
        household=clean_name(cell("household")),
        tags=tuple(t for t in re.split(r"[,，、;；]", _text(cell("tags"))) if t.strip()),
        notes=_text(cell("notes")),
        id_number=id_number or None,
    )
    try:
        return validated_resident(store, data, this_year)
    except InvalidInput as exc:
        first = exc.errors[0]
        if first.field == "phone":
            raise _bad_phone(raw_phone) from None
        raise _RowError.of(_IMPORT_FIELD.get(first.field, first.field), first.message) from None


def _parse_teacher(cell) -> dict[str, Any]:  # noqa: ANN001
    name = _required_name(cell)
    raw_kind = cell("kind")
    if raw_kind is None:
        raise _RowError("kind", EMPTY_KIND)
    kind = _KINDS.get(_code(raw_kind))
    if kind is None:
        raise _RowError("kind", BAD_KIND, value=_shown(raw_kind))
    return {
        "name": name,
        "kind": kind,
        "phone": _phone(cell),
        "skills": _checked_text("skills", cell("skills"), limits.max_chars("teachers", "skills")),
        "notes": _checked_text("notes", cell("notes"), limits.max_chars("teachers", "notes")),
    }


def _parse_attendance(cell, this_year: int) -> dict[str, Any]:  # noqa: ANN001
    raw_date = cell("date")
    if raw_date is None:
        raise _RowError("date", EMPTY_DATE)
    try:
        day, when = parse_date(raw_date)
    except ValueError:
        raise _RowError("date", BAD_DATE, value=_shown(raw_date)) from None
    raw_time = cell("time")
    if raw_time is not None:
        try:
            when = parse_time(raw_time)
        except ValueError:
            raise _RowError("time", BAD_TIME, value=_shown(raw_time)) from None
    course = " ".join(_text(cell("course")).split())
    if not course:
        raise _RowError("course", EMPTY_COURSE)
    name = _required_name(cell)
    raw_present = cell("present")
    present = True
    if raw_present is not None:
        code = _code(raw_present)
        if code in _YES:
            present = True
        elif code in _NO:
            present = False
        else:
            raise _RowError("present", BAD_PRESENT, value=_shown(raw_present))
    return {
        "date": day,
        "time": when,
        "course": course,
        "name": name,
        "phone": _phone(cell),
        "birth_year": _birth_year(cell, this_year),
        "present": present,
    }


# --- the register, for matching ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    """A live person on the register with what matching compares (the phone as digits)."""

    id: uuid.UUID
    name: str
    birth_year: int | None
    phone: str
    name_pinyin: str = ""
    household: str = ""
    id_hash: str = ""


class _Register:
    """Live people of one table in memory, indexed by every key matching looks up: one query for the
    whole file instead of one per row, which a roster of thousands needs."""

    def __init__(self, people: Iterable[_Known]) -> None:
        self.by_name: dict[str, list[_Known]] = defaultdict(list)
        self.by_sound: dict[str, list[_Known]] = defaultdict(list)
        self.by_phone: dict[str, list[_Known]] = defaultdict(list)
        self.by_hash: dict[str, list[_Known]] = defaultdict(list)
        for person in people:
            name = normalise(person.name)
            self.by_name[name].append(person)
            self.by_sound[person.name_pinyin or name].append(person)
            if person.phone:
                self.by_phone[person.phone].append(person)
            if person.id_hash:
                self.by_hash[person.id_hash].append(person)

    def near(self, probe: Probe) -> list[_Known]:
        """Everyone sharing a key with ``probe`` (ID hash, phone, name or its sound), each once."""
        found: dict[uuid.UUID, _Known] = {}
        groups = (
            self.by_hash.get(probe.id_hash, []) if probe.id_hash else [],
            self.by_phone.get(probe.phone, []) if probe.phone else [],
            self.by_sound.get(probe.sound or probe.name, []),
            self.by_name.get(probe.name, []),
        )
        for group in groups:
            for person in group:
                found.setdefault(person.id, person)
        return list(found.values())

    @classmethod
    def residents(cls, conn: Connection) -> _Register:
        r = schema.residents
        rows = conn.execute(
            select(
                r.c.id,
                r.c.name,
                r.c.birth_year,
                r.c.phone,
                r.c.name_pinyin,
                r.c.household,
                r.c.id_hash,
            ).where(r.c.deleted.is_(False))
        )
        return cls(
            _Known(
                x.id,
                x.name,
                x.birth_year,
                normalise_phone(x.phone),
                x.name_pinyin or "",
                x.household or "",
                x.id_hash or "",
            )
            for x in rows
        )

    @classmethod
    def teachers(cls, conn: Connection) -> _Register:
        t = schema.teachers
        rows = conn.execute(select(t.c.id, t.c.name, t.c.phone).where(t.c.deleted.is_(False)))
        return cls(_Known(x.id, x.name, None, normalise_phone(x.phone)) for x in rows)


@dataclass(frozen=True)
class Evidence:
    """A person on the register and why a row may be them (sentences of
    :mod:`desktop.services.people.duplicates`, strongest first)."""

    person: _Known
    reasons: tuple[str, ...]

    def explained(self) -> list[UserMessage]:
        return [UserMessage(DUPLICATES, reason) for reason in self.reasons]


def match_resident(register: _Register, probe: Probe) -> tuple[Evidence | None, list[Evidence]]:
    """The person on the register a resident row surely is (None when no one), and the people it
    may be, strongest evidence first. Raises :class:`_RowError` when several fit equally.

    The rules are those of the module docstring: an ID hash is certain; the same written name with
    the same phone or birth year, or alone when a birth year is missing and only one person fits, is
    the same person; anything weaker is only a possibility."""
    near = []
    for person in register.near(probe):
        if probe.id_hash and person.id_hash and person.id_hash != probe.id_hash:
            continue  # two different ID-card numbers are two people
        reasons = duplicate_reasons(probe, person)
        if reasons:
            near.append(Evidence(person, reasons))
    near.sort(key=lambda e: (strength(e.reasons), -len(e.reasons), e.person.name))
    if near and SAME_ID_NUMBER in near[0].reasons:
        return near[0], []
    same_name = [e for e in near if normalise(e.person.name) == probe.name]
    phone, year = probe.phone, probe.birth_year
    if phone:
        by_phone = [e for e in same_name if e.person.phone == phone]
        if len(by_phone) == 1:
            return by_phone[0], []
    if year is not None:
        by_year = [e for e in same_name if e.person.birth_year == year]
        if len(by_year) == 1:
            return by_year[0], []
        _refuse_ambiguous(by_year)
    fitting = [
        e
        for e in same_name
        if (year is None or e.person.birth_year is None)
        and (not phone or not e.person.phone or e.person.phone == phone)
    ]
    if len(fitting) == 1:
        return fitting[0], []
    _refuse_ambiguous(fitting)
    return None, near


def _refuse_ambiguous(fitting: list[Evidence]) -> None:
    if len(fitting) > 1:
        raise _RowError("name", AMBIGUOUS, count=len(fitting), name=fitting[0].person.name)


def match_teacher(register: _Register, name: str, phone: str) -> tuple[_Known | None, str]:
    """The teacher on the register a row means, and the sentence saying why; ``(None, "")`` when no
    one matches. Raises :class:`_RowError` when several people fit equally.

    Same name and phone is the same person; a name alone is when only one teacher has it and the row's
    phone does not contradict them. A shared phone alone is not: a school's office number is shared."""
    same_name = register.by_name.get(normalise(name), [])
    digits = normalise_phone(phone)
    if digits:
        by_phone = [p for p in same_name if p.phone == digits]
        if len(by_phone) == 1:
            return by_phone[0], MATCH_NAME_PHONE
    fitting = [p for p in same_name if not digits or not p.phone or p.phone == digits]
    if len(fitting) == 1:
        return fitting[0], MATCH_NAME
    if len(fitting) > 1:
        raise _RowError("name", AMBIGUOUS, count=len(fitting), name=name)
    return None, ""


def _person_keys(values: Mapping[str, Any]) -> list[tuple]:
    """Keys under which two rows of one file are surely the same person."""
    name = normalise(values["name"])
    keys: list[tuple] = []
    if values.get("id_hash"):
        keys.append(("id", values["id_hash"]))
    if values.get("birth_year") is not None:
        keys.append(("birth", name, values["birth_year"]))
    if values.get("phone"):
        keys.append(("phone", name, values["phone"]))
    if not keys:
        keys.append(("name", name))
    return keys


# --- planning ------------------------------------------------------------------------------------


@dataclass
class _Plan:
    rows: list[RowPlan]
    #: Records to insert: (table, values) for people; for attendance, see _plan_attendance.
    people: list[dict[str, Any]] = field(default_factory=list)
    sessions: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    marks: list[tuple[tuple, uuid.UUID, bool]] = field(default_factory=list)
    #: For attendance: the sessions already there, by (course id, day).
    existing_sessions: dict[tuple, Any] = field(default_factory=dict)


def _rejected(p: _Parsed) -> RowPlan:
    assert p.error is not None
    return RowPlan(p.row, REJECT, p.error.message, p.error.field, label=p.values.get("name", ""))


def _resident_probe(values: Mapping[str, Any]) -> Probe:
    return Probe.of(
        values["name"],
        values.get("phone", ""),
        values.get("household", ""),
        values.get("birth_year"),
        values.get("id_hash", ""),
    )


def _plan_people(conn: Connection, kind: str, parsed: list[_Parsed]) -> _Plan:
    residents = kind == "residents"
    register = _Register.residents(conn) if residents else _Register.teachers(conn)
    plan = _Plan([])
    seen: dict[tuple, int] = {}
    for p in parsed:
        if p.error is not None:
            plan.rows.append(_rejected(p))
            continue
        v = p.values
        maybe: list[Evidence] = []
        try:
            if residents:
                sure, maybe = match_resident(register, _resident_probe(v))
                person = sure.person if sure else None
                why = (
                    UserMessage(CTX, MATCHED, name=sure.person.name, reasons=sure.explained())
                    if sure
                    else None
                )
            else:
                person, sentence = match_teacher(register, v["name"], v["phone"])
                why = UserMessage(CTX, sentence, name=person.name) if person else None
        except _RowError as exc:
            plan.rows.append(RowPlan(p.row, REJECT, exc.message, exc.field, label=v["name"]))
            continue
        if person is not None:
            plan.rows.append(RowPlan(p.row, MATCH, why, existing_id=person.id, label=v["name"]))
            continue
        keys = _person_keys(v)
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            plan.rows.append(
                RowPlan(p.row, REJECT, UserMessage(CTX, SAME_AS_ROW, row=earlier), label=v["name"])
            )
            continue
        for k in keys:
            seen[k] = p.row
        note = None
        if maybe:
            best = maybe[0]
            note = UserMessage(
                CTX, POSSIBLE_DUPLICATE, name=best.person.name, reasons=best.explained()
            )
        elif register.by_name.get(normalise(v["name"])):
            note = UserMessage(CTX, NEW_PERSON, name=v["name"])
        plan.rows.append(
            RowPlan(
                p.row,
                ADD,
                note,
                label=v["name"],
                possible_id=maybe[0].person.id if maybe else None,
            )
        )
        plan.people.append(v)
    return plan


def _course_index(conn: Connection, site_id: uuid.UUID) -> dict[str, tuple[uuid.UUID, str]]:
    c = schema.courses
    rows = conn.execute(
        select(c.c.id, c.c.title, c.c.site_id).where(c.c.deleted.is_(False)).order_by(c.c.title)
    ).all()
    # Where a village and the district both have a course of that title, the village's own is meant.
    rows.sort(key=lambda r: r.site_id != site_id)
    index: dict[str, tuple[uuid.UUID, str]] = {}
    for r in rows:
        index.setdefault(_title_key(r.title), (r.id, r.title))
    return index


def _title_key(title: str) -> str:
    return "".join(unicodedata.normalize("NFKC", title).split()).lower()


def _sessions_by_day(conn: Connection, course_ids: set[uuid.UUID], days: set[dt.date]) -> dict:
    """The first live session of each (course, day) the file names, as rows."""
    if not course_ids:
        return {}
    s = schema.sessions
    start = dt.datetime.combine(min(days), dt.time())
    end = dt.datetime.combine(max(days) + dt.timedelta(days=1), dt.time())
    found: dict[tuple, Any] = {}
    ids = sorted(course_ids)
    for i in range(0, len(ids), 500):
        rows = conn.execute(
            select(s.c.id, s.c.site_id, s.c.course_id, s.c.starts_at, s.c.headcount)
            .where(
                s.c.course_id.in_(ids[i : i + 500]),
                s.c.starts_at >= start,
                s.c.starts_at < end,
                s.c.deleted.is_(False),
            )
            .order_by(s.c.starts_at, s.c.id)
        )
        for r in rows:
            found.setdefault((r.course_id, r.starts_at.date()), r)
    return found


def _marks_of(conn: Connection, session_ids: list[uuid.UUID]) -> dict[tuple, bool]:
    a = schema.attendance
    marks: dict[tuple, bool] = {}
    for i in range(0, len(session_ids), 500):
        rows = conn.execute(
            select(a.c.session_id, a.c.resident_id, a.c.present).where(
                a.c.session_id.in_(session_ids[i : i + 500]), a.c.deleted.is_(False)
            )
        )
        for r in rows:
            marks[(r.session_id, r.resident_id)] = r.present
    return marks


def label_of(p: _Parsed) -> str:
    """An attendance row in a few words: who, at which course, on which day."""
    v = p.values
    return f"{v['name']} · {v['course']} · {v['date'].isoformat()}"


def _plan_attendance(
    conn: Connection, parsed: list[_Parsed], site_id: uuid.UUID, latest: dt.datetime
) -> _Plan:
    plan = _Plan([])
    courses = _course_index(conn, site_id)
    register = _Register.residents(conn)
    good = [p for p in parsed if p.error is None]
    used_courses = {courses[k][0] for p in good if (k := _title_key(p.values["course"])) in courses}
    days = {p.values["date"] for p in good}
    existing = _sessions_by_day(conn, used_courses, days)
    marks = _marks_of(conn, [r.id for r in existing.values()])
    seen: dict[tuple, int] = {}
    for p in parsed:
        if p.error is not None:
            plan.rows.append(_rejected(p))
            continue
        v = p.values
        label = label_of(p)

        def reject(
            source: str,
            context: str = CTX,
            field_key: str = "",
            *,
            at: _Parsed = p,
            **params: object,
        ) -> None:
            message = UserMessage(context, source, **params)
            plan.rows.append(RowPlan(at.row, REJECT, message, field_key, label=label_of(at)))

        course = courses.get(_title_key(v["course"]))
        if course is None:
            reject(NO_SUCH_COURSE, field_key="course", title=v["course"])
            continue
        try:
            sure, _maybe = match_resident(
                register, Probe.of(v["name"], v["phone"], "", v["birth_year"])
            )
        except _RowError as exc:
            plan.rows.append(RowPlan(p.row, REJECT, exc.message, exc.field, label=label))
            continue
        person = sure.person if sure else None
        if person is None:
            reject(NO_SUCH_RESIDENT, field_key="name", name=v["name"])
            continue
        key = (course[0], v["date"])
        session = existing.get(key)
        note: UserMessage | None = None
        if session is not None:
            if session.headcount is not None:
                reject(HEADCOUNT_SESSION, VALIDATION)
                continue
            if session.site_id != site_id:
                reject(NOT_YOURS, VALIDATION)
                continue
            current = marks.get((session.id, person.id))
        else:
            current = None
            if key not in plan.sessions:
                starts = dt.datetime.combine(v["date"], v["time"] or DEFAULT_START)
                if not EARLIEST <= starts <= latest:
                    reject(DATE_OUT_OF_RANGE, VALIDATION, "date", date=v["date"].isoformat())
                    continue
                plan.sessions[key] = {
                    "course_id": course[0],
                    "starts_at": starts,
                    "ends_at": starts + DEFAULT_LENGTH,
                    "place": "",
                    "teacher_id": None,
                    "topic": "",
                    "notes": "",
                    "headcount": None,
                    "site_id": site_id,
                }
                note = UserMessage(CTX, NEW_SESSION, course=course[1], date=v["date"].isoformat())
        pair = (key, person.id)
        if pair in seen:
            reject(LISTED_TWICE, row=seen[pair])
            continue
        seen[pair] = p.row
        if v["present"]:
            if current:
                plan.rows.append(
                    RowPlan(
                        p.row,
                        MATCH,
                        UserMessage(CTX, ALREADY_MARKED),
                        existing_id=person.id,
                        label=label,
                    )
                )
                continue
        elif not current:
            plan.rows.append(
                RowPlan(
                    p.row,
                    MATCH,
                    UserMessage(CTX, ABSENT_NOTHING),
                    existing_id=person.id,
                    label=label,
                )
            )
            continue
        else:
            note = UserMessage(CTX, MARK_ABSENT)
        plan.rows.append(RowPlan(p.row, ADD, note, existing_id=person.id, label=label))
        plan.marks.append((key, person.id, v["present"]))
    # A session is made only when one of its rows is added (all of them may have been rejected).
    wanted = {key for key, _, _ in plan.marks}
    plan.sessions = {k: s for k, s in plan.sessions.items() if k in wanted}
    plan.existing_sessions = existing
    return plan


def _plan(store: Store, conn: Connection, kind: str, parsed: list[_Parsed]) -> _Plan:
    site_id = require_identity(store).site_id
    if kind == "attendance":
        latest = _local_now(store) + dt.timedelta(days=366)
        return _plan_attendance(conn, parsed, site_id, latest)
    return _plan_people(conn, kind, parsed)


def _local_now(store: Store) -> dt.datetime:
    return village_wall(store.trusted_now())


# --- the use cases -----------------------------------------------------------------------------------


def preview_import(
    store: Store, source: ImportSource, mapping: Mapping[str, int] | None = None
) -> ImportPreview:
    """What importing ``source`` with ``mapping`` (the guessed one when None) would do, row by row.
    Writes nothing."""
    require_identity(store)
    chosen = dict(source.guessed if mapping is None else mapping)
    problems = [
        UserMessage(CTX, _MISSING[spec.key])
        for spec in FIELDS[source.kind]
        if spec.required and spec.key not in chosen
    ]
    if not source.rows:
        problems.append(UserMessage(CTX, NO_DATA_ROWS))
    if problems:
        return ImportPreview(source.kind, source, chosen, problems, [])
    parsed = _parse_rows(store, source, chosen, _local_now(store).year)
    with store.read() as conn:
        plan = _plan(store, conn, source.kind, parsed)
    return ImportPreview(source.kind, source, chosen, [], plan.rows, parsed)


def confirm_import(store: Store, preview: ImportPreview) -> ImportResult:
    """Write what the preview showed, in one transaction: decided again against the register as it is
    now, so rows someone added meanwhile match instead of doubling."""
    if preview.problems:
        raise ServiceError(UserMessage(CTX, CONFIRM_REFUSED))
    identity = require_identity(store)
    back_up_before(store, "import")  # the register as it was, should the wrong sheet go in
    with store.write() as w:
        w.remember()
        plan = _plan(store, w.conn, preview.kind, preview.parsed)
        if preview.kind == "residents":
            for values in plan.people:
                _insert_resident(w, identity.site_id, values)
        elif preview.kind == "teachers":
            for values in plan.people:
                w.insert(schema.teachers, {**values, "site_id": identity.site_id})
        else:
            _write_attendance(w, plan)
        done = recorded(w)
    rows = plan.rows
    return ImportResult(
        kind=preview.kind,
        rows=rows,
        added=sum(1 for r in rows if r.action == ADD),
        matched=sum(1 for r in rows if r.action == MATCH),
        rejected=sum(1 for r in rows if r.action == REJECT),
        sessions_added=len(plan.sessions),
        changes=w.changes,
        undo=done,
    )


def _insert_resident(w: Writer, site_id: uuid.UUID, values: Mapping[str, Any]) -> None:
    """Store one imported resident: the values the form's check made, so an ID number arrives as
    its keyed hash and last four characters only."""
    w.insert(schema.residents, {**values, "site_id": site_id})


def _write_attendance(w: Writer, plan: _Plan) -> None:
    session_ids = {key: row.id for key, row in plan.existing_sessions.items()}
    sites = {key: row.site_id for key, row in plan.existing_sessions.items()}
    for key, values in plan.sessions.items():
        session_ids[key] = w.insert(schema.sessions, values)
        sites[key] = values["site_id"]
    for key, resident_id, present in plan.marks:
        session_id = session_ids[key]
        w.upsert(
            schema.attendance,
            attendance_id(session_id, resident_id),
            {
                "site_id": sites[key],
                "session_id": session_id,
                "resident_id": resident_id,
                "present": present,
            },
        )


def field_label(kind: str, key: str) -> str:
    """The English source sentence naming a field (translate it under the "Import" context)."""
    for spec in FIELDS[kind]:
        if spec.key == key:
            return spec.label
    return key
