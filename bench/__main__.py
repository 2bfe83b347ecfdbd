"""Every speed figure in one run: python -m bench

1. decoding: one sentence with a full trace vs the framework floor; batched vs one-at-a-time (bench.decode_speed)
2. the app: page reruns, "recompute now", cold start, memory (bench.app_speed); the Gradients and What-if
   pages on a 30-token sentence (bench.gradients_whatif_speed); the What-if page's head switch against a plain
   decode (bench.heads_off_speed)
3. training: per-model time and tokens/s, read from the shipped training histories
4. the Transformer and GPT: greedy decoding with the KV cache vs recomputing the prefix (bench.kv_cache_speed)
The classroom load test is separate and longer: python -m bench.wsload
"""

import argparse

from bench import app_speed, decode_speed, gradients_whatif_speed, heads_off_speed, kv_cache_speed
from models.packs.pack import load_pack, pack_names, pretrained_root


def training_figures() -> None:
    print("training (from pretrained/*/*/history.json; target <= 15 min per model, <= 90 min in total)")
    total = 0.0
    for name in pack_names():
        for model, m in load_pack(pretrained_root() / name).models.items():
            secs = m.history.train_seconds
            total += secs
            print(f"  {name:>8}/{model:<9} {secs / 60:5.1f} min  {m.history.tokens_per_second:>8,} tokens/s")
    print(f"  all shipped models: {total / 60:.1f} min")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    for pack in pack_names():
        decode_speed.main(["--pack", pack])
    app_speed.main([])
    gradients_whatif_speed.main([])
    heads_off_speed.main([])
    training_figures()
    kv_cache_speed.main([])
