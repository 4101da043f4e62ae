#!/usr/bin/env bash
# Ours vs the PyTorch references (../shared/peers/torch) on MovieLens 100K, one thread each,
# in one run, and one JSON object on stdout. Per case (a model on a split):
#
#   same_hyperparameters  both sides with the references' settings (k 32, batch 1024, 20
#                         epochs, their optimiser, learning rate and L2): metrics, seconds
#                         per epoch (median over epochs) and theirs / ours;
#   defaults              each side with its own defaults, and the settings that differ.
#
# Cases: mf, lmf, bpr (split u1), fm (u1, all fields), fm-cold (item cold start),
# widedeep (u1, target rating >= 4), softmax (leave-last-out, 100 log-uniform negatives)
# and softmax-full (the same with a full softmax).
#
# usage: bench/vs_torch.sh [--data DIR] [--peers DIR] [--models "mf lmf bpr ..."]
#                          [--recgrad BIN] [--seed S] [--repeats R]
# Defaults: ../shared/data/ml-100k and ../shared/peers/torch beside the repository,
# build/recgrad, every case, 1 repeat (with R > 1 each side runs R times, taking turns, and
# the seconds per epoch are the median of the runs' medians). The references run on Debian's
# python3-torch (/usr/bin/python3); the script installs python3-torch, python3-scipy and
# python3-numpy with apt-get if missing.
# Nothing is written beside the data or the references: outputs go to a temporary folder.
# A benchmark, not a test: the machine may be shared, so it reports medians, and
# nothing here runs in CI. All cases take about 10 minutes (softmax-full alone ~3).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=$repo/../shared/data/ml-100k
peers=$repo/../shared/peers/torch
models="mf lmf bpr fm fm-cold widedeep softmax softmax-full"
recgrad=$repo/build/recgrad
seed=0
repeats=1
PY=/usr/bin/python3  # Debian's python, where python3-torch lives

while [ $# -gt 0 ]; do
  case $1 in
    --data) data=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --recgrad) recgrad=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "vs_torch.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -d "$data" ] || { echo "vs_torch.sh: no data folder $data" >&2; exit 2; }
data=$(cd "$data" && pwd)
[ -f "$data/u1.base" ] || { echo "vs_torch.sh: $data has no u1.base (expected MovieLens 100K)" >&2; exit 2; }
[ -d "$peers" ] || { echo "vs_torch.sh: no peers folder $peers" >&2; exit 2; }
peers=$(cd "$peers" && pwd)
[ -x "$recgrad" ] || { echo "vs_torch.sh: $recgrad not built (cmake --build build --target recgrad)" >&2; exit 2; }

if ! "$PY" -c 'import torch, scipy, numpy' 2>/dev/null; then
  echo "installing python3-torch python3-scipy python3-numpy" >&2
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torch python3-scipy python3-numpy >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Per case: our model and split, the reference's script and its flags, and ours that mean
# the same. Our --lr-decay 1, --patience 0 (every epoch runs) and --refit yes (the final model
# is fitted on all of the training part, as theirs is) make the protocols as alike as ours allows.
our_model() { case $1 in fm-cold) echo fm ;; softmax-full) echo softmax ;; *) echo "$1" ;; esac; }
our_split() { case $1 in fm-cold) echo coldstart ;; softmax|softmax-full) echo last ;; *) echo u1 ;; esac; }
# What defines the case beyond model and split: given to our defaults run too.
case_args() { case $1 in softmax) echo "--softmax sampled" ;; softmax-full) echo "--softmax full" ;; esac; }
peer_script() {
  case $1 in
    mf) echo mf_biased.py ;; lmf) echo logistic_mf.py ;; bpr) echo bpr.py ;;
    fm|fm-cold) echo fm.py ;; widedeep) echo wide_deep.py ;; softmax|softmax-full) echo youtube_dnn.py ;;
  esac
}
peer_args() {
  local common="--epochs 20 --batch-size 1024"
  case $1 in
    mf) echo "$common --k 32 --lr 0.01 --lam 0.1 --init-std 0.1" ;;
    lmf) echo "$common --k 32 --lr 0.1 --lam 0.01 --n-neg 4 --init-std 0.1" ;;
    bpr) echo "$common --k 32 --lr 0.01 --lam 0.01 --init-std 0.1" ;;
    fm) echo "$common --k 32 --lr 0.01 --lam 0.1 --init-std 0.1 --split u1 --fields all" ;;
    fm-cold) echo "$common --k 32 --lr 0.01 --lam 0.1 --init-std 0.1 --split cold --fields all" ;;
    widedeep) echo "$common --emb 32 --lr 0.001 --lam 0.01" ;;
    softmax) echo "$common --k 32 --lr 0.01 --loss sampled --sampler loguniform --n-neg 100 --max-hist 20" ;;
    softmax-full) echo "$common --k 32 --lr 0.01 --loss full --max-hist 20" ;;
  esac
}
our_args() {
  local common="--dim 32 --epochs 20 --batch 1024 --lr-decay 1 --patience 0 --refit yes"
  case $1 in
    mf) echo "$common --init-std 0.1 --optim adam --lr 0.01 --l2 0.1" ;;
    lmf) echo "$common --init-std 0.1 --optim adagrad --lr 0.1 --l2 0.01 --negatives 4" ;;
    bpr) echo "$common --init-std 0.1 --optim adam --lr 0.01 --l2 0.01" ;;
    fm|fm-cold) echo "$common --init-std 0.1 --optim adam --lr 0.01 --l2 0.1 --fields age,gender,occupation,genre --id-free-copies 0" ;;
    widedeep) echo "$common --optim adam --lr 0.001 --l2 0.01" ;;
    softmax) echo "$common --optim adam --lr 0.01 --softmax sampled --sampler loguniform --negatives 100 --max-history 20" ;;
    softmax-full) echo "$common --optim adam --lr 0.01 --softmax full --max-history 20" ;;
  esac
}

