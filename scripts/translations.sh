#!/usr/bin/env bash
# Updates the translation sources and builds what the app loads, with PySide6's own tools:
#   pyside6-lupdate  reads every self.tr(), QCoreApplication.translate() and QT_TRANSLATE_NOOP()
#                    under hailuo_desktop/ into resources/translations/hailuo_desktop_zh_CN.ts
#                    (new strings arrive unfinished; strings no longer in the code are kept as
#                    "vanished", with their translation, in case they come back);
#   pyside6-lrelease builds resources/translations/hailuo_desktop_zh_CN.qm from the .ts.
# Translate the unfinished strings in between (pyside6-linguist, or edit the .ts), then run it
# again. tests/test_translations.py fails while a string lacks a translation or the .qm is stale.
# Usage: bash scripts/translations.sh   (PYTHON=/path/to/venv/bin/python to pick the venv)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
BIN="$(dirname "$PYTHON")"
FOLDER=resources/translations
LOCALES=(zh_CN)  # English is the source language: it needs no translation

for locale in "${LOCALES[@]}"; do
  ts="$FOLDER/hailuo_desktop_$locale.ts"
  "$BIN/pyside6-lupdate" -silent -extensions py -locations none -source-language en \
    -target-language "$locale" hailuo_desktop -ts "$ts"
  "$BIN/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
  echo "updated $ts and ${ts%.ts}.qm"
done
