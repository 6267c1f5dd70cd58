"""Launcher for a source checkout and for PyInstaller: `python main.py [--demo]`."""

import sys

import PySide6  # noqa: F401  (import before qasync: it picks the first Qt binding it finds)

from hailuo_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
