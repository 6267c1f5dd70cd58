#!/usr/bin/env bash
# Runs the whole test suite offscreen under a hard timeout (a hung Qt loop cannot stall CI),
# the keyring tests against a real Secret Service (gnome-keyring on a private D-Bus session),
# then ruff. Extra arguments go to the pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export QT_LOGGING_RULES="qt.multimedia.*=false"
export PYTHONFAULTHANDLER=1

# WORKAROUND: test runs with server threads beside the qasync loop used to crash with SIGSEGV
# inside Qt's event dispatch (Python's garbage collector destroying Qt objects from a worker
# thread; fixed in ui/garbage.py, tests/conftest.py and tests/simserver.py, 3 of 3 clean runs
# since). Until CI has stayed clean for a while, the hardening suite runs in a process of its
# own and a run that dies by SIGSEGV (exit 139) is repeated once, loudly. A failing test, a
# hang or a second crash still fails.
run_pytest() {
  local status=0
  timeout -s ABRT 900 .venv/bin/python -m pytest -p no:cacheprovider "$@" || status=$?
  if [ "$status" -eq 139 ]; then
    echo "!!! pytest crashed with SIGSEGV (see the faulthandler trace above); running it again once"
    status=0
    timeout -s ABRT 900 .venv/bin/python -m pytest -p no:cacheprovider "$@" || status=$?
  fi
  return "$status"
}

run_pytest -m "not secret_service" --ignore=tests/hardening "$@"
run_pytest -m "not secret_service" tests/hardening "$@"

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
XDG_DATA_HOME="$keyring_home" HAILUO_TEST_REAL_KEYRING=1 timeout -s ABRT 120 \
  dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec .venv/bin/python -m pytest -p no:cacheprovider -m secret_service -q'

.venv/bin/ruff check .
.venv/bin/ruff format --check .
