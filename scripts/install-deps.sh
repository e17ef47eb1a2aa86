#!/usr/bin/env bash
# Installs the Debian 12 packages kubesift needs to build, test and benchmark.
# Idempotent: apt-get runs only when something is missing.
set -euo pipefail
packages=(
  g++ cmake make ninja-build lld pkg-config
  libsimdjson-dev libre2-dev libyaml-cpp-dev libboost-program-options-dev
  libfmt-dev catch2 libbenchmark-dev libarchive-dev zlib1g-dev libyaml-dev libfyaml-dev libhyperscan-dev
  python3 python3-jsonschema python3-lxml python3-distributed
  clang-format ripgrep grep hyperfine gzip zstd tar
  clang libclang-rt-14-dev
  chromium fonts-dejavu-core
  dpkg-dev bash bash-completion zsh fish groff-base man-db
  cmark-gfm
)
# `kubectl sift` (the plugin test) needs a kubectl: any one on PATH, else
# Debian's (kubernetes-client).
command -v kubectl >/dev/null || packages+=(kubernetes-client)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
