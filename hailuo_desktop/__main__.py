"""`python -m hailuo_desktop`: the same entry as the `hailuo-desktop` command."""

import sys

import PySide6  # noqa: F401  (qasync picks the first Qt binding it finds)

from hailuo_desktop.app import main

sys.exit(main())