ours() {  # ours NAME CASE [FLAGS...]
  local name=$1 model split; model=$(our_model "$2"); split=$(our_split "$2"); shift 2
  echo "$(date +%T) ours   $model --split $split $*" >&2
  "$recgrad" train --model "$model" --data "$data" --split "$split" --threads 1 --seed "$seed" --json --quiet "$@" \
    > "$tmp/$name.json" 2> "$tmp/$name.log" || { cat "$tmp/$name.log" >&2; exit 1; }
}

theirs() {  # theirs NAME SCRIPT [FLAGS...]
  local name=$1 script=$2; shift 2
  echo "$(date +%T) theirs $script $*" >&2
  (cd "$peers" && ML100K_DIR="$data" OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
     PYTHONDONTWRITEBYTECODE=1 "$PY" "$script" --threads 1 --seed "$seed" --out "$tmp/$name.json" "$@" \
     > "$tmp/$name.log" 2>&1) || { tail -20 "$tmp/$name.log" >&2; exit 1; }
}

for m in $models; do
  [ -n "$(peer_script "$m")" ] || {
    echo "vs_torch.sh: no case '$m' (mf, lmf, bpr, fm, fm-cold, widedeep, softmax, softmax-full)" >&2; exit 2; }
done

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for m in $models; do
  script=$(peer_script "$m")
  for r in $(seq "$repeats"); do
    # shellcheck disable=SC2046  # the flag lists are meant to split
    theirs "theirs_${m}_$r" "$script" $(peer_args "$m")
    # shellcheck disable=SC2046
    ours "ours_same_${m}_$r" "$m" $(our_args "$m")
    # shellcheck disable=SC2046
    ours "ours_defaults_${m}_$r" "$m" $(case_args "$m")
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# shellcheck disable=SC2086  # one argument per model
"$PY" - "$tmp" "$data" "$seed" "$repeats" "$load_start" "$load_end" $models <<'EOF'
import json, statistics, sys

tmp, data, seed, repeats, load_start, load_end = sys.argv[1:7]
models, seed, repeats = sys.argv[7:], int(seed), int(repeats)

def read(name, seconds):
    """The first run's result, its seconds per epoch the median over the repeats."""
    runs = [json.load(open(f"{tmp}/{name}_{r}.json")) for r in range(1, repeats + 1)]
    out = runs[0]
    out["median_seconds"] = statistics.median(seconds(x) for x in runs)
    out["run_seconds"] = [seconds(x) for x in runs]
    return out

ours_seconds = lambda run: run["seconds_per_epoch"]
their_seconds = lambda run: run["timing"]["sec_per_epoch_median"]
RANKING = ["auc", "precision@10", "recall@10", "ndcg@10"]
# Per case: our metric names, and the reference's name for each where it differs.
METRICS = {"mf": ["rmse", "mae"], "lmf": RANKING, "bpr": RANKING, "fm": ["rmse", "mae"], "fm-cold": ["rmse", "mae"],
           "widedeep": ["auc", "logloss"], "softmax": ["hr@10", "ndcg@10", "mrr"], "softmax-full": ["hr@10", "ndcg@10", "mrr"]}
THEIR_NAMES = {"widedeep": {"auc": "test_auc", "logloss": "test_logloss"}}
SPLITS = {"fm-cold": "coldstart (ours) / cold (theirs): 10% of items held out, each side's own seeded choice",
          "softmax": "last: per user, the last interaction", "softmax-full": "last: per user, the last interaction"}

