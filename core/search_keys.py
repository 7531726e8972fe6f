"""Derived search keys: the same name found by characters, full pinyin, initials or a near spelling.

The keys are derived data, so they never travel on the wire: whoever stores a resident computes them.

A resident's ``search_key`` holds space-separated parts, lower case::

    张三 zhangsan zs zansan 13812345678

the name, its tone-less pinyin, the initials, the *loose* pinyin (:func:`loose`), which folds the
sounds that people in the south-west (and pinyin input methods' "fuzzy" settings) do not tell apart —
zh/z, ch/c, sh/s, -ng/-n and l/n — and the phone's digits. A query is folded the same way, so
"zangsan" still finds 张三. Everything a search looks at is in this one column, so a search reads one
narrow index instead of the whole table (see ``desktop/services/name_search.py``).
"""

from __future__ import annotations

import functools
import unicodedata

#: Replacements that make two spellings of a near-homophone equal. Order matters: "zh" before "h".
#: "l" never ends a pinyin syllable, so l→n only touches initials.
_LOOSE = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"), ("l", "n"))
#: The lengths of the columns the keys are kept in (``core/schema.py``). A name's pinyin is up to
#: six letters a character, so the keys of a long name (``core/limits.py`` allows 50 characters)
#: are cut to fit rather than left for PostgreSQL to refuse the record.
PINYIN_LENGTH = 200
INITIALS_LENGTH = 50
SEARCH_KEY_LENGTH = 400


def syllables(text: str) -> list[str]:
    """Tone-less pinyin of the Chinese characters in ``text``; other characters pass through
    (so mixed input like "张san" becomes ["zhang", "san"])."""
    # Imported on first use: the pinyin tables take a quarter of a second to load, which the window's
    # start-up should not pay before anyone types.
    from pypinyin import Style, lazy_pinyin

    out = []
    for part in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        part = part.strip().lower()
        if part:
            out.append(part)
    return out


def normalise(text: str) -> str:
    """What a person typed, made comparable: full-width letters and digits folded (NFKC), lower case,
    spaces and the syllable separator ' dropped."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if not ch.isspace() and ch != "'")


def loose(pinyin: str) -> str:
    """``pinyin`` with near-homophones folded together ("zhangsan" → "zansan", "liu" → "niu")."""
    for before, after in _LOOSE:
        pinyin = pinyin.replace(before, after)
    return pinyin


@functools.lru_cache(maxsize=65536)
def _name_syllables(name: str) -> tuple[str, ...]:
    """The syllables of a normalised name. Cached: each stored resident needs them for four derived
    columns, and a town's first download stores tens of thousands of residents whose names repeat."""
    return tuple(syllables(name))


def name_pinyin(name: str) -> str:
    """The name as one tone-less pinyin word ("张三" → "zhangsan"): equal for homophone names."""
    return "".join(s for s in _name_syllables(normalise(name)) if s.isascii())[:PINYIN_LENGTH]


def name_initials(name: str) -> str:
    """The initials of the name's pinyin ("张三" → "zs")."""
    parts = _name_syllables(normalise(name))
    return "".join(s[0] for s in parts if s.isascii() and s.isalpha())[:INITIALS_LENGTH]


def name_search_key(name: str, phone: str = "") -> str:
    """Name, full pinyin, initials, loose pinyin and phone digits, lower case
    ("张三 zhangsan zs zansan 13812345678")."""
    parts = [s for s in _name_syllables(normalise(name)) if s.isascii() and s.isalpha()]
    full = "".join(parts)
    initials = "".join(s[0] for s in parts)
    key = f"{normalise(name)} {full} {initials} {loose(full)}"
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if not digits:
        return key[:SEARCH_KEY_LENGTH]
    return f"{key[: SEARCH_KEY_LENGTH - len(digits) - 1]} {digits}"


#: Columns computed from others whenever a row is stored, per table: never typed, never sent.
DERIVED_FIELDS = {
    "residents": {
        "search_key": lambda values: name_search_key(values["name"], values.get("phone", "")),
        "name_pinyin": lambda values: name_pinyin(values["name"]),
        "name_initials": lambda values: name_initials(values["name"]),
        "name_loose": lambda values: loose(name_pinyin(values["name"])),
    },
    "teachers": {
        "search_key": lambda values: name_search_key(values["name"], values.get("phone", ""))
    },
}
