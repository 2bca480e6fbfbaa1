#!/usr/bin/env bash
# The desktop app's start over a given history (issue 5 §6), a benchmark, not a test: starts
# the real `hearth` under Xvfb with no model, three times, and prints how long until its window
# is on screen and how much memory it holds two seconds later.
#   tests/bench/app_start_bench.sh [BUILD_DIR] [HISTORY_DB]
# HISTORY_DB: e.g. one kept by `hearth-history-bench --db FILE --keep` (10,000 conversations,
# 1,000,000 messages); default: an empty history.
set -euo pipefail
build=${1:-build}
db=${2:-}
app=$(realpath "$build/app/hearth")
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/data"
[[ -n $db ]] && ln -s "$(realpath "$db")" "$home/data/hearth.db"
export HEARTH_HOME=$home QT_QUICK_CONTROLS_STYLE=Basic

source "$(dirname "$0")/../app/x_session.sh"
xvfb_pid=
trap 'kill $xvfb_pid 2>/dev/null || true; rm -rf "$home"' EXIT
start_xvfb "$home"

echo "history: ${db:-empty}"
for run in 1 2 3; do
    start=$(date +%s%N)
    "$app" >"$home/app-$run.log" 2>&1 &
    pid=$!
    until xdotool search --onlyvisible --name "^Hearth" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { echo "hearth exited:"; cat "$home/app-$run.log"; exit 1; }
        sleep 0.01
    done
    end=$(date +%s%N)
    sleep 2
    rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
    echo "run $run: window on screen after $(((end - start) / 1000000)) ms" \
        "(target < 1500 ms), ${rss} MB resident (target < 300 MB)"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
done
