#!/usr/bin/env bash
# CI's packaging step (after the tests; needs scripts/bootstrap.sh --test's packages: xvfb,
# dbus-daemon, gnome-keyring): builds the bundle, the .tar.gz and the .deb (packaging/build.sh),
# then smoke-tests the frozen app as users get it:
#   1. `--self-test` offscreen, under Xvfb with the xcb platform, and with a Secret Service
#      (gnome-keyring on a private D-Bus session, where a missing keyring backend fails);
#   2. the command line end to end: `generate --demo` renders and saves a clip;
#   3. the .deb installed with dpkg -i (+ apt-get -f install), `/usr/bin/hailuo-desktop
#      --self-test`, then removed again.
# Prints the bundle size and the time taken. Needs root or passwordless sudo for step 3.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
say() { echo "== [$((SECONDS - started)) s] $*"; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2>/dev/null || { echo "installing the .deb needs root or passwordless sudo" >&2; exit 1; }
  sudo="sudo"
fi

say "build"
timeout 900 bash packaging/build.sh
app=$PWD/dist/hailuo-desktop/hailuo-desktop
version=$("${PYTHON:-.venv/bin/python}" -c "import hailuo_desktop; print(hailuo_desktop.__version__)")
deb=dist/hailuo-desktop_${version}_$(dpkg --print-architecture).deb
scratch=$(mktemp -d)
installed=0
cleanup() {
  [ "$installed" = 1 ] && $sudo dpkg -r hailuo-desktop >/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

say "frozen --self-test, offscreen"
QT_QPA_PLATFORM=offscreen timeout 120 "$app" --self-test

say "frozen --self-test, Xvfb (xcb)"
timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb "$app" --self-test

say "frozen --self-test, Secret Service (a keyring is required)"
mkdir "$scratch/keyring"
XDG_DATA_HOME="$scratch/keyring" HAILUO_SELFTEST_REQUIRE_KEYRING=1 QT_QPA_PLATFORM=offscreen \
  timeout 120 dbus-run-session -- sh -c \
  'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" --self-test' \
  "$app"

say "frozen command line: generate --demo"
HAILUO_DATA_DIR="$scratch/data" HAILUO_DEMO_TIME_SCALE=200 timeout 120 \
  "$app" generate --demo "A lighthouse at dusk [Pan left]" --out "$scratch/out"
ls "$scratch"/out/*.mp4 >/dev/null

say "install $deb"
$sudo dpkg -i "$deb" >/dev/null || true  # missing dependencies are fetched next
installed=1
DEBIAN_FRONTEND=noninteractive $sudo apt-get -f install -y -qq >/dev/null
dpkg-query -W -f='${Status}\n' hailuo-desktop | grep -q "install ok installed"

say "installed /usr/bin/hailuo-desktop --self-test"
(cd "$scratch" && QT_QPA_PLATFORM=offscreen timeout 120 /usr/bin/hailuo-desktop --self-test)

$sudo dpkg -r hailuo-desktop >/dev/null
installed=0
[ ! -e /usr/bin/hailuo-desktop ] && [ ! -e /opt/hailuo-desktop ]

say "sizes"
du -sb --apparent-size dist/hailuo-desktop "$deb" dist/hailuo-desktop-"$version"-linux-*.tar.gz \
  | awk '{printf "%7.1f MB  %s\n", $1 / 1e6, $2}'
say "packaging passed in $((SECONDS - started)) s"
