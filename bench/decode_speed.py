"""Decoding speed, measured in one run so the ratios hold on a noisy machine.

    python -m bench.decode_speed [--pack dates] [--repeat 200]

Prints, per model: pack load time, p50/p90 of one sentence decoded with a full trace, the framework floor
(one GRU decoder step at batch 1 of the pack's GRU sizes, times the number of steps: the Transformer and GPT
are measured against the same floor), and batched vs one-at-a-time greedy decoding
of the test split. Two one-at-a-time loops run over the first 200 of its sentences: "loop" is translate(), the
app's own path for one sentence (it records a full trace, and is the faster of the two), and "batch-1" is the
batched decoder given one sentence at a time. Rates are the best of 3 interleaved rounds.

Run it on an otherwise idle machine: it prints the load average when above 1. Torch splits an op over its 2 threads
even at batch 1 (MKL's matrix products and exp, bmm over heads, softmax), and with another process busy on the
cores each such op can wait a scheduler slice for its second thread: beside a 2-thread training run, exp of 120
floats took 16 ms with 2 threads (1 us with 1), one GRU step 16 ms (40 us), and the traced Transformer decode 72 ms
p50, 743 ms p90 (15 and 61 ms with 1 thread): most likely the source of a noisy run's 164x floor for the GPT.

greedy_many's default batch (config.batch_rows) came from this script's batched column. GRUs, 65,536 // hidden_size
rows: 512 rows for dates and numbers (H = 128) were 20-35 % faster than 256; for en-fr (H = 256), 600 sentences x 4
models took 1.6 s with 256 rows, 1.8 s with 512 and 1.6 s with 128 (batch_size= of greedy_many). The Transformer
and GPT, 16,384 // d_model rows: at d_model 64, 2 threads, dates decoded 4,892 / 3,003 sentences/s (Transformer /
GPT) with 256 rows, 4,667 / 2,747 with 512 and 3,812 / 2,197 with the GRUs' 1,024; numbers 4,541 / 3,012 with 256,
4,663 / 3,243 with 512, 3,972 / 2,458 with 1,024.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import torch

from models.net.decoding import greedy_many, translate
from models.packs.pack import load_pack, pretrained_root


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


@torch.inference_mode()
def gru_step_floor(hidden: int, embed: int, repeat: int = 500) -> float:
    gru = torch.nn.GRU(embed, hidden, batch_first=True)
    x, h = torch.randn(1, 1, embed), torch.zeros(1, 1, hidden)
    for _ in range(50):
        gru(x, h)
    return statistics.median(_timed(lambda: gru(x, h), repeat))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default="dates")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--sentence", default=None, help="default: the longest test source of at most --sentence-tokens"
    )
    parser.add_argument("--sentence-tokens", type=int, default=30)
    parser.add_argument("--sweep", type=int, default=2000, help="test sentences for the batched vs loop comparison")
    parser.add_argument("--loop", type=int, default=200, help="of which the one-at-a-time loops decode the first N")
    parser.add_argument("--rounds", type=int, default=3, help="batched and loop timings: the best of N rounds")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    load = os.getloadavg()[0]
    if load > 1.0:  # another process on the 2 cores: each op torch splits over 2 threads can wait ~10 ms for one
        print(f"load average {load:.1f}: other processes share the cores; 2-thread timings stall, ratios unreliable")

    t0 = time.perf_counter()
    pack = load_pack(pretrained_root() / args.pack)
    load_s = time.perf_counter() - t0
    print(f"load pack {args.pack!r} ({len(pack.models)} models): {load_s * 1000:.0f} ms")
    fitting = [e for e in pack.test if e.src_len <= args.sentence_tokens] or pack.test
    sentence = args.sentence or max(fitting, key=lambda e: e.src_len).source
    sweep = [e.source for e in pack.test[: args.sweep]]
    few = sweep[: args.loop]  # the one-at-a-time loops decode these
    n_tokens = len(next(iter(pack.models.values())).src_vocab.tokenize(sentence))
    print(f"sentence ({n_tokens} source tokens): {sentence!r}")
    print(
        f"{'model':>9} {'steps':>5} {'p50 ms':>7} {'p90 ms':>7} {'floor ms':>8} {'x floor':>7} | "
        f"{'batched/s':>9} {'loop/s':>7} {'speed-up':>8} {'batch-1/s':>7} {'speed-up':>8}"
    )
    # The floor is a GRU's: one step of the pack's GRU sizes. The Transformer and GPT are measured against the same
    # floor as the GRUs of their pack (the bar: a traced Transformer decode within 4x of it).
    gru = next((m.config for m in pack.models.values() if hasattr(m.config, "embed_size")), None)
    step_floor = gru_step_floor(gru.hidden_size, gru.embed_size) if gru else None
    for name, m in pack.models.items():
        trace = translate(m.model, m.src_vocab, m.tgt_vocab, sentence)
        steps = len(trace.output_tokens)
        times = _timed(lambda m=m: translate(m.model, m.src_vocab, m.tgt_vocab, sentence), args.repeat)
        floor = (step_floor or gru_step_floor(m.config.hidden_size, m.config.hidden_size)) * steps
        runs = {
            "batched": lambda m=m: greedy_many(m.model, m.src_vocab, m.tgt_vocab, sweep),
            "loop": lambda m=m: [translate(m.model, m.src_vocab, m.tgt_vocab, s).text for s in few],
            "batch-1": lambda m=m: [greedy_many(m.model, m.src_vocab, m.tgt_vocab, [s])[0] for s in few],
        }
        best, outputs = {k: float("inf") for k in runs}, {}
        for _ in range(args.rounds):  # interleaved, so a slow spell of the VM hits all three alike
            for k, fn in runs.items():
                t0 = time.perf_counter()
                outputs[k] = fn()
                best[k] = min(best[k], time.perf_counter() - t0)
        assert outputs["loop"] == outputs["batch-1"] == outputs["batched"][: len(few)], (
            "batched decoding disagrees with the one-at-a-time loop"
        )
        t_batched, t_loop, t_one = best["batched"], best["loop"], best["batch-1"]
        rate_b, rate_l, rate_1 = len(sweep) / t_batched, len(few) / t_loop, len(few) / t_one
        print(
            f"{name:>9} {steps:>5} {pct(times, 0.5) * 1e3:>7.2f} {pct(times, 0.9) * 1e3:>7.2f} {floor * 1e3:>8.2f} "
            f"{pct(times, 0.5) / floor:>7.1f} | {rate_b:>9.0f} {rate_l:>7.0f} {rate_b / rate_l:>7.1f}x "
            f"{rate_1:>7.0f} {rate_b / rate_1:>7.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
