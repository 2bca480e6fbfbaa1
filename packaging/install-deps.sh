#!/usr/bin/env bash
# Installs what Hearth needs on Debian 12, from Debian's packages only (and, with --test, the
# npm reference tools the parity tests compare against). Safe to run again: apt skips what is
# already installed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-declarative-dev qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
    qml6-module-qtquick-dialogs
    libvulkan-dev glslang-tools mesa-vulkan-drivers vulkan-tools libgl-dev nlohmann-json3-dev
    libicu-dev libssl-dev
)
test_packages=(
    libgtest-dev clang-format clang-tidy clang libclang-rt-14-dev qml6-module-qttest xvfb xauth
    xdotool imagemagick sqlite3 x11-utils strace
)
with_tests=0
[[ "${1:-}" == "--test" ]] && with_tests=1
[[ $with_tests == 1 ]] && packages+=("${test_packages[@]}")
# Node.js may come from another source (NodeSource ships npm inside nodejs): install Debian's
# only when there is no node and npm at all.
if [[ $with_tests == 1 ]] && ! { command -v node && command -v npm; } >/dev/null; then
    packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) != 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ $with_tests == 1 ]]; then
    # llama.cpp's binaries (node-llama-cpp) and Hugging Face tooling, pinned by package-lock.json.
    # --omit=optional skips the CUDA builds; the two linux-x64 packages are enough here.
    (cd tests/reference &&
        NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm ci --omit=optional --ignore-scripts --no-audit --no-fund)
fi
