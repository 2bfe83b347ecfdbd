"""Which heads does a Transformer or GPT need? Remove each head alone and score the test sample again.

    python -m models.evaluation.heads --pack dates                 # print the table of every stack model
    python -m models.evaluation.heads --pack dates --write         # also write each model's heads.json
    python -m models.evaluation.heads --pack en-fr --model transformer --sample 300

Michel et al. 2019 ("Are Sixteen Heads Really Better than One?"): a head is removed by zeroing its context before
W_O (models/net/views.py `heads_off`), and the test sample is decoded again (batched greedy). The table ranks the
heads by the BLEU lost, the model's own BLEU on the same sample minus its BLEU without that head; exact match is
kept beside it. The sample is the first --sample sentences of the pack's test split (the same every run).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from models.evaluation.evaluate import References, evaluate_outputs, scored_outputs
from models.net.views import all_heads, heads_off
from models.packs.data import Example
from models.packs.pack import PRETRAINED, LoadedModel, PackError, load_pack, write_json

HEADS_FILE = "heads.json"


@dataclass
class HeadRemoved:
    site: str
    layer: int
    head: int
    bleu: float
    exact: float
    bleu_lost: float  # the model's own BLEU on the sample minus this


def head_removal(model: LoadedModel, examples: list[Example], progress: bool = False) -> dict:
    """The model's BLEU and exact match on `examples`, and the same with each head removed alone, ranked by the
    BLEU lost (most first): heads.json's content."""
    sources = [e.source for e in examples]
    references = References(examples, model.tgt_vocab.scoring_tokenization)
    edges = [max(e.src_len for e in examples)]

    def scored() -> tuple[float, float]:
        overall = evaluate_outputs(scored_outputs(model, sources), examples, edges, model, references).overall
        return overall.bleu, overall.exact

    bleu, exact = scored()
    rows = []
    heads = all_heads(model.model)
    for site, layer, head in tqdm(heads, desc=f"heads {model.name}", disable=not progress, file=sys.stderr):
        with heads_off(model.model, [(site, layer, head)]):
            b, e = scored()
        rows.append(HeadRemoved(site, layer, head, round(b, 2), round(e, 4), round(bleu - b, 2)))
    rows.sort(key=lambda r: (-r.bleu_lost, r.site, r.layer, r.head))
    return {
        "sample": len(examples),
        "bleu": round(bleu, 2),
        "exact": round(exact, 4),
        "heads": [asdict(r) for r in rows],
    }


def format_table(name: str, result: dict, top: int = 12) -> str:
    lines = [
        f"{name}: BLEU {result['bleu']:.1f}, exact {result['exact']:.3f} on {result['sample']} test sentences",
        f"{'site':>13} {'layer':>5} {'head':>4} {'BLEU':>6} {'lost':>6} {'exact':>6}",
    ]
    for r in result["heads"][:top]:
        lines.append(
            f"{r['site']:>13} {r['layer'] + 1:>5} {r['head'] + 1:>4} {r['bleu']:>6.1f} {r['bleu_lost']:>6.1f} "
            f"{r['exact']:>6.3f}"
        )
    if len(result["heads"]) > top:
        lines.append(f"... {len(result['heads']) - top} more heads")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default="dates", help="pack folder name under --root (default: dates)")
    parser.add_argument("--root", type=Path, default=PRETRAINED)
    parser.add_argument(
        "--model", default=None, help="only these models, comma-separated (default: every one with heads)"
    )
    parser.add_argument("--sample", type=int, default=300, help="test sentences to score (default: 300)")
    parser.add_argument("--write", action="store_true", help=f"write each model's {HEADS_FILE}")
    args = parser.parse_args(argv)
    try:
        pack = load_pack(args.root / args.pack)
    except PackError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not pack.test:
        print(f"error: {pack.path / 'test.json'} has no test examples", file=sys.stderr)
        return 2
    if args.sample < 1:
        print("error: --sample must be at least 1", file=sys.stderr)
        return 2
    with_heads = [n for n, m in pack.models.items() if all_heads(m.model)]
    names = args.model.split(",") if args.model else with_heads
    for name in names:
        if name not in with_heads:
            print(
                f"error: pack {args.pack} has no model {name!r} with heads to remove (has: {', '.join(with_heads)})",
                file=sys.stderr,
            )
            return 2
    examples = pack.test[: args.sample]
    for name in names:
        result = head_removal(pack.models[name], examples, progress=True)
        print(format_table(f"{args.pack}/{name}", result))
        if args.write:
            write_json(pack.path / name / HEADS_FILE, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
