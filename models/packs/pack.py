"""Pretrained packs on disk: `pretrained/<pack>/` holds `task.json`, `test.json` and one folder per model
(`model.safetensors`, `config.json`, `vocab.json`, `history.json`, `eval.json`).

Weights are read with safetensors only (never pickle). Every JSON file is validated against the weights
before a model is built, and any problem is raised as a `PackError` that names the file.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from models.messages import N_
from models.net import registry
from models.net.family import Model
from models.packs.data import Example, load_examples
from models.packs.records import Evaluation, History, PackError, Task
from models.text.userinput import InputRules, Normalized, normalize_input, suggestions
from models.text.vocab import Vocab, load_vocabs, save_vocabs

PRETRAINED = Path(__file__).resolve().parents[2] / "pretrained"
ROOT_ENV = "ATTENTION_EXPLORER_PRETRAINED"  # lets the app serve packs from another folder


def pretrained_root() -> Path:
    return Path(os.environ.get(ROOT_ENV) or PRETRAINED)


MODEL_FILES = ("model.safetensors", "config.json", "vocab.json")


class ModelUnavailable(PackError):
    """The pack has no (loadable) model of that name."""


@dataclass
class LoadedModel:
    name: str
    model: Model  # an nn.Module of its config's family
    config: object  # the family's config dataclass (config.json)
    src_vocab: Vocab
    tgt_vocab: Vocab
    history: History = field(default_factory=History)  # empty when the model has no history.json
    evaluation: Evaluation | None = None  # None when the model has no eval.json

    @property
    def n_parameters(self) -> int:
        return sum(p.numel() for p in self.model.parameters())

    @property
    def uses_attention(self) -> bool:
        return self.model.uses_attention


@dataclass
class Pack:
    name: str
    path: Path
    task: Task
    models: dict[str, LoadedModel]
    test: list[Example]
    errors: dict[str, PackError] = field(default_factory=dict)  # model name -> why it could not be loaded
    # test-names.json: sentences whose names and places are in no vocabulary, by length bucket: what copy models
    # are measured on (models/evaluation/copying.py); empty for a pack without one
    names_test: list[Example] = field(default_factory=list)

    @property
    def src_vocab(self) -> Vocab | None:
        """The source vocabulary the pack's models share (None when no model loaded)."""
        return next((m.src_vocab for m in self.models.values()), None)

    @property
    def uses_subwords(self) -> bool:
        """Source text is cut into subword pieces (`▁mai` `son`), which the Attention page can merge into words."""
        vocab = self.src_vocab
        return vocab is not None and vocab.subword is not None

    def read(self, text: str) -> Normalized:
        """`text` as this pack's models read it (see models/text/userinput.py); unchanged if no model loaded."""
        vocab = self.src_vocab
        if vocab is None:
            return Normalized(text, text)
        words = vocab.tokenization not in ("char", "subword")  # subword pieces are not words to fix the case of
        rules = InputRules.from_task(self.task)
        return normalize_input(text, vocab.is_known, vocab.tokenize, rules, words, vocab.knows_char)

    def unknown_help(self, tokens: list[str], n: int = 3, limit: int = 8) -> dict[str, list[str]]:
        """Every unknown source token, with the closest known words ("did you mean") for the first `limit`
        of them (a page of pasted junk must not cost a similarity search per token)."""
        vocab = self.src_vocab
        if vocab is None or vocab.subword is not None:
            # Subword text splits every word into known pieces; only a character training never saw is unknown,
            # marked red on every axis. There is no closer word to suggest.
            return {}
        unknown = [t for t in dict.fromkeys(tokens) if not vocab.is_known(t)]
        known = [t for t in vocab.words if any(c.isalpha() for c in t)] if unknown else []
        return {t: suggestions(t, known, n) if i < limit else [] for i, t in enumerate(unknown)}

    def noun_pairs(self, tokens: list[str]) -> list[str]:
        """Two nouns in a row ("apple juice", "give my sister flowers"), which a grammar pack never writes: its
        nouns come one to a phrase. A word the lexicon also lists as another part of speech ("orange" the
        colour) does not count as the first noun, nor a verb form ("walks") as the second. Empty for a pack
        without a lexicon."""
        lexicon = self.task.lexicon
        nouns = set(lexicon.get("noun", ()))
        if not nouns:
            return []
        first = nouns - {w for kind, words in lexicon.items() if kind != "noun" for w in words}
        second = nouns - set(lexicon.get("verb", ()))
        pairs = (f"{a} {b}" for a, b in itertools.pairwise(tokens) if a in first and b in second)
        return list(dict.fromkeys(pairs))

    def model(self, name: str) -> LoadedModel:
        if name not in self.models:
            raise ModelUnavailable(N_("model {model!r} is not available in pack {pack!r}"), model=name, pack=self.name)
        return self.models[name]

    @property
    def attention_models(self) -> list[str]:
        """The models that attend, in pack order (asked of each model, not read from its name)."""
        return [name for name, m in self.models.items() if m.uses_attention]

    @property
    def bottleneck_model(self) -> str | None:
        """The first model without attention (one fixed context vector), if the pack has one."""
        return next((name for name, m in self.models.items() if not m.uses_attention), None)

    @property
    def comparison_pair(self) -> list[str]:
        """The bottleneck and the first attention model: the pair a page opens with (fewer when missing)."""
        attending = self.attention_models
        return [m for m in (self.bottleneck_model, attending[0] if attending else None) if m is not None]


