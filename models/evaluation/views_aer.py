"""How well each view of the attention map aligns words: the alignment error rate (AER, evaluate.py's) of each
view's argmax per reference word against the gold alignments that en-fr and en-ko test examples carry.

The views (models/net/views.py, the Attention page's section): raw weights α_ij, value-weighted ‖α_ij f(x_j)‖,
rollout (stacks only) and the gradient ‖∂ log p(y_i) / ∂ embed(x_j)‖, each read while feeding the reference
(teacher forcing), so row i is the step that predicts reference token i, as the gold links count it.

    python -m models.evaluation.views_aer --pack en-fr --models dot general additive -n 100
"""

from __future__ import annotations

import argparse

import numpy as np

from models.evaluation.evaluate import alignment_counts, alignment_error_rate
from models.net.decoding import forced_trace
from models.net.gradients import gradient_norms
from models.net.views import output_views
from models.packs.data import Example
from models.packs.pack import PRETRAINED, LoadedModel, load_pack

VIEWS = ("raw", "value-weighted", "rollout", "gradient")


def view_maps(m: LoadedModel, source: str, target: str) -> dict[str, np.ndarray]:
    """Each view's (reference tokens, source tokens) map of one example (rollout only where the model has one)."""
    src_ids = m.src_vocab.encode_text(source, m.model.config.max_source_len)
    tgt_ids = m.tgt_vocab.encode_text(target)
    trace = forced_trace(m.model, m.src_vocab, m.tgt_vocab, source, tgt_ids)
    views = output_views(m.model, trace)  # the last layer, mean of the heads (a GRU's one map)
    (gradient,) = gradient_norms(m.model, [(src_ids, tgt_ids)])
    maps = {"raw": views.raw, "value-weighted": views.value_weighted, "rollout": views.rollout, "gradient": gradient}
    return {k: z[: len(tgt_ids), : len(src_ids)] for k, z in maps.items() if z is not None}


def aer_of_maps(maps: list[np.ndarray], golds: list[list[list[int]]]) -> float | None:
    """AER of each map's argmax per row against its gold links (source index, target index), over the corpus."""
    return alignment_error_rate([alignment_counts(z, g) for z, g in zip(maps, golds, strict=True)])


def views_aer(m: LoadedModel, examples: list[Example]) -> dict[str, float | None]:
    """The AER of each view over the examples that carry a gold alignment."""
    aligned = [e for e in examples if e.meta.get("alignment")]
    per_view: dict[str, list[np.ndarray]] = {v: [] for v in VIEWS}
    for e in aligned:
        for k, z in view_maps(m, e.source, e.target).items():
            per_view[k].append(z)
    golds = [e.meta["alignment"] for e in aligned]
    return {k: aer_of_maps(zs, golds) for k, zs in per_view.items() if len(zs) == len(aligned) and zs}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pack", default="en-fr")
    p.add_argument("--models", nargs="+", default=["dot", "general", "additive"])
    p.add_argument("-n", type=int, default=100, help="the first n test sentences that carry a gold alignment")
    args = p.parse_args()
    pack = load_pack(PRETRAINED / args.pack)
    examples = [e for e in pack.test if e.meta.get("alignment")][: args.n]
    print(f"AER on {len(examples)} {args.pack} test sentences (lower is better)")
    print(f"| model | {' | '.join(VIEWS)} |")
    print(f"|---|{'---|' * len(VIEWS)}")
    for name in args.models:
        scores = views_aer(pack.model(name), examples)
        cells = [f"{scores[v]:.3f}" if scores.get(v) is not None else "—" for v in VIEWS]
        print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
