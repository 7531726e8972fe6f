"""Work-arounds for defects in the Qt binding that would otherwise crash the window.

shiboken6 6.12.0 on CPython older than 3.12 drops one reference to ``None`` each time Python calls a
C++ method that returns ``void`` (``setText``, ``show``, ``processEvents`` …). ``None`` starts with a
few thousand references, so an ordinary session reaches zero within minutes and the interpreter aborts
with "Fatal Python error: none_dealloc". Python 3.12 made ``None`` immortal, which is why the defect
does not show there, and PySide6 6.11.3 does not have it. Until the project pins a binding without it
or moves to Python 3.12, :func:`keep_none_alive` gives ``None`` a reference count no session can use up.
"""

from __future__ import annotations

import ctypes
import sys

import shiboken6

#: Far more references than any session can drop, far below where the count could overflow.
_EXTRA_REFERENCES = 1 << 48


def affected(version: tuple[int, ...] | None = None, python: tuple[int, ...] | None = None) -> bool:
    """True for the binding and interpreter combination that loses references to None."""
    binding = version or tuple(shiboken6.__version_info__[:3])
    interpreter = python or sys.version_info[:2]
    return interpreter < (3, 12) and binding[:2] == (6, 12)


def keep_none_alive() -> bool:
    """Raise None's reference count once when the defect is present; True if it did."""
    if not affected() or sys.getrefcount(None) > _EXTRA_REFERENCES:
        return False
    # CPython (< 3.12, release build): ob_refcnt is the first field of every object.
    ctypes.c_ssize_t.from_address(id(None)).value += _EXTRA_REFERENCES
    return True
