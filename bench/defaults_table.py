#!/usr/bin/env python3
"""The table of docs/defaults.md from the JSON lines bench/tune_defaults.sh writes.

For each model: the split tuned on, the metric, every searched setting with its validation
figure (the registry's current default marked), and what tune chose. Reads only the
validation figures; the result line's test metrics are left out on purpose.

Usage: bench/defaults_table.py [--recgrad build/recgrad] TUNE-DIR
"""
import argparse
import json
import pathlib
import subprocess


def registry_defaults(recgrad):
    models = json.loads(subprocess.run([recgrad, "models", "--json"], check=True, capture_output=True,
                                       text=True).stdout)
    return {m["name"]: {o["name"]: o["default"] for o in m["options"]} for m in models}


def same_value(text, value):
    try:
        return float(text) == float(value)
    except (TypeError, ValueError):
        if isinstance(value, bool):
            return text == ("yes" if value else "no")
        return text == str(value)


def rows(path, defaults):
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if not lines or "chosen" not in lines[-1]:
        return f"| `{path.stem}` | (no result: the tune run did not finish) | | | |"
    trials, result = lines[:-1], lines[-1]
    metric = result["selected_on"].split(":")[0].removeprefix("validation ")
    cells = []
    for t in trials:
        setting = " ".join(f"{k}={v}" for k, v in t["search"].items())
        is_default = all(same_value(v, defaults[result["model"]][k]) for k, v in t["search"].items())
        figure = f"{t['score']:.4f}" if "score" in t else "failed"
        cells.append(f"{'**' if is_default else ''}{setting}{' (default)**' if is_default else ''}: {figure}")
    chosen = " ".join(f"{k}={v}" for k, v in result["chosen"].items())
    return f"| `{result['model']}` | {result['split']} | validation {metric} | {'; '.join(cells)} | {chosen} |"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recgrad", default="build/recgrad")
    parser.add_argument("tune_dir")
    args = parser.parse_args()
    defaults = registry_defaults(args.recgrad)
    print("| model | split | chosen on | settings tried: validation figure | tune's choice |")
    print("|---|---|---|---|---|")
    for path in sorted(pathlib.Path(args.tune_dir).glob("*.jsonl")):
        print(rows(path, defaults))


if __name__ == "__main__":
    main()
