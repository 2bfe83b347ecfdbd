"""The Gradients and What-if attention pages' speed: a rerun after typing a 30-token sentence, and the sweep.

    python -m bench.gradients_whatif_speed [--pack en-fr] [--repeat 10]

Target (issue 13): Gradients and What-if attention rerun <= 300 ms p50 for a 30-token sentence; the length
sweep is computed once per process (the page's first visit) and cached. The framework floor (one GRU decoder
step at batch 1, as bench.decode_speed measures it) is measured in the same run, and every figure is also
printed as a multiple of it, because this shared VM's speed drifts by up to 2x between runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch

from bench.decode_speed import gru_step_floor

PAGES = ("pages/gradients.py", "pages/whatif.py")


def sentences_of(pack, n_tokens: int, count: int) -> list[str]:
    vocab = next(iter(pack.models.values())).src_vocab
    found = [e.source for e in pack.test if len(vocab.tokenize(e.source)) == n_tokens]
    return found[:count]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default="en-fr")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--tokens", type=int, default=30)
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads (default 1, as the server runs: app.py SCRIPT_THREADS)"
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    from streamlit.testing.v1 import AppTest

    from bench.liveapp import apptest_in_navigation_mode
    from models.packs.pack import load_pack, pretrained_root

    apptest_in_navigation_mode()
    pack = load_pack(pretrained_root() / args.pack)
    typed = sentences_of(pack, args.tokens, args.repeat + 1)
    cfg = next(iter(pack.models.values())).config
    floor = gru_step_floor(cfg.hidden_size, cfg.embed_size)
    print(
        f"Gradients and What-if pages ({args.pack}, {len(typed) - 1} test sentences of {args.tokens} tokens typed "
        f"in turn; floor: one GRU step at batch 1 = {floor * 1e3:.3f} ms)"
    )
    for page in PAGES:
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "main.py"), default_timeout=600)
        at.query_params["pack"] = args.pack
        at.query_params["s"] = typed[0]
        at.run()
        t0 = time.perf_counter()
        at.switch_page(page).run()  # the first visit: the Gradients page measures its sweep here
        first = time.perf_counter() - t0
        assert not at.exception, at.exception
        times = []
        for s in typed[1:]:
            at.sidebar.text_input(key="sentence").input(s)
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            assert not at.exception, at.exception
        p50 = statistics.median(times)
        print(
            f"  {page:<20} rerun p50 {p50 * 1e3:5.0f} ms (max {max(times) * 1e3:5.0f}) = {p50 / floor:,.0f}x the floor"
            f"  {'ok' if p50 <= 0.3 else 'SLOW'} (<= 300 ms);  first visit {first:.1f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
