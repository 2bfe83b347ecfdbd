"""Typed records of a pack's JSON files: `Task` (task.json), `History` (a model's history.json) and `Evaluation`
(a model's eval.json), read by models/packs/pack.py and written by training and evaluation.

`from_dict` checks the type of every key the code reads and raises a `PackError` naming the file and the key;
keys the code does not read are kept as they are (`extra`). Attribute names are the JSON keys. `to_dict` gives
the file's object back: the keys it had, in its order, so a file read and written again is byte for byte the
same (tests/test_records.py rewrites every shipped file). A key the file did not have is written only when its
value differs from the default.

A few keys of task.json are read leniently on purpose, as before these records: the data card's (`data`,
`sizes`, `length_histogram`, `corpus_report`, `subword`, `source`: anything malformed reads as "not stated",
models/packs/datacard.py) and `input` (junk reads as no rules, models/text/userinput.py). They are kept as read, untyped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

from models.evaluation.metrics import METRICS
from models.messages import N_, Problem


class PackError(Problem):
    """A pack or model on disk is missing, unreadable or inconsistent. The message names the file."""


Reader = Callable[[Any, Path | str, str], Any]  # (value as read, file, key path) -> typed value, or PackError


def _wrong(path: Path | str, key: str, expected: str) -> PackError:
    return PackError(N_("{path}: {key} should be {expected}"), path=path, key=key, expected=expected)


def _is_int(v) -> bool:
    return type(v) is int  # (JSON gives exactly int; not bool)


def _is_number(v) -> bool:
    return type(v) in _NUMBER_TYPES


_NUMBER_TYPES = frozenset((int, float))


def _checked(check: Callable[[Any], bool], expected: str) -> Reader:
    def read(value, path, key):
        if not check(value):
            raise _wrong(path, key, expected)
        return value

    return read


def _list_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, list) and all(map(check, v))


STR = _checked(lambda v: isinstance(v, str), "str")
INT = _checked(_is_int, "int")
NUMBER = _checked(_is_number, "a number")
OPTIONAL_STR = _checked(lambda v: v is None or isinstance(v, str), "str or null")
OPTIONAL_NUMBER = _checked(lambda v: v is None or _is_number(v), "a number or null")
OPTIONAL_NUMBERS = _checked(_list_of(lambda v: v is None or _is_number(v)), "a list of numbers or null")
OPTIONAL_NUMBER_ROWS = _checked(
    _list_of(_list_of(lambda v: v is None or _is_number(v))), "a list of lists of numbers or null"
)
_is_str_list = _list_of(lambda v: isinstance(v, str))
STR_LIST = _checked(_is_str_list, "list[str]")
EDGES = _checked(lambda v: _list_of(_is_int)(v) and len(v) > 0, "a non-empty list[int]")
OBJECT = _checked(lambda v: isinstance(v, dict), "a JSON object")
AS_READ: Reader = lambda value, path, key: value  # noqa: E731  (read leniently where it is used)


def _records(cls: type[_Record]) -> Reader:
    def read(value, path, key):
        if not isinstance(value, list):
            raise _wrong(path, key, "a list")
        return [cls.from_dict(v, path, f"{key}[{i}]") for i, v in enumerate(value)]

    return read


def _record_map(cls: type[_Record]) -> Reader:
    def read(value, path, key):
        if not isinstance(value, dict):
            raise _wrong(path, key, "a JSON object")
        return {k: cls.from_dict(v, path, f"{key}.{k}") for k, v in value.items()}

    return read


def _record(cls: type[_Record]) -> Reader:
    return lambda value, path, key: cls.from_dict(value, path, key)


def _dump(value):
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, kw_only=True)
class _Record:
    """A JSON object with typed keys (`KEYS`: key -> reader; the attribute of the same name holds it)."""

    FILE: ClassVar[str] = ""  # the file named in errors when the caller gives no path
    KEYS: ClassVar[dict[str, Reader]] = {}

    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # keys the code does not read, as read
    order: tuple[str, ...] = field(default=(), repr=False, compare=False)  # the object's keys as read, in order

    @classmethod
    def from_dict(cls, data, path: Path | str | None = None, key: str = ""):
        """The record of `data`; PackError naming `path` (default: the file's usual name) and the key when a key
        the code reads has the wrong type, or a required key is missing."""
        path = cls.FILE if path is None else path
        if not isinstance(data, dict):
            if key:
                raise _wrong(path, key, "a JSON object")
            raise PackError(N_("{path}: expected a JSON object"), path=path)
        values = {}
        for name, read in cls.KEYS.items():
            if name in data:
                values[name] = read(data[name], path, f"{key}.{name}" if key else name)
        for f in fields(cls):
            if f.name in cls.KEYS and f.name not in data and f.default is MISSING and f.default_factory is MISSING:
                raise PackError(N_("{path}: {key} is missing"), path=path, key=f"{key}.{f.name}" if key else f.name)
        extra = {k: v for k, v in data.items() if k not in cls.KEYS}
        return cls(**values, extra=extra, order=tuple(data))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: the keys read, in their order, then any typed key set to more than its default."""
        added = [f.name for f in fields(self) if f.name in self.KEYS and f.name not in self.order and self._set(f)]
        added += [k for k in self.extra if k not in self.order]
        return {k: _dump(getattr(self, k)) if k in self.KEYS else self.extra[k] for k in (*self.order, *added)}

    def _set(self, f) -> bool:
        value = getattr(self, f.name)
        if f.default is not MISSING:
            return value != f.default
        if f.default_factory is not MISSING:
            return value != f.default_factory()
        return True  # a required key


# --- task.json -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Task(_Record):
    """A pack's task.json: what the pack is, its length buckets, its example sentences, its tokenization."""

    FILE: ClassVar[str] = "task.json"

    title: str = ""
    description: str = ""  # what the pack is, in a paragraph (the app's Data panel)
    name: str | None = None  # the task's name in models/tasks (a generated pack)
    length_edges: list[int] = field(default_factory=lambda: [1])  # inclusive lower bounds of the length buckets
    examples: list[str] = field(default_factory=list)  # hand-picked sentences, short to long
    default_example: int = 0  # the index of the example a session opens with
    example_languages: list[str] | None = None  # one language code per example (dates, numbers)
    src_tokenization: str = ""
    tgt_tokenization: str = ""
    lexicon: dict[str, list[str]] = field(default_factory=dict)  # part of speech -> the words the pack knows
    train_config: dict[str, Any] = field(default_factory=dict)  # the flat training settings (models.training.config)
    # Read leniently where they are used (models/text/userinput.py, models/packs/datacard.py): kept as read.
    input: Any = None
    source: Any = None
    data: Any = None
    sizes: Any = None
    length_histogram: Any = None
    corpus_report: Any = None
    subword: Any = None

    KEYS: ClassVar[dict[str, Reader]] = {
        "title": STR,
        "description": STR,
        "name": OPTIONAL_STR,
        "length_edges": EDGES,
        "examples": STR_LIST,
        "default_example": INT,
        "example_languages": _checked(lambda v: v is None or _is_str_list(v), "list[str]"),
        "src_tokenization": STR,
        "tgt_tokenization": STR,
        "lexicon": _checked(
            lambda v: isinstance(v, dict) and all(_is_str_list(w) for w in v.values()),
            "a JSON object of list[str]",
        ),
        "train_config": OBJECT,
        **dict.fromkeys(("input", "source", "data", "sizes", "length_histogram", "corpus_report", "subword"), AS_READ),
    }


# --- history.json ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Probe(_Record):
    """One probe sentence decoded at a snapshot: its greedy output and attention weights (None without attention)."""

    source: str
    source_tokens: list[str]
    output_tokens: list[str]
    # the cross map, (layers, heads, output steps, source tokens); history.json files written before attention maps
    # hold the GRU's (output steps, source tokens), one layer of one head: both read, and are written back as read
    weights: list | None = None

    KEYS: ClassVar[dict[str, Reader]] = {
        "source": STR,
        "source_tokens": STR_LIST,
        "output_tokens": STR_LIST,
        "weights": lambda value, path, key: _map_weights(value, path, key),
    }

    @property
    def weights_4d(self) -> list | None:
        """(layers, heads, output steps, source tokens), whichever form the file has."""
        if self.weights is None or _is_4d(self.weights):
            return self.weights
        return [[self.weights]]

    def weights_2d(self, layer: int = -1, head: int | None = None) -> list[list[float]] | None:
        """(output steps, source tokens): one head of one layer, or (head=None) the mean of the layer's heads."""
        if self.weights is None:
            return None
        heads = self.weights_4d[layer]
        if head is not None:
            return heads[head]
        return [[sum(col) / len(heads) for col in zip(*rows, strict=True)] for rows in zip(*heads, strict=True)]


_is_matrix = _list_of(_list_of(_is_number))
_is_4d = _list_of(_list_of(_is_matrix))


def _map_weights(value, path, key) -> list | None:
    if value is None or (_is_4d(value) and value and value[0]) or _is_matrix(value):
        return value
    raise _wrong(path, key, "(layers, heads, steps, source) or (steps, source) numbers, or null")


@dataclass(frozen=True, kw_only=True)
class Snapshot(_Record):
    """The probe sentences at one moment of training."""

    step: int
    epoch: float
    probes: list[Probe]

    KEYS: ClassVar[dict[str, Reader]] = {"step": INT, "epoch": NUMBER, "probes": _records(Probe)}


def _points(*widths: int) -> Reader:
    """[[step, value, ...], ...]: an int step then `width - 1` numbers per point, for one of `widths`."""
    expected = " or ".join(f"[step, {', '.join(['number'] * (w - 1))}]" for w in widths)
    return _checked(
        lambda v: (
            isinstance(v, list)
            and all(
                isinstance(p, list) and len(p) in widths and _is_int(p[0]) and all(map(_is_number, p[1:])) for p in v
            )
        ),
        f"a list of {expected}",
    )


@dataclass(frozen=True, kw_only=True)
class History(_Record):
    """A model's history.json: how its training went (models/training/loop.py writes it)."""

    FILE: ClassVar[str] = "history.json"

    parameters: int | None = None
    train_config: dict[str, Any] = field(default_factory=dict)  # the flat training settings (models.training.config)
    loss: list[list[float]] = field(default_factory=list)  # [step, mean training loss over the last log_every]
    # [step, validation loss, validation exact match, validation chrF]; files written before chrF was measured
    # have no chrF (and kept the epoch of the best validation loss): both read, and are written back as read
    valid: list[list[float]] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)  # step 0 first
    best_epoch: int | None = None  # epochs=auto: the epoch whose weights were kept
    best_valid_chrf: float | None = None  # epochs=auto: its validation chrF, the best of the run
    stopped: str | None = None  # which rule stopped the run ("epochs", "patience", "time budget", "max epochs")
    epochs_run: float | None = None
    train_seconds: float = 0
    tokens_per_second: int = 0

    KEYS: ClassVar[dict[str, Reader]] = {
        "parameters": INT,
        "train_config": OBJECT,
        "loss": _points(2),
        "valid": _points(3, 4),
        "snapshots": _records(Snapshot),
        "best_epoch": INT,
        "best_valid_chrf": NUMBER,
        "stopped": STR,
        "epochs_run": NUMBER,
        "train_seconds": NUMBER,
        "tokens_per_second": INT,
    }

    def probe_sources(self) -> list[str]:
        """The probe sentences the snapshots decode (those of the first snapshot; every snapshot has the same)."""
        return [p.source for p in self.snapshots[0].probes] if self.snapshots else []

    def align_weight(self) -> float:
        """The weight of the guided-alignment term the model trained with (models.training.alignment), 0 when
        its attention learned from the translation loss alone. A model without attention ignores the setting."""
        weight = self.train_config.get("align_weight", 0)
        return float(weight) if _is_number(weight) else 0.0

    def loss_curve(self) -> tuple[tuple[int, ...], tuple[float, ...]]:
        """(steps, training losses), for a line."""
        return tuple(zip(*self.loss, strict=True)) if self.loss else ((), ())  # type: ignore[return-value]

    def chrf_curve(self) -> tuple[tuple[int, ...], tuple[float, ...]]:
        """(steps, validation chrF) of the validations that measured it, for a line; empty in older files."""
        points = [(p[0], p[3]) for p in self.valid if len(p) == 4]
        return tuple(zip(*points, strict=True)) if points else ((), ())  # type: ignore[return-value]

    def kept_point(self) -> tuple[int, float] | None:
        """(step, validation chrF) of the epoch an epochs=auto run kept on its chrF, or None (fixed epochs keep the
        last weights; older files kept the best loss's). An auto run validates once per epoch: row best_epoch."""
        if not self.kept_on_chrf or not self.best_epoch or len(self.valid) < self.best_epoch:
            return None
        row = self.valid[self.best_epoch - 1]
        return (row[0], row[3]) if len(row) == 4 else None

    @property
    def kept_on_chrf(self) -> bool:
        """Whether an epochs=auto run kept the epoch of the best validation chrF (files written before kept the
        best validation loss's)."""
        return self.best_valid_chrf is not None


