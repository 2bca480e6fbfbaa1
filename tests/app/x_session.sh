# Sourced by the end-to-end tests and benchmarks.
# start_xvfb WORK_DIR starts an X server of our own, exports DISPLAY and sets xvfb_pid; the
# caller kills it. Display numbers come from this process's id
# and are tried until one is free: Xvfb -displayfd races when several tests start at once (one
# server can report a display that another then holds).
start_xvfb() {
    local work=$1 display attempt
    for attempt in $(seq 20); do
        display=$((100 + ($$ * 7 + attempt * 13) % 800))
        [[ -e /tmp/.X$display-lock ]] && continue
        Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
        xvfb_pid=$!
        for _ in $(seq 50); do
            kill -0 "$xvfb_pid" 2>/dev/null || break
            if DISPLAY=:$display xdpyinfo >/dev/null 2>&1; then
                # Answered, and by our server: the display's lock file names its process (two
                # tests may have tried the same number; the loser's server exits).
                if [[ $(tr -d ' \n' <"/tmp/.X$display-lock" 2>/dev/null) == "$xvfb_pid" ]] &&
                    kill -0 "$xvfb_pid" 2>/dev/null; then
                    export DISPLAY=:$display
                    return 0
                fi
                break
            fi
            sleep 0.1
        done
        kill "$xvfb_pid" 2>/dev/null || true
    done
    echo "could not start Xvfb"
    cat "$work/xvfb.log"
    return 1
}

# wait_for_window APP_PID LOG sets `window` to the Hearth window once it is on screen (up to a
# minute: a loaded CI machine starts it slowly), or prints LOG and fails.
wait_for_window() {
    local pid=$1 log=$2
    window=""
    for _ in $(seq 300); do
        window=$(xdotool search --name "^Hearth" 2>/dev/null | head -1 || true)
        [[ -n $window ]] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "no Hearth window"
    cat "$log"
    return 1
}
