"""Hailuo Desktop: prompt (and first frame) to a MiniMax Hailuo 2.3 video through ToAPIs.

This module holds only names and the version; it imports nothing heavy so that the
command line and the start-up path stay fast.
"""

__version__ = "0.1.0"
APP_NAME = "Hailuo Desktop"
APP_ID = "hailuo-desktop"
ORGANIZATION = "Hailuo Desktop"
KEY_ENV_VAR = "TOAPIS_API_KEY"  # the API key from the environment (`store.credentials`)
