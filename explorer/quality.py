"""What the Quality page computes: one sentence's scores (the star) and a fresh evaluation on a sample."""

from __future__ import annotations

import random
from collections.abc import Callable

import pandas as pd

from explorer.cache import get_trace, test_example
from models.evaluation.evaluate import evaluate_models, evaluate_outputs
from models.evaluation.metrics import STANDARD
from models.net.decoding import InputError
from models.packs.data import bucket_of
from models.packs.pack import Pack, PackError
from models.text.vocab import EOS


def sentence_scores(pack: Pack, models: list[str], sentence: str) -> pd.DataFrame | None:
    """Each model's scores on one test sentence, in its length bucket (a star on the chart); None when the
    sentence is not in the test split (no reference to score against)."""
    example = test_example(pack.name, sentence)
    if example is None:
        return None
    edges, rows = pack.task.length_edges, []
    for m in models:
        try:
            trace = get_trace(pack.name, m, sentence)
        except (PackError, InputError):
            continue
        # scored in the form of test.json's references (Korean particles bound by U+2060), as eval.json is
        tokens = [t for t in trace.output_tokens if t != EOS]
        single = evaluate_outputs([pack.models[m].tgt_vocab.detokenize(tokens)], [example], edges, pack.models[m])
        bucket = bucket_of(len(trace.source_tokens), edges)
        rows.append({"model": m, "bucket": bucket, **{k: single.overall.metric(k) for k in STANDARD}})
    return pd.DataFrame(rows)


SAMPLE_SIZES = (100, 300, 1000, 3000)
# The slider opens on the largest sample whose sources add up to at most this many source-length units (tokens;
# words for subword text): 1,000 sentences of dates or numbers, en-fr's whole 600, 300 of the Bible's verses.
SAMPLE_BUDGET = 20_000


def default_sample_size(pack: Pack) -> int:
    """What "recompute now" samples unless the reader picks another size: a few seconds with every model."""
    if not pack.test:
        return SAMPLE_SIZES[0]
    mean = sum(e.src_len for e in pack.test) / len(pack.test)
    best = SAMPLE_SIZES[0]
    for n in SAMPLE_SIZES:
        if min(n, len(pack.test)) * mean > SAMPLE_BUDGET:
            break
        best = n
        if n >= len(pack.test):  # the whole test split: a larger sample is the same sample
            break
    return best


def recompute(pack: Pack, n: int, on_scored: Callable[[int, str], None] | None = None) -> dict:
    """Every model of the pack on `n` test sentences sampled with a fixed seed: {"n", "evaluations"}."""
    sample = random.Random(0).sample(pack.test, min(n, len(pack.test)))
    return {"n": len(sample), "evaluations": evaluate_models(pack.models, sample, pack.task.length_edges, on_scored)}
