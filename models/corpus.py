"""Your own corpus: a tab-separated parallel file (Tatoeba / manythings format) turned into splits.

Each line is `source<TAB>target[<TAB>anything]`. Lines that are not valid UTF-8, have no tab, or have an
empty side are counted and skipped; so are pairs longer than the length limit and exact duplicates.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from models.data import Example, Splits
from models.textnorm import normalize
from models.tokenize import tokenizer


@dataclass
class CorpusReport:
    lines: int = 0
    kept: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count

    def summary(self) -> str:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())) or "none"
        return f"{self.lines} lines read, {self.kept} pairs kept; skipped: {reasons}"


def read_corpus(
    path: Path,
    src_tokenization: str = "word",
    tgt_tokenization: str = "word",
    max_len: int = 40,
) -> tuple[list[Example], CorpusReport]:
    report = CorpusReport()
    src_tok, tgt_tok = tokenizer(src_tokenization), tokenizer(tgt_tokenization)
    seen: set[str] = set()
    examples = []
    with open(path, "rb") as f:
        for raw in f:
            report.lines += 1
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                report.skipped["invalid UTF-8"] += 1
                continue
            if not line.strip():
                report.skipped["blank"] += 1
                continue
            if "\t" not in line:
                report.skipped["no tab"] += 1
                continue
            source, target = (normalize(part) for part in line.split("\t")[:2])
            if not source or not target:
                report.skipped["empty side"] += 1
                continue
            src_tokens = src_tok(source)
            if len(src_tokens) > max_len or len(tgt_tok(target)) > max_len:
                report.skipped[f"longer than {max_len} tokens"] += 1
                continue
            if source in seen:
                report.skipped["duplicate source"] += 1
                continue
            seen.add(source)
            examples.append(Example(source, target, len(src_tokens)))
    report.kept = len(examples)
    return examples, report


def split_corpus(
    examples: list[Example], seed: int = 0, test_fraction: float = 0.1, valid_fraction: float = 0.05
) -> Splits:
    """Shuffle under the seed and cut. Sources are unique, so no test source is in train."""
    if len(examples) < 20:
        raise ValueError(f"only {len(examples)} usable pairs: need at least 20 to train and test")
    shuffled = examples[:]
    random.Random(seed).shuffle(shuffled)
    n_test = max(1, min(2000, round(len(shuffled) * test_fraction)))
    n_valid = max(1, min(1000, round(len(shuffled) * valid_fraction)))
    test, valid, train = shuffled[:n_test], shuffled[n_test : n_test + n_valid], shuffled[n_test + n_valid :]
    return Splits(train=train, valid=valid, test=test)


def length_edges_for(examples: list[Example]) -> list[int]:
    """Length buckets of width 5 or 10 tokens that cover the corpus."""
    longest = max(e.src_len for e in examples)
    width = 5 if longest <= 30 else 10
    return list(range(1, longest + 1, width))
