"""A full classroom: many concurrent browser sessions typing sentences and switching pages, on loopback.

    python -m bench.load [--sessions 40] [--seconds 120] [--reruns 500]

Each session is a real Chromium tab (one headless browser, one context per student). A session types a test
sentence on "Translate & compare", waits until every model's output is on screen, checks it against a
single-user decoding of the same sentence, then opens "Attention" and waits for the heatmap. It reports
errors, wrong answers, p50/p95 response times, and the server's memory before and after (RSS).
Traffic goes only to 127.0.0.1; every loop is bounded in count and time and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time

from bench.app_speed import rss_mb
from bench.liveapp import CHROMIUM, CHROMIUM_ARGS, running_app

MODELS = ["none", "dot"]


def expected_outputs(pack_name: str, sentences: list[str]) -> dict[str, dict[str, str]]:
    from models.decoding import translate
    from models.pack import load_pack, pretrained_root

    pack = load_pack(pretrained_root() / pack_name)
    return {
        s: {
            m: translate(pack.models[m].model, pack.models[m].src_vocab, pack.models[m].tgt_vocab, s).text
            for m in MODELS
        }
        for s in sentences
    }


async def student(browser, url, sid, sentences, expected, deadline, max_reruns, stats):
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    rng = random.Random(sid)
    try:
        await page.goto(f"{url}/translate?models={','.join(MODELS)}", timeout=180_000)
        await page.wait_for_selector("[data-testid='stCode']", timeout=180_000)
    except Exception:
        stats["slow_pages"] += 1
        await context.close()
        return
    while time.monotonic() < deadline and stats["reruns"] < max_reruns:
        sentence = rng.choice(sentences)
        box = page.get_by_role("textbox", name="Sentence")
        t0 = time.perf_counter()
        want = list(expected[sentence].values())
        try:
            await box.fill(sentence, timeout=60_000)
            await box.press("Enter", timeout=60_000)
            await page.wait_for_function(
                """([s, want]) => {
                    const codes = Array.from(document.querySelectorAll("[data-testid='stCode'] code")).map(c => c.innerText.trim());
                    return codes[0] === s && want.every((w, i) => codes[1 + i] === w);
                }""",
                arg=[sentence, want],
                timeout=60_000,
            )
            stats["times"].append(time.perf_counter() - t0)
        except Exception:  # a wrong answer, or the browser too loaded to answer within a minute
            stats["wrong"] += 1
        stats["reruns"] += 1
        if rng.random() < 0.1:  # now and then look at the heatmap and come back
            t0 = time.perf_counter()
            try:
                await page.get_by_role("link", name="Attention").first.click()
                await page.wait_for_selector(".js-plotly-plot", timeout=90_000)
                stats["page_times"].append(time.perf_counter() - t0)
                await page.get_by_role("link", name="Translate & compare").first.click()
                await page.wait_for_selector("[data-testid='stCode']", timeout=90_000)
            except Exception:
                stats["slow_pages"] += 1
                break
            stats["reruns"] += 2
    body = await page.inner_text("body")
    if "Traceback" in body or "Error" in body.split("Sentence")[0]:
        errors.append("error text on the page")
    stats["errors"] += len(errors)
    await context.close()


async def classroom(sessions: int, seconds: float, max_reruns: int, pack: str) -> None:
    from playwright.async_api import async_playwright

    import bench.liveapp as live
    from models.pack import load_pack, pretrained_root

    tests = load_pack(pretrained_root() / pack).test
    sentences = [e.source for e in random.Random(0).sample(tests, 60)]
    expected = expected_outputs(pack, sentences)
    stats = {"times": [], "page_times": [], "wrong": 0, "errors": 0, "reruns": 0, "slow_pages": 0}
    with running_app() as url:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm = await browser.new_page()
            await warm.goto(f"{url}/translate")
            await warm.wait_for_selector("[data-testid='stCode']", timeout=120_000)
            await warm.close()
            before = rss_mb(live.LAST_PID)
            deadline = time.monotonic() + seconds
            t0 = time.monotonic()
            await asyncio.gather(
                *(student(browser, url, i, sentences, expected, deadline, max_reruns, stats) for i in range(sessions))
            )
            wall = time.monotonic() - t0
            after = rss_mb(live.LAST_PID)
            await browser.close()
    times = sorted(stats["times"])
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000 if times else float("nan")  # noqa: E731
    print(f"sessions held: {sessions} concurrent tabs for {wall:.0f} s, {stats['reruns']} reruns")
    print(f"answers checked: {len(times)} right, {stats['wrong']} wrong or timed out; page errors: {stats['errors']}")
    print(f"page loads or switches that took over 90 s (session ended): {stats['slow_pages']}")
    print(f"type -> all outputs on screen: p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms, max {p(1.0):.0f} ms")
    if stats["page_times"]:
        print(f"page switch to Attention: median {statistics.median(stats['page_times']) * 1000:.0f} ms")
    print(f"server RSS: {before:.0f} MB before, {after:.0f} MB after ({after - before:+.0f} MB)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--reruns", type=int, default=500, help="stop after this many reruns in total")
    parser.add_argument("--pack", default="dates")
    args = parser.parse_args(argv)
    asyncio.run(classroom(args.sessions, args.seconds, args.reruns, args.pack))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
