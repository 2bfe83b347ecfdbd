"""Markdown summary of a pack's shipped results, for the README.

python -m models.evaluation.report --pack dates
python -m models.evaluation.report --pack en-es --by-length bleu,chrf   # also chrF by source length
"""

from __future__ import annotations

import argparse

from models.messages import N_
from models.packs.datacard import data_card
from models.packs.pack import PRETRAINED, Pack, PackError, load_pack
from models.packs.records import Evaluation

METRIC_NAMES = {"bleu": "BLEU", "chrf": "chrF"}


def pack_report(name: str, metrics: tuple[str, ...] = ("bleu",)) -> str:
    pack = load_pack(PRETRAINED / name)
    evaluations = {model: _evaluation(pack, model) for model in pack.models}
    with_aer = any(ev.has_aer for ev in evaluations.values())
    lines = [
        "| model | parameters | train time | tokens/s | exact | token acc | BLEU | chrF |"
        + (" AER |" if with_aer else "")
    ]
    lines.append("|" + "---|" * (lines[0].count("|") - 1))
    total = 0.0
    for model, m in pack.models.items():
        o, h = evaluations[model].overall, m.history
        total += h.train_seconds
        row = (
            f"| {model} | {m.n_parameters:,} | {h.train_seconds / 60:.1f} min | {h.tokens_per_second:,} "
            f"| {o.exact:.4f} | {o.token_acc:.4f} | {o.bleu:.1f} | {o.chrf:.1f} |"
        )
        if with_aer:
            row += f" {o.aer:.3f} |" if o.aer is not None else " — |"
        lines.append(row)
    lines.append("")
    lines.append(
        f"Training all {len(pack.models)} models: {total / 60:.1f} min of training loops (sum of train_seconds)."
    )
    lines.append("")
    first = next(iter(evaluations.values()))
    buckets = list(first.buckets)
    unit = data_card(pack.task).length_unit  # tokens; words for subword text; characters for dates
    for metric in metrics:
        lines.append(f"{METRIC_NAMES[metric]} by source length ({unit}), test split of {len(pack.test):,} examples:")
        lines.append("")
        lines.append("| model | " + " | ".join(buckets) + " |")
        lines.append("|---|" + "---|" * len(buckets))
        for model, ev in evaluations.items():
            scores = ev.by_bucket(metric)
            cells = ["—" if scores[b] is None else f"{scores[b]:.1f}" for b in buckets]
            lines.append(f"| {model} | " + " | ".join(cells) + " |")
        n_row = [str(first.buckets[b].n) for b in buckets]
        lines.append("| *n* | " + " | ".join(n_row) + " |")
        lines.append("")
    lines.pop()
    return "\n".join(lines)


def _evaluation(pack: Pack, model: str) -> Evaluation:
    evaluation = pack.models[model].evaluation
    if evaluation is None:
        raise PackError(N_("{path}: file is missing"), path=pack.path / model / "eval.json")
    return evaluation


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default="dates")
    parser.add_argument(
        "--by-length", default="bleu", help="metrics of the by-length tables: bleu, chrf or bleu,chrf (default bleu)"
    )
    args = parser.parse_args(argv)
    metrics = tuple(m.strip() for m in args.by_length.split(","))
    if not metrics or any(m not in METRIC_NAMES for m in metrics):
        parser.error("--by-length takes bleu, chrf or bleu,chrf")
    print(pack_report(args.pack, metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
