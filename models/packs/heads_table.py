"""A model's precomputed head-removal table, heads.json beside its weights (written by models.evaluation.heads).

    {"sample": 300, "bleu": 100.0, "exact": 1.0,
     "heads": [{"site": "decoder_self", "layer": 0, "head": 0, "bleu": 69.12, "exact": 0.06, "bleu_lost": 30.88}, ...]}

Each head was removed alone (its context zeroed before W_O) and the first `sample` test sentences decoded again;
the rows are ranked by the BLEU lost. Layers and heads count from 0, as models.net.views names them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from models.messages import N_
from models.packs.pack import PackError

HEAD_TABLE_FILE = "heads.json"  # models.evaluation.heads HEADS_FILE


@dataclass(frozen=True)
class RemovedHead:
    site: str
    layer: int
    head: int
    bleu: float
    exact: float
    bleu_lost: float  # the model's own BLEU on the sample minus `bleu`


@dataclass(frozen=True)
class HeadTable:
    sample: int  # test sentences scored
    bleu: float  # the model's own BLEU on them
    exact: float
    heads: tuple[RemovedHead, ...]  # most BLEU lost first


def read_head_table(model_dir: Path) -> HeadTable | None:
    """The model's heads.json, or None when it has none. Raises PackError naming the file when it is unreadable
    or not such a table."""
    path = Path(model_dir) / HEAD_TABLE_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PackError(N_("{path}: not readable JSON ({problem})"), path=path, problem=e) from e
    try:
        heads = tuple(
            RemovedHead(
                str(r["site"]),
                _count(r["layer"]),
                _count(r["head"]),
                _score(r["bleu"]),
                _score(r["exact"]),
                _score(r["bleu_lost"]),
            )
            for r in data["heads"]
        )
        ranked = tuple(sorted(heads, key=lambda r: -r.bleu_lost))
        return HeadTable(_count(data["sample"]), _score(data["bleu"]), _score(data["exact"]), ranked)
    except (KeyError, TypeError, ValueError) as e:
        raise PackError(N_("{path}: not a head-removal table ({problem})"), path=path, problem=e) from e


def _count(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} is not a count")
    return value


def _score(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{value!r} is not a number")
    return float(value)
