"""Where the laptop keeps its data: the user's data folder, unless told otherwise.

Precedence: ``--data-dir DIR`` on the command line, then ``LEARNING_DESK_DATA``, then the platform's
per-user data folder (``platformdirs``), so a coordinator never has to know a path.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "LearningDesk"
ENV_DATA = "LEARNING_DESK_DATA"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder to use, by the precedence in the module docstring."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False)
