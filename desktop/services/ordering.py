"""The order people expect in lists of village groups and households: 一组, 二组, … 十组, 十一组.

Sorting by character code puts 十组 (ten) before 二组 (two) and 十一组 after 一组, because the
numerals' code points follow no numeric order. A roster read in that order looks shuffled to a
coordinator, so lists sort by :func:`natural_key`, which reads runs of Chinese numerals and of
Arabic digits (half- or full-width) as the numbers they are.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_RUN = re.compile(r"(\d+|[零〇一二两三四五六七八九十百千万]+)")

#: One part of a key: numbers sort before text, and among themselves by value.
KeyPart = tuple[int, int, str]


def chinese_number(text: str) -> int:
    """The value of a run of Chinese numerals: 十一 → 11, 二十三 → 23, 一百零五 → 105; a run without
    units reads digit by digit (二〇二六 → 2026), as years and house numbers are written."""
    if not any(ch in _UNITS or ch == "万" for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total = section = digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            # A bare 十 at the start means "one ten" (十一 is eleven).
            section += (digit or 1) * _UNITS[ch]
            digit = 0
        else:  # 万
            total += (section + digit or 1) * 10_000
            section = digit = 0
    return total + section + digit


def natural_key(text: str) -> tuple[KeyPart, ...]:
    """A sort key that orders numbers inside ``text`` by value: 二组 < 三组 < 十组 < 十一组,
    2组 < 10组, and 三组王家 < 三组张家 (text after the number compares as usual)."""
    parts: list[KeyPart] = []
    for i, piece in enumerate(_NUMERAL_RUN.split(text)):
        if not piece:
            continue
        if i % 2 == 0:
            parts.append((1, 0, piece))
        elif piece[0].isdigit():
            parts.append((0, int(unicodedata.normalize("NFKC", piece)), piece))
        else:
            parts.append((0, chinese_number(piece), piece))
    return tuple(parts)


@functools.lru_cache(maxsize=1 << 16)
def place_key(text: str) -> tuple:
    """Sort key of a village group or household: numeral order, unnamed ones last. Cached: the
    roster is read again after every tick, and the places rarely change."""
    return (not text, natural_key(text))
