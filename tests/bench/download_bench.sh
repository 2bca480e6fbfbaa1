#!/usr/bin/env bash
# Download speed (issue 6 §6), a benchmark, not a test: a file of SIZE_MB (default 2048) served
# on 127.0.0.1 by tests/app/serve_file.mjs, fetched RUNS times (default 3) in turn by curl, by
# curl followed by an fsync of its file (`sync FILE`: on disk, as Hearth's downloads are before
# they are moved into place), and by `hearth-cli models pull` (hashing as it goes, then fsync).
# Prints the median of each and the ratios.
#   tests/bench/download_bench.sh [BUILD_DIR] [SIZE_MB] [RUNS]
set -euo pipefail
build=${1:-build}
size_mb=${2:-2048}
runs=${3:-3}
cli=$(realpath "$build/app/hearth-cli")
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/served" "$work/home" "$work/curl"
head -c "$((size_mb << 20))" /dev/urandom >"$work/served/big.gguf"
sha=$(sha256sum "$work/served/big.gguf" | cut -d' ' -f1)
node "$(dirname "$0")/../app/serve_file.mjs" "$work/served/big.gguf" "$work/port" &
server=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
url=http://127.0.0.1:$(cat "$work/port")/big.gguf
bytes=$((size_mb << 20))

seconds() { # command...: its wall time
    local start
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
curl_synced() { curl -s -o "$work/curl/big.gguf" "$url" && sync "$work/curl/big.gguf"; }
hearth() { HEARTH_HOME=$work/home "$cli" models pull "$url" --sha256 "$sha" "$@"; }

for _ in $(seq "$runs"); do
    rm -f "$work/curl/big.gguf"
    seconds curl -s -o "$work/curl/big.gguf" "$url" >>"$work/curl.s"
    rm -f "$work/curl/big.gguf"
    seconds curl_synced >>"$work/curl_sync.s"
    rm -f "$work/curl/big.gguf"
    rm -rf "$work/home/data"
    seconds hearth >>"$work/hearth.s"
    rm -rf "$work/home/data"
    seconds hearth --connections 4 >>"$work/hearth4.s"
done
curl_s=$(median <"$work/curl.s")
sync_s=$(median <"$work/curl_sync.s")
hearth_s=$(median <"$work/hearth.s")
hearth4_s=$(median <"$work/hearth4.s")
rate() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%4.0f MB/s (%.2f s)", b / s / 1e6, s }'; }
echo "file: ${size_mb} MiB from 127.0.0.1, median of $runs runs each"
echo "curl:                          $(rate "$curl_s"), left in the page cache"
echo "curl, then fsync:              $(rate "$sync_s")"
echo "hearth (SHA-256, fsync):       $(rate "$hearth_s"), its default (one fast connection)"
echo "hearth, 4 connections forced:  $(rate "$hearth4_s")"
awk -v c="$curl_s" -v s="$sync_s" -v h="$hearth_s" 'BEGIN {
    printf "ratio hearth/curl: %.2f (target >= 0.80)\n", c / h
    printf "ratio hearth/(curl + fsync): %.2f\n", s / h }'
