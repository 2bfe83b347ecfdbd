"""The alignment error rate of an attention map's argmax against gold word alignments (Och & Ney 2003, every gold
link counted as sure): eval.json's AER (evaluate.py) and the AER of each view (views_aer.py)."""

from __future__ import annotations


def alignment_counts(weights, gold: list[list[int]]) -> tuple[int, int, int]:
    """(|A ∩ G|, |A|, |G|) for A = argmax attention of each reference token, G = the gold alignment.

    A holds one link per target token i: (argmax_j c_ij, i). Links are (source index, target index).
    """
    predicted = {(int(j), i) for i, j in enumerate(weights.argmax(axis=1))}
    gold_links = {(int(a), int(b)) for a, b in gold}
    return len(predicted & gold_links), len(predicted), len(gold_links)


def alignment_error_rate(counts: list[tuple[int, int, int]]) -> float | None:
    """AER = 1 - 2|A ∩ G| / (|A| + |G|) over a corpus (every gold link counted as sure)."""
    hit, a, g = (sum(c[k] for c in counts) for k in range(3))
    return None if a + g == 0 else round(1 - 2 * hit / (a + g), 5)
