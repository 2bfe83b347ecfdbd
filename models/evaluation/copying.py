"""How well a model copies: of the reference words that only copying can write (words of the source that the
target vocabulary lacks: the names and places of a pack's names split), the share the output writes where the
reference has them.

"Where the reference has them": the output and the reference tokens are matched by their longest common blocks
(difflib, as the What-if page marks changed tokens), and a reference word counts as written when it falls in a
matched block. A name written at the wrong place, or a sentence that drops it, does not count; the word written
twice does not count twice. The issue's bar for the copy models of en-fr and en-ko is a rate of 0.95 on the names
split, overall and in every length bucket.
"""

from __future__ import annotations

import difflib

from models.packs.data import Example, bucket_labels, bucket_of
from models.text.vocab import Vocab


def copy_words(example: Example, src_vocab: Vocab, tgt_vocab: Vocab) -> list[int]:
    """The positions of the reference's tokens that only copying can write: unknown to the target vocabulary and
    present in the source."""
    source = set(src_vocab.tokenize(example.source))
    ref = tgt_vocab.tokenize(example.target)
    return [i for i, t in enumerate(ref) if not tgt_vocab.is_known(t) and t in source]


def written(output: list[str], reference: list[str], positions: list[int]) -> int:
    """How many of the reference tokens at `positions` the output writes where the reference has them."""
    matched = set()
    for block in difflib.SequenceMatcher(a=reference, b=output, autojunk=False).get_matching_blocks():
        matched.update(range(block.a, block.a + block.size))
    return sum(i in matched for i in positions)


def copy_rate(
    outputs: list[list[str]], examples: list[Example], src_vocab: Vocab, tgt_vocab: Vocab, edges: list[int]
) -> dict:
    """The copy score of greedy `outputs` (tokens) on `examples`: {"overall": {"n", "written", "rate"}, "buckets":
    {label: the same}}, n counting the reference words to copy; rate None where there are none. eval.json's "copy"."""
    counts = {label: [0, 0] for label in bucket_labels(edges)}
    for output, ex in zip(outputs, examples, strict=True):
        positions = copy_words(ex, src_vocab, tgt_vocab)
        if not positions:
            continue
        bucket = counts[bucket_of(ex.src_len, edges)]
        bucket[0] += len(positions)
        bucket[1] += written(output, tgt_vocab.tokenize(ex.target), positions)

    def score(n: int, hits: int) -> dict:
        return {"n": n, "written": hits, "rate": round(hits / n, 4) if n else None}

    total = [sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())]
    return {"overall": score(*total), "buckets": {label: score(*c) for label, c in counts.items()}}
