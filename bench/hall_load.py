"""The lecture hall under load (explorer.hall behind HAProxy), in three scenarios, each a bench.wsload run:

    python -m bench.hall_load compare [--workers 2] [wsload flags]   # 1 process vs N, same sessions, same run
    python -m bench.hall_load kill [wsload flags]                    # a worker dies mid-class
    python -m bench.hall_load pace [--workers 2] [wsload flags]      # 150 sessions at a human pace

compare: the same classroom (default: 40 sessions, en-fr, 300 different sentences, 0-10 s between actions)
  through the hall with 1 worker, then with N, and the ratio N/1 of typing p95 and Attention p95 (the bar:
  at most 0.5). Both go through HAProxy, so the only difference is the number of processes.
kill: 40 sessions through 2 workers; after 60 s the worker holding the most sessions is killed (SIGKILL).
  Reports wrong answers (the bar: 0), how many sessions were on it and reconnected (their pages come back
  from the URL), problems met by the sessions on the other worker (the bar: 0), and when the hall had the
  worker back.
pace: 150 sessions, 5-20 s between actions, for 15 minutes: wrong answers and errors (the bar: 0), typing p95
  (the bar: <= 500 ms), and each worker's RSS over time, with its change after the warm-up (the first third).

Any wsload flag given after the scenario overrides its default (e.g. `compare --sessions 4 --seconds 30` for
a quick check). Exit status 1 when any run had wrong answers or errors.
"""

from __future__ import annotations

import argparse

from bench import wsload

CLASSROOM = ["--sessions", "40", "--pack", "en-fr", "--sentences", "300", "--think", "5"]
SCENARIOS = {
    "compare": [*CLASSROOM, "--reruns", "2000", "--seconds", "300", "--every", "500"],
    "kill": [*CLASSROOM, "--reruns", "100000", "--seconds", "180", "--every", "500", "--kill-after", "60"],
    "pace": [
        *("--sessions", "150", "--pack", "en-fr", "--sentences", "300", "--pause", "5-20"),
        *("--reruns", "1000000", "--seconds", "900", "--every", "1000", "--timeout", "120"),
    ],
}
TYPING_BAR_MS = 500


def figures(o: wsload.Outcome) -> dict[str, str]:
    s = o.stats
    return {
        "typing p50 ms": f"{wsload.percentile(s.times['type'], 0.5):.0f}",
        "typing p95 ms": f"{o.p95('type'):.0f}",
        "Attention p50 ms": f"{wsload.percentile(s.times['to_attention'], 0.5):.0f}",
        "Attention p95 ms": f"{o.p95('to_attention'):.0f}",
        "open p95 ms": f"{o.p95('open'):.0f}",
        "reruns (in s)": f"{s.done} ({o.wall:.0f})",
        "right / WRONG / errors": f"{s.right} / {s.wrong} / {o.failed - s.wrong}",
    }


def compare(workers: int, extra: list[str]) -> int:
    outcomes = {}
    for n in (1, workers):
        print(f"\n=== {n} worker{'s' * (n > 1)} behind HAProxy ===", flush=True)
        o = outcomes[n] = wsload.run([*SCENARIOS["compare"], *extra, "--workers", str(n)])
        wsload.report(o)
    one, many = outcomes[1], outcomes[workers]
    a, b = figures(one), figures(many)
    print(f"\n=== 1 process vs {workers}, the same classroom in the same run ===")
    print(f"  {'':<24} {'1 process':>14} {f'{workers} processes':>14}")
    for key in a:
        print(f"  {key:<24} {a[key]:>14} {b[key]:>14}")
    for kind, label in (("type", "typing"), ("to_attention", "Attention")):
        ratio = many.p95(kind) / one.p95(kind) if one.stats.times[kind] and many.stats.times[kind] else float("nan")
        print(f"  {label} p95 ratio ({workers}/1): {ratio:.2f}  (the bar: at most 0.5)")
    return 1 if one.failed or many.failed else 0


def kill(extra: list[str]) -> int:
    o = wsload.run([*SCENARIOS["kill"], *extra, "--workers", "2"])
    wsload.report(o)
    k = o.kill
    print("\n=== a worker killed mid-class ===")
    if k is None:
        print("  no worker was killed (the run ended before --kill-after?)")
        return 1
    back = f"{k.back_after:.1f} s" if k.back_after is not None else "not within the run"
    print(f"  wrong answers: {o.stats.wrong} (the bar: 0); errors of any kind: {o.failed}")
    print(f"  sessions on the killed worker: {len(k.victims)}; reconnects: {o.stats.reconnects}, pages back right "
          f"from the URL: {o.stats.restored_right}; sessions that gave up: {o.stats.gave_up}")  # fmt: skip
    print(f"  sessions on the other worker: {len(k.others)}, problems they met: {o.survivors_trouble()} (the bar: 0)")
    print(f"  the hall had the worker back after: {back}")
    return 1 if o.failed or o.survivors_trouble() else 0


def memory_after_warm_up(o: wsload.Outcome) -> dict[str, tuple[float, float, float]]:
    """Per process: (MB at the end of the warm-up, MB at the end, max - min after the warm-up)."""
    later = [(t, mb) for _, t, mb in o.stats.rss if t >= o.wall / 3] or o.stats.rss[-1:]
    out = {}
    for name in sorted({n for _, mb in later for n in mb}):
        values = [mb[name] for _, mb in later if name in mb]
        out[name] = (values[0], values[-1], max(values) - min(values))
    return out


def pace(workers: int, extra: list[str]) -> int:
    o = wsload.run([*SCENARIOS["pace"], *extra, "--workers", str(workers)])
    wsload.report(o)
    p95 = o.p95("type")
    print(f"\n=== {o.args.sessions} sessions at a human pace, {workers} workers ===")
    print(f"  wrong answers: {o.stats.wrong}; errors of any kind: {o.failed - o.stats.wrong} (the bar: 0 and 0)")
    print(f"  typing p95: {p95:.0f} ms (the bar: <= {TYPING_BAR_MS} ms)")
    print("  memory after the warm-up (the first third of the run), per process:")
    for name, (first, last, spread) in memory_after_warm_up(o).items():
        print(f"    {name:<10} {first:7.1f} MB -> {last:7.1f} MB ({last - first:+.1f}; max - min {spread:.1f} MB)")
    return 1 if o.failed or p95 > TYPING_BAR_MS else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=SCENARIOS)
    parser.add_argument("--workers", type=int, default=2, help="N for compare and pace (kill always uses 2)")
    args, extra = parser.parse_known_args(argv)
    if args.scenario == "compare":
        return compare(args.workers, extra)
    if args.scenario == "kill":
        return kill(extra)
    return pace(args.workers, extra)


if __name__ == "__main__":
    raise SystemExit(main())
