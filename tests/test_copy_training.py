"""Copying end to end: a small model trained here, on a small generated task whose names and cities come from a
list far larger than what any vocabulary holds, writes names it never saw (models/evaluation/copying.py measures
it as eval.json's "copy" does)."""

import random
import time

import pytest

from models.evaluation.copying import copy_rate, copy_words, written
from models.evaluation.evaluate import evaluate_model
from models.net.decoding import greedy_many_tokens, translate
from models.packs.data import Example, Splits
from models.packs.pack import load_model, load_pack, save_model
from models.text.vocab import Vocab
from models.training.config import TrainConfig
from models.training.loop import train_model
from models.training.packs import build_vocabs
from tools.unknown_order import SMALL, seen_and_unseen
from tools.unknown_order import examples as full_name_examples

pytestmark = pytest.mark.slow

# (English, French, the positions of NAME and CITY in each): a source word aligns with its French word
TEMPLATES = [
    (
        "my friend {n} lives in {c} .",
        "mon ami {n} habite à {c} .",
        [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6)],
    ),
    ("{n} sees the cat .", "{n} voit le chat .", [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]),
    ("the cat sleeps in {c} .", "le chat dort à {c} .", [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]),
    ("{n} and {m} live in {c} .", "{n} et {m} habitent à {c} .", [(i, i) for i in range(7)]),
    ("I see {n} .", "je vois {n} .", [(0, 0), (1, 1), (2, 2), (3, 3)]),
]


def examples(rng: random.Random, pool: list[str], count: int) -> list[Example]:
    out = []
    for _ in range(count):
        en, fr, links = rng.choice(TEMPLATES)
        n, m, c = rng.sample(pool, 3)
        source = en.format(n=n, m=m, c=c)
        out.append(Example(source, fr.format(n=n, m=m, c=c), len(source.split()), {"alignment": links}))
    return out


def copy_task(seed: int = 0) -> tuple[Splits, list[Example], set[str]]:
    """Train and valid from 1,500 names, the test (a names split) from 300 others: none of them in a vocabulary."""
    rng = random.Random(seed)
    pool, seen, unseen = seen_and_unseen(rng)
    splits = Splits(examples(rng, seen, 3000), examples(rng, seen, 100), [])
    return splits, examples(rng, unseen, 200), set(pool)


def test_copy_words_count_where_the_reference_has_them():
    vocab = Vocab.build(["le chat dort à ."], "word")
    ex = Example("the cat sleeps in Oslo .", "le chat dort à Oslo .", 6)
    assert copy_words(ex, Vocab.build(["the cat sleeps in ."], "word"), vocab) == [4]
    assert written(["le", "chat", "dort", "à", "Oslo", "."], ex.target.split(), [4]) == 1
    assert written(["Oslo", "le", "chat", "dort", "à", "."], ex.target.split(), [4]) == 0  # at the wrong place
    assert written(["le", "chat", "dort", "à", "."], ex.target.split(), [4]) == 0


def test_a_copy_model_trained_here_writes_names_it_never_saw(tmp_path):
    """The whole path: vocabularies without the names, extended targets, the mixture's loss with guided
    alignment over padded batches, greedy decoding of extended ids, the copy score, save and load."""
    splits, names_test, pool = copy_task()
    src_vocab, tgt_vocab = build_vocabs(splits, "word", "word", copy_only=pool.__contains__)
    assert not pool & (set(src_vocab.tokens) | set(tgt_vocab.tokens))  # the names can only be copied
    cfg = TrainConfig.from_dict(
        {
            "epochs": 3,
            "batch_size": 32,
            "embed_size": 32,
            "hidden_size": 64,
            "max_output_len": 12,
            "lr": 5e-3,
            "align_weight": 1.0,
            "copy": True,
            "snapshots": 1,
            "threads": 1,
        }
    )
    start = time.perf_counter()
    model, history = train_model("dot", splits, src_vocab, tgt_vocab, cfg, ["I see Lomira ."], progress=False)
    seconds = time.perf_counter() - start
    assert model.copies and history.train_config["copy"] is True
    outputs = greedy_many_tokens(model, src_vocab, tgt_vocab, [e.source for e in names_test])
    score = copy_rate(outputs, names_test, src_vocab, tgt_vocab, [1, 6])
    print(f"copy task: trained in {seconds:.1f} s; copy rate {score['overall']}")  # the README's number
    assert score["overall"]["n"] >= 200 and score["overall"]["rate"] >= 0.95

    tr = translate(model, src_vocab, tgt_vocab, "my friend Zorivale lives in Bakumo .")  # names of no list
    assert "Zorivale" in tr.output_tokens and "Bakumo" in tr.output_tokens
    i = tr.output_tokens.index("Zorivale")
    assert tr.copied[i] and tr.p_gen[i] < 0.5 and tr.copy_steps[i].tokens[0] == "Zorivale"
    assert not any(c for t, c in zip(tr.output_tokens, tr.copied, strict=True) if t in ("mon", "ami", "habite"))

    save_model(tmp_path / "p" / "dot", model, src_vocab, tgt_vocab)
    loaded = load_model(tmp_path / "p" / "dot")
    assert loaded.model.copies
    evaluation = evaluate_model(loaded, names_test[:50], [1, 6], names=names_test)
    assert evaluation.copy.overall.rate == score["overall"]["rate"]
    assert evaluation.to_dict()["copy"]["overall"]["n"] == score["overall"]["n"]


