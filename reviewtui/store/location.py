"""Where the store lives: --store DIR, else $REVIEWTUI_STORE, else the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "REVIEWTUI_STORE"


def store_directory(option: str | None) -> Path:
    """The store directory chosen by option, environment or platform default, in that order."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("reviewtui", appauthor=False))
