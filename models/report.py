"""Markdown summary of a pack's shipped results, for the README.

python -m models.report --pack dates
"""

from __future__ import annotations

import argparse

from models.pack import PRETRAINED, load_pack


def pack_report(name: str) -> str:
    pack = load_pack(PRETRAINED / name)
    lines = [
        "| model | parameters | train time | tokens/s | exact | token acc | BLEU | chrF |"
        + (
            " AER |"
            if any(m.evaluation.get("overall", {}).get("aer") is not None for m in pack.models.values())
            else ""
        ),
    ]
    lines.append("|" + "---|" * (lines[0].count("|") - 1))
    with_aer = lines[0].endswith("AER |")
    total = 0.0
    for model, m in pack.models.items():
        o, h = m.evaluation["overall"], m.history
        total += h.get("train_seconds", 0)
        row = (
            f"| {model} | {m.n_parameters:,} | {h.get('train_seconds', 0) / 60:.1f} min | {h.get('tokens_per_second', 0):,} "
            f"| {o['exact']:.4f} | {o['token_acc']:.4f} | {o['bleu']:.1f} | {o['chrf']:.1f} |"
        )
        if with_aer:
            row += f" {o['aer']:.3f} |" if o.get("aer") is not None else " — |"
        lines.append(row)
    lines.append("")
    lines.append(
        f"Training all {len(pack.models)} models: {total / 60:.1f} min of training loops (sum of train_seconds)."
    )
    lines.append("")
    metric = "bleu"
    buckets = list(next(iter(pack.models.values())).evaluation["buckets"])
    lines.append(f"BLEU by source length (tokens), test split of {len(pack.test):,} examples:")
    lines.append("")
    lines.append("| model | " + " | ".join(buckets) + " |")
    lines.append("|---|" + "---|" * len(buckets))
    for model, m in pack.models.items():
        cells = []
        for b in buckets:
            v = m.evaluation["buckets"][b].get(metric)
            cells.append("—" if v is None else f"{v:.1f}")
        lines.append(f"| {model} | " + " | ".join(cells) + " |")
    n_row = [str(next(iter(pack.models.values())).evaluation["buckets"][b]["n"]) for b in buckets]
    lines.append("| *n* | " + " | ".join(n_row) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default="dates")
    args = parser.parse_args(argv)
    print(pack_report(args.pack))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
