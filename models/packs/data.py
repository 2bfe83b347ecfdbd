"""Examples, splits and length buckets shared by every task pack."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Example:
    """One parallel pair. `src_len` is the source length in tokens of the task's tokenizer."""

    source: str
    target: str
    src_len: int
    meta: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Splits:
    train: list[Example]
    valid: list[Example]
    test: list[Example]

    def sizes(self) -> dict[str, int]:
        return {"train": len(self.train), "valid": len(self.valid), "test": len(self.test)}


def bucket_label(lo: int, hi: int | None) -> str:
    return f"{lo}+" if hi is None else f"{lo}-{hi}"


def bucket_of(length: int, edges: list[int]) -> str:
    """Label of the length bucket holding `length`.

    `edges` are inclusive lower bounds, ascending: [1, 11, 21] gives buckets 1-10, 11-20, 21+.
    """
    if length < edges[0]:
        return bucket_label(edges[0], edges[1] - 1 if len(edges) > 1 else None)
    for lo, nxt in zip(edges, [*edges[1:], None], strict=True):
        if nxt is None or length < nxt:
            return bucket_label(lo, None if nxt is None else nxt - 1)
    raise AssertionError("unreachable")


def bucket_labels(edges: list[int]) -> list[str]:
    return [
        bucket_label(lo, None if nxt is None else nxt - 1) for lo, nxt in zip(edges, [*edges[1:], None], strict=True)
    ]


def save_examples(path: Path, examples: list[Example]) -> None:
    path.write_text(
        json.dumps([asdict(e) for e in examples], ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )


def load_examples(path: Path) -> list[Example]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a JSON list of examples")
    out = []
    for i, item in enumerate(raw):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("source"), str)
            or not isinstance(item.get("target"), str)
        ):
            raise ValueError(f"{path}: example {i} is not an object with string 'source' and 'target'")
        out.append(Example(item["source"], item["target"], int(item.get("src_len", 0)), dict(item.get("meta") or {})))
    return out
