#!/usr/bin/env bash
# Downloads MovieLens data sets from GroupLens into this directory (data/ml-*/, which
# git ignores), checks the archive, and unpacks it.
#
#   data/download_movielens.sh                 # ml-100k
#   data/download_movielens.sh ml-1m ml-latest-small
#
# Checking: each archive must match the sha256 pinned in SHA256 below. The sums (and
# sizes) are the ones TensorFlow Datasets publishes for the same GroupLens URLs
# (tensorflow_datasets/url_checksums/movielens.txt): ml-100k.zip is 4 924 029 bytes,
# ml-1m.zip 5 917 549, ml-latest-small.zip 978 202. A data set without a pinned sum
# falls back to the .md5 file GroupLens publishes next to the archive.
# The tests never run this script.
set -euo pipefail
cd "$(dirname "$0")"

declare -A SHA256=(
  [ml-100k]="50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229"
  [ml-1m]="a6898adb50b9ca05aa231689da44c217cb524e7ebd39d264c56e2832f2c54e20"
  [ml-latest-small]="696d65a3dfceac7c45750ad32df2c259311949efec81f0f144fdfb91ebc9e436"
)
BASE_URL="https://files.grouplens.org/datasets/movielens"

fetch() {  # fetch URL FILE
  if command -v curl >/dev/null; then
    curl -fL --retry 3 --silent --show-error -o "$2" "$1"
  elif command -v wget >/dev/null; then
    wget -q -O "$2" "$1"
  else
    echo "download_movielens: need curl or wget" >&2
    return 1
  fi
}

work=""
cleanup() { if [[ -n "$work" ]]; then rm -rf "$work"; fi; }
trap cleanup EXIT

for name in "${@:-ml-100k}"; do
  if [[ ! -v "SHA256[$name]" ]]; then
    echo "download_movielens: unknown data set '$name' (known: ${!SHA256[*]})" >&2
    exit 2
  fi
  if [[ -d "$name" ]]; then
    echo "$name: already present in $(pwd)/$name; remove it to download again"
    continue
  fi
  work="$(mktemp -d ./ml-download.XXXXXX)"  # same file system: the final mv is a rename
  echo "$name: downloading $BASE_URL/$name.zip"
  fetch "$BASE_URL/$name.zip" "$work/$name.zip"
  actual_sha="$(sha256sum "$work/$name.zip" | cut -d' ' -f1)"
  expected_sha="${SHA256[$name]}"
  if [[ -n "$expected_sha" ]]; then
    if [[ "$actual_sha" != "$expected_sha" ]]; then
      echo "$name: sha256 mismatch: got $actual_sha, expected $expected_sha" >&2
      exit 1
    fi
    echo "$name: sha256 ok"
  else
    if fetch "$BASE_URL/$name.zip.md5" "$work/$name.md5" 2>/dev/null; then
      expected_md5="$(grep -oE '[0-9a-f]{32}' "$work/$name.md5" | head -n 1 || true)"
      actual_md5="$(md5sum "$work/$name.zip" | cut -d' ' -f1)"
      if [[ -z "$expected_md5" || "$actual_md5" != "$expected_md5" ]]; then
        echo "$name: md5 mismatch against GroupLens' $name.zip.md5: got $actual_md5, expected '$expected_md5'" >&2
        exit 1
      fi
      echo "$name: md5 matches GroupLens' published $name.zip.md5"
    else
      echo "$name: WARNING: no pinned sha256 and no .md5 from GroupLens; the archive is unverified" >&2
    fi
    echo "$name: sha256 $actual_sha"
    echo "        compare it with a trusted source, then pin it in SHA256 in $0"
  fi
  unzip -q "$work/$name.zip" -d "$work/unpacked"
  if [[ ! -d "$work/unpacked/$name" ]]; then
    echo "$name: the archive does not contain a $name/ directory" >&2
    exit 1
  fi
  mv "$work/unpacked/$name" "./$name"  # appears complete or not at all
  echo "$name: ready in $(pwd)/$name"
  cleanup
  work=""
done
