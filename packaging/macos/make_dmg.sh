#!/usr/bin/env bash
# macOS: builds "dist/Hailuo Desktop.app" (pyinstaller.spec's BUNDLE: bundle identifier, icon,
# version) and a drag-to-Applications disk image dist/HailuoDesktop-<version>.dmg with hdiutil,
# then runs the app's self-test. Run on a Mac from the repository root:
#   PYTHON=python3.12 bash packaging/macos/make_dmg.sh
# The app is only ad-hoc signed (PyInstaller does that): Gatekeeper asks the user to confirm the
# first start (right-click > Open). Signing with a Developer ID and notarizing need an Apple
# developer account and are not done here. Not run in this project's CI (no Mac);
# .github/workflows/build.yml runs it on a macOS runner.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname -s)" = Darwin ] || { echo "make_dmg.sh runs on macOS only" >&2; exit 1; }
PYTHON=${PYTHON:-python3}
export PYTHON

bash packaging/build.sh --bundle-only
version=$("$PYTHON" -c "import hailuo_desktop; print(hailuo_desktop.__version__)")
app="dist/Hailuo Desktop.app"
[ -d "$app" ] || { echo "PyInstaller did not produce $app" >&2; exit 1; }
"$app/Contents/MacOS/hailuo-desktop" --self-test

dmg="dist/HailuoDesktop-$version.dmg"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "Hailuo Desktop $version" -srcfolder "$stage" -fs HFS+ -format UDZO \
  -ov "$dmg"
echo "built $dmg ($(du -h "$dmg" | cut -f1))"
