#!/usr/bin/env bash
# hearth-cli models pull from a local HTTP server (node): the file lands in the models folder
# with its SHA-256 printed and checked; a wrong --sha256 leaves nothing; plain http to another
# computer is refused.
#   cli_pull_test.sh HEARTH_CLI MAKE_MODEL WORK_DIR
set -euo pipefail
cli=$1 make_model=$2 work=$3
rm -rf "$work" && mkdir -p "$work/served" "$work/home"
export HEARTH_HOME=$work/home
"$make_model" "$work/served/tiny.gguf" --vocab bytes --layers 1 --hidden 64 --heads 2 \
    --kv-heads 1 --ffn 64 >/dev/null
node "$(dirname "$0")/serve_file.mjs" "$work/served/tiny.gguf" "$work/port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
url=http://127.0.0.1:$(cat "$work/port")/tiny.gguf
sha=$(sha256sum "$work/served/tiny.gguf" | cut -d' ' -f1)
folder=$work/home/data/models

wrong=$(printf '%064d' 0)
if "$cli" models pull "$url" --sha256 "$wrong" 2>"$work/err"; then
    echo "a wrong --sha256 was accepted"; exit 1
fi
grep -q "SHA-256" "$work/err" || { cat "$work/err"; exit 1; }
[[ -z $(ls -A "$folder") ]] || { echo "left behind: $(ls -A "$folder")"; exit 1; }

out=$("$cli" models pull "$url" --sha256 "$sha" 2>"$work/err") || { cat "$work/err"; exit 1; }
[[ $out == "$sha  $folder/tiny.gguf" ]] || { echo "pull printed: $out"; exit 1; }
cmp "$folder/tiny.gguf" "$work/served/tiny.gguf"

if "$cli" models pull http://192.0.2.1/x.gguf 2>"$work/err"; then
    echo "plain http to another computer was allowed"; exit 1
fi
grep -q "only https" "$work/err" || { cat "$work/err"; exit 1; }
echo "pull: verified $sha"
