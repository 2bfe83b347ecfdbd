"""Train seq2seq models and write them as a pretrained pack.

    python -m models.train --task dates --model dot        # one model
    python -m models.train --task dates --model all        # every model of the pack (the shipped files)
    python -m models.train --corpus pairs.tsv --src-lang en --tgt-lang fr   # your own parallel corpus

Training is deterministic under --seed. It records the loss curve and, at a few points, the decoding of
fixed probe sentences (their attention weights), so the app can show attention being learned.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm import tqdm

from models.batch import pad
from models.data import Example, Splits, save_examples
from models.decoding import greedy_many, translate
from models.pack import PRETRAINED, save_model, write_json
from models.seq2seq import ATTENTION_KINDS, ModelConfig, Seq2Seq, count_parameters
from models.vocab import EOS_ID, PAD_ID, SOS_ID, Vocab

# The ModelConfig fields a training run chooses (sizes and encoder); attention and vocabulary sizes come per model.
MODEL_SIZES = (
    "embed_size",
    "hidden_size",
    "max_source_len",
    "max_output_len",
    "attention_size",
    "output_size",
    "bidirectional",
)


def _sizes_only() -> ModelConfig:
    return ModelConfig("none", 1, 1)  # ModelConfig's own size defaults; attention and vocabularies set per model


@dataclass
class TrainConfig:
    seed: int = 0
    epochs: int = 10
    batch_size: int = 128
    lr: float = 3e-3
    clip: float = 1.0
    model: ModelConfig = field(default_factory=_sizes_only)  # only MODEL_SIZES are read from it
    snapshots: int = 8  # probe decodings recorded over training (plus one before it starts)
    log_every: int = 20  # steps between loss points
    threads: int = 2

    @classmethod
    def from_dict(cls, flat: dict) -> TrainConfig:
        """From flat keys (command-line flags, a task's train_defaults, the train_config of a shipped JSON file)."""
        unknown = set(flat) - set(FLAT_FIELDS)
        if unknown:
            raise ValueError(f"unknown training settings: {sorted(unknown)}")
        sizes = {k: v for k, v in flat.items() if k in MODEL_SIZES}
        rest = {k: v for k, v in flat.items() if k not in MODEL_SIZES}
        return cls(**rest, model=replace(_sizes_only(), **sizes))

    def to_dict(self) -> dict:
        """Flat, in the order the pack files have always used (the model's sizes in place of `model`)."""
        out = {}
        for f in fields(self):
            if f.name == "model":
                out.update((k, getattr(self.model, k)) for k in MODEL_SIZES)
            else:
                out[f.name] = getattr(self, f.name)
        return out

    def model_config(self, attention: str, src_vocab_size: int, tgt_vocab_size: int) -> ModelConfig:
        return replace(self.model, attention=attention, src_vocab_size=src_vocab_size, tgt_vocab_size=tgt_vocab_size)


FLAT_FIELDS = list(TrainConfig().to_dict())  # every training setting, one flag each


def make_batches(pairs: list[tuple[list[int], list[int]]], batch_size: int, rng: random.Random):
    """Batches of similar source length (little padding), in a shuffled order."""
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]), rng.random()))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(pairs, idx):
    """Padded source (B, S), lengths (B,), decoder input (B, T) = <sos> y, decoder target (B, T) = y <eos>."""
    src, lengths = pad([pairs[i][0] for i in idx])
    tgts = [pairs[i][1] for i in idx]
    tgt_in, _ = pad([[SOS_ID, *t] for t in tgts])
    tgt_out, _ = pad([[*t, EOS_ID] for t in tgts])
    return src, lengths, tgt_in, tgt_out


def encode_pairs(examples: list[Example], src_vocab: Vocab, tgt_vocab: Vocab, cfg: ModelConfig):
    pairs = []
    for ex in examples:
        src = src_vocab.encode_text(ex.source, cfg.max_source_len)
        tgt = tgt_vocab.encode_text(ex.target, cfg.max_output_len - 1)
        if src:
            pairs.append((src, tgt))
    return pairs


@torch.no_grad()
def mean_loss(model: Seq2Seq, pairs, batch_size: int) -> float:
    model.eval()
    total, count = 0.0, 0
    for start in range(0, len(pairs), batch_size):
        src, lens, tgt_in, tgt_out = collate(pairs, range(start, min(start + batch_size, len(pairs))))
        logits = model(src, lens, tgt_in)
        total += F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=PAD_ID, reduction="sum").item()
        count += int((tgt_out != PAD_ID).sum())
    model.train()
    return total / max(count, 1)


