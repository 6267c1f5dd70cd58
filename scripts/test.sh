#!/usr/bin/env bash
# Runs the whole test suite offscreen in one pytest process under a hard timeout (a hung Qt loop
# cannot stall CI), the keyring tests against a real Secret Service (gnome-keyring on a private
# D-Bus session), then ruff and mypy. Extra arguments go to the first pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export QT_LOGGING_RULES="qt.multimedia.*=false"
export PYTHONFAULTHANDLER=1

timeout -s ABRT 1200 .venv/bin/python -m pytest -p no:cacheprovider -m "not secret_service" "$@"

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
XDG_DATA_HOME="$keyring_home" HAILUO_TEST_REAL_KEYRING=1 timeout -s ABRT 120 \
  dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec .venv/bin/python -m pytest -p no:cacheprovider -m secret_service -q'

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