def ours(run, m):
    return {"metrics": {k: run["metrics"][k] for k in METRICS[m] if k in run["metrics"]},
            "seconds_per_epoch": run["median_seconds"], "seconds_per_epoch_each_run": run["run_seconds"],
            "epochs_run": run["epochs"],
            "final_epoch": run["best_epoch"], "selected_on": run["selected_on"], "refit_on_all_of_training": run["refit"]}

def theirs(run, m):
    metrics = dict(run["metrics"])
    if "test_rmse_clipped_1_5" in metrics:  # ours clips predicted ratings to the training ratings' range, 1..5
        metrics = {"rmse": metrics["test_rmse_clipped_1_5"], "rmse_unclipped": metrics["test_rmse"]}
    for ours_name, their_name in THEIR_NAMES.get(m, {}).items():
        metrics[ours_name] = metrics.pop(their_name)
    metrics = {k: v for k, v in metrics.items() if k in METRICS[m] or k == "rmse_unclipped"}
    return {"metrics": metrics, "seconds_per_epoch": run["median_seconds"], "seconds_per_epoch_each_run": run["run_seconds"],
            "epochs_run": run["hyperparams"]["epochs"], "final_epoch": run["hyperparams"]["epochs"]}

def their_settings(run):  # in our flags' names
    h = run["hyperparams"]
    s = {"dim": h.get("k", h.get("emb")), "epochs": h["epochs"], "batch": h["batch_size"],
         "optim": h["optimizer"].split()[0].lower(), "lr": h["lr"], "lr_decay": 1.0, "patience": 0, "refit": False}
    for ours_name, their_name in [("l2", "lam"), ("init_std", "init_std"), ("neg", "n_neg"), ("negatives", "n_neg"),
                                  ("max_history", "max_hist"), ("sampler", "sampler"), ("fields", "fields")]:
        if their_name in h: s[ours_name] = h[their_name]
    return s

out = {"data": data, "threads": 1, "seed": seed, "repeats": repeats,
       "loadavg_1_5_15": {"start": load_start, "end": load_end}, "models": {}}
for m in models:
    t, same, dflt = read(f"theirs_{m}", their_seconds), read(f"ours_same_{m}", ours_seconds), read(f"ours_defaults_{m}", ours_seconds)
    a, b, d = theirs(t, m), ours(same, m), ours(dflt, m)
    mine, peer = dflt["settings"], their_settings(t)
    differ = {k: {"ours": mine.get(k), "theirs": v} for k, v in peer.items()
              if k in mine and mine[k] != v and not (isinstance(v, float) and abs(mine[k] - v) < 1e-12)}
    out["models"][m] = {
        "peer": t["model"], "split": SPLITS.get(m, "u1"),
        "same_hyperparameters": {"settings": same["settings"], "ours": b, "theirs": a,
                                 "speed_ratio_theirs_over_ours": a["seconds_per_epoch"] / b["seconds_per_epoch"]},
        "defaults": {"ours": dict(d, settings=mine), "theirs": dict(a, settings=peer), "settings_that_differ": differ,
                     "speed_ratio_theirs_over_ours": a["seconds_per_epoch"] / d["seconds_per_epoch"]},
    }
    if "popularity_baseline" in t:
        out["models"][m]["most_popular_baseline"] = {k: v for k, v in t["popularity_baseline"].items() if k != "n_eval_users"}
out["notes"] = [
    "seconds_per_epoch: training time of an epoch (negative sampling included, evaluation excluded), median over a run's "
    "epochs (with repeats, the median of the runs' medians; metrics from the first run); ratio > 1: ours is faster",
    "ours: epochs run on the training part less a validation part (a seeded 5%, or on split last each user's "
    "second-to-last item); --refit yes then retrains on all of it for the epoch count chosen on validation (never on "
    "test); theirs: all 20 epochs on the whole training part, last epoch",
    "our Adam updates only the rows a batch touched (lazy, sparse); torch's dense Adam moves every row every step",
    "lmf: ours also puts the L2 penalty on the biases; theirs on the factors only",
    "theirs at our defaults is not run: mf_biased.py and bpr.py offer Adam only, and for lmf our defaults are theirs "
    "apart from early stopping",
    "fm: the references' fields are ids, age, gender, occupation and genre (no decade); the same run of ours "
    "uses those (--fields), our defaults add the decade and train 30% of the ratings once more without the item id",
    "fm-cold: each side holds out its own seeded 10% of the items, so the cold items differ (global-mean RMSE "
    "1.128 on ours, 1.094 on theirs)",
    "widedeep: our wide part also crosses occupation x genre, as the issue asks; theirs crosses gender and age with genre",
]
print(json.dumps(out, indent=2))
EOF