# --- eval.json -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Scores(_Record):
    """The metrics of some test sentences (all of them, or one length bucket). A metric is None on no sentences
    (and AER without gold alignments); its name is its key in the metric registry (models/evaluation/metrics.py)."""

    n: int
    exact: float | None = None
    token_acc: float | None = None
    chrf: float | None = None
    bleu: float | None = None
    aer: float | None = None

    KEYS: ClassVar[dict[str, Reader]] = {"n": INT, **dict.fromkeys(METRICS, OPTIONAL_NUMBER)}

    def metric(self, name: str) -> float | None:
        """The score of a metric of the registry."""
        if name not in METRICS:
            raise KeyError(name)
        return getattr(self, name)


@dataclass(frozen=True, kw_only=True)
class CopyScore(_Record):
    """Copying on some sentences of a names split (models/evaluation/copying.py): of the n reference words only
    copying can write, how many the output wrote where the reference has them; rate None when n is 0."""

    n: int
    written: int
    rate: float | None = None

    KEYS: ClassVar[dict[str, Reader]] = {"n": INT, "written": INT, "rate": OPTIONAL_NUMBER}


@dataclass(frozen=True, kw_only=True)
class CopyScores(_Record):
    """eval.json's "copy": the copy score on the pack's names split, overall and by source-length bucket."""

    overall: CopyScore
    buckets: dict[str, CopyScore] = field(default_factory=dict)

    KEYS: ClassVar[dict[str, Reader]] = {"overall": _record(CopyScore), "buckets": _record_map(CopyScore)}


