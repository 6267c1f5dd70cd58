#!/usr/bin/env bash
# Builds Hailuo Desktop for the machine it runs on, from a fresh clone:
#   bash packaging/build.sh
# 1. the one-folder bundle with PyInstaller: dist/hailuo-desktop/ (pyinstaller.spec);
# 2. on Linux, from that same folder: dist/hailuo-desktop_<version>_<arch>.deb (dpkg-deb) and
#    dist/hailuo-desktop-<version>-linux-<machine>.tar.gz, after checking that the .deb's
#    Depends: provides every system library the bundle needs.
# Windows and macOS: see packaging/windows/ and packaging/macos/ (they start with step 1).
#
# Uses .venv (made by scripts/bootstrap.sh when missing) or the Python in $PYTHON, and installs
# PyInstaller into it when missing. --bundle-only stops after step 1; --packages-only skips it
# (packages an existing dist/hailuo-desktop). HAILUO_BUNDLE_FILTERS picks the size filters
# (packaging/bundle_filters.py). Prints the bundle's size and each step's time.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle_only=0
packages_only=0
case "${1:-}" in
  --bundle-only) bundle_only=1 ;;
  --packages-only) packages_only=1 ;;
  "") ;;
  *) echo "usage: bash packaging/build.sh [--bundle-only | --packages-only]" >&2; exit 2 ;;
esac

if [ -z "${PYTHON:-}" ]; then
  [ -x .venv/bin/python ] || bash scripts/bootstrap.sh
  PYTHON=.venv/bin/python
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "Installing PyInstaller into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.10,<7" 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; }
fi

step_started=$SECONDS
step() { echo "[$((SECONDS - step_started)) s] $*"; }

version=$("$PYTHON" -c "import hailuo_desktop; print(hailuo_desktop.__version__)")
if [ "$packages_only" = 0 ]; then
  step "PyInstaller: dist/hailuo-desktop (version $version)"
  rm -rf dist/hailuo-desktop
  QT_QPA_PLATFORM=offscreen "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller pyinstaller.spec 2>&1 \
    | { grep -v "Ignoring icon; supported only on Windows and macOS" || true; }
fi
[ -d dist/hailuo-desktop ] || { echo "no dist/hailuo-desktop: build it first" >&2; exit 1; }
size_mb() {  # a folder's size in MB (10^6 bytes), the same on Linux, macOS and Windows
  "$PYTHON" -c 'import os, sys
print(round(sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(sys.argv[1])
                for f in fs if not os.path.islink(os.path.join(d, f))) / 1e6, 1))' "$1"
}
step "bundle: $(size_mb dist/hailuo-desktop) MB, $(find dist/hailuo-desktop -type f | wc -l) files"

if [ "$bundle_only" = 1 ] || [ "$(uname -s)" != Linux ]; then
  exit 0
fi

if command -v dpkg >/dev/null && command -v apt-cache >/dev/null; then
  step "checking the .deb's Depends: against the bundle's libraries"
  "$PYTHON" packaging/system_libs.py dist/hailuo-desktop
fi

machine=$(uname -m)
tarball="dist/hailuo-desktop-$version-linux-$machine.tar.gz"
step "tarball: $tarball"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
top="hailuo-desktop-$version"
cp -a dist/hailuo-desktop "$stage/$top"
cp packaging/linux/hailuo-desktop.desktop "$stage/$top/"
cp resources/icons/hailuo-desktop-256.png "$stage/$top/hailuo-desktop.png"
sed "s/@VERSION@/$version/g; s/@DEPENDS@/$(grep -v '^#' packaging/linux/depends.txt | xargs)/" \
  packaging/linux/INSTALL.txt > "$stage/$top/INSTALL.txt"
tar -C "$stage" -czf "$tarball" "$top"

if ! command -v dpkg-deb >/dev/null; then
  step "no dpkg-deb: skipping the .deb"
  exit 0
fi
arch=$(dpkg --print-architecture)
deb="dist/hailuo-desktop_${version}_${arch}.deb"
step "Debian package: $deb"
root="$stage/deb"
mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/DEBIAN"
cp -a dist/hailuo-desktop "$root/opt/hailuo-desktop"
ln -s /opt/hailuo-desktop/hailuo-desktop "$root/usr/bin/hailuo-desktop"
cp packaging/linux/hailuo-desktop.desktop "$root/usr/share/applications/"
for png in resources/icons/hailuo-desktop-*.png; do
  size=${png##*-}
  size=${size%.png}
  install -D -m 0644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/hailuo-desktop.png"
done
install -D -m 0644 resources/icons/hailuo-desktop.svg \
  "$root/usr/share/icons/hicolor/scalable/apps/hailuo-desktop.svg"
chmod -R u=rwX,go=rX "$root"
depends=$(grep -v '^#' packaging/linux/depends.txt | xargs | sed 's/ /, /g')
installed_size=$(du -sk --apparent-size "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" \
  -e "s/@INSTALLED_SIZE@/$installed_size/" packaging/linux/control.in > "$root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz -z6 --build "$root" "$deb" >/dev/null
step "done: $(du -h "$deb" | cut -f1) $deb, $(du -h "$tarball" | cut -f1) $tarball"
