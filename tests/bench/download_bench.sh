#!/usr/bin/env bash
# Download speed (issue 6 §6), a benchmark, not a test: a file of SIZE_MB (default 2048) served
# on 127.0.0.1 by tests/app/serve_file.mjs, fetched by curl and by `hearth-cli models pull`
# (which hashes as it goes) from the same server, one after the other; prints both rates and
# their ratio.
#   tests/bench/download_bench.sh [BUILD_DIR] [SIZE_MB]
set -euo pipefail
build=${1:-build}
size_mb=${2:-2048}
cli=$(realpath "$build/app/hearth-cli")
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/served" "$work/home"
head -c "$((size_mb << 20))" /dev/urandom >"$work/served/big.gguf"
sha=$(sha256sum "$work/served/big.gguf" | cut -d' ' -f1)
node "$(dirname "$0")/../app/serve_file.mjs" "$work/served/big.gguf" "$work/port" &
server=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
url=http://127.0.0.1:$(cat "$work/port")/big.gguf
bytes=$((size_mb << 20))

rate() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.0f", b / s / 1e6 }'; }
start=$(date +%s.%N)
curl -s -o "$work/curl.gguf" "$url"
curl_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
rm -f "$work/curl.gguf"
start=$(date +%s.%N)
HEARTH_HOME=$work/home "$cli" models pull "$url" --sha256 "$sha" ${CONNECTIONS:+--connections $CONNECTIONS} >/dev/null 2>&1
hearth_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
echo "file: ${size_mb} MiB from 127.0.0.1"
echo "curl:   $(rate "$curl_s") MB/s (${curl_s} s), writing to disk"
echo "hearth: $(rate "$hearth_s") MB/s (${hearth_s} s), writing to disk, SHA-256 checked, fsync"
awk -v c="$curl_s" -v h="$hearth_s" 'BEGIN { printf "ratio hearth/curl: %.2f (target >= 0.80)\n", c / h }'
