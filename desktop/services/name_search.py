"""Finding people by name the way Chinese users type: one matcher for residents and teachers.

A query may be characters, full pinyin, initials, a mix of characters and pinyin ("张s") or of
full pinyin and initials ("liangcm", "lchunmei", as pinyin input methods take them), a near
spelling ("zangsan" for 张三: zh/z, ch/c, sh/s, -ng/-n and l/n are not told apart, as in
south-western speech and in pinyin input methods' fuzzy settings), or three or more digits of a
phone number. A surname is found by its reading as a surname (曾 *zeng*) and by its everyday one,
a character with two common readings by either. A homophone surname typed in characters (章三 for
张三) is found through its pinyin. Matches are ranked, so the person typed exactly comes first:

0. the exact name; 1. a name starting with the query; 2. a name containing it;
3. pinyin or initials containing the query's pinyin, or every part of mixed pinyin and initials;
4. pinyin containing the query's near spelling; 5. phone digits.

Within a rank people come in name order. Everything is read from the derived ``search_key`` column
("张三 zhangsan zs zansan 13812345678", see ``core/search_keys.py``), whose name comes first:
so the tests are plain substring positions (``instr``) on one column — for mixed pinyin and
initials, all of its parts (:func:`~core.search_keys.mixed_parts`) — and a search scans a narrow
covering index (search key, deleted, id) rather than the table — a town's 60,000 residents in a
few milliseconds. One or two digits find nothing: they would match almost every phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, and_, case, false, func, literal, or_

from core.search_keys import loose, mixed_parts, normalise, syllables

#: Fewest digits that search phone numbers.
MIN_PHONE_DIGITS = 3


@dataclass(frozen=True)
class NameQuery:
    where: ColumnElement[bool]
    rank: ColumnElement[int]


def name_query(table: Table, query: str) -> NameQuery | None:
    """The filter and rank for ``query`` over ``table.search_key``; None when the query is empty."""
    q = normalise(query)
    if not q:
        return None
    key = table.c.search_key
    if q.isdigit():
        if len(q) < MIN_PHONE_DIGITS:
            return NameQuery(false(), literal(9))
        return NameQuery(func.instr(key, q) > 0, literal(5))
    spelled = "".join(syllables(q))  # characters turned into pinyin, letters kept
    near = loose(spelled)
    found = func.instr(key, q)
    name_end = func.instr(key, " ")
    in_name = and_(found > 0, found < name_end)
    mixed = [and_(*(func.instr(key, part) > 0 for part in parts)) for parts in mixed_parts(spelled)]
    tests = [
        (func.substr(key, 1, len(q) + 1) == q + " ", 0),
        (func.substr(key, 1, len(q)) == q, 1),
        (in_name, 2),
        (or_(func.instr(key, spelled) > 0, *mixed), 3),
        (func.instr(key, near) > 0, 4),
    ]
    wanted = {q, spelled, near}
    return NameQuery(
        or_(*(func.instr(key, text) > 0 for text in sorted(wanted)), *mixed),
        case(*tests, else_=9),
    )
