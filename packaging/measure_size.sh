#!/usr/bin/env bash
# Measures the one-folder bundle without any filter, with each filter of
# packaging/bundle_filters.py alone, and with all of them; prints a Markdown table
# (bench/README.md, "Bundle size"). About 20 s per build; builds go to build/size/.
#   PYTHON=.venv/bin/python bash packaging/measure_size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
filters=$(cd packaging && "$PYTHON" -c "import bundle_filters; print(' '.join(bundle_filters.ALL_FILTERS))")

size_of() {  # apparent size of a folder in MB (10^6 bytes)
  du -sb --apparent-size "$1" | awk '{printf "%.1f", $1 / 1e6}'
}

build() {  # build with HAILUO_BUNDLE_FILTERS=$1 into build/size/$1; print its size
  local out="build/size/$1"
  rm -rf "$out"
  HAILUO_BUNDLE_FILTERS=$1 QT_QPA_PLATFORM=offscreen "$PYTHON" -m PyInstaller --noconfirm \
    --clean --log-level ERROR --distpath "$out" --workpath "build/size/work-$1" \
    pyinstaller.spec >/dev/null 2>&1
  size_of "$out/hailuo-desktop"
}

none=$(build none)
echo "| build | one-folder size | saved |"
echo "|---|---|---|"
echo "| no filter | $none MB | — |"
for filter in $filters; do
  size=$(build "$filter")
  echo "| only \`$filter\` | $size MB | $(awk "BEGIN {printf \"%.1f\", $none - $size}") MB |"
done
all=$(build all)
echo "| all filters (the default) | $all MB | $(awk "BEGIN {printf \"%.1f\", $none - $all}") MB |"
