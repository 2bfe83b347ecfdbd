"""How fast the app answers: page reruns (AppTest), "recompute now", cold start and memory of the server.

    python -m bench.app_speed

Targets (issue "Speed"): rerun after typing <= 150 ms on every page; recompute on 1,000 sentences with all
models of a pack <= 3 s; cold start to the first rendered page <= 5 s; RSS with every pack loaded <= 800 MB.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from bench.liveapp import CHROMIUM, CHROMIUM_ARGS, rss_mb, running_app, wait_rendered
from bench.wsclient import Session
from explorer import PAGE_FILES

PAGES = PAGE_FILES


def rerun_times(pack: str, sentences: list[str], repeat: int) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    from bench.liveapp import apptest_in_navigation_mode

    apptest_in_navigation_mode()
    out = {}
    for page in PAGES:
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "main.py"), default_timeout=120)
        at.query_params["pack"] = pack
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page).run()
        times = []
        for s in sentences[:repeat]:
            at.sidebar.text_input(key="sentence").input(s)
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            assert not at.exception, at.exception
        out[page] = times
    return out


def live_rerun_times(typed: dict[str, list[str]]) -> dict[str, dict[str, list[float]]]:
    """The same reruns on the running server, one session at a time over Streamlit's websocket: seconds from
    sending the rerun (each typed sentence after the first, which opens the page) to the server's "script
    finished", per pack and page. `typed` maps each pack to its sentences."""
    import asyncio
    import urllib.parse

    async def measure(url: str) -> dict[str, dict[str, list[float]]]:
        out: dict[str, dict[str, list[float]]] = {}
        for pack, sentences in typed.items():
            out[pack] = {}
            for page in PAGES:
                path = "" if page.endswith("overview.py") else Path(page).stem
                session = Session(url, 60)
                await session.connect()
                query = urllib.parse.urlencode({"pack": pack, "s": sentences[0]})
                await session.rerun(page_name=path, query_string=query)
                times = []
                for sentence in sentences[1:]:
                    session.set_text("Sentence", sentence)
                    t0 = time.perf_counter()
                    screen = await session.rerun()
                    times.append(time.perf_counter() - t0)
                    assert not screen.of("exception"), f"{pack} {page}: {screen.of('exception')[0].message}"
                await session.close()
                out[pack][page] = times
        return out

    with running_app() as url:
        return asyncio.run(measure(url))


def recompute_seconds(pack_name: str, n: int = 1000) -> float:
    from models.evaluation.evaluate import evaluate_models
    from models.packs.pack import load_pack, pretrained_root

    pack = load_pack(pretrained_root() / pack_name)
    sample = random.Random(0).sample(pack.test, min(n, len(pack.test)))
    t0 = time.perf_counter()
    evaluate_models(pack.models, sample, pack.task.length_edges)  # the quality page's "recompute now"
    return time.perf_counter() - t0


def cold_start_and_memory(packs: list[str], runs: int = 3) -> tuple[list[float], float]:
    """Seconds from `streamlit run` to the first page fully drawn in Chromium, for `runs` fresh servers
    (the figure is noisy: the browser and the server share two cores); then, on the last server, the RSS
    after every page of every pack."""
    from playwright.sync_api import sync_playwright

    import bench.liveapp as live

    colds = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            with running_app() as url:
                page.goto(url)
                wait_rendered(page, settle_ms=0)
                colds.append(time.perf_counter() - t0)
                if run == runs - 1:
                    for pack in packs:
                        for path in ("translate", "attention", "context", "quality", "learn"):
                            page.goto(f"{url}/{path}?pack={pack}")
                            wait_rendered(page, settle_ms=0)
                    memory = rss_mb(live.LAST_PID)
            page.close()
        browser.close()
    return colds, memory


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", action="append", help="pack(s) for the rerun times (default: every pack)")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    from models.packs.pack import load_pack, pack_names, pretrained_root

    # The same test sentences for AppTest and the running server: the first opens the page, the rest are typed.
    typed = {
        pack: [e.source for e in random.Random(1).sample(load_pack(pretrained_root() / pack).test, args.repeat + 1)]
        for pack in args.pack or pack_names()
    }
    live = live_rerun_times(typed)
    for pack, sentences in typed.items():
        print(
            f"page rerun after typing a new sentence ({pack}, {args.repeat} test sentences, p50 and max; "
            "AppTest in this process, and the running server over its websocket; target <= 150 ms)"
        )
        for page, times in rerun_times(pack, sentences[1:], args.repeat).items():
            p50, served = statistics.median(times) * 1e3, statistics.median(live[pack][page]) * 1e3
            print(
                f"  {page:<22} AppTest {p50:4.0f} ms (max {max(times) * 1e3:4.0f})   server {served:4.0f} ms "
                f"(max {max(live[pack][page]) * 1e3:4.0f})  {'ok' if max(p50, served) <= 150 else 'SLOW'}"
            )
    for pack in pack_names():
        secs = recompute_seconds(pack)
        print(f"recompute now, 1,000 sentences x every model of {pack}: {secs:.2f} s (target <= 3 s)")
    colds, memory = cold_start_and_memory(pack_names())
    print(
        f"cold start to the first page drawn: median {statistics.median(colds):.1f} s of {len(colds)} fresh servers "
        f"({min(colds):.1f}-{max(colds):.1f} s; target <= 5 s)"
    )
    print(f"server RSS after every page of every pack: {memory:.0f} MB (target <= 800 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