def probe_snapshot(model, src_vocab, tgt_vocab, probes: list[str], step: int, epoch: float) -> dict:
    model.eval()
    records = []
    for text in probes:
        tr = translate(model, src_vocab, tgt_vocab, text)
        records.append(
            {
                "source": text,
                "source_tokens": tr.source_tokens,
                "output_tokens": tr.output_tokens,
                "weights": None if tr.weights is None else [[round(float(w), 4) for w in row] for row in tr.weights],
            }
        )
    model.train()
    return {"step": step, "epoch": round(epoch, 3), "probes": records}


def exact_match(model, src_vocab, tgt_vocab, examples: list[Example]) -> float:
    model.eval()
    outputs = greedy_many(model, src_vocab, tgt_vocab, [e.source for e in examples])
    model.train()
    return sum(o == e.target for o, e in zip(outputs, examples, strict=True)) / max(len(examples), 1)


def train_model(
    attention: str,
    splits: Splits,
    src_vocab: Vocab,
    tgt_vocab: Vocab,
    cfg: TrainConfig,
    probes: list[str],
    progress: bool = True,
):
    """Train one model. Returns (model, history dict)."""
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    # Once the loss nears zero, gradients and Adam's moments turn denormal and CPU math slows ~100x.
    torch.set_flush_denormal(True)
    rng = random.Random(cfg.seed)
    mcfg = cfg.model_config(attention, len(src_vocab), len(tgt_vocab))
    model = Seq2Seq(mcfg)
    model.train()
    train_pairs = encode_pairs(splits.train, src_vocab, tgt_vocab, mcfg)
    valid_pairs = encode_pairs(splits.valid, src_vocab, tgt_vocab, mcfg)
    steps_per_epoch = math.ceil(len(train_pairs) / cfg.batch_size)
    total_steps = cfg.epochs * steps_per_epoch
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    # Cosine decay to 5% of the initial rate: the same schedule for every model of a pack.
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(s, total_steps) / total_steps))
    )
    snapshot_steps = {round(total_steps * k / cfg.snapshots) for k in range(1, cfg.snapshots + 1)}
    history = {
        "attention": attention,
        "parameters": count_parameters(model),
        "train_config": cfg.to_dict(),
        "steps_per_epoch": steps_per_epoch,
        "loss": [],  # [step, mean training loss over the last log_every steps]
        "valid": [],  # [step, validation loss, validation exact match]
        "snapshots": [probe_snapshot(model, src_vocab, tgt_vocab, probes, 0, 0.0)],
    }
    step, running, running_n, tokens = 0, 0.0, 0, 0
    start = time.perf_counter()
    bar = tqdm(total=total_steps, desc=f"train {attention}", disable=not progress, file=sys.stderr, leave=False)
    for epoch in range(cfg.epochs):
        for idx in make_batches(train_pairs, cfg.batch_size, rng):
            src, lens, tgt_in, tgt_out = collate(train_pairs, idx)
            logits = model(src, lens, tgt_in)  # (B, T, V)
            loss = F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=PAD_ID)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.clip)
            optimizer.step()
            scheduler.step()
            step += 1
            tokens += int(lens.sum()) + int((tgt_out != PAD_ID).sum())
            running += loss.item()
            running_n += 1
            if step % cfg.log_every == 0 or step == total_steps:
                history["loss"].append([step, round(running / running_n, 5)])
                bar.set_postfix(loss=f"{running / running_n:.4f}", epoch=epoch + 1)
                running, running_n = 0.0, 0
            if step in snapshot_steps:
                vloss = mean_loss(model, valid_pairs, 512)
                vexact = exact_match(model, src_vocab, tgt_vocab, splits.valid)
                history["valid"].append([step, round(vloss, 5), round(vexact, 5)])
                history["snapshots"].append(
                    probe_snapshot(model, src_vocab, tgt_vocab, probes, step, step / steps_per_epoch)
                )
            bar.update(1)
    bar.close()
    seconds = time.perf_counter() - start
    history["train_seconds"] = round(seconds, 1)
    history["tokens_per_second"] = round(tokens / seconds)
    model.eval()
    return model, history


