"""What a pack's data is: where it comes from, its licence, split sizes and the training sources' lengths.

Read from task.json (training writes `data` and `length_histogram`; see models/training/train.py). Packs trained before
that have neither; for a generated pack they can be added without retraining, by regenerating its splits
from the task's seed (the test split must come out equal to the pack's test.json, or nothing is written):

    python -m models.packs.datacard --pack dates --write     # adds "data" and "length_histogram" to task.json

Only those two keys of task.json change: the model files, test.json and eval.json are left alone.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from models.packs.corpus import length_histogram
from models.packs.data import load_examples
from models.packs.pack import PRETRAINED, PackError, read_task, write_json
from models.packs.records import Task


@dataclass(frozen=True)
class DataCard:
    origin: str
    licence: str
    sizes: dict[str, int]
    length_unit: str
    histogram: dict | None  # {"width": w, "counts": [...]}: training sources' lengths, or None when not stored
    warnings: list[str]  # the corpus check's warnings, for a pack trained from a corpus
    skipped: dict[str, int]  # lines skipped while reading a corpus, by reason
    subword: dict | None  # {"kind", "vocab_size", "lowercase"} for a subword pack

    def histogram_bins(self) -> list[tuple[str, int]]:
        """("1-5", n), ("6-10", n), ... for the histogram's bars."""
        if not self.histogram:
            return []
        w = self.histogram["width"]
        return [(f"{i * w + 1}-{(i + 1) * w}", n) for i, n in enumerate(self.histogram["counts"])]


NOT_STATED = "Not stated in this pack's task.json."


def data_card(task: Task) -> DataCard:
    """The card of a pack from its task.json; anything missing or malformed reads as not stated."""
    data = task.data if isinstance(task.data, dict) else {}
    report = task.corpus_report if isinstance(task.corpus_report, dict) else {}
    hist = task.length_histogram
    valid_hist = (
        isinstance(hist, dict)
        and isinstance(hist.get("width"), int)
        and hist["width"] > 0
        and isinstance(hist.get("counts"), list)
        and all(isinstance(n, int) for n in hist["counts"])
    )
    sizes = task.sizes if isinstance(task.sizes, dict) else {}
    origin = data.get("origin") or (f"From task.json: {task.source}" if isinstance(task.source, str) else None)
    return DataCard(
        origin=str(origin or NOT_STATED),
        licence=str(data.get("licence") or NOT_STATED),
        sizes={k: int(v) for k, v in sizes.items() if isinstance(v, int)},
        length_unit=str(data.get("length_unit") or "tokens"),
        histogram=hist if valid_hist else None,
        warnings=[w for w in report.get("warnings", []) if isinstance(w, str)],
        skipped={k: v for k, v in (report.get("skipped") or {}).items() if isinstance(v, int)},
        subword=task.subword if isinstance(task.subword, dict) else None,
    )


def backfill_generated(pack_dir: Path) -> Task:
    """task.json of a generated pack with "data" and "length_histogram" added, from its splits regenerated under
    the seed it was trained with. Raises PackError when the regenerated test split is not the pack's test.json
    (the generator changed since: the histogram would describe other data)."""
    from models.tasks import get_task
    from models.training.train import generated_data_card

    task = read_task(pack_dir)
    seed = int(task.train_config.get("seed", 0))
    try:
        spec = get_task(task.name if task.name is not None else pack_dir.name)
    except KeyError as e:
        raise PackError(f"{pack_dir / 'task.json'}: not a generated pack ({e})") from e
    splits = spec.generate(seed)
    shipped = load_examples(pack_dir / "test.json")
    if [(e.source, e.target) for e in splits.test] != [(e.source, e.target) for e in shipped]:
        raise PackError(f"{pack_dir}: regenerating seed {seed} does not give its test.json: not written")
    if splits.sizes() != task.sizes:
        raise PackError(f"{pack_dir}: regenerated split sizes {splits.sizes()} differ from task.json's")
    card = {"data": generated_data_card(spec.name, seed), "length_histogram": length_histogram(splits.train)}
    return Task.from_dict({**task.to_dict(), **card}, pack_dir / "task.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", required=True, help="a generated pack's folder name under --root")
    parser.add_argument("--root", type=Path, default=PRETRAINED)
    parser.add_argument("--write", action="store_true", help="rewrite task.json (else only print the card)")
    args = parser.parse_args(argv)
    try:
        task = backfill_generated(args.root / args.pack)
    except PackError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    card = data_card(task)
    print(f"{args.pack}: {card.origin} {card.licence} sizes {card.sizes}")
    print("training source lengths:", ", ".join(f"{b}: {n}" for b, n in card.histogram_bins()))
    if args.write:
        write_json(args.root / args.pack / "task.json", task.to_dict())
        print(f"wrote {args.root / args.pack / 'task.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
