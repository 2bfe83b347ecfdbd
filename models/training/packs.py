"""Train whole packs: the vocabularies, every model of a task (models/tasks) or of your own corpus, and the
files of the pack (task.json, test.json, and per model its weights, history.json and eval.json)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from models.evaluation.evaluate import evaluate_model
from models.packs.corpus import check_corpus, length_edges_for, length_histogram, read_corpus, split_corpus
from models.packs.data import Example, Splits, save_examples
from models.packs.datacard import generated_data_card
from models.packs.pack import NAMES_TEST, PRETRAINED, load_model, save_model, write_json
from models.packs.records import Task
from models.tasks import get_task
from models.text.subword import train_subword
from models.text.vocab import SUBWORD, Vocab
from models.training.config import AUTO, CORPUS_TIME_BUDGET, SubwordOptions, TrainConfig
from models.training.loop import PROGRESS_BAR, progress_mode, train_model
from models.training.schedule import stop_reason


def build_vocabs(
    splits: Splits,
    src_tokenization: str,
    tgt_tokenization: str,
    subword: SubwordOptions | None = None,
    copy_only: Callable[[str], bool] | None = None,
    src_unknown: str | None = None,
    order: int = 0,
) -> tuple[Vocab, Vocab]:
    """The source and target vocabularies of the training split (a subword tokenizer is trained on it first),
    without the tokens `copy_only` names (a task's long-list names and places: neither vocabulary has them, so the
    source reads them as <unk>, or as their class with `src_unknown` (models/text/unknown.py), and only copying can
    write them). With an `order` (TrainConfig.unknown_order), the source numbers its unknown words and the target
    holds the <copied:k> tokens a copy model is fed (models/text/unknown.py)."""
    vocabs = []
    for tokenization, texts, unknown, numbered in (
        (src_tokenization, [e.source for e in splits.train], src_unknown, {"order": order}),
        (tgt_tokenization, [e.target for e in splits.train], None, {"copied": order}),
    ):
        tokenizer = None
        if tokenization == SUBWORD:
            opts = subword or SubwordOptions()
            tokenizer = train_subword(texts, opts.vocab_size, opts.kind, opts.lowercase)
        vocabs.append(
            Vocab.build(texts, tokenization, subword=tokenizer, exclude=copy_only, unknown=unknown, **numbered)
        )
    return vocabs[0], vocabs[1]


def train_pack(
    name: str,
    splits: Splits,
    task_info: dict,
    src_tokenization: str,
    tgt_tokenization: str,
    probes: list[str],
    cfg: TrainConfig,
    attentions: list[str],
    out_root: Path = PRETRAINED,
    progress: bool | str = True,
    vocabs: tuple[Vocab, Vocab] | None = None,
    copy_only: Callable[[str], bool] | None = None,
    names_test: list[Example] | None = None,
    src_unknown: str | None = None,
) -> Path:
    """Train the given models on one dataset, write the pack and evaluate each model on the test split.

    `vocabs` are built from the training split when not given, without the tokens `copy_only` names. `names_test`:
    the task's names split (test-names.json), on which every model's copy score is measured (eval.json "copy")."""
    out = out_root / name
    out.mkdir(parents=True, exist_ok=True)
    src_vocab, tgt_vocab = vocabs or build_vocabs(
        splits,
        src_tokenization,
        tgt_tokenization,
        copy_only=copy_only,
        src_unknown=src_unknown,
        order=cfg.unknown_order,
    )
    task_file = out / "task.json"
    task = Task.from_dict(
        {
            **task_info,
            "name": name,
            "src_tokenization": src_tokenization,
            "tgt_tokenization": tgt_tokenization,
            "sizes": splits.sizes(),
            "length_histogram": length_histogram(splits.train),
            "probes": probes,
            "train_config": cfg.to_dict(),
        },
        task_file,
    )
    write_json(task_file, task.to_dict())
    save_examples(out / "test.json", splits.test)
    if names_test:
        save_examples(out / NAMES_TEST, names_test)
    for attention in attentions:
        model, history = train_model(attention, splits, src_vocab, tgt_vocab, cfg, probes, progress)
        save_model(out / attention, model, src_vocab, tgt_vocab)
        write_json(out / attention / "history.json", history.to_dict())
        loaded = load_model(out / attention)
        evaluation = evaluate_model(
            loaded,
            splits.test,
            task.length_edges,
            progress=progress_mode(progress) == PROGRESS_BAR,
            names=names_test,
            views=True,  # eval.json's "aer_by_view" where the test sentences carry gold alignments
        )
        write_json(out / attention / "eval.json", evaluation.to_dict())
        overall = evaluation.overall
        print(
            f"{name}/{attention}: {history.parameters:,} parameters, {history.train_seconds:.0f} s, "
            f"{history.tokens_per_second:,} tokens/s; test exact {overall.exact:.4f}, "
            f"BLEU {overall.bleu:.1f}, chrF {overall.chrf:.1f}; {history.epochs_run:g} epochs, "
            + (f"names copied {evaluation.copy.overall.rate}; " if evaluation.copy else "")
            + f"stopped: {stop_reason(history)}",
            flush=True,
        )
    return out


def train_task(
    task_name: str,
    attentions: list[str],
    out_root: Path = PRETRAINED,
    overrides: dict | None = None,
    progress: bool | str = True,
) -> Path:
    """Generate a task's data (models/tasks) under its seed and train the pack, with the task's training defaults
    under `overrides`."""
    spec = get_task(task_name)
    cfg = TrainConfig.from_dict({**spec.train_defaults, **(overrides or {})})
    splits = spec.generate(cfg.seed)
    info = {
        "title": spec.title,
        "description": spec.description,
        "length_edges": spec.length_edges,
        "examples": spec.examples,
        "default_example": spec.default_example,
        "source": f"generated by models/tasks ({task_name}), seed {cfg.seed}",
        "data": generated_data_card(task_name, cfg.seed),
    }
    if spec.example_languages:
        info["example_languages"] = spec.example_languages
    if spec.input_rules:
        info["input"] = spec.input_rules
    if spec.lexicon is not None:
        info["lexicon"] = spec.lexicon()
    return train_pack(
        task_name,
        splits,
        info,
        spec.src_tokenization,
        spec.tgt_tokenization,
        spec.probes,
        cfg,
        attentions,
        out_root,
        progress,
        copy_only=spec.copy_only,
        names_test=spec.names_test(cfg.seed) if spec.names_test else None,
        src_unknown=spec.source_unknown,
    )


def train_corpus(
    path: Path,
    src_lang: str,
    tgt_lang: str,
    attentions: list[str],
    name: str | None = None,
    out_root: Path = PRETRAINED,
    overrides: dict | None = None,
    tokenization: str = SUBWORD,
    max_len: int = 40,
    progress: bool | str = True,
    subword: SubwordOptions | None = None,
    train_max_len: int | None = None,
    test_per_bucket: int | None = None,
    length_edges: list[int] | None = None,
    origin: str | None = None,
    licence: str | None = None,
    title: str | None = None,
) -> Path:
    """Train a pack from a tab-separated parallel file (source<TAB>target[<TAB>anything]).

    Lengths (--max-len, --train-max-len, the buckets) count the tokenizer's tokens for word and char, and words
    (split at spaces) for subword text. Raises CorpusError (a ValueError) when the corpus cannot be trained on.
    """
    lowercase = bool(subword and subword.lowercase)
    examples, report = read_corpus(path, tokenization, tokenization, max_len, lowercase=lowercase)
    print(f"{path}: {report.summary()}", flush=True)
    report.warnings = check_corpus(examples, src_lang, tgt_lang)
    for warning in report.warnings:
        print(f"warning: {warning}", flush=True)
    corpus_defaults = {"epochs": AUTO, "time_budget": CORPUS_TIME_BUDGET}
    cfg = TrainConfig.from_dict({**corpus_defaults, **(overrides or {})})
    edges = length_edges or (length_edges_for(examples) if examples else [1])
    splits = split_corpus(examples, cfg.seed, train_max_len=train_max_len, test_per_bucket=test_per_bucket, edges=edges)
    vocabs = build_vocabs(splits, tokenization, tokenization, subword, order=cfg.unknown_order)
    # Room for the longest sentence of any split, in the model's own tokens (subword pieces outnumber words).
    longest_src = max(len(vocabs[0].tokenize(e.source)) for s in (splits.train, splits.valid, splits.test) for e in s)
    longest_tgt = max(len(vocabs[1].tokenize(e.target)) for s in (splits.train, splits.valid, splits.test) for e in s)
    sizes = {"max_source_len": longest_src, "max_output_len": longest_tgt + 8}
    cfg = TrainConfig.from_dict({**corpus_defaults, **sizes, **(overrides or {})})
    name = name or f"{src_lang}-{tgt_lang}-{Path(path).stem}"
    unit = "words" if tokenization == SUBWORD else ("characters" if tokenization == "char" else "tokens")
    info = {
        "title": title or f"{src_lang} → {tgt_lang} ({Path(path).name})",
        "description": f"Trained from the corpus {Path(path).name}: {report.summary()}.",
        "length_edges": edges,
        "examples": [
            e.source for e in sorted(splits.test, key=lambda e: e.src_len)[:: max(1, len(splits.test) // 8)][:8]
        ],
        "source": str(Path(path).name),
        "data": {
            "origin": origin or f"Your corpus {Path(path).name}.",
            "licence": licence or "Not stated (give it with --licence).",
            "length_unit": unit,
            "languages": [src_lang, tgt_lang],
        },
        "corpus_report": report.to_dict(),
    }
    if subword is not None and tokenization == SUBWORD:
        info["subword"] = {"kind": subword.kind, "vocab_size": subword.vocab_size, "lowercase": subword.lowercase}
    probes = [e.source for e in sorted(splits.valid, key=lambda e: e.src_len)[len(splits.valid) // 2 :][:2]]
    return train_pack(
        name, splits, info, tokenization, tokenization, probes, cfg, attentions, out_root, progress, vocabs
    )
