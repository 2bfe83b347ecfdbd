"""Train seq2seq models and write them as a pretrained pack.

    python -m models.training --task dates --model dot        # one model
    python -m models.training --task en-ko --model dot,additive   # several, one after another
    python -m models.training --task dates --model transformer,gpt   # the Transformer and the GPT
    python -m models.training --task dates --model all        # every model of the pack (the shipped files)
    python -m models.training --task dates --model gru        # the four GRU models only
    python -m models.training --corpus pairs.tsv --src-lang en --tgt-lang fr   # your own parallel corpus

A task pack trains for its fixed number of epochs (cosine learning rate) and keeps the last weights. A corpus trains
with `--epochs auto`: after every epoch the validation sentences are translated (greedy) and scored with chrF, and
the validation loss is measured; it trains until --patience epochs in a row improved neither, or --time-budget
minutes have passed, or --max-epochs, and keeps the checkpoint of the best validation chrF.
A task pack may set a time budget too (its train_defaults in models/tasks).

Where examples carry a gold word alignment, --align-weight adds guided alignment: a second loss term that pulls
an attention model's weights towards the gold links (models/training/alignment.py).

--copy true gives every attention model a copy head (copying through attention, models/net/pointer.py): its loss is
the pointer-generator mixture's over each sentence's extended vocabulary; the model without attention trains without
one. The en-fr and en-ko packs have it on in their training defaults (--copy false turns it off).

The Transformer and the GPT train with AdamW at --stack-lr after --warmup-steps of linear warm-up; their
sizes are --d-model, --n-heads, --n-layers (encoder and decoder each), --gpt-layers and --d-ff.

Training is deterministic under --seed, as long as a time budget is not what stops it. It records the loss curve
and, at a few points, the decoding of fixed probe sentences (their attention weights), so the app can show
attention being learned.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.packs.pack import PRETRAINED
from models.text.vocab import SUBWORD
from models.training.config import (
    AUTO,
    CORPUS_TIME_BUDGET,
    FLAT_FIELDS,
    GRU_MODELS,
    TRAINABLE,
    SubwordOptions,
    TrainConfig,
)
from models.training.loop import PROGRESS_AUTO, PROGRESS_MODES
from models.training.packs import train_corpus, train_task


def _flag_bool(text: str) -> bool:
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def _flag_epochs(text: str) -> int | str:
    if text == AUTO:
        return AUTO
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected a positive number or {AUTO!r}, got {text!r}")


def chosen_models(flag: str) -> list[str] | None:
    """The models --model names, in the order given: 'all' (every one of TRAINABLE), 'gru' (GRU_MODELS) or names
    joined by commas. None when it names an unknown model, one twice, or none."""
    groups = {"all": list(TRAINABLE), "gru": list(GRU_MODELS)}
    names = groups.get(flag) or flag.split(",")
    if not names or any(n not in TRAINABLE for n in names) or len(set(names)) < len(names):
        return None
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m models.training", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--task", default="dates", help="task pack to generate and train (default: dates)")
    parser.add_argument("--corpus", type=Path, default=None, help="train from a TSV file (source<TAB>target) instead")
    parser.add_argument("--src-lang", default="src", help="with --corpus: source language code, e.g. en")
    parser.add_argument("--tgt-lang", default="tgt", help="with --corpus: target language code, e.g. fr")
    parser.add_argument("--name", default=None, help="with --corpus: pack name (default: SRC-TGT-FILESTEM)")
    parser.add_argument(
        "--max-len", type=int, default=40, help="with --corpus: drop pairs longer than this (words for subword text)"
    )
    parser.add_argument(
        "--tokenization", default=SUBWORD, choices=[SUBWORD, "word", "char"], help="with --corpus (default: subword)"
    )
    parser.add_argument("--subword-model", default="unigram", choices=["unigram", "bpe"], help="with subword text")
    parser.add_argument(
        "--vocab-size", type=int, default=4000, help="with subword text: pieces per side (default 4000)"
    )
    parser.add_argument("--lowercase", action="store_true", help="with --corpus: lowercase both sides")
    parser.add_argument(
        "--train-max-len",
        type=int,
        default=None,
        help="with --corpus: train only on pairs this long or shorter; longer ones are only tested",
    )
    parser.add_argument(
        "--test-per-bucket",
        type=int,
        default=None,
        help="with --corpus: a test split of up to N pairs per length bucket",
    )
    parser.add_argument(
        "--length-edges", default=None, help="with --corpus: length buckets' lower bounds, e.g. 1,11,21,31"
    )
    parser.add_argument("--title", default=None, help="with --corpus: the pack's title in the app")
    parser.add_argument(
        "--origin", default=None, help="with --corpus: where the data comes from (the app's Data panel)"
    )
    parser.add_argument("--licence", default=None, help="with --corpus: the data's licence (the app's Data panel)")
    parser.add_argument(
        "--model",
        default="all",
        help=f"one of {', '.join(TRAINABLE)}, several joined by commas, 'gru' (the first four) or 'all'",
    )
    parser.add_argument(
        "--progress",
        default=PROGRESS_AUTO,
        choices=PROGRESS_MODES,
        help="a tqdm bar, or one plain line per epoch and per validation (for a log file); "
        "default auto: the bar when stderr is a terminal, else lines",
    )
    parser.add_argument("--out", type=Path, default=PRETRAINED, help="root folder of the packs (default: pretrained/)")
    helps = {
        "epochs": f"a number, or {AUTO!r} (default for --corpus: {AUTO}; a task pack keeps its own number)",
        "patience": "with --epochs auto: stop after this many epochs without a better validation chrF or loss (default 3)",
        "max_epochs": "with --epochs auto: stop after this many epochs at most (default 100)",
        "time_budget": f"minutes of training per model, then stop (default for --corpus: {CORPUS_TIME_BUDGET:g}; 0: none)",
        "copy": "true: a copy head on every attention model (copying through attention); en-fr and en-ko: on",
    }
    for name, default in TrainConfig().to_dict().items():
        kind = _flag_bool if isinstance(default, bool) else type(default)
        kind = _flag_epochs if name == "epochs" else kind
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=None, help=helps.get(name))
    args = parser.parse_args(argv)
    attentions = chosen_models(args.model)
    if attentions is None:
        parser.error(f"--model must be one of {', '.join(TRAINABLE)}, several joined by commas, 'gru' or 'all'")
    overrides = {name: getattr(args, name) for name in FLAT_FIELDS if getattr(args, name) is not None}
    if args.corpus is not None:
        if not args.corpus.is_file():
            parser.error(f"--corpus {args.corpus}: no such file")
        try:
            edges = [int(x) for x in args.length_edges.split(",")] if args.length_edges else None
            if edges is not None and (edges != sorted(set(edges)) or edges[0] < 1):
                parser.error("--length-edges must be increasing positive numbers, e.g. 1,11,21")
            train_corpus(
                args.corpus,
                args.src_lang,
                args.tgt_lang,
                attentions,
                args.name,
                args.out,
                overrides,
                args.tokenization,
                args.max_len,
                subword=SubwordOptions(args.subword_model, args.vocab_size, args.lowercase),
                train_max_len=args.train_max_len,
                test_per_bucket=args.test_per_bucket,
                length_edges=edges,
                origin=args.origin,
                licence=args.licence,
                title=args.title,
                progress=args.progress,
            )
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        return 0
    try:
        train_task(args.task, attentions, args.out, overrides, progress=args.progress)
    except KeyError as e:
        parser.error(str(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
