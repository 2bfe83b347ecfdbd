"""How well each view of the attention map aligns words: the alignment error rate (AER, evaluate.py's) of each
view's argmax per reference word against the gold alignments that en-fr and en-ko test examples carry.

The views (models/net/views.py, the Attention page's section): raw weights α_ij, value-weighted ‖α_ij f(x_j)‖,
rollout (stacks only) and the gradient ‖∂ log p(y_i) / ∂ embed(x_j)‖, each read while feeding the reference
(teacher forcing), so row i is the step that predicts reference token i, as the gold links count it. The raw view
of a GRU is exactly the map eval.json's AER scores, so its AER is that one on the same sentences. For a Transformer
or GPT, raw and value-weighted read the last layer's cross map (mean of the heads), and every layer (mean of its
heads) and every head alone get their own AER too; eval.json's AER is that of one of them, the alignment head
guided training pulls (models/net/family.py: the last layer's first head, heads[-1][0]).

    python -m models.evaluation.views_aer --pack en-fr                 # print the table for every attention model
    python -m models.evaluation.views_aer --pack en-fr -n 100 --write  # also set eval.json's "aer_by_view"

`--write` changes only that key of each model's eval.json; `python -m models.evaluation.evaluate --write` computes
it with the rest.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from models.evaluation.alignment import alignment_counts, alignment_error_rate
from models.net.decoding import encode_source, forced_trace, with_source_map
from models.net.gradients import gradient_norms
from models.net.pointer import target_ids
from models.net.views import attention_modules, output_views
from models.packs.data import Example
from models.packs.pack import PRETRAINED, LoadedModel, PackError, load_pack, write_json
from models.packs.records import ViewsAER

VIEWS = ViewsAER.VIEWS  # ("raw", "value_weighted", "rollout", "gradient")
Gold = list[list[int]]  # links (source index, target index)


@dataclass(frozen=True)
class SentenceViews:
    """One example's maps, every one (reference tokens, source tokens): each view the model has, and the raw cross
    weights of every layer and head, (layers, heads, T, S)."""

    views: dict[str, np.ndarray]
    cross: np.ndarray


def sentence_views(m: LoadedModel, source: str, target: str) -> SentenceViews:
    """The views of one example, read while feeding its reference (rollout only where the model has one)."""
    enc = with_source_map(
        encode_source(source, m.src_vocab, m.model.config.max_source_len), m.model, m.src_vocab, m.tgt_vocab
    )
    src_ids = enc.ids
    if enc.copy is not None:  # a name the reference copies is its extended id: log p(y_i) is the app's mixture P_i
        tgt_ids = target_ids(m.tgt_vocab.tokenize(target), m.tgt_vocab, enc.copy)
        pair = (src_ids, tgt_ids, enc.copy.ids)
    else:
        tgt_ids = m.tgt_vocab.encode_text(target)
        pair = (src_ids, tgt_ids)
    trace = forced_trace(m.model, m.src_vocab, m.tgt_vocab, source, tgt_ids)
    views = output_views(m.model, trace)  # the last layer, mean of the heads (a GRU's one map)
    (gradient,) = gradient_norms(m.model, [pair])
    T, S = len(tgt_ids), len(src_ids)
    maps = {"raw": views.raw, "value_weighted": views.value_weighted, "rollout": views.rollout, "gradient": gradient}
    return SentenceViews(
        {k: z[:T, :S] for k, z in maps.items() if z is not None}, np.asarray(trace.cross.weights)[:, :, :T, :S]
    )


def aer_of_maps(maps: list[np.ndarray], golds: list[Gold]) -> float | None:
    """AER of each map's argmax per row against its gold links (source index, target index), over the corpus."""
    return alignment_error_rate([alignment_counts(z, g) for z, g in zip(maps, golds, strict=True)])


def aer_by_view(sentences: list[SentenceViews], golds: list[Gold], heads: bool) -> ViewsAER:
    """The AER of each view over the sentences (a view some sentence lacks is left out); with `heads`, that of
    every layer's cross map (mean of its heads) and of every head alone as well."""
    scores = {
        v: aer_of_maps([s.views[v] for s in sentences], golds)
        for v in VIEWS
        if sentences and all(v in s.views for s in sentences)
    }
    if heads and sentences:
        L, H = sentences[0].cross.shape[:2]
        scores["layers"] = [aer_of_maps([s.cross[layer].mean(0) for s in sentences], golds) for layer in range(L)]
        scores["heads"] = [
            [aer_of_maps([s.cross[layer, h] for s in sentences], golds) for h in range(H)] for layer in range(L)
        ]
    return ViewsAER(n=len(sentences), **scores)


def views_aer(m: LoadedModel, examples: list[Example], progress: bool = False) -> ViewsAER | None:
    """The AER of each view over the examples that carry a gold alignment; None when none does or the model has
    no attention (no map to read)."""
    aligned = [e for e in examples if e.meta.get("alignment")]
    if not aligned or not m.model.uses_attention:
        return None
    sentences = [
        sentence_views(m, e.source, e.target)
        for e in tqdm(aligned, desc=f"views {m.name}", disable=not progress, file=sys.stderr, leave=False)
    ]
    has_heads = attention_modules(m.model, "cross") is not None  # a Transformer's or GPT's, not a GRU's one map
    return aer_by_view(sentences, [e.meta["alignment"] for e in aligned], heads=has_heads)


def format_views(name: str, scores: ViewsAER) -> str:
    """A markdown row of the views' AER (— where the model has no such view)."""
    cells = [f"{scores.view(v):.3f}" if scores.view(v) is not None else "—" for v in VIEWS]
    return f"| {name} | {' | '.join(cells)} |"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pack", default="en-fr")
    p.add_argument("--models", nargs="+", default=None, help="default: every model of the pack that attends")
    p.add_argument("-n", type=int, default=None, help="only the first n test sentences that carry a gold alignment")
    p.add_argument("--write", action="store_true", help='set "aer_by_view" in each model\'s eval.json')
    args = p.parse_args(argv)
    try:
        pack = load_pack(PRETRAINED / args.pack)
    except PackError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    examples = [e for e in pack.test if e.meta.get("alignment")][: args.n]
    if not examples:
        print(f"error: no test sentence of {args.pack} carries a gold alignment", file=sys.stderr)
        return 2
    names = args.models or [n for n, lm in pack.models.items() if lm.uses_attention]
    print(f"AER on {len(examples)} {args.pack} test sentences (lower is better)")
    print(f"| model | {' | '.join(VIEWS)} |")
    print(f"|---|{'---|' * len(VIEWS)}")
    for name in names:
        lm = pack.models[name]
        scores = views_aer(lm, examples, progress=True)
        if scores is None:
            continue
        print(format_views(name, scores))
        for layer, (mean, heads) in enumerate(zip(scores.layers, scores.heads, strict=True), start=1):
            print(f"|   layer {layer}: mean {mean:.3f}, heads " + " ".join(f"{a:.3f}" for a in heads))
        if args.write:
            if lm.evaluation is None:
                print(f"skipped writing {name}: it has no eval.json", file=sys.stderr)
                continue
            evaluation = dataclasses.replace(lm.evaluation, aer_by_view=scores)
            write_json(pack.path / name / "eval.json", evaluation.to_dict())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