@dataclass(frozen=True, kw_only=True)
class ViewsAER(_Record):
    """eval.json's "aer_by_view" (models/evaluation/views_aer.py): the AER of each view's argmax per reference word
    against the gold alignments of n test sentences, teacher-forced on the reference. A view the model does not
    have is absent (a GRU has no rollout). For a Transformer or GPT, `layers[l]` is the AER of layer l's cross
    map (its heads' mean; the GPT's output x source block) and `heads[l][h]` that of each head alone; the views
    raw and value_weighted read the last layer's mean."""

    n: int
    raw: float | None = None
    value_weighted: float | None = None
    rollout: float | None = None
    gradient: float | None = None
    layers: list[float | None] = field(default_factory=list)
    heads: list[list[float | None]] = field(default_factory=list)

    VIEWS: ClassVar[tuple[str, ...]] = ("raw", "value_weighted", "rollout", "gradient")
    KEYS: ClassVar[dict[str, Reader]] = {
        "n": INT,
        **dict.fromkeys(VIEWS, OPTIONAL_NUMBER),
        "layers": OPTIONAL_NUMBERS,
        "heads": OPTIONAL_NUMBER_ROWS,
    }

    def view(self, name: str) -> float | None:
        """The AER of one view (VIEWS), None where the model has no such view."""
        if name not in self.VIEWS:
            raise KeyError(name)
        return getattr(self, name)


@dataclass(frozen=True, kw_only=True)
class Evaluation(_Record):
    """A model's eval.json: its scores on the pack's test split, overall and by source-length bucket
    (models/evaluation/evaluate.py writes it)."""

    FILE: ClassVar[str] = "eval.json"

    overall: Scores
    buckets: dict[str, Scores] = field(default_factory=dict)  # bucket label ("1-10", ..., "31+") -> its scores
    parameters: int | None = None
    copy: CopyScores | None = None  # on the names split (a pack that has one): the words only copying can write
    aer_by_view: ViewsAER | None = None  # where test sentences carry gold alignments; absent: not computed

    KEYS: ClassVar[dict[str, Reader]] = {
        "overall": _record(Scores),
        "buckets": _record_map(Scores),
        "parameters": INT,
        "copy": _record(CopyScores),
        "aer_by_view": _record(ViewsAER),
    }

    def by_bucket(self, metric: str) -> dict[str, float | None]:
        """One metric in every length bucket, in bucket order."""
        return {label: scores.metric(metric) for label, scores in self.buckets.items()}

    @property
    def has_aer(self) -> bool:
        return self.overall.aer is not None
