#!/usr/bin/env bash
# The window's light and dark themes, as a person would see them: imports a conversation with
# Markdown, code and reasoning (hearth-cli history import), starts the real `hearth` under Xvfb
# with each theme chosen in settings.ini, opens that conversation with a click, saves a
# screenshot of each (e2e-light.png and e2e-dark.png beside the work folder), and checks the
# colour behind the messages.
#   e2e_appearance_test.sh HEARTH HEARTH_CLI SHOWCASE_JSON WORK_DIR
set -euo pipefail
app=$1 cli=$2 showcase=$3 work=$4
rm -rf "$work" && mkdir -p "$work/home/config"
export HEARTH_HOME=$work/home QT_QUICK_CONTROLS_STYLE=Basic
"$cli" history import "$showcase" >/dev/null

source "$(dirname "$0")/x_session.sh"
app_pid=
xvfb_pid=
trap 'kill $app_pid $xvfb_pid 2>/dev/null || true' EXIT
start_xvfb "$work"

# Luminance (0 to 1) of the screenshot's pixel at x,y.
luminance() { convert "$1" -crop "1x1+$2+$3" -format "%[fx:luminance]" info:; }

for theme in light dark; do
    printf '[appearance]\ntheme=%s\n[window]\ngeometry=@Rect(0 0 1200 760)\n' "$theme" \
        >"$work/home/config/settings.ini"
    "$app" >"$work/app-$theme.log" 2>&1 &
    app_pid=$!
    wait_for_window "$app_pid" "$work/app-$theme.log" || exit 1
    sleep 1
    # The sidebar: "Pinned" then its conversation, "Today" then the Markdown one.
    # Clicked again every second until it opens: the first may come before the list is laid out.
    for attempt in $(seq 50); do
        ((attempt % 10 == 1)) && xdotool mousemove --window "$window" 117 214 click 1
        [[ $(xdotool getwindowname "$window") == "Hearth — Sorting a list of words in Python" ]] && break
        sleep 0.1
    done
    sleep 0.5
    shot=$work/../e2e-$theme.png
    import -window root "$shot"
    name=$(xdotool getwindowname "$window")
    background=$(luminance "$shot" 1000 600)
    sidebar=$(luminance "$shot" 100 600)
    echo "$theme: title '$name', message area luminance $background, sidebar $sidebar"
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    [[ $name == "Hearth — Sorting a list of words in Python" ]] || exit 1
    if [[ $theme == light ]]; then
        awk -v a="$background" -v b="$sidebar" 'BEGIN { exit !(a > 0.8 && b > 0.8) }' || exit 1
    else
        awk -v a="$background" -v b="$sidebar" 'BEGIN { exit !(a < 0.2 && b < 0.2) }' || exit 1
    fi
    if grep -E "qml: |Warning|TypeError|ReferenceError" "$work/app-$theme.log"; then
        echo "QML warnings in the $theme theme"
        exit 1
    fi
done
