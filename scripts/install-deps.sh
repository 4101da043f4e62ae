#!/usr/bin/env bash
# Installs the Debian packages recgrad builds with, only those that are missing,
# so a second run costs nothing. Needs root (or sudo) on a Debian-like system.
# `install-deps.sh fuzz` adds what `make fuzz` needs on top: clang 14 with libFuzzer and
# its OpenMP runtime (the fuzz tree is built with clang; `make test` never needs them).
set -euo pipefail

packages=(
  g++ cmake make
  libxsimd-dev doctest-dev libcli11-dev nlohmann-json3-dev libbenchmark-dev libxxhash-dev libhnswlib-dev
)
case "${1:-}" in
  "") ;;
  fuzz) packages+=(clang-14 libfuzzer-14-dev libclang-rt-14-dev libomp-14-dev) ;;
  *) echo "install-deps.sh: unknown argument '$1'; expected none or 'fuzz'" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
