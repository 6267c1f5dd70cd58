#!/usr/bin/env bash
# Runs the whole test suite offscreen under a hard timeout (a hung Qt loop cannot stall CI),
# then ruff. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export QT_LOGGING_RULES="qt.multimedia.*=false"
export PYTHONFAULTHANDLER=1
timeout -s ABRT 900 .venv/bin/python -m pytest -p no:cacheprovider "$@"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
