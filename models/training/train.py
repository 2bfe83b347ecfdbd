"""Train seq2seq models and write them as a pretrained pack.

    python -m models.training.train --task dates --model dot        # one model
    python -m models.training.train --task en-ko --model dot,additive   # several, one after another
    python -m models.training.train --task dates --model all        # every model of the pack (the shipped files)
    python -m models.training.train --corpus pairs.tsv --src-lang en --tgt-lang fr   # your own parallel corpus

A task pack trains for its fixed number of epochs (cosine learning rate). A corpus trains with `--epochs auto`:
until the validation loss has not improved for --patience epochs, or --time-budget minutes have passed, or
--max-epochs; the best checkpoint (lowest validation loss) is kept. A task pack may set a time budget too
(en-fr and en-ko: two epochs or 28 minutes, whichever comes first).

Where examples carry a gold word alignment, --align-weight adds guided alignment: a second loss term that pulls
an attention model's weights towards the gold links (see alignment_loss).

Training is deterministic under --seed, as long as a time budget is not what stops it. It records the loss curve
and, at a few points, the decoding of fixed probe sentences (their attention weights), so the app can show
attention being learned.
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

from models.net.batch import pad
from models.net.decoding import greedy_many, translate
from models.net.gru import ATTENTION_KINDS, ModelConfig, Seq2Seq, count_parameters
from models.packs.data import Example, Splits, save_examples
from models.packs.datacard import generated_data_card
from models.packs.pack import PRETRAINED, save_model, write_json
from models.packs.records import History, Task
from models.text.vocab import EOS_ID, PAD_ID, SOS_ID, SUBWORD, Vocab

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


AUTO = "auto"  # --epochs auto: train until the validation loss stops improving (see train_model)


@dataclass
class TrainConfig:
    seed: int = 0
    epochs: int | str = 10  # a fixed number of epochs, or AUTO
    batch_size: int = 128
    lr: float = 3e-3
    clip: float = 1.0
    model: ModelConfig = field(default_factory=_sizes_only)  # only MODEL_SIZES are read from it
    snapshots: int = 8  # probe decodings recorded over training (plus one before it starts)
    log_every: int = 20  # steps between loss points
    threads: int = 2
    # With epochs=AUTO: stop after `patience` epochs without a better validation loss, or at `max_epochs`.
    patience: int = 3
    max_epochs: int = 100
    time_budget: float = 0.0  # minutes of training per model, then stop (0: no limit)
    # Guided alignment (see `alignment_loss`): the weight of a second loss term that pulls an attention model's
    # weights c_ij towards the gold word alignment, where the data has one. 0: attention learns on its own.
    align_weight: float = 0.0

    def __post_init__(self) -> None:
        if self.epochs != AUTO and not (isinstance(self.epochs, int) and self.epochs >= 1):
            raise ValueError(f"epochs must be a positive whole number or {AUTO!r}, got {self.epochs!r}")
        if self.patience < 1 or self.max_epochs < 1 or self.time_budget < 0:
            raise ValueError("patience and max_epochs must be at least 1, and time_budget 0 or more minutes")
        if self.align_weight < 0:
            raise ValueError(f"align_weight must be 0 or more, got {self.align_weight!r}")

    @property
    def auto(self) -> bool:
        return self.epochs == AUTO

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


# A corpus trains each model for at most this many minutes by default: four models in about an hour and a
# quarter on a 2-core laptop, long enough for a few thousand sentence pairs to reach their best validation loss.
CORPUS_TIME_BUDGET = 20.0

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


def gold_weights(pairs, idx, shape: tuple[int, int]) -> torch.Tensor:
    """(B, T, S): row i of sentence b spreads 1 evenly over the source words the gold alignment links to
    output token i; rows with no link (the final <eos>, words with no counterpart) and padding are 0."""
    gold = torch.zeros(len(idx), *shape)
    links = [(b, i, j) for b, k in enumerate(idx) for j, i in pairs[k][2]]
    if links:
        b, i, j = torch.tensor(links).unbind(1)
        gold[b, i, j] = 1.0
    return gold / gold.sum(-1, keepdim=True).clamp(min=1.0)


def alignment_loss(weights: torch.Tensor, gold: torch.Tensor) -> torch.Tensor:
    """Guided alignment (Chen et al. 2016, "Guided alignment training for topic-aware NMT"; Liu et al. 2016,
    "Neural machine translation with supervised attention"): the cross-entropy -sum_j g_ij log c_ij between
    the gold alignment g_i (`gold_weights`) and the attention weights c_i, averaged over the output tokens
    that have a gold link. It acts only in training: translating computes the weights from the model's own
    scores, with no gold alignment."""
    rows = gold.sum(-1) > 0  # (B, T)
    if not rows.any():
        return weights.new_zeros(())
    cross = -(gold * torch.log(weights.clamp(min=1e-9))).sum(-1)  # (B, T)
    return cross[rows].mean()


def encode_pairs(examples: list[Example], src_vocab: Vocab, tgt_vocab: Vocab, cfg: ModelConfig):
    """(source ids, target ids, gold links (source index, target index) within both) for each example with a
    source; the links are empty where the example has no gold alignment."""
    pairs = []
    for ex in examples:
        src = src_vocab.encode_text(ex.source, cfg.max_source_len)
        tgt = tgt_vocab.encode_text(ex.target, cfg.max_output_len - 1)
        links = [(j, i) for j, i in ex.meta.get("alignment", ()) if j < len(src) and i < len(tgt)]
        if src:
            pairs.append((src, tgt, links))
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


IMPROVEMENT = 1e-3  # with epochs=AUTO, a validation loss counts as better when it is lower by 0.1 % or more
LR_FLOOR = 0.05  # the learning rate never goes below 5 % of --lr (as at the end of the cosine schedule)


def stop_reason(history: History) -> str:
    """Why a run stopped, in words (history.json keeps the short code in "stopped")."""
    code, best = history.stopped, history.best_epoch
    best_text = f"; kept epoch {best}, the best validation loss" if best else ""
    cfg = history.train_config
    return {
        "epochs": f"ran its {cfg.get('epochs')} epochs",
        "patience": f"no better validation loss for {cfg.get('patience')} epochs{best_text}",
        "time budget": f"time budget of {cfg.get('time_budget', 0):g} min used up{best_text}",
        "max epochs": f"reached --max-epochs {cfg.get('max_epochs')}{best_text}",
    }.get(code, "unknown")


def _minutes(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _thin(snapshots: list[dict], keep: int) -> list[dict]:
    """The step-0 snapshot and `keep` evenly spaced later ones, the last always among them."""
    if len(snapshots) <= keep + 1:
        return snapshots
    later = snapshots[1:]
    picks = sorted({round((len(later) - 1) * k / max(keep - 1, 1)) for k in range(keep)})
    return [snapshots[0], *(later[i] for i in picks)]


def train_model(
    attention: str,
    splits: Splits,
    src_vocab: Vocab,
    tgt_vocab: Vocab,
    cfg: TrainConfig,
    probes: list[str],
    progress: bool = True,
):
    """Train one model. Returns (model, its History: what history.json holds).

    Fixed epochs (a task pack): a cosine learning-rate schedule over the known number of steps, probe snapshots
    at `cfg.snapshots` evenly spaced steps. epochs=AUTO (a corpus): see `_auto_rate` for the learning rate; the
    validation loss is measured after every epoch, the run stops after `cfg.patience` epochs without a better
    one (or at `cfg.max_epochs`), and the model returned is the best epoch's. Either way `cfg.time_budget`
    minutes, when set, stop the run at the first step past it (history["stopped"] says which rule stopped it).
    """
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
    guided = bool(cfg.align_weight) and model.uses_attention and any(p[2] for p in train_pairs)
    epochs = cfg.max_epochs if cfg.auto else cfg.epochs
    total_steps = epochs * steps_per_epoch
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    if cfg.auto:
        scheduler = None
        snapshot_steps: set[int] = set()  # one snapshot per epoch instead, thinned to cfg.snapshots at the end
    else:
        # Cosine decay to 5% of the initial rate: the same schedule for every model of a pack.
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimizer,
            lambda s: LR_FLOOR + (1 - LR_FLOOR) * 0.5 * (1 + math.cos(math.pi * min(s, total_steps) / total_steps)),
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
    best_loss, best_state, best_epoch, bad_epochs = math.inf, None, 0, 0

    def validate_and_snapshot() -> float:
        """At the current step: the validation loss and exact match, and the probes' decoding (a snapshot)."""
        vloss = mean_loss(model, valid_pairs, 512)
        vexact = exact_match(model, src_vocab, tgt_vocab, splits.valid)
        history["valid"].append([step, round(vloss, 5), round(vexact, 5)])
        history["snapshots"].append(probe_snapshot(model, src_vocab, tgt_vocab, probes, step, step / steps_per_epoch))
        return vloss

    start = time.perf_counter()
    deadline = start + 60 * cfg.time_budget if cfg.time_budget else math.inf
    bar = tqdm(
        total=steps_per_epoch if cfg.auto else total_steps,
        desc=f"train {attention}",
        disable=not progress,
        file=sys.stderr,
        leave=False,
    )
    postfix: dict[str, str] = {}
    stopped = "max epochs" if cfg.auto else "epochs"
    for epoch in range(epochs):
        if cfg.auto:
            bar.reset()
            bar.set_description(f"train {attention} epoch {epoch + 1}")
        out_of_time = False
        for idx in make_batches(train_pairs, cfg.batch_size, rng):
            src, lens, tgt_in, tgt_out = collate(train_pairs, idx)
            if guided:
                keys, final, mask = model.encode(src, lens)
                steps = model.decode_steps(tgt_in, final.unsqueeze(0), keys, final, mask)
                logits = steps["logits"]  # (B, T, V)
                gold = gold_weights(train_pairs, idx, tuple(steps["weights"].shape[1:]))
                guide = alignment_loss(steps["weights"], gold)
            else:
                logits = model(src, lens, tgt_in)  # (B, T, V)
            ce = F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=PAD_ID)
            loss = ce + cfg.align_weight * guide if guided else ce
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.clip)
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            step += 1
            tokens += int(lens.sum()) + int((tgt_out != PAD_ID).sum())
            running += ce.item()  # the curve is the translation loss alone, comparable across models
            running_n += 1
            if step % cfg.log_every == 0 or step == total_steps:
                history["loss"].append([step, round(running / running_n, 5)])
                postfix.update(loss=f"{running / running_n:.4f}", epoch=str(epoch + 1))
                if cfg.time_budget:
                    postfix["left"] = _minutes(deadline - time.perf_counter())
                bar.set_postfix(postfix)
                running, running_n = 0.0, 0
            if step in snapshot_steps:
                validate_and_snapshot()
            bar.update(1)
            if time.perf_counter() >= deadline:
                out_of_time = True
                break
        if cfg.auto:
            vloss = validate_and_snapshot()
            if vloss < best_loss * (1 - IMPROVEMENT):
                best_loss, best_epoch, bad_epochs = vloss, epoch + 1, 0
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            else:
                bad_epochs += 1
                _auto_rate(optimizer, cfg.lr)
            postfix.update(val=f"{vloss:.4f}", best=f"{best_loss:.4f}@{best_epoch}")
            bar.set_postfix(postfix)
            if bad_epochs >= cfg.patience:
                stopped = "patience"
                break
        if out_of_time:
            stopped = "time budget"
            if not cfg.auto and step not in snapshot_steps:  # cut off between snapshots: show the model it keeps
                validate_and_snapshot()
            break
    bar.close()
    seconds = time.perf_counter() - start
    if best_state is not None:
        model.load_state_dict(best_state)
        history["best_epoch"] = best_epoch
        history["best_valid_loss"] = round(best_loss, 5)
        history["snapshots"] = _thin(history["snapshots"], cfg.snapshots)
    history["stopped"] = stopped
    history["epochs_run"] = round(step / steps_per_epoch, 3)
    history["train_seconds"] = round(seconds, 1)
    history["tokens_per_second"] = round(tokens / seconds)
    model.eval()
    return model, History.from_dict(history)


