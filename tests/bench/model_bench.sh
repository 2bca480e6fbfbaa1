#!/usr/bin/env bash
# Hearth against llama.cpp on the same model, in one command (issue 3 §5):
#   tests/bench/model_bench.sh [BUILD_DIR] [PROMPT_TOKENS] [GEN_TOKENS]
# Makes (once) a random-weight model of the exact DeepSeek-R1-Distill-Qwen-1.5B shape (Q4_K
# weights, Q6_K output), then measures on this machine:
#   Hearth (hearth-cli bench; a second run for the warm load time),
#   llama.cpp's CPU backend (2 threads) and its Vulkan backend (node-llama-cpp),
# and prints every figure with the ratios the targets are stated in.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
prompt=${2:-128}
gen=${3:-32}
modules=$root/tests/reference/node_modules
model=$build/bench/r1-qwen-1.5b-q4_k.gguf
export HEARTH_REFERENCE_MODULES=$modules

if [[ ! -f $model ]]; then
    mkdir -p "$(dirname "$model")"
    echo "writing $model (once; about a minute)..." >&2
    "$build/tests/hearth-make-test-model" "$model.tmp" --preset r1-qwen-1.5b
    mv "$model.tmp" "$model"
fi

echo "model: $(du -h "$model" | cut -f1) $(basename "$model"), prompt $prompt tokens, $gen generated" >&2
# First run warms the pipeline cache and the page cache; the second is the measurement.
"$build/app/hearth-cli" bench "$model" -p "$prompt" -n 4 -r 1 --json >/dev/null
hearth=$("$build/app/hearth-cli" bench "$model" -p "$prompt" -n "$gen" -r 2 --json)
cpu=$(cd "$root/tests/reference" && node llama_bench.mjs "$model" cpu "$prompt" "$gen" 2)
# llama.cpp's Vulkan backend on lavapipe runs at well under 1 t/s (8 minutes for this run here):
# it decodes VULKAN_GEN tokens (default 4); VULKAN=0 skips it.
vulkan='{}'
if [[ ${VULKAN:-1} != 0 ]]; then
    echo "llama.cpp Vulkan (slow on lavapipe)..." >&2
    vulkan=$(cd "$root/tests/reference" && GGML_VK_VISIBLE_DEVICES=${GGML_VK_VISIBLE_DEVICES:-0} \
        node llama_bench.mjs "$model" vulkan "$prompt" "${VULKAN_GEN:-4}" 2 || echo '{}')
fi

python3 - "$hearth" "$cpu" "$vulkan" <<'PY'
import json, sys
h, c, v = (json.loads(a) for a in sys.argv[1:4])
def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"
print(f"{'':22}{'prompt t/s':>12}{'decode t/s':>12}{'load s':>9}")
for name, r in (("Hearth", h), ("llama.cpp CPU", c), ("llama.cpp Vulkan", v)):
    pp, tg, load = r.get("pp_tps"), r.get("tg_tps"), r.get("load_seconds")
    fmt = lambda x, f: f"{x:{f}}" if x is not None else f"{'n/a':>{f.split('.')[0]}}"
    print(f"{name:22}{fmt(pp, '12.2f')}{fmt(tg, '12.2f')}{fmt(load, '9.2f')}")
print()
print(f"decode: {ratio(h['tg_tps'], c.get('tg_tps'))} llama.cpp CPU (target 0.25x), "
      f"{ratio(h['tg_tps'], v.get('tg_tps'))} llama.cpp Vulkan (target 7x)")
print(f"prompt: {ratio(h['pp_tps'], c.get('pp_tps'))} llama.cpp CPU (target 0.15x), "
      f"{ratio(h['pp_tps'], v.get('pp_tps'))} llama.cpp Vulkan (target 20x)")
print(f"Hearth load on a second start: {h['load_seconds']:.2f} s (target 2 s); "
      f"device memory {h['device_bytes'] / 1e9:.2f} GB, of which weights "
      f"{h['weight_bytes'] / 1e9:.2f} GB")
PY
