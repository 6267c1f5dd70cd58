#!/usr/bin/env bash
# Runs every benchmark once with its default settings (about 9 minutes on 2 cores) and prints
# their figures; bench/README.md says what each measures and what the figures were.
#
#   bash bench/run_all.sh                # with .venv/bin/python, else python3
#   PYTHON=/path/to/python bash bench/run_all.sh
#
# Needs the test extras (uvicorn: `bash scripts/bootstrap.sh --test`) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export QT_LOGGING_RULES="${QT_LOGGING_RULES:-qt.multimedia.*=false}"
command -v curl >/dev/null || { echo "bench/download.py needs curl (apt-get install curl)" >&2; exit 2; }

started=$(date +%s)
run() {
    echo
    echo "\$ $*"
    # FFmpeg and Qt say things on stderr about the fake clips and the missing sound server.
    "$PYTHON" "$@" 2> >(grep -v -e "moov atom" -e "Preview cannot play" -e "does not support" \
        -e "PulseAudioService" -e "symbolsresolver" >&2)
}
run bench/startup.py --importtime
run bench/startup.py --jobs 10000
run bench/responsiveness.py
run bench/shaped_link.py
run bench/history.py
run bench/polling.py
run bench/render_stall.py
run bench/story_join.py
run bench/batch_queue.py
echo
echo "all benchmarks ran in $(( $(date +%s) - started )) s"
