#!/usr/bin/env bash
# hearth-cli models search and pull from a local HTTP server (node) playing Hugging Face: the
# search finds the repository, its listing gives the file's URL and SHA-256, and the file lands
# in the models folder with its SHA-256 printed and checked; a wrong --sha256 leaves nothing;
# plain http to another computer is refused.
#   cli_pull_test.sh HEARTH_CLI MAKE_MODEL WORK_DIR
set -euo pipefail
cli=$1 make_model=$2 work=$3
rm -rf "$work" && mkdir -p "$work/served" "$work/home"
export HEARTH_HOME=$work/home
"$make_model" "$work/served/tiny.gguf" --vocab bytes --layers 1 --hidden 64 --heads 2 \
    --kv-heads 1 --ffn 64 >/dev/null
sha=$(sha256sum "$work/served/tiny.gguf" | cut -d' ' -f1)
bytes=$(stat -c %s "$work/served/tiny.gguf")
cat >"$work/pages.json" <<JSON
{"/api/models?search=tiny&filter=gguf&sort=downloads&direction=-1&limit=30":
   [{"id": "hearth/tiny-GGUF", "downloads": 3}],
 "/api/models/hearth/tiny-GGUF/tree/main?recursive=true":
   [{"type": "file", "path": "tiny.gguf", "size": $bytes,
     "lfs": {"oid": "$sha", "size": $bytes}}]}
JSON
node "$(dirname "$0")/serve_file.mjs" "$work/served/tiny.gguf" "$work/port" "$work/pages.json" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
export HF_ENDPOINT=http://127.0.0.1:$(cat "$work/port")
folder=$work/home/data/models

found=$("$cli" models search tiny) || exit 1
[[ $found == "hearth/tiny-GGUF "*" 3 downloads" ]] || { echo "search printed: $found"; exit 1; }
listing=$("$cli" models search hearth/tiny-GGUF --json) || exit 1
field() { node -e 'console.log(JSON.parse(process.argv[1])[0].files[0][process.argv[2]])' "$listing" "$1"; }
[[ $(field sha256) == "$sha" ]] || { echo "listing: $listing"; exit 1; }
url=$(field url)
[[ $url == "$HF_ENDPOINT/hearth/tiny-GGUF/resolve/main/tiny.gguf" ]] || { echo "url: $url"; exit 1; }

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