def _auto_rate(optimizer: torch.optim.Optimizer, lr: float) -> None:
    """The learning rate of an epochs=AUTO run, after an epoch that brought no better validation loss: halved,
    down to LR_FLOOR x lr. Until then it stays at lr.

    Why not the cosine of the fixed-epoch runs: it needs the total number of steps, which an open-ended run does
    not know. A schedule over the time budget would make the rate depend on the machine's speed (the same seed
    would give a different model on a slower laptop); reduce-on-plateau depends only on the validation losses,
    so a run that stops for patience is as reproducible as a fixed one. Halving after every epoch without
    progress, with a patience of a few epochs, gives the run a couple of lower rates to try before it stops.
    """
    for group in optimizer.param_groups:
        group["lr"] = max(group["lr"] * 0.5, LR_FLOOR * lr)


@dataclass(frozen=True)
class SubwordOptions:
    """How a "subword" vocabulary's tokenizer is trained (models/text/subword.py), one per side, on the training split."""

    kind: str = "unigram"
    vocab_size: int = 4000
    lowercase: bool = False


def build_vocabs(
    splits: Splits, src_tokenization: str, tgt_tokenization: str, subword: SubwordOptions | None = None
) -> tuple[Vocab, Vocab]:
    from models.text.subword import train_subword

    vocabs = []
    for tokenization, texts in (
        (src_tokenization, [e.source for e in splits.train]),
        (tgt_tokenization, [e.target for e in splits.train]),
    ):
        tokenizer = None
        if tokenization == SUBWORD:
            opts = subword or SubwordOptions()
            tokenizer = train_subword(texts, opts.vocab_size, opts.kind, opts.lowercase)
        vocabs.append(Vocab.build(texts, tokenization, subword=tokenizer))
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
    progress: bool = True,
    vocabs: tuple[Vocab, Vocab] | None = None,
) -> Path:
    """Train the given models on one dataset, write the pack and evaluate each model on the test split.

    `vocabs` are built from the training split when not given."""
    from models.evaluation.evaluate import evaluate_model
    from models.packs.corpus import length_histogram
    from models.packs.pack import load_model

    out = out_root / name
    out.mkdir(parents=True, exist_ok=True)
    src_vocab, tgt_vocab = vocabs or build_vocabs(splits, src_tokenization, tgt_tokenization)
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
    for attention in attentions:
        model, history = train_model(attention, splits, src_vocab, tgt_vocab, cfg, probes, progress)
        save_model(out / attention, model, src_vocab, tgt_vocab)
        write_json(out / attention / "history.json", history.to_dict())
        loaded = load_model(out / attention)
        evaluation = evaluate_model(loaded, splits.test, task.length_edges, progress=progress)
        write_json(out / attention / "eval.json", evaluation.to_dict())
        overall = evaluation.overall
        print(
            f"{name}/{attention}: {history.parameters:,} parameters, {history.train_seconds:.0f} s, "
            f"{history.tokens_per_second:,} tokens/s; test exact {overall.exact:.4f}, "
            f"BLEU {overall.bleu:.1f}, chrF {overall.chrf:.1f}; {history.epochs_run:g} epochs, "
            f"stopped: {stop_reason(history)}",
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
    progress: bool = True,
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
    from models.packs.corpus import check_corpus, length_edges_for, read_corpus, split_corpus

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
    vocabs = build_vocabs(splits, tokenization, tokenization, subword)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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
        "--model", default="all", help=f"one of {', '.join(ATTENTION_KINDS)}, several joined by commas, or 'all'"
    )
    parser.add_argument("--out", type=Path, default=PRETRAINED, help="root folder of the packs (default: pretrained/)")
    helps = {
        "epochs": f"a number, or {AUTO!r} (default for --corpus: {AUTO}; a task pack keeps its own number)",
        "patience": "with --epochs auto: stop after this many epochs without a better validation loss (default 3)",
        "max_epochs": "with --epochs auto: stop after this many epochs at most (default 100)",
        "time_budget": f"minutes of training per model, then stop (default for --corpus: {CORPUS_TIME_BUDGET:g}; 0: none)",
    }
    for name, default in TrainConfig().to_dict().items():
        kind = _flag_bool if isinstance(default, bool) else type(default)
        kind = _flag_epochs if name == "epochs" else kind
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=None, help=helps.get(name))
    args = parser.parse_args(argv)
    attentions = list(ATTENTION_KINDS) if args.model == "all" else args.model.split(",")
    if not attentions or any(a not in ATTENTION_KINDS for a in attentions) or len(set(attentions)) < len(attentions):
        parser.error(f"--model must be one of {', '.join(ATTENTION_KINDS)}, several joined by commas, or 'all'")
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
