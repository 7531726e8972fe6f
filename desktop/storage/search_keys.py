"""Derived search keys: the same name found by characters, full pinyin or initials.

The keys are derived data, so they never travel on the wire: whoever stores a resident computes them.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def name_search_key(name: str) -> str:
    """Name, full pinyin and initials, lower case ("张三 zhangsan zs"), so any of them finds it."""
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s.isascii()]
    initials = "".join(s[0] for s in syllables if s)
    return f"{name} {''.join(syllables)} {initials}".lower()


#: Columns computed from others whenever a row is stored, per table: never typed, never sent.
DERIVED_FIELDS = {
    "residents": {"search_key": lambda values: name_search_key(values["name"])},
}