def test_the_model_without_attention_trains_without_a_copy_head():
    splits, _, pool = copy_task()
    splits = Splits(splits.train[:64], splits.valid[:8], [])
    src_vocab, tgt_vocab = build_vocabs(splits, "word", "word", copy_only=pool.__contains__)
    cfg = TrainConfig.from_dict({"epochs": 1, "batch_size": 32, "embed_size": 8, "hidden_size": 16, "copy": True})
    model, _ = train_model("none", splits, src_vocab, tgt_vocab, cfg, [], progress=False)
    assert not model.copies and model.config.copy is False


def test_shipped_packs_read_as_no_copy():
    from models.packs.pack import PRETRAINED

    pack = load_pack(PRETRAINED / "dates")
    assert not any(m.model.copies for m in pack.models.values())
    assert not pack.names_test


@pytest.mark.parametrize("name", ["transformer", "gpt"])
def test_the_stack_families_train_with_a_copy_head(name):
    """Their copy head sits on the alignment head, which guided alignment pulls: a short run learns to copy."""
    splits, names_test, pool = copy_task()
    src_vocab, tgt_vocab = build_vocabs(splits, "word", "word", copy_only=pool.__contains__)
    cfg = TrainConfig.from_dict(
        {
            "epochs": 2,
            "batch_size": 32,
            "d_model": 32,
            "n_heads": 2,
            "n_layers": 1,
            "gpt_layers": 2,
            "d_ff": 64,
            "dropout": 0.0,
            "stack_lr": 3e-3,
            "warmup_steps": 20,
            "max_output_len": 12,
            "align_weight": 1.0,
            "copy": True,
            "snapshots": 1,
            "threads": 1,
        }
    )
    model, history = train_model(name, splits, src_vocab, tgt_vocab, cfg, [], progress=False)
    assert model.copies and history.loss[-1][1] < history.loss[0][1]
    outputs = greedy_many_tokens(model, src_vocab, tgt_vocab, [e.source for e in names_test])
    score = copy_rate(outputs, names_test, src_vocab, tgt_vocab, [1])
    print(f"copy task, {name}: copy rate {score['overall']}")
    assert score["overall"]["rate"] >= 0.9


def test_a_model_with_unknown_words_by_order_copies_full_names_and_loads_again(tmp_path):
    """Unknown words by order (models/text/unknown.py): the source numbers its unknown words, the decoder is fed
    <copied:k> after writing the k-th. One epoch of a small additive model on full names it never saw
    (tools/unknown_order.py: fed <unk> instead, the same run writes 90 % of them)."""
    rng = random.Random(0)
    pool, seen, unseen = seen_and_unseen(rng)
    splits = Splits(full_name_examples(rng, seen, 3000), full_name_examples(rng, seen, 100), [])
    test = full_name_examples(rng, unseen, 200)
    src_vocab, tgt_vocab = build_vocabs(splits, "word", "word", copy_only=set(pool).__contains__, order=4)
    cfg = TrainConfig.from_dict({**SMALL, "epochs": 1, "unknown_order": 4})
    model, history = train_model("additive", splits, src_vocab, tgt_vocab, cfg, [], progress=False)
    assert model.config.copied == 4 and history.train_config["unknown_order"] == 4
    outputs = greedy_many_tokens(model, src_vocab, tgt_vocab, [e.source for e in test])
    assert copy_rate(outputs, test, src_vocab, tgt_vocab, [1, 6])["overall"]["rate"] >= 0.95

    tr = translate(model, src_vocab, tgt_vocab, "I know Zorivale Bakumo .")
    assert tr.output_tokens[2:4] == ["Zorivale", "Bakumo"] and all(tr.copied[2:4])
    save_model(tmp_path / "p" / "additive", model, src_vocab, tgt_vocab)
    loaded = load_model(tmp_path / "p" / "additive")
    assert (loaded.src_vocab.order, loaded.tgt_vocab.copied, loaded.model.config.copied) == (4, 4, 4)
    again = translate(loaded.model, loaded.src_vocab, loaded.tgt_vocab, "I know Zorivale Bakumo .")
    assert again.output_tokens == tr.output_tokens
