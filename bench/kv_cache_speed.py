"""Greedy decoding with the KV cache against recomputing the whole prefix at every step, in one run.

    python -m bench.kv_cache_speed [--tokens 30 100] [--rounds 5]

Untrained models of 3 layers, d_model 128 (4 heads, d_ff 512), at batch 1, each decoding exactly N tokens (no
stop at <eos>) from a 20-token source. "cache" is `step` from the KV cache (models/net/transformer.py); "recompute"
runs the decoder over the whole prefix at every step and keeps the last position's logits: the Transformer's
decoder over <sos> y_1 ... y_t (its encoder output made once), the GPT's stack over source <sos> y_1 ... y_t. Both
loops must choose the same tokens. Times are the best of --rounds interleaved rounds; the ratio is what to read
on a shared machine (targets: >= 1.5x at 30 tokens, >= 2.5x at 100).
"""

from __future__ import annotations

import argparse
import time

import torch

from models.net.transformer import GPT, GPTConfig, Transformer, TransformerConfig
from models.text.vocab import SOS_ID

SOURCE_LEN = 20


def build(family: str, max_output_len: int):
    torch.manual_seed(0)
    kind, config = (Transformer, TransformerConfig) if family == "transformer" else (GPT, GPTConfig)
    sizes = {"d_model": 128, "n_heads": 4, "n_layers": 3, "d_ff": 512, "max_output_len": max_output_len}
    return kind(config(500, 500, **sizes)).eval()


@torch.inference_mode()
def with_cache(model, src, lens, n: int) -> list[int]:
    memory = model.encode(src, lens)
    state, prev, out = model.start(memory), torch.tensor([SOS_ID]), []
    for _ in range(n):
        logits, state = model.step(prev, state, memory)
        prev = logits.argmax(-1)
        out.append(int(prev))
    return out


@torch.inference_mode()
def recomputing(model, src, lens, n: int) -> list[int]:
    prefix = [SOS_ID]
    if isinstance(model, Transformer):
        memory = model.encode(src, lens)  # the source is read once either way: only the decoder recomputes

        def last_logits(tgt):
            return model.decoder_pass(memory, tgt)["logits"][:, -1]
    else:

        def last_logits(tgt):
            return model(src, lens, tgt)[:, -1]

    for _ in range(n):
        prefix.append(int(last_logits(torch.tensor([prefix])).argmax(-1)))
    return prefix[1:]


def timed(fn) -> tuple[float, list[int]]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, nargs="+", default=[30, 100])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    src, lens = torch.randint(4, 500, (1, SOURCE_LEN)), torch.tensor([SOURCE_LEN])
    print(f"KV cache vs recomputing the prefix: 3 layers x d_model 128, batch 1, source of {SOURCE_LEN} tokens")
    for family in ("transformer", "gpt"):
        for n in args.tokens:
            model = build(family, n)
            with_cache(model, src, lens, 3), recomputing(model, src, lens, 3)  # warm up
            cached, recomputed = float("inf"), float("inf")
            for _ in range(args.rounds):  # interleaved, so both see the same machine
                t, a = timed(lambda m=model, k=n: with_cache(m, src, lens, k))
                cached = min(cached, t)
                t, b = timed(lambda m=model, k=n: recomputing(m, src, lens, k))
                recomputed = min(recomputed, t)
                if a != b:
                    raise AssertionError(f"{family}: the cache and recomputation chose different tokens")
            print(
                f"  {family:<11} {n:>4} tokens   cache {cached * 1e3:7.1f} ms ({cached / n * 1e3:.2f} ms/token)"
                f"   recompute {recomputed * 1e3:7.1f} ms   ratio {recomputed / cached:4.1f}x"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
