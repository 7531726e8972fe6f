"""Choosing the language and loading its translations.

English is the source language. Chinese comes from ``learning_desk_zh_CN.qm``: the release build puts
it in ``desktop/ui/translations`` (``scripts/translations.py release``); when it is missing — running
from a fresh checkout — the ``.ts`` source is compiled with ``lrelease`` into a cache folder on first
run, and again whenever the ``.ts`` is newer. Qt's own translations (the standard buttons of message
boxes, the calendar) are loaded too.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
from platformdirs import user_cache_path
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.config import APP_NAME

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
CATALOG = "learning_desk"
# Where the release build puts compiled translations (git-ignored).
QM_DIR = Path(__file__).with_name("translations")
# The translation sources, edited by translators and kept in git.
TS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"


def system_language(locale: QLocale | None = None) -> str:
    """Chinese unless the system (``locale``, else the system's) asks for another language.

    A "C" or POSIX locale, as a minimal Linux install or a service account has, states no
    preference at all, so the product's own language is used: the coordinators read Chinese."""
    language = (locale or QLocale.system()).language()
    no_preference = (QLocale.Language.C, QLocale.Language.AnyLanguage)
    return "zh_CN" if language == QLocale.Language.Chinese or language in no_preference else "en"


def choose_language(requested: str | None) -> str:
    return requested if requested in LANGUAGES else system_language()


def lrelease_command() -> list[str] | None:
    """The ``lrelease`` that ships with PySide6, or any on PATH."""
    exe = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    bundled = Path(PySide6.__file__).parent / exe
    if bundled.exists():
        return [str(bundled)]
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name) or (
            str(Path(sys.executable).with_name(name))
            if Path(sys.executable).with_name(name).exists()
            else None
        )
        if found:
            return [found]
    return None


def compile_ts(ts: Path, qm: Path) -> bool:
    """Compile ``ts`` into ``qm`` with lrelease; False (and a log line) when that is not possible."""
    command = lrelease_command()
    if command is None:
        log.warning("lrelease not found; cannot compile %s", ts)
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a half-written file is never loaded.
    partial = qm.with_suffix(".partial.qm")
    result = subprocess.run(
        [*command, "-silent", str(ts), "-qm", str(partial)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not partial.exists():
        log.warning("lrelease failed for %s: %s", ts, result.stderr.strip())
        partial.unlink(missing_ok=True)
        return False
    os.replace(partial, qm)
    return True


def find_catalog(
    lang: str, cache_dir: Path | None = None, released_dir: Path = QM_DIR
) -> Path | None:
    """The compiled catalog for ``lang``, compiling it from the .ts source when needed."""
    if lang == "en":
        return None
    name = f"{CATALOG}_{lang}"
    released = released_dir / f"{name}.qm"
    ts = TS_DIR / f"{name}.ts"
    # In a checkout, a release build older than the .ts would hide new translations.
    if released.exists() and (not ts.exists() or released.stat().st_mtime >= ts.stat().st_mtime):
        return released
    if not ts.exists():
        log.warning("no translation source %s", ts)
        return None
    cached = (
        (cache_dir or user_cache_path(APP_NAME, appauthor=False)) / "translations" / f"{name}.qm"
    )
    if cached.exists() and cached.stat().st_mtime >= ts.stat().st_mtime:
        return cached
    return cached if compile_ts(ts, cached) else None


def install_translators(
    app: QCoreApplication,
    lang: str,
    cache_dir: Path | None = None,
    catalog: Path | None = None,
) -> list[QTranslator]:
    """Install our catalog (``catalog`` or the one :func:`find_catalog` finds) and Qt's own for
    ``lang``, and make ``lang`` the default locale so dates and weekdays follow it.

    Returns the installed translators so the caller can remove them again.
    """
    locale = (
        QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if lang == "zh_CN"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    QLocale.setDefault(locale)
    installed: list[QTranslator] = []
    if lang == "en":
        return installed
    qt_own = QTranslator(app)
    if qt_own.load(
        locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    catalog = catalog or find_catalog(lang, cache_dir)
    ours = QTranslator(app)
    if catalog is not None and ours.load(str(catalog)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no %s translation could be loaded; the window will be in English", lang)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
