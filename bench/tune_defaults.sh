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
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(mf lmf bpr als lmf-full fm fm-bpr widedeep hybrid softmax itemknn)
for m in "${models[@]}"; do
  echo "== $m: ${grid[$m]}" >&2
  # shellcheck disable=SC2086
  "$recgrad" tune --model "$m" --data "$data" --threads 1 ${grid[$m]} > "$out/$m.jsonl"
done

# The three-seed run-offs of docs/defaults.md, where a grid's best differed from the default
# (RUNOFFS=0 to skip): OUT/runoff-<model>.jsonl.
if [ "${RUNOFFS:-1}" = 1 ]; then
  "$recgrad" tune --model fm --data "$data" --threads 1 --seeds 3 --split coldstart \
    --search id-free-copies=0.3,0.6 > "$out/runoff-fm.jsonl"
  "$recgrad" tune --model fm-bpr --data "$data" --threads 1 --seeds 3 --split u1 --search lr=0.1,0.2 \
    > "$out/runoff-fm-bpr.jsonl"
  "$recgrad" tune --model hybrid --data "$data" --threads 1 --seeds 3 --split coldstart --search lr=0.1,0.2 \
    > "$out/runoff-hybrid.jsonl"
  "$recgrad" tune --model softmax --data "$data" --threads 1 --seeds 3 --split last --search lr=0.005,0.01 \
    > "$out/runoff-softmax.jsonl"
fi
