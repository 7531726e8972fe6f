"""Finding people by name the way Chinese users type: one matcher for residents and teachers.

A query may be characters, full pinyin, initials, a mix ("张s"), or a near spelling ("zangsan" for
张三: zh/z, ch/c, sh/s, -ng/-n and l/n are not told apart, as in south-western speech and in pinyin
input methods' fuzzy settings). A homophone surname typed in characters (章三 for 张三) is found
through its pinyin. Matches are ranked, so the person typed exactly comes first:

0. the exact name; 1. a name starting with the query; 2. a name containing it;
3. pinyin or initials containing the query's pinyin; 4. the same for near spellings; 5. phone digits.

Tables searched this way keep a derived ``search_key`` column ("张三 zhangsan zs zansan", see
``desktop/storage/search_keys.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, ColumnElement, Table, case, or_

from desktop.storage.search_keys import loose, normalise, syllables


@dataclass(frozen=True)
class NameQuery:
    where: ColumnElement[bool]
    rank: ColumnElement[int]


def _contains(column: Column, text: str) -> ColumnElement[bool]:
    return column.contains(text, autoescape=True)


def name_query(table: Table, query: str, digits: Column | None = None) -> NameQuery | None:
    """The filter and rank for ``query`` over ``table``'s ``name`` and ``search_key``; None when the
    query is empty. ``digits`` is a column searched too when the query is all digits (a phone)."""
    q = normalise(query)
    if not q:
        return None
    spelled = "".join(syllables(q))  # characters turned into pinyin, letters kept
    tests = [
        (table.c.name == q, 0),
        (table.c.name.startswith(q, autoescape=True), 1),
        (_contains(table.c.name, q), 2),
        (_contains(table.c.search_key, spelled), 3),
        (_contains(table.c.search_key, loose(spelled)), 4),
    ]
    if digits is not None and q.isdigit():
        tests.append((_contains(digits, q), 5))
    return NameQuery(or_(*(test for test, _ in tests)), case(*tests, else_=9))
