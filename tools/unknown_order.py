"""Full names copied with and without unknown words by order: one small copy task, each model trained both ways.

    python tools/unknown_order.py                          # dot, additive, gpt; one epoch each, both ways, 4 seeds
    python tools/unknown_order.py --models gpt --epochs 2 --order 4 --seeds 0

Copy models fed <unk> after writing a copied word do not know which one they wrote: the en-ko models wrote a word
of a full name twice (*Germana Germana* for *Germana Cabezas*). With an order (models/text/unknown.py), the source
numbers its unknown words and the decoder is fed <copied:k>. This trains the same small model on the same task
twice, from the same seed, with the order 0 and with --order, for each seed (the data and the initial weights), and
prints what each writes of names it never saw:
the copy rate (eval.json's "copy"), the share of sentences exactly right, and how many outputs write one name twice
in a row. The task is made-up names (also the copy tests', tests/test_copy_training.py), in templates with full names of two unknowns
side by side (*I know Lomira Vikaso .*): a few thousand sentences, trained on one thread, a minute a model.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time

import torch

from models.evaluation.copying import copy_rate
from models.net.decoding import greedy_many_tokens
from models.packs.data import Example, Splits
from models.training.config import TrainConfig
from models.training.loop import train_model
from models.training.packs import build_vocabs

SYLLABLES = ["ka", "lo", "mi", "ra", "tu", "ne", "so", "vi", "da", "pe", "zo", "ri", "ba", "ku", "le", "mo"]


def names(rng: random.Random, n: int) -> list[str]:
    """n distinct made-up capitalised names of two or three syllables: 16^2 + 16^3 = 4,352 of them in all."""
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize())
    return sorted(out)


def seen_and_unseen(rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """1,800 made-up names, shuffled, and their split: 1,500 for the training sentences, 300 for a test whose names
    no training sentence has (the pool, the seen, the unseen)."""
    pool = names(rng, 1800)
    rng.shuffle(pool)
    return pool, pool[:1500], pool[1500:]


# (English, French, length): word i of the source aligns with word i of the target
TEMPLATES = [
    ("I know {n} {m} .", "je connais {n} {m} .", 5),
    ("my friend {n} {m} lives in {c} .", "mon ami {n} {m} habite à {c} .", 8),
    ("{n} {m} sees the cat .", "{n} {m} voit le chat .", 6),
    ("the cat sleeps in {c} .", "le chat dort à {c} .", 6),
    ("{n} and {m} live in {c} .", "{n} et {m} habitent à {c} .", 7),
]

SMALL = {  # one thread, small sizes: a minute a model
    "batch_size": 32,
    "embed_size": 32,
    "hidden_size": 64,
    "max_output_len": 12,
    "lr": 5e-3,
    "align_weight": 1.0,
    "copy": True,
    "snapshots": 1,
    "threads": 1,
    "d_model": 32,
    "n_heads": 2,
    "n_layers": 1,
    "gpt_layers": 2,
    "d_ff": 64,
    "dropout": 0.0,
    "stack_lr": 3e-3,
    "warmup_steps": 20,
}


def examples(rng: random.Random, pool: list[str], count: int) -> list[Example]:
    out = []
    for _ in range(count):
        en, fr, length = rng.choice(TEMPLATES)
        n, m, c = rng.sample(pool, 3)
        source = en.format(n=n, m=m, c=c)
        links = [(i, i) for i in range(length)]
        out.append(Example(source, fr.format(n=n, m=m, c=c), length, {"alignment": links}))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="dot,additive,gpt", help="pack model names, joined by commas")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--order", type=int, default=4, help="the unknown_order to compare with 0")
    parser.add_argument("--seeds", default="0,1,2,3", help="seeds joined by commas: one task and run each")
    args = parser.parse_args(argv)
    for seed in (int(s) for s in args.seeds.split(",")):
        compare(args.models.split(","), args.epochs, args.order, seed)
    return 0


def compare(models: list[str], epochs: int, order_: int, seed: int) -> None:
    rng = random.Random(seed)
    pool, seen, unseen = seen_and_unseen(rng)
    splits = Splits(examples(rng, seen, 3000), examples(rng, seen, 100), [])
    test = examples(rng, unseen, 400)
    print(f"seed {seed}: {len(splits.train)} training sentences, {len(test)} of unseen names; {epochs} epoch(s)")
    for name in models:
        for order in (0, order_):
            torch.manual_seed(seed)
            src, tgt = build_vocabs(splits, "word", "word", copy_only=set(pool).__contains__, order=order)
            cfg = TrainConfig.from_dict({**SMALL, "epochs": epochs, "unknown_order": order, "seed": seed})
            start = time.perf_counter()
            model, _ = train_model(name, splits, src, tgt, cfg, [], progress=False)
            outputs = greedy_many_tokens(model, src, tgt, [e.source for e in test])
            copied = copy_rate(outputs, test, src, tgt, [1, 6])["overall"]
            exact = sum(" ".join(o) == e.target for o, e in zip(outputs, test, strict=True)) / len(test)
            twice = sum(any(a == b and a in pool for a, b in itertools.pairwise(o)) for o in outputs)
            print(
                f"{name:9} order {order}: names written {copied['rate']:.3f} ({copied['written']}/{copied['n']}), "
                f"exactly right {exact:.3f}, a name twice in a row in {twice}; {time.perf_counter() - start:.0f} s",
                flush=True,
            )


if __name__ == "__main__":
    raise SystemExit(main())
