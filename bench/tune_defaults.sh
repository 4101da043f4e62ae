#!/usr/bin/env bash
# Re-derives the models' defaults on validation alone (docs/defaults.md): for each model, a
# small grid around its defaults through `recgrad tune` on MovieLens 100K (the split the
# README measures it on), one JSON line per trial and one for the result in OUT/<model>.jsonl.
# The test figure in each result line is read once, after the choice; nothing here reads it.
# Usage: bench/tune_defaults.sh [RECGRAD] [ML100K-DIR] [OUT-DIR] [MODEL...]
set -euo pipefail
recgrad=${1:-build/recgrad}
data=${2:-${RECGRAD_ML100K:-data/ml-100k}}
out=${3:-tune-defaults}
shift $(( $# < 3 ? $# : 3 ))
mkdir -p "$out"

declare -A grid=(
  [mf]="--split u1 --search lr=20,40,80 --search l2=0.03,0.1,0.3"
  [lmf]="--split u1 --search lr=0.05,0.1,0.2 --search l2=0.003,0.01,0.03"
  [bpr]="--split u1 --search lr=0.05,0.1,0.2 --search l2=0.003,0.01,0.03"
  [als]="--split u1 --search l2=5,20,80 --search alpha=0.3,1,3"
  [lmf-full]="--split u1 --search patience=5,15 --search l2=0.3,1,3"
  [fm]="--split coldstart --search id-free-copies=0,0.3,0.6 --search lr=0.005,0.01,0.02"
  [fm-bpr]="--split u1 --search lr=0.05,0.1,0.2 --search l2=0.003,0.01,0.03"
  [widedeep]="--split u1 --search refit=no,yes --search lr=0.0005,0.001,0.002"
  [hybrid]="--split coldstart --search lr=0.05,0.1,0.2 --search l2=0.003,0.01,0.03"
  [softmax]="--split last --search negatives=100,200,400 --search lr=0.005,0.01,0.02"
  [itemknn]="--split u1 --search neighbours=50,100,200,400,800,1600"
)
# Round 2: the settings round 1 left alone, one option at a time around the defaults (its own
# file per option, OUT/<model>.<option>.jsonl), so each default has a validation figure beside
# its neighbours. ROUND=1 or ROUND=2 runs one round only.
declare -A rest=(
  [mf]="dim=32,64,128;init-std=0.01,0.1,0.3;batch=256,1024,4096;lr-decay=0.7,0.85,1"
  [lmf]="dim=16,32,64;init-std=0.01,0.1,0.3;batch=256,1024,4096;negatives=2,4,8;alpha=0,1,3"
  [bpr]="dim=16,32,64;init-std=0.01,0.1,0.3;batch=256,1024,4096;lr-decay=0.9,1"
  [als]="dim=16,32,64;init-std=0.001,0.01,0.1"
  [lmf-full]="dim=16,32,64;lr=0.1,0.3,1;alpha=0.3,1,3"
  [fm]="dim=32,64,128;init-std=0.01,0.1,0.3;batch=256,1024,4096;lr-decay=0.7,0.85,1"
  [fm-bpr]="dim=16,32,64;init-std=0.01,0.1,0.3;batch=256,1024,4096;sampling-alpha=0,0.01,0.1"
  [widedeep]="dim=16,32,64;init-std=0.01,0.1,0.3;batch=256,1024,4096;l2=0.001,0.01,0.1"
  [hybrid]="dim=16,32,64;init-std=0.01,0.1,0.3;batch=256,1024,4096;sampling-alpha=0,0.01,0.1"
  [softmax]="dim=16,32,64;batch=256,1024,4096;max-history=10,20,40;sampler=uniform,loguniform,popularity"
)
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(mf lmf bpr als lmf-full fm fm-bpr widedeep hybrid softmax itemknn)
split_of() { grep -o -- '--split [a-z0-9]*' <<< "${grid[$1]}"; }
# GRIDS=0: the run-offs only.
models_grid=("${models[@]}")
[ "${GRIDS:-1}" = 1 ] || models_grid=()
for m in "${models_grid[@]}"; do
  if [ "${ROUND:-1}" = 1 ]; then
    echo "== $m: ${grid[$m]}" >&2
    # shellcheck disable=SC2086
    "$recgrad" tune --model "$m" --data "$data" --threads 1 ${grid[$m]} > "$out/$m.jsonl"
  fi
  [ "${ROUND:-2}" = 2 ] && [ -n "${rest[$m]:-}" ] || continue
  IFS=';' read -ra searches <<< "${rest[$m]}"
  for search in "${searches[@]}"; do
    echo "== $m: $(split_of "$m") --search $search" >&2
    # shellcheck disable=SC2046
    "$recgrad" tune --model "$m" --data "$data" --threads 1 $(split_of "$m") --search "$search" \
      > "$out/$m.${search%%=*}.jsonl"
  done
done

# The three-seed run-offs of docs/defaults.md, where a grid's best differed from the default
# (RUNOFFS=0 to skip): OUT/runoff-<model>.jsonl, and OUT/runoff2-<model>.<option>.jsonl for round 2.
declare -A runoff2=(
  [mf]="--split u1;dim=64,128;init-std=0.01,0.1"
  [lmf]="--split u1;epochs=20,40,80"
  [lmf-full]="--split u1;epochs=60,120"
  [als]="--split u1;dim=32,64;init-std=0.001,0.01"
  [bpr]="--split u1;batch=256,1024;init-std=0.01,0.1"
  [fm-bpr]="--split u1;dim=32,64"
  [hybrid]="--split coldstart;batch=256,1024;init-std=0.01,0.1"
  [softmax]="--split last;batch=256,1024;max-history=10,20;sampler=uniform,loguniform"
)
if [ "${RUNOFFS:-1}" = 1 ] && [ "${ROUND:-2}" = 2 ]; then
  for m in "${models[@]}"; do
    [ -n "${runoff2[$m]:-}" ] || continue
    IFS=';' read -ra parts <<< "${runoff2[$m]}"
    for search in "${parts[@]:1}"; do
      # shellcheck disable=SC2086
      "$recgrad" tune --model "$m" --data "$data" --threads 1 --seeds 3 ${parts[0]} --search "$search" \
        > "$out/runoff2-$m.${search%%=*}.jsonl"
    done
  done
fi
if [ "${RUNOFFS:-1}" = 1 ] && [ "${ROUND:-1}" = 1 ]; then
  "$recgrad" tune --model fm --data "$data" --threads 1 --seeds 3 --split coldstart \
    --search id-free-copies=0.3,0.6 > "$out/runoff-fm.jsonl"
  "$recgrad" tune --model fm-bpr --data "$data" --threads 1 --seeds 3 --split u1 --search lr=0.1,0.2 \
    > "$out/runoff-fm-bpr.jsonl"
  "$recgrad" tune --model hybrid --data "$data" --threads 1 --seeds 3 --split coldstart --search lr=0.1,0.2 \
    > "$out/runoff-hybrid.jsonl"
  "$recgrad" tune --model softmax --data "$data" --threads 1 --seeds 3 --split last --search lr=0.005,0.01 \
    > "$out/runoff-softmax.jsonl"
fi