def save_model(directory: Path, model: Model, src_vocab: Vocab, tgt_vocab: Vocab) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    metadata = {"family": model.config.family, "name": registry.name_of(model.config)}
    save_file(state, str(directory / "model.safetensors"), metadata=metadata)
    (directory / "config.json").write_text(model.config.to_json(), "utf-8")
    save_vocabs(directory / "vocab.json", src_vocab, tgt_vocab)


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


def _read_json(path: Path):
    if not path.is_file():
        raise PackError(N_("{path}: file is missing"), path=path)
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PackError(N_("{path}: not readable JSON ({problem})"), path=path, problem=e) from e


def load_model(directory: Path) -> LoadedModel:
    directory = Path(directory)
    try:
        config = registry.config_from_dict(_read_json(directory / "config.json"))
    except (ValueError, TypeError) as e:
        raise PackError("{path}: {problem}", path=directory / "config.json", problem=e) from e
    try:
        src_vocab, tgt_vocab = load_vocabs(directory / "vocab.json")
    except FileNotFoundError as e:
        raise PackError(N_("{path}: file is missing"), path=directory / "vocab.json") from e
    except (ValueError, TypeError, OSError) as e:
        raise PackError("{path}: {problem}", path=directory / "vocab.json", problem=e) from e
    for side, vocab, size in (
        ("source", src_vocab, config.src_vocab_size),
        ("target", tgt_vocab, config.tgt_vocab_size),
    ):
        if len(vocab) != size:
            raise PackError(
                N_("{path}: {side} vocabulary has {n} tokens, config says {size}"),
                path=directory / "vocab.json",
                side=side,
                n=len(vocab),
                size=size,
            )
    if getattr(config, "copied", 0) > tgt_vocab.copied:
        raise PackError(
            N_("{path}: the model is fed {n} copied-word tokens, the target vocabulary holds {size}"),
            path=directory / "vocab.json",
            n=config.copied,
            size=tgt_vocab.copied,
        )
    weights_path = directory / "model.safetensors"
    if not weights_path.is_file():
        raise PackError(N_("{path}: file is missing"), path=weights_path)
    try:
        state = load_file(str(weights_path))
    except (SafetensorError, OSError, ValueError) as e:
        raise PackError(N_("{path}: not a readable safetensors file ({problem})"), path=weights_path, problem=e) from e
    model = registry.build(config)
    expected = model.state_dict()
    if set(state) != set(expected):
        missing, extra = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
        raise PackError(
            N_("{path}: tensors do not match the config (missing {missing}, unexpected {extra})"),
            path=weights_path,
            missing=missing,
            extra=extra,
        )
    for name, tensor in state.items():
        if tensor.shape != expected[name].shape or tensor.dtype != expected[name].dtype:
            raise PackError(
                N_("{path}: {tensor} has shape {shape} {dtype}, config needs {expected_shape} {expected_dtype}"),
                path=weights_path,
                tensor=name,
                shape=tuple(tensor.shape),
                dtype=tensor.dtype,
                expected_shape=tuple(expected[name].shape),
                expected_dtype=expected[name].dtype,
            )
        if not torch.isfinite(tensor).all():
            raise PackError(N_("{path}: {tensor} holds NaN or infinite values"), path=weights_path, tensor=name)
    model.load_state_dict(state)
    model.eval()
    history_path, eval_path = directory / "history.json", directory / "eval.json"
    history = History.from_dict(_read_json(history_path), history_path) if history_path.exists() else History()
    evaluation = Evaluation.from_dict(_read_json(eval_path), eval_path) if eval_path.exists() else None
    return LoadedModel(directory.name, model, config, src_vocab, tgt_vocab, history, evaluation)


def read_task(path: Path) -> Task:
    """A pack's task.json (title, examples, length buckets, ...), without loading any model."""
    file = Path(path) / "task.json"
    return Task.from_dict(_read_json(file), file)


NAMES_TEST = "test-names.json"  # a pack's names split (see Pack.names_test)


def load_pack(path: Path) -> Pack:
    """Load every model of a pack. A broken model is reported in `errors`; the others still load."""
    path = Path(path)
    if not path.is_dir():
        raise PackError(N_("{path}: pack folder is missing"), path=path)
    task = read_task(path)
    try:
        test = load_examples(path / "test.json") if (path / "test.json").exists() else []
    except (ValueError, OSError, UnicodeDecodeError) as e:
        raise PackError("{path}: {problem}", path=path / "test.json", problem=e) from e
    try:
        names_test = load_examples(path / NAMES_TEST) if (path / NAMES_TEST).exists() else []
    except (ValueError, OSError, UnicodeDecodeError) as e:
        raise PackError("{path}: {problem}", path=path / NAMES_TEST, problem=e) from e
    models, errors = {}, {}
    for sub in sorted((p for p in path.iterdir() if p.is_dir()), key=lambda p: (registry.name_order(p.name), p.name)):
        if not (sub / "config.json").exists() and not (sub / "model.safetensors").exists():
            continue  # not a model folder (junk is ignored, not fatal)
        try:
            models[sub.name] = load_model(sub)
        except PackError as e:
            errors[sub.name] = e
    if not models and not errors:
        raise PackError(N_("{path}: no model folders (each needs model.safetensors and config.json)"), path=path)
    return Pack(path.name, path, task, models, test, errors, names_test)


def pack_names(root: Path | None = None) -> list[str]:
    root = pretrained_root() if root is None else root
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "task.json").exists())
