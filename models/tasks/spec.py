"""`TaskSpec`: what a task module declares about its data. Task modules import it from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from models.packs.data import Example, Splits


@dataclass(frozen=True)
class TaskSpec:
    name: str
    title: str  # shown in the app, e.g. "Dates → ISO 8601"
    description: str
    src_tokenization: str  # "char" or "word"
    tgt_tokenization: str  # "char" or "word"
    generate: Callable[[int], Splits]  # seed -> deterministic train/valid/test
    length_edges: list[int]  # inclusive lower bounds of source-length buckets (tokens)
    probes: list[str]  # fixed source sentences whose attention is recorded during training
    examples: list[str]  # hand-picked sources for the app's example picker, held out of every split
    default_example: int = 0  # the example the app opens with (ideally one that shows the bottleneck)
    # The language of each example, for packs that read several: the app lists the interface's language first
    example_languages: list[str] = field(default_factory=list)
    train_defaults: dict = field(default_factory=dict)  # overrides of models.training.config.TrainConfig
    # How typed input is normalized (models/text/userinput.py): source language, punctuation sources end with
    input_rules: dict = field(default_factory=dict)
    # Known source words by part of speech, for the app's word search (optional)
    lexicon: Callable[[], dict[str, list[str]]] | None = None
    # Copying (models/net/pointer.py): tokens kept out of both vocabularies (names and places drawn from lists far
    # larger than a vocabulary: only a copy model can write them), and the names split: seed -> test sentences
    # whose names and places are in no vocabulary, by length bucket (the pack's test-names.json)
    copy_only: Callable[[str], bool] | None = None
    names_test: Callable[[int], list[Example]] | None = None
    # How the source vocabulary reads a word it lacks (models/text/unknown.py): None, as <unk>; "latin-final", by
    # the class of its last sound, for a target language whose particles follow it (en-ko)
    source_unknown: str | None = None
