#!/usr/bin/env bash
# Installs what Hailuo Desktop needs on a Debian/Ubuntu machine: the system libraries Qt uses,
# then a Python 3.12+ virtual environment in .venv with the app (and, with --test, the tools
# the tests need). Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

APT_PACKAGES=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libpulse0 fonts-dejavu-core
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1)
[ "$with_tests" = 1 ] && APT_PACKAGES+=(xvfb xauth xdotool imagemagick dbus-daemon gnome-keyring
  fonts-droid-fallback)

install_system_packages() {
  command -v apt-get >/dev/null || { echo "No apt-get: install the Qt libraries yourself."; return; }
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  local candidate
  for candidate in python3.12 python3.13 "$HOME"/.pyenv/versions/3.12*/bin/python3.12 \
      /root/.pyenv/versions/3.12*/bin/python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(not ((3, 12) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then
      command -v "$candidate"
      return
    fi
  done
  echo "Hailuo Desktop needs Python 3.12 or 3.13 (3.11 crashes with PySide6 6.12)." >&2
  exit 1
}

install_system_packages
if [ ! -x .venv/bin/python ]; then
  "$(find_python)" -m venv .venv
fi
extra=""
[ "$with_tests" = 1 ] && extra="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}" 2>&1 \
  | grep -v "is ignored: it is neither a file nor a directory" || true
.venv/bin/python -c "import PySide6, qasync, httpx, keyring" || { echo "Install failed." >&2; exit 1; }
echo "Ready: .venv"
