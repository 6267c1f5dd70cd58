#!/usr/bin/env bash
# Runs every benchmark once with its default settings (about 18 minutes on 2 cores), prints
# their figures, then one table of every goal, its figure and its verdict (met / MISSED), headed
# by the machine and a bare-window baseline measured in the same run (bench/_table.py);
# bench/README.md says what each measures.
#
#   bash bench/run_all.sh                       # all, with .venv/bin/python, else python3
#   bash bench/run_all.sh polling batch_queue   # only these (by script name): skip slow ones
#   bash bench/run_all.sh --readme [NAME ...]   # also put the table at the top of bench/README.md
#   PYTHON=/path/to/python bash bench/run_all.sh
#
# Needs the test extras (uvicorn: `bash scripts/bootstrap.sh --test`).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export QT_LOGGING_RULES="${QT_LOGGING_RULES:-qt.multimedia.*=false}"

readme=()
if [ "${1:-}" = "--readme" ]; then readme=(--readme bench/README.md); shift; fi
BENCHES=(
    "startup.py --importtime"
    "startup.py --jobs 10000"
    "responsiveness.py"
    "shaped_link.py"
    "history.py"
    "history.py --jobs 100000 --runs 1"
    "polling.py"
    "first_frame.py"
    "render_stall.py"
    "story_join.py"
    "batch_queue.py"
)
wanted() {  # is bench $1 (a script name with its arguments) among those asked for?
    [ ${#SELECTED[@]} -eq 0 ] && return 0
    local name="${1%%.py*}" pick
    for pick in "${SELECTED[@]}"; do [ "$pick" = "$name" ] && return 0; done
    return 1
}
SELECTED=("$@")

started=$(date +%s)
log=$(mktemp "${TMPDIR:-/tmp}/hailuo-bench-run-XXXXXX.log")
trap 'rm -f "$log"' EXIT
run() {
    echo
    echo "\$ bench/$*"
    # FFmpeg and Qt say things on stderr about the fake clips and the missing sound server.
    "$PYTHON" "bench/$1" "${@:2}" 2> >(grep -v -e "moov atom" -e "Preview cannot play" \
        -e "does not support" -e "PulseAudioService" -e "symbolsresolver" >&2) || echo "EXIT $?"
}
{
    echo "START $(cut -d' ' -f1-3 /proc/loadavg)"
    for bench in "${BENCHES[@]}"; do
        # shellcheck disable=SC2086  # the arguments are meant to split
        if wanted "$bench"; then run $bench; else printf '\n$ bench/%s\nSKIPPED\n' "$bench"; fi
    done
} | tee "$log"
echo
echo "all benchmarks ran in $(( $(date +%s) - started )) s"
echo
"$PYTHON" bench/_table.py "$log" "${readme[@]}"
