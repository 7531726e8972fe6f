"""What every printed page needs, whichever feature prints it: a font that has Chinese glyphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import (
    QFontDatabase,
)

if TYPE_CHECKING:
    pass


#: Fonts that carry Simplified Chinese, the ones Windows and Linux desktops ship first.
_CJK_FAMILIES = (
    "Microsoft YaHei",
    "微软雅黑",
    "SimHei",
    "黑体",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "SimSun",
    "宋体",
)


def cjk_font_family() -> str:
    """A font family installed here that has Chinese glyphs ("" when none is known: Qt's default
    font then falls back as it can)."""
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for family in _CJK_FAMILIES:
        if family in chinese:
            return family
    plain = [f for f in chinese if "mono" not in f.lower()]
    return (plain or chinese or [""])[0]
