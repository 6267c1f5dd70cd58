"""Where things live: the data dir (database, settings), the library and bundled resources.

`HAILUO_DATA_DIR` moves the data dir and the default library (tests, portable installs).
`resource_path()` works both from a source checkout and inside a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hailuo_desktop import APP_ID, APP_NAME

DATA_DIR_ENV = "HAILUO_DATA_DIR"


def data_dir() -> Path:
    """The folder of the database and settings (created on demand by their owners)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / APP_ID


def history_file(demo: bool = False) -> Path:
    """The job history (`store.history`): demo jobs keep one of their own, so they never mix
    with paid ones."""
    return data_dir() / ("demo-jobs.db" if demo else "jobs.db")


def default_library_dir() -> Path:
    """The OS Videos folder / "Hailuo Desktop" (inside the data dir when it is overridden)."""
    if os.environ.get(DATA_DIR_ENV):
        return data_dir() / "library"
    videos = Path.home() / ("Movies" if sys.platform == "darwin" else "Videos")
    return videos / APP_NAME


def resource_path(*parts: str) -> Path:
    """A file under `resources/`, from the source tree or a frozen bundle (`sys._MEIPASS`)."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)


STARTER_PRESETS = ("presets", "starters.json")
"""The starter recipes shipped with the app, under `resources/` (`core.presets` format)."""


def presets_file() -> Path:
    """The user's own presets (`store.presets`)."""
    return data_dir() / "presets.json"