def build_vocabs(splits: Splits, src_tokenization: str, tgt_tokenization: str) -> tuple[Vocab, Vocab]:
    return (
        Vocab.build((e.source for e in splits.train), src_tokenization),
        Vocab.build((e.target for e in splits.train), tgt_tokenization),
    )


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
    progress: bool = True,
) -> Path:
    """Train the given models on one dataset, write the pack and evaluate each model on the test split."""
    from models.evaluate import evaluate_model
    from models.pack import load_model

    out = out_root / name
    out.mkdir(parents=True, exist_ok=True)
    src_vocab, tgt_vocab = build_vocabs(splits, src_tokenization, tgt_tokenization)
    task_info = {
        **task_info,
        "name": name,
        "src_tokenization": src_tokenization,
        "tgt_tokenization": tgt_tokenization,
        "sizes": splits.sizes(),
        "probes": probes,
        "train_config": cfg.to_dict(),
    }
    write_json(out / "task.json", task_info)
    save_examples(out / "test.json", splits.test)
    for attention in attentions:
        model, history = train_model(attention, splits, src_vocab, tgt_vocab, cfg, probes, progress)
        save_model(out / attention, model, src_vocab, tgt_vocab)
        write_json(out / attention / "history.json", history)
        loaded = load_model(out / attention)
        evaluation = evaluate_model(loaded, splits.test, task_info["length_edges"], progress=progress)
        write_json(out / attention / "eval.json", evaluation)
        overall = evaluation["overall"]
        print(
            f"{name}/{attention}: {history['parameters']:,} parameters, {history['train_seconds']:.0f} s, "
            f"{history['tokens_per_second']:,} tokens/s; test exact {overall['exact']:.4f}, "
            f"BLEU {overall['bleu']:.1f}, chrF {overall['chrf']:.1f}",
            flush=True,
        )
    return out


def train_task(
    task_name: str, attentions: list[str], out_root: Path = PRETRAINED, overrides: dict | None = None, progress=True
):
    from models.tasks import get_task

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
    )


def train_corpus(
    path: Path,
    src_lang: str,
    tgt_lang: str,
    attentions: list[str],
    name: str | None = None,
    out_root: Path = PRETRAINED,
    overrides: dict | None = None,
    tokenization: str = "word",
    max_len: int = 40,
    progress: bool = True,
) -> Path:
    """Train a pack from a tab-separated parallel file (source<TAB>target[<TAB>anything])."""
    from models.corpus import length_edges_for, read_corpus, split_corpus

    examples, report = read_corpus(path, tokenization, tokenization, max_len)
    print(f"{path}: {report.summary()}", flush=True)
    cfg = TrainConfig.from_dict({"max_source_len": max_len + 8, "max_output_len": max_len + 8, **(overrides or {})})
    splits = split_corpus(examples, cfg.seed)
    name = name or f"{src_lang}-{tgt_lang}-{Path(path).stem}"
    info = {
        "title": f"{src_lang} → {tgt_lang} ({Path(path).name})",
        "description": f"Trained from your corpus {Path(path).name}: {report.summary()}.",
        "length_edges": length_edges_for(examples),
        "examples": [e.source for e in splits.test[:8]],
        "source": str(path),
        "corpus_report": {"lines": report.lines, "kept": report.kept, "skipped": dict(report.skipped)},
    }
    probes = [e.source for e in sorted(splits.valid, key=lambda e: e.src_len)[len(splits.valid) // 2 :][:2]]
    return train_pack(name, splits, info, tokenization, tokenization, probes, cfg, attentions, out_root, progress)


def _flag_bool(text: str) -> bool:
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--task", default="dates", help="task pack to generate and train (default: dates)")
    parser.add_argument("--corpus", type=Path, default=None, help="train from a TSV file (source<TAB>target) instead")
    parser.add_argument("--src-lang", default="src", help="with --corpus: source language code, e.g. en")
    parser.add_argument("--tgt-lang", default="tgt", help="with --corpus: target language code, e.g. fr")
    parser.add_argument("--name", default=None, help="with --corpus: pack name (default: SRC-TGT-FILESTEM)")
    parser.add_argument("--max-len", type=int, default=40, help="with --corpus: drop pairs longer than this (tokens)")
    parser.add_argument("--tokenization", default="word", choices=["word", "char"], help="with --corpus")
    parser.add_argument("--model", default="all", help=f"one of {', '.join(ATTENTION_KINDS)}, or 'all'")
    parser.add_argument("--out", type=Path, default=PRETRAINED, help="root folder of the packs (default: pretrained/)")
    for name, default in TrainConfig().to_dict().items():
        kind = _flag_bool if isinstance(default, bool) else type(default)
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=None)
    args = parser.parse_args(argv)
    attentions = list(ATTENTION_KINDS) if args.model == "all" else [args.model]
    if any(a not in ATTENTION_KINDS for a in attentions):
        parser.error(f"--model must be one of {', '.join(ATTENTION_KINDS)} or 'all'")
    overrides = {name: getattr(args, name) for name in FLAT_FIELDS if getattr(args, name) is not None}
    if args.corpus is not None:
        if not args.corpus.is_file():
            parser.error(f"--corpus {args.corpus}: no such file")
        try:
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
            )
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        return 0
    try:
        train_task(args.task, attentions, args.out, overrides)
    except KeyError as e:
        parser.error(str(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
