"""Your own corpus: a tab-separated parallel file (Tatoeba / manythings format) turned into splits.

Each line is `source<TAB>target[<TAB>anything]`. Lines that are not valid UTF-8, have no tab, or have an
empty side are counted and skipped; so are pairs longer than the length limit and exact duplicates.
`check_corpus` then warns about a corpus that looks wrong as a whole (columns swapped, both sides the same),
and `split_corpus` refuses one too small to train on.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from models.packs.data import Example, Splits, bucket_of
from models.text.textnorm import normalize
from models.text.tokenize import tokenizer

MIN_PAIRS = 100  # fewer usable pairs cannot fill a training, a validation and a test split worth the name
LANGUAGES_FILE = Path(__file__).resolve().parent / "languages.json"


class CorpusError(ValueError):
    """The corpus cannot be trained on; the message says why, for a person."""


@dataclass
class CorpusReport:
    lines: int = 0
    kept: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())) or "none"
        return f"{self.lines} lines read, {self.kept} pairs kept; skipped: {reasons}"

    def to_dict(self) -> dict:
        return {"lines": self.lines, "kept": self.kept, "skipped": dict(self.skipped), "warnings": self.warnings}


def length_function(tokenization: str):
    """How a pair's length is counted: in the tokenizer's tokens, or in words (split at spaces) for subword
    text, whose pieces depend on a tokenizer trained later, on the training split."""
    return str.split if tokenization == "subword" else tokenizer(tokenization)


def read_corpus(
    path: Path,
    src_tokenization: str = "word",
    tgt_tokenization: str = "word",
    max_len: int = 40,
    lowercase: bool = False,
) -> tuple[list[Example], CorpusReport]:
    report = CorpusReport()
    src_tok, tgt_tok = length_function(src_tokenization), length_function(tgt_tokenization)
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
            if lowercase:
                source, target = source.lower(), target.lower()
            if not source or not target:
                report.skipped["empty side"] += 1
                continue
            src_tokens = src_tok(source)
            if len(src_tokens) > max_len or len(tgt_tok(target)) > max_len:
                unit = "words" if src_tokenization == "subword" else "tokens"
                report.skipped[f"longer than {max_len} {unit}"] += 1
                continue
            if source in seen:
                report.skipped["duplicate source"] += 1
                continue
            seen.add(source)
            examples.append(Example(source, target, len(src_tokens)))
    report.kept = len(examples)
    return examples, report


@cache
def _languages() -> dict[str, dict]:
    return {k: v for k, v in json.loads(LANGUAGES_FILE.read_text("utf-8")).items() if not k.startswith("_")}


def language_score(texts: list[str], lang: str) -> float | None:
    """How much `texts` look like language `lang`, 0 to 1: the share of its letters in the language's script,
    times (for a Latin-script language) the share of its words among the language's most common words.
    None when models/packs/languages.json does not know the language."""
    info = _languages().get(lang.lower().split("-")[0])
    if info is None:
        return None
    scripts = tuple(info["script"].split())
    letters = [c for text in texts for c in text if c.isalpha()]
    in_script = sum(unicodedata.name(c, "").startswith(scripts) for c in letters) / max(len(letters), 1)
    if "words" not in info:
        return in_script
    common = set(info["words"])
    words = [w.strip(".,;:!?¡¿\"'()«»“”‘’").lower() for text in texts for w in text.split()]
    return in_script * sum(w in common for w in words) / max(len(words), 1)


def check_corpus(examples: list[Example], src_lang: str, tgt_lang: str, sample: int = 2000) -> list[str]:
    """Warnings about the corpus as a whole (the training still runs): columns that look swapped, judged by
    the declared languages' scripts and most common words (models/packs/languages.json; a language it does not
    know is not judged), and sides that are mostly the same text."""
    warnings = []
    pairs = examples[:sample]
    if not pairs:
        return warnings
    same = sum(e.source.casefold() == e.target.casefold() for e in pairs) / len(pairs)
    if same > 0.5:
        warnings.append(
            f"{same:.0%} of the pairs have the same text on both sides: is the target column a copy of the source?"
        )
    sources, targets = [e.source for e in pairs], [e.target for e in pairs]
    scores = [language_score(texts, lang) for texts in (sources, targets) for lang in (src_lang, tgt_lang)]
    if src_lang.lower() != tgt_lang.lower() and None not in scores:
        src_as_src, src_as_tgt, tgt_as_src, tgt_as_tgt = scores
        if src_as_tgt > src_as_src and tgt_as_src > tgt_as_tgt:
            warnings.append(
                f"the columns look swapped: the first column reads more like {tgt_lang!r} and the second more "
                f"like {src_lang!r} (common words and scripts of each language). The first column is the source: "
                f"swap the columns, or --src-lang and --tgt-lang, if that is not what you meant."
            )
    return warnings


def split_corpus(
    examples: list[Example],
    seed: int = 0,
    test_fraction: float = 0.1,
    valid_fraction: float = 0.05,
    train_max_len: int | None = None,
    test_per_bucket: int | None = None,
    edges: list[int] | None = None,
) -> Splits:
    """Shuffle under the seed and cut. Sources are unique, so no test source is in train.

    With `test_per_bucket` (and the length buckets `edges`), the test split takes up to that many examples of
    every length bucket instead of a fraction of the whole, so long sentences are measured even when they are
    rare. With `train_max_len`, training and validation keep only sources of at most that length: longer ones
    are only tested (what the model never saw at training time).
    """
    if len(examples) < MIN_PAIRS:
        raise CorpusError(
            f"only {len(examples)} usable pairs: need at least {MIN_PAIRS} to train and hold out validation and "
            "test pairs (a model learns little from fewer; see the skipped lines above)"
        )
    shuffled = examples[:]
    random.Random(seed).shuffle(shuffled)
    if test_per_bucket:
        if not edges:
            raise ValueError("test_per_bucket needs the length buckets (edges)")
        taken: Counter = Counter()
        test, rest = [], []
        for e in shuffled:
            bucket = bucket_of(e.src_len, edges)
            (test if taken[bucket] < test_per_bucket else rest).append(e)
            taken[bucket] += 1
    else:
        n_test = max(1, min(2000, round(len(shuffled) * test_fraction)))
        test, rest = shuffled[:n_test], shuffled[n_test:]
    if train_max_len is not None:
        rest = [e for e in rest if e.src_len <= train_max_len]
    n_valid = max(1, min(1000, round(len(rest) * valid_fraction)))
    if len(rest) - n_valid < MIN_PAIRS // 2:
        raise CorpusError(
            f"only {max(len(rest) - n_valid, 0)} pairs are left to train on after the test and validation splits "
            f"(test {len(test)}, validation {n_valid}): use a smaller --test-per-bucket or a larger --train-max-len"
        )
    return Splits(train=rest[n_valid:], valid=rest[:n_valid], test=test)


def length_edges_for(examples: list[Example]) -> list[int]:
    """Length buckets of width 5 or 10 tokens that cover the corpus."""
    longest = max(e.src_len for e in examples)
    width = 5 if longest <= 30 else 10
    return list(range(1, longest + 1, width))


def length_histogram(examples: list[Example], width: int = 5) -> dict:
    """Source lengths of `examples` in bins of `width` (tokens of the pack's length unit), for the Data panel:
    {"width": w, "counts": [n of lengths 1..w, n of w+1..2w, ...]}."""
    counts: Counter = Counter((max(e.src_len, 1) - 1) // width for e in examples)
    top = max(counts, default=-1)
    return {"width": width, "counts": [counts.get(i, 0) for i in range(top + 1)]}
