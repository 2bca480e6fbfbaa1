#!/usr/bin/env bash
# Offline by design: with every connect() traced (strace -f), a chat on the command line, the
# model library and catalog commands, and the desktop app starting on a model under Xvfb, then
# answering a typed question, make no network connection at all (AF_INET or AF_INET6). Local
# sockets (X11, D-Bus) are allowed and counted apart.
#   offline_test.sh HEARTH HEARTH_CLI MAKE_MODEL WORK_DIR
set -euo pipefail
app=$1 cli=$2 make_model=$3 work=$4
rm -rf "$work" && mkdir -p "$work/home"
export HEARTH_HOME=$work/home QT_QUICK_CONTROLS_STYLE=Basic
model=$work/home/data/models/tiny.gguf
mkdir -p "$(dirname "$model")"
"$make_model" "$model" --vocab bytes --layers 1 --hidden 64 --heads 2 --kv-heads 1 --ffn 64 \
    >/dev/null

traced() {  # traced NAME COMMAND...: runs COMMAND with connect() traced into $work/NAME.trace
    local name=$1
    shift
    strace -f -qq -e trace=connect -o "$work/$name.trace" "$@"
}
network_connects() { grep -hE 'connect\(.*AF_INET6?[,}]' "$@" || true; }

traced chat "$cli" run "$model" --chat --prompt "What is 2+3?" -n 8 --temp 0 >/dev/null
traced library "$cli" models list >/dev/null
traced catalog "$cli" models catalog >/dev/null

source "$(dirname "$0")/x_session.sh"
app_pid=
xvfb_pid=
trap 'kill $app_pid $xvfb_pid 2>/dev/null || true' EXIT
start_xvfb "$work"
traced app "$app" --model "$model" >"$work/app.log" 2>&1 &
app_pid=$!
wait_for_window "$app_pid" "$work/app.log" || exit 1
for _ in $(seq 300); do
    grep -q "lastPath=" "$work/home/config/settings.ini" 2>/dev/null && break
    sleep 0.2
done
xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus "$window"
xdotool type --delay 30 "Hello?"
xdotool key Return
db=$work/home/data/hearth.db
for _ in $(seq 120); do
    state=$(sqlite3 -cmd ".timeout 5000" "$db" \
        "select state from messages where role='assistant' order by id desc limit 1" 2>/dev/null || true)
    [[ $state == complete ]] && break
    sleep 0.5
done
kill -TERM "$app_pid"
wait "$app_pid" || true

for name in chat library catalog app; do
    echo "$name: $(grep -c 'connect(' "$work/$name.trace" || true) connect() calls," \
        "$(network_connects "$work/$name.trace" | wc -l) to the network"
done
[[ $state == complete ]] || { echo "the app did not answer"; cat "$work/app.log"; exit 1; }
if [[ -n $(network_connects "$work"/*.trace) ]]; then
    echo "network connections:"
    network_connects "$work"/*.trace
    exit 1
fi
