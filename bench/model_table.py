#!/usr/bin/env python3
"""The README's model table, from one fresh run: every registered model trained with its
defaults on ML-100K (u1; the next-item model on `last`), saved, and evaluated again from
its file. Prints, per model, the test metrics of `train`, those `eval --model-file`
gets back (they must be equal), and the baseline beside them (user + item biases for the rating
# models, most popular for the rest) with the lift.

  python3 bench/model_table.py --recgrad build/recgrad --data ../shared/data/ml-100k
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HEADLINE = ["rmse", "precision@10", "auc", "logloss", "hr@10"]


def run(args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def headline(metrics):
    return ", ".join(f"{k} {metrics[k]:.3f}" for k in HEADLINE if k in metrics)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--recgrad", default="build/recgrad")
    p.add_argument("--data", required=True)
    a = p.parse_args()
    listed = json.loads(subprocess.run([a.recgrad, "models", "--json"], capture_output=True, text=True,
                                       check=True).stdout)
    models = [m["name"] for m in listed]
    next_item = {m["name"] for m in listed if m["feedback"] == "next item"}
    print("| model | split | test (train) | same from the saved file | baseline on the same split | lift |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for m in models:
            split = "last" if m in next_item else "u1"
            path = str(Path(tmp) / f"{m}.rgm")
            trained = run([a.recgrad, "train", "--model", m, "--data", a.data, "--split", split, "--quiet", "--json",
                           "--save", path])
            again = run([a.recgrad, "eval", "--model-file", path, "--data", a.data, "--json"])
            same = all(abs(trained["metrics"][k] - again["metrics"][k]) <= 1e-9
                       for k in trained["metrics"] if isinstance(trained["metrics"][k], float))
            base = trained.get("baseline", {})
            lifts = base.get("lift", {})
            lift = ", ".join(f"{k} x{lifts[k]:.2f}" for k in HEADLINE if k in lifts)
            print(f"| `{m}` | {split} | {headline(trained['metrics'])} | "
                  f"{'equal' if same else 'DIFFERENT: ' + headline(again['metrics'])} | "
                  f"{headline(base['metrics']) if 'metrics' in base else base.get('why_not', '—')} | {lift or '—'} |",
                  flush=True)


if __name__ == "__main__":
    main()
