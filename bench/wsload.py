"""A full classroom over Streamlit's own websocket protocol: many concurrent sessions, no browser, on loopback.

    python -m bench.wsload [--sessions 40] [--reruns 500] [--seconds 300] [--pack dates] [--think 1.0]

Real Chromium tabs overload a 2-core machine long before the server does (an earlier browser-driven version
held 10 tabs at most), so this test speaks the browser's protocol instead, from one asyncio process: each session opens a websocket to
/_stcore/stream, sends BackMsg.rerun_script (query string, page, and the full widget state the browser would
send) and reads ForwardMsgs until script_finished. Every session opens "Translate & compare" from a URL
(?pack=...&models=none,dot&s=...), then, for a bounded time and count, types a test sentence into the sidebar's
"Sentence" box (the widget state the browser sends on Enter) and now and then (10%) switches to "Attention" and
back. Each session waits a random think time (0 to 2 x --think seconds) between actions.

Every translate page is checked against a single-user decoding (models.decoding.translate): the st.code blocks
on screen, in screen order, must be the sentence, the reference (test sentences have one) and one output per
model, and the only st.error alerts allowed are the page's "differs from the reference" notes, as many as
the expected outputs call for. An Attention page must show a heatmap (a plotly chart) and no error.
It reports right answers, WRONG answers, TIMEOUTS (no script_finished within --timeout seconds), exceptions
shown on the page (Streamlit's exception element), unexpected st.error alerts, p50/p95/max rerun times per kind
of action (BackMsg sent -> script_finished received), and the server's RSS before, every --every reruns and after.
Traffic goes only to 127.0.0.1; every loop is bounded in count and time and stops by itself.

The app hides exception details from browsers (client.showErrorDetails = "none"); this test starts the
server with STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=full so an exception's type, message and trace reach the report
(--redact keeps the app's setting: exceptions are still counted, without details).

The protocol client itself (Session, Screen) is bench.wsclient.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

from bench.liveapp import rss_mb
from bench.wsclient import ProtocolError, RunTimeout, Screen, Session

MODELS = ["none", "dot"]
TRANSLATE, ATTENTION = "translate", "attention"
DIFFERS = "✗ differs from the reference"  # pages/translate.py: an expected st.error when a model is wrong
MAX_EXAMPLES = 5  # problems of each kind kept for the report
KINDS = {
    "open": "open translate from a URL",
    "type": "type a sentence",
    "to_attention": "switch to Attention",
    "to_translate": "switch back to Translate",
}


@dataclass
class Expected:
    codes: list[str]  # the st.code texts in screen order: sentence, reference (if any), one output per model
    differs: int  # how many "differs from the reference" alerts the page should show


def expected_pages(pack_name: str, sentences: list[str]) -> dict[str, Expected]:
    """What a single user sees on "Translate & compare" for each sentence (decoded here, outside the server)."""
    from models.decoding import translate
    from models.pack import load_pack, pretrained_root

    pack = load_pack(pretrained_root() / pack_name)
    references = {e.source: e.target for e in pack.test}  # as explorer.cache.test_example
    out = {}
    for s in sentences:
        texts = []
        for name in MODELS:
            m = pack.models[name]
            texts.append(translate(m.model, m.src_vocab, m.tgt_vocab, s).text)
        reference = references.get(s.strip())
        codes = [s, *([reference] if reference is not None else []), *(t or "(empty output)" for t in texts)]
        differs = 0 if reference is None else sum(t != reference for t in texts)
        out[s] = Expected(codes, differs)
    return out


@dataclass
class Stats:
    sessions: int = 0
    started: int = 0  # reruns sent (the budget)
    done: int = 0  # reruns answered or timed out
    right: int = 0
    wrong: int = 0
    timeouts: int = 0
    exceptions: int = 0  # runs showing an exception element
    error_alerts: int = 0  # runs showing an unexpected st.error
    attention_ok: int = 0
    attention_bad: int = 0  # no heatmap
    protocol: int = 0  # ref_hash, page_not_found, compile errors, closed sockets, ...
    reconnects: int = 0
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    rss: list[tuple[int, float, float]] = field(default_factory=list)  # (reruns done, seconds, MB)

    def note(self, kind: str, text: str) -> None:
        if len(self.examples[kind]) < MAX_EXAMPLES:
            self.examples[kind].append(text)


def problems_on(screen: Screen, stats: Stats, allowed_differs: int) -> bool:
    """Count exceptions and unexpected st.error alerts on a page; True if there were any."""
    bad = False
    exceptions = screen.of("exception")
    if exceptions:
        stats.exceptions += 1
        e = exceptions[0]
        trace = " | ".join(line.strip() for line in e.stack_trace[-4:])
        stats.note("exception", f"{screen.page}: {e.type}: {e.message[:300]} [trace: {trace[:600]}]")
        bad = True
    errors = [a.body for a in screen.of("alert") if a.format == 1]  # Alert.Format.ERROR
    differs = sum(b == DIFFERS for b in errors)
    unexpected = [b for b in errors if b != DIFFERS]
    if unexpected or differs > allowed_differs:
        stats.error_alerts += 1
        stats.note("error_alert", f"{screen.page}: {unexpected[:2] or errors[:2]}")
        bad = True
    return bad


def check_translate(screen: Screen, want: Expected, stats: Stats) -> None:
    headings = [h.body for h in screen.of("heading")]
    codes = [c.code_text for c in screen.of("code")]
    bad = problems_on(screen, stats, want.differs)
    errors = sum(a.body == DIFFERS for a in screen.of("alert") if a.format == 1)
    if screen.page != TRANSLATE or headings[:1] != ["Translate & compare"]:
        stats.wrong += 1
        stats.note("wrong", f"expected the translate page, got page {screen.page!r} headed {headings[:1]}")
    elif codes != want.codes or errors != want.differs:
        stats.wrong += 1
        stats.note("wrong", f"expected {want.codes} ({want.differs} 'differs'), got {codes} ({errors})")
    elif not bad:
        stats.right += 1


def check_attention(screen: Screen, stats: Stats) -> None:
    bad = problems_on(screen, stats, 0)
    if screen.page != ATTENTION or not screen.of("plotly_chart"):
        stats.attention_bad += 1
        stats.note("attention", f"page {screen.page!r}, {len(screen.of('plotly_chart'))} charts")
    elif not bad:
        stats.attention_ok += 1


class Classroom:
    def __init__(self, args: argparse.Namespace, url: str, pid: int, expected: dict[str, Expected]) -> None:
        self.args, self.url, self.pid, self.expected = args, url, pid, expected
        self.sentences = list(expected)
        self.stats = Stats()
        self.deadline = 0.0
        self.t0 = 0.0
        self.bar = None

    def budget(self, n: int) -> bool:
        """Reserve n reruns; False when the count or the time is used up."""
        if self.stats.started >= self.args.reruns or time.monotonic() > self.deadline:
            return False
        self.stats.started += n
        return True

    def finished(self, n: int = 1) -> None:
        before = self.stats.done
        self.stats.done += n
        if self.bar is not None:
            self.bar.update(n)
        every = self.args.every
        if every and before // every != self.stats.done // every:
            self.stats.rss.append((self.stats.done, time.monotonic() - self.t0, rss_mb(self.pid)))

    async def timed(self, kind: str, session: Session, **kw) -> Screen:
        t0 = time.perf_counter()
        try:
            screen = await session.rerun(**kw)
        finally:
            self.finished()
        self.stats.times[kind].append(time.perf_counter() - t0)
        return screen

    async def open(self, session: Session, sentence: str) -> Screen:
        await session.connect()
        query = urllib.parse.urlencode({"pack": self.args.pack, "models": ",".join(MODELS), "s": sentence})
        return await self.timed("open", session, page_name=TRANSLATE, query_string=query)

    async def student(self, sid: int) -> None:
        rng = random.Random(sid)
        stats = self.stats
        session = Session(self.url, self.args.timeout)
        reconnects = 0
        sentence = rng.choice(self.sentences)
        need_open = True
        try:
            while True:
                try:
                    if need_open:
                        if not self.budget(1):
                            break
                        await session.close()
                        sentence = rng.choice(self.sentences)
                        check_translate(await self.open(session, sentence), self.expected[sentence], stats)
                        need_open = False
                        stats.sessions += reconnects == 0
                    elif rng.random() < 0.1:  # look at the heatmap and come back
                        if not self.budget(2):
                            break
                        try:
                            check_attention(await self.timed("to_attention", session, page=ATTENTION), stats)
                        except Exception:
                            stats.started -= 1  # the run back is not sent
                            raise
                        screen = await self.timed("to_translate", session, page=TRANSLATE)
                        check_translate(screen, self.expected[sentence], stats)
                    else:
                        if not self.budget(1):
                            break
                        sentence = rng.choice([s for s in self.sentences if s != sentence])
                        session.set_text("Sentence", sentence)
                        check_translate(
                            await self.timed("type", session, page=TRANSLATE), self.expected[sentence], stats
                        )
                except RunTimeout:
                    stats.timeouts += 1
                    stats.note("timeout", f"session {sid}: no script_finished within {self.args.timeout:.0f} s")
                    need_open = True
                except Exception as e:  # a ProtocolError, a closed socket, ...: counted, and the tab reopened
                    stats.protocol += 1
                    stats.note("protocol", f"session {sid}: {type(e).__name__}: {e}")
                    need_open = True
                if need_open:
                    reconnects += 1
                    stats.reconnects += 1
                    if reconnects > 3:
                        stats.note("protocol", f"session {sid}: gave up after 3 reconnects")
                        break
                    continue
                if self.args.think > 0:
                    await asyncio.sleep(rng.uniform(0, 2 * self.args.think))
        finally:
            await session.close()

    async def run(self) -> float:
        from tqdm import tqdm

        self.t0 = time.monotonic()
        self.deadline = self.t0 + self.args.seconds
        self.stats.rss.append((0, 0.0, rss_mb(self.pid)))
        with tqdm(total=self.args.reruns, desc="reruns", unit="run", smoothing=0.05, mininterval=2) as bar:
            self.bar = bar
            students = []
            for i in range(self.args.sessions):
                students.append(asyncio.create_task(self.student(i)))
                await asyncio.sleep(0.05)  # students arrive within a couple of seconds, not in the same tick
            await asyncio.gather(*students)
            self.bar = None
        return time.monotonic() - self.t0


async def warm_up(url: str, pack: str, sentence: str, timeout: float) -> None:
    """One session first: it loads the pack and leaves Streamlit's legacy pages/ mode (see explorer.navigation)."""
    session = Session(url, timeout)
    await session.connect()
    query = urllib.parse.urlencode({"pack": pack, "models": ",".join(MODELS), "s": sentence})
    try:
        screen = await session.rerun(page_name=TRANSLATE, query_string=query)
        if "Sentence" not in session.labels:
            raise ProtocolError(f"the warm-up page has no 'Sentence' box; widgets: {sorted(session.labels)}")
        if not screen.of("code"):
            raise ProtocolError("the warm-up translate page shows no st.code block")
    finally:
        await session.close()


