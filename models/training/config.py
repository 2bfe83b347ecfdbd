"""The settings of a training run: one TrainConfig, stored flat in task.json and in every history.json.

Every field is also a command-line flag of `python -m models.training` (`--hidden-size 64`, `--epochs auto`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from models.net import registry
from models.net.gru import FAMILY, ModelConfig
from models.net.transformer import GPT_FAMILY

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


AUTO = "auto"  # --epochs auto: train until the validation chrF stops improving (see models/training/schedule.py)


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
    # With epochs=AUTO: stop after `patience` epochs without a better validation chrF or loss, or at `max_epochs`.
    patience: int = 3
    max_epochs: int = 100
    time_budget: float = 0.0  # minutes of training per model, then stop (0: no limit)
    # Guided alignment (models/training/alignment.py): the weight of a second loss term that pulls an attention
    # model's weights c_ij towards the gold word alignment, where the data has one. 0: attention learns on its own.
    align_weight: float = 0.0
    # The Transformer and GPT families (models/net/transformer.py): their sizes, which the GRU fields above do not
    # set (max_source_len and max_output_len apply to every family). n_layers is the Transformer's encoder and its
    # decoder each, gpt_layers the GPT's one stack: twice as many layers, near the same parameter count.
    d_model: int = 128
    n_heads: int = 4
    n_layers: int = 2
    gpt_layers: int = 4
    d_ff: int = 512
    dropout: float = 0.1
    # Their optimizer: AdamW at peak stack_lr, reached by a linear warm-up over warmup_steps, then the same schedule
    # as the GRUs' (cosine, or halving on a plateau). Attention layers trained at the GRUs' constant 3e-3 from
    # the first step diverge early (the softmax saturates before the keys mean anything); the GRUs keep Adam at lr.
    stack_lr: float = 1.5e-3
    warmup_steps: int = 300
    weight_decay: float = 0.01
    # Copying through attention (models/net/pointer.py): every attention model gets a copy head and trains on the
    # mixture over the extended vocabulary. The model without attention has nothing to copy with and trains as it is.
    copy: bool = False
    # Unknown words by order (models/text/unknown.py): the source numbers a sentence's first `unknown_order`
    # different unknown words (<unk:1>, <unk:2>, ...), and a copy model is fed <copied:k> after writing the k-th
    # copied word instead of <unk>, so that it knows which one it wrote. 0: every unknown reads the same.
    unknown_order: int = 0

    def __post_init__(self) -> None:
        if self.epochs != AUTO and not (isinstance(self.epochs, int) and self.epochs >= 1):
            raise ValueError(f"epochs must be a positive whole number or {AUTO!r}, got {self.epochs!r}")
        if self.patience < 1 or self.max_epochs < 1 or self.time_budget < 0:
            raise ValueError("patience and max_epochs must be at least 1, and time_budget 0 or more minutes")
        if self.align_weight < 0:
            raise ValueError(f"align_weight must be 0 or more, got {self.align_weight!r}")
        if self.stack_lr <= 0 or self.warmup_steps < 0 or self.weight_decay < 0 or not 0 <= self.dropout < 1:
            raise ValueError("stack_lr must be above 0, warmup_steps and weight_decay 0 or more, dropout in [0, 1)")
        if not (isinstance(self.unknown_order, int) and 0 <= self.unknown_order <= 64):
            raise ValueError(f"unknown_order must be a whole number from 0 to 64, got {self.unknown_order!r}")

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

    def model_config(self, name: str, src_vocab_size: int, tgt_vocab_size: int):
        """The config of the pack's model called `name` (models/net/registry.py): its settings on this run's sizes."""
        entry = registry.model_name(name)
        if entry.family == FAMILY:
            copy = self.copy and entry.settings["attention"] != "none"  # no attention: no copy head
            sizes = {"src_vocab_size": src_vocab_size, "tgt_vocab_size": tgt_vocab_size}
            return replace(self.model, **entry.settings, **sizes, copy=copy, copied=self.unknown_order if copy else 0)
        return registry.FAMILIES[entry.family].config(
            src_vocab_size=src_vocab_size,
            tgt_vocab_size=tgt_vocab_size,
            d_model=self.d_model,
            n_heads=self.n_heads,
            n_layers=self.gpt_layers if entry.family == GPT_FAMILY else self.n_layers,
            d_ff=self.d_ff,
            dropout=self.dropout,
            max_source_len=self.model.max_source_len,
            max_output_len=self.model.max_output_len,
            copy=self.copy,
            copied=self.unknown_order if self.copy else 0,
            **entry.settings,
        )

    def is_stack(self, name: str) -> bool:
        """Whether the pack's model `name` is a Transformer-family one (AdamW, warm-up, stack_lr)."""
        return registry.model_name(name).family != FAMILY

    def peak_lr(self, name: str) -> float:
        return self.stack_lr if self.is_stack(name) else self.lr


# The pack model names this trainer knows: every family's (`--model all` trains them all, in this order).
TRAINABLE = tuple(m.name for m in registry.MODEL_NAMES)
# `--model gru`: the four GRU models (the bottleneck and the three score functions).
GRU_MODELS = tuple(m.name for m in registry.MODEL_NAMES if m.family == FAMILY)


FLAT_FIELDS = list(TrainConfig().to_dict())  # every training setting, one flag each

# A corpus trains each model for at most this many minutes by default: long enough for a corpus of a few thousand
# sentence pairs to reach its best validation chrF, short enough that the four models of a pack train in one
# sitting (80 minutes at most).
CORPUS_TIME_BUDGET = 20.0


@dataclass(frozen=True)
class SubwordOptions:
    """How a "subword" vocabulary's tokenizer is trained (models/text/subword.py), one per side, on the training split."""

    kind: str = "unigram"
    vocab_size: int = 4000
    lowercase: bool = False
