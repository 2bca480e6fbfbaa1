#!/usr/bin/env bash
# End to end, as a person would: starts the real `hearth` under Xvfb on a small model with the
# R1-Distill-Qwen vocabulary and chat template, types a question with simulated keystrokes,
# waits for the answer, finds question and answer in the history database, and saves a
# screenshot (e2e-chat.png beside the work folder); then SIGTERM must quit it cleanly.
#   e2e_chat_test.sh HEARTH MAKE_MODEL TEMPLATE WORK_DIR
set -euo pipefail
app=$1 make_model=$2 template=$3 work=$4
rm -rf "$work" && mkdir -p "$work/home"
export HEARTH_HOME=$work/home QT_QUICK_CONTROLS_STYLE=Basic
"$make_model" "$work/r1.gguf" --vocab r1-distill-qwen --chat-template "$template" \
    --layers 1 --hidden 64 --heads 2 --kv-heads 1 --ffn 64

source "$(dirname "$0")/x_session.sh"
app_pid=
xvfb_pid=
trap 'kill $app_pid $xvfb_pid 2>/dev/null || true' EXIT
start_xvfb "$work"

"$app" --model "$work/r1.gguf" >"$work/app.log" 2>&1 &
app_pid=$!
wait_for_window "$app_pid" "$work/app.log" || exit 1
echo "window after $SECONDS s"
db=$work/home/data/hearth.db
sql() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
# The model has loaded when the app remembers it as the last one used.
for _ in $(seq 300); do
    grep -q "lastPath=$work/r1.gguf" "$work/home/config/settings.ini" 2>/dev/null && break
    sleep 0.2
done
grep -q "lastPath=" "$work/home/config/settings.ini" || { echo "the model did not load"; cat "$work/app.log"; exit 1; }
sleep 0.5

question="What is 2+3?"
xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus "$window"
xdotool type --delay 30 "$question"
xdotool key Return

# The answer is written as it streams and marked complete at the end (max tokens or EOS).
state=""
for _ in $(seq 120); do
    state=$(sql "select state from messages where role='assistant' order by id desc limit 1" 2>/dev/null || true)
    [[ $state == complete ]] && break
    sleep 0.5
done
import -window root "$work/../e2e-chat.png"
asked=$(sql "select count(*) from messages where role='user' and content='$question'")
title=$(sql "select title from conversations limit 1")
answered=$(sql "select length(content) + length(reasoning) from messages where role='assistant'")
echo "question rows: $asked, answer state: $state, answer+reasoning chars: $answered, title: $title"
[[ $asked == 1 && $state == complete && $answered -gt 0 && $title == "$question" ]] || {
    cat "$work/app.log"
    exit 1
}
name=$(xdotool getwindowname "$window")
[[ $name == "Hearth — $question" ]] || { echo "window title: $name"; exit 1; }

# A logout's SIGTERM quits as closing the window does: exit status 0, geometry saved.
kill -TERM "$app_pid"
status=0
wait "$app_pid" || status=$?
grep -q "^geometry=" "$work/home/config/settings.ini" || { echo "no geometry saved"; exit 1; }
[[ $status == 0 ]] || { echo "SIGTERM: exit status $status"; cat "$work/app.log"; exit 1; }