def percentile(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] * 1000 if v else float("nan")


def report(args: argparse.Namespace, stats: Stats, wall: float, after: float, closed: float) -> None:
    s = stats
    switches = len(s.times["to_attention"])
    print(
        f"\nwsload: {args.sessions} sessions over websockets, pack {args.pack!r} (models {','.join(MODELS)}), "
        f"think time 0-{2 * args.think:g} s, timeout {args.timeout:g} s"
    )
    print(f"sessions opened: {s.sessions} held for {wall:.0f} s; {s.done} reruns ({switches} visits to Attention)")
    print(f"answers: {s.right} right, {s.wrong} WRONG, {s.timeouts} TIMEOUTS")
    print(
        f"errors on the page: {s.exceptions} with an exception, {s.error_alerts} with an unexpected st.error; "
        f"Attention pages: {s.attention_ok} ok, {s.attention_bad} without a heatmap; "
        f"protocol problems: {s.protocol}; reconnects: {s.reconnects}"
    )
    print("rerun time (rerun_script sent -> script_finished received):")
    print(f"  {'':<28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    pages = [t for k in ("type", "to_translate") for t in s.times[k]]
    rows = [*((KINDS[k], s.times[k]) for k in KINDS), ("any translate page", pages)]
    rows.append(("all", [t for k in KINDS for t in s.times[k]]))
    for name, ts in rows:
        if ts:
            print(
                f"  {name:<28} {len(ts):>5} {percentile(ts, 0.5):>8.0f} {percentile(ts, 0.95):>8.0f} "
                f"{percentile(ts, 1.0):>8.0f}"
            )
    print("server RSS (MB), the server process and its children:")
    for done, t, mb in s.rss:
        print(f"  after {done:>5} reruns ({t:>4.0f} s): {mb:7.1f}")
    first = s.rss[0][2]
    print(f"  at the end, sessions open: {after:7.1f}  ({after - first:+.1f} MB since the start)")
    print(f"  5 s after the sessions closed: {closed:7.1f}")
    for kind, texts in s.examples.items():
        print(f"examples of {kind}:")
        for t in texts:
            print(f"  - {t}")


async def main_async(args: argparse.Namespace) -> int:
    import bench.liveapp as live
    from models.pack import load_pack, pretrained_root

    tests = load_pack(pretrained_root() / args.pack).test
    sources = list(dict.fromkeys(e.source for e in tests))
    sentences = random.Random(0).sample(sources, min(args.sentences, len(sources)))
    print(f"decoding {len(sentences)} test sentences single-user for the expected answers…", flush=True)
    expected = expected_pages(args.pack, sentences)
    if not args.redact:
        os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"  # the server inherits it; it beats config.toml
    with live.running_app() as url:
        pid = live.LAST_PID
        print(f"server {url} (pid {pid}); warming up…", flush=True)
        await warm_up(url, args.pack, sentences[0], args.timeout)
        classroom = Classroom(args, url, pid, expected)
        cpu = time.process_time()
        wall = await classroom.run()
        cpu = time.process_time() - cpu
        after = rss_mb(pid)
        await asyncio.sleep(5)
        closed = rss_mb(pid)
    report(args, classroom.stats, wall, after, closed)
    print(f"this client's CPU time during the test: {cpu:.1f} s ({100 * cpu / wall:.0f}% of one core)")
    s = classroom.stats
    failed = s.wrong + s.timeouts + s.exceptions + s.error_alerts + s.attention_bad + s.protocol
    return 1 if failed else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--reruns", type=int, default=500, help="stop after this many reruns in total")
    parser.add_argument("--seconds", type=float, default=300, help="stop after this long")
    parser.add_argument("--pack", default="dates")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a session's actions (s)")
    parser.add_argument("--timeout", type=float, default=60, help="a run without script_finished by then fails")
    parser.add_argument("--every", type=int, default=100, help="measure the server's RSS every this many reruns")
    parser.add_argument("--sentences", type=int, default=60, help="test sentences drawn from the pack")
    parser.add_argument("--redact", action="store_true", help="keep the app's client.showErrorDetails setting")
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
