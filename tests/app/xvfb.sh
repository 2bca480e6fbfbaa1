# Sourced by the end-to-end tests: start_xvfb WORK_DIR starts an X server on a display number
# it picks itself (-displayfd: no clash with another test's or a stale lock), exports DISPLAY
# and sets xvfb_pid. The caller kills it.
start_xvfb() {
    local work=$1
    rm -f "$work/display"
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" \
        >"$work/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 100); do [[ -s $work/display ]] && break; sleep 0.1; done
    [[ -s $work/display ]] || { echo "Xvfb did not start"; cat "$work/xvfb.log"; return 1; }
    export DISPLAY=:$(tr -d '[:space:]' <"$work/display")
    for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "Xvfb on $DISPLAY does not answer"
    return 1
}
