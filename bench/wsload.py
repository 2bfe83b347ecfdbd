"""A full classroom over Streamlit's own websocket protocol: many concurrent sessions, no browser, on loopback.

    python -m bench.wsload [--sessions 40] [--reruns 500] [--seconds 300] [--pack dates] [--think 1.0 | --pause 5-20]
                           [--workers N [--kill-after S] | --url URL [--pid PID]]

Real Chromium tabs overload a 2-core machine long before the server does (an earlier browser-driven version
held 10 tabs at most), so this test speaks the browser's protocol instead, from one asyncio process: each session opens a websocket to
/_stcore/stream, sends BackMsg.rerun_script (query string, page, and the full widget state the browser would
send) and reads ForwardMsgs until script_finished. Every session opens "Translate & compare" from a URL
(?pack=...&models=none,dot&s=...), then, for a bounded time and count, types a test sentence into the sidebar's
"Sentence" box (the widget state the browser sends on Enter) and now and then (10%) switches to "Attention" and
back. Each session waits a random think time (0 to 2 x --think seconds, or --pause LO-HI seconds) between
actions.

The server: by default one `streamlit run app.py` started here; --workers N starts the lecture hall instead
(explorer.hall: N Streamlit processes behind HAProxy) and talks to its balancer; --url targets a server or
hall already running (--pid its PID, for memory figures). Behind the hall, every session keeps the balancer's
cookie, so it knows its worker; --kill-after S kills the worker holding the most sessions S seconds into the
run (SIGKILL: a crash) and reports who noticed.

A session whose websocket drops (its worker died) reconnects as a browser tab does and reopens its page from
its URL: that page is checked like any other (the sentence in the URL must come back, translated right);
drops, reconnects and reconnect times are reported, and a session that cannot reconnect in four tries
(0.5 to 4 s apart) gives up.

Every translate page is checked against a single-user decoding (models.net.decoding.translate): the st.code blocks
on screen, in screen order, must be the sentence, the reference (test sentences have one) and one output per
model, and the only st.error alerts allowed are the page's "differs from the reference" notes, as many as
the expected outputs call for. An Attention page must show a heatmap (a plotly chart) and no error.
It reports right answers, WRONG answers, TIMEOUTS (no script_finished within --timeout seconds), exceptions
shown on the page (Streamlit's exception element), unexpected st.error alerts, p50/p95/max rerun times per kind
of action (BackMsg sent -> script_finished received), and each server process's RSS before, every --every
reruns and after.
Traffic goes only to 127.0.0.1; every loop is bounded in count and time and stops by itself.

The app hides exception details from browsers (client.showErrorDetails = "none"); this test starts the
server with STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=full so an exception's type, message and trace reach the report
(--redact keeps the app's setting: exceptions are still counted, without details).

The protocol client itself (Session, Screen) is bench.wsclient.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
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
    "reload": "reconnect, reopen from the URL",
}
WARM_UP_TIMEOUT = 300.0
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 4.0)  # a tab's waits before each try to reach the server again


@dataclass
class Expected:
    codes: list[str]  # the st.code texts in screen order: sentence, reference (if any), one output per model
    differs: int  # how many "differs from the reference" alerts the page should show


def expected_pages(pack_name: str, sentences: list[str]) -> dict[str, Expected]:
    """What a single user sees on "Translate & compare" for each sentence (decoded here, outside the server)."""
    from models.net.decoding import translate
    from models.packs.pack import load_pack, pretrained_root

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
    protocol: int = 0  # ref_hash, page_not_found, compile errors, refused connections, ...
    drops: int = 0  # websockets closed under a session (its worker died, ...)
    reconnects: int = 0  # drops after which the session reopened its page from the URL
    restored_right: int = 0  # of those, pages that came back with the URL's sentence translated right
    gave_up: int = 0  # sessions that could not reconnect
    reopens: int = 0  # sessions reopened on a fresh URL after a timeout or a protocol problem
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    rss: list[tuple[int, float, dict[str, float]]] = field(default_factory=list)  # (reruns done, s, {process: MB})
    workers: Counter = field(default_factory=Counter)  # sessions opened per worker (behind the hall)

    def note(self, kind: str, text: str) -> None:
        if len(self.examples[kind]) < MAX_EXAMPLES:
            self.examples[kind].append(text)

    @property
    def failed(self) -> int:
        return self.wrong + self.timeouts + self.exceptions + self.error_alerts + self.attention_bad + self.protocol


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


def check_translate(screen: Screen, want: Expected, stats: Stats) -> bool:
    """Count the page as right, wrong or with errors; True if right."""
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
        return True
    return False


def check_attention(screen: Screen, stats: Stats) -> bool:
    bad = problems_on(screen, stats, 0)
    if screen.page != ATTENTION or not screen.of("plotly_chart"):
        stats.attention_bad += 1
        stats.note("attention", f"page {screen.page!r}, {len(screen.of('plotly_chart'))} charts")
    elif not bad:
        stats.attention_ok += 1
        return True
    return False


def url_sentence(query: str) -> str | None:
    return urllib.parse.parse_qs(query).get("s", [None])[0]


@dataclass
class Target:
    """The server under test: its URL, and how to find its processes (they change when a worker restarts)."""

    url: str
    processes: Callable[[], dict[str, int]]  # name -> PID of each server process
    hall_pid: int | None = None  # set when the URL is explorer.hall's balancer

    def memory(self) -> dict[str, float]:
        return {name: rss_mb(pid) for name, pid in sorted(self.processes().items())}


def hall_processes(hall_pid: int) -> Callable[[], dict[str, int]]:
    from explorer.hall import workers

    return lambda: {name: pid for name, (pid, _) in workers(hall_pid).items()}


@contextlib.contextmanager
def target(args: argparse.Namespace) -> Iterator[Target]:
    import bench.liveapp as live
    from explorer.hall import workers

    if args.url:
        pid = args.pid
        if pid and workers(pid):
            yield Target(args.url.rstrip("/"), hall_processes(pid), hall_pid=pid)
        else:
            yield Target(args.url.rstrip("/"), (lambda: {"server": pid}) if pid else dict)
    elif args.workers:
        with live.running_hall(args.workers) as (url, pid):
            yield Target(url, hall_processes(pid), hall_pid=pid)
    else:
        with live.running_app() as url:
            pid = live.LAST_PID
            yield Target(url, lambda: {"server": pid})


@dataclass
class Kill:
    """--kill-after: which worker was killed, when, who was on it, and when the hall had it back."""

    worker: str = ""
    pid: int = 0
    at: float = 0.0  # seconds into the run
    victims: set[int] = field(default_factory=set)  # sessions on the worker when it died
    others: set[int] = field(default_factory=set)  # sessions connected elsewhere at that moment
    back_after: float | None = None  # seconds until the restarted worker answered its health check


class Classroom:
    def __init__(self, args: argparse.Namespace, target: Target, expected: dict[str, Expected]) -> None:
        self.args, self.target, self.expected = args, target, expected
        self.url = target.url
        self.sentences = list(expected)
        self.stats = Stats()
        self.deadline = 0.0
        self.t0 = 0.0
        self.bar = None
        self.sessions: dict[int, Session] = {}
        self.trouble: Counter = Counter()  # session -> drops, wrong answers, errors, timeouts it met
        self.kill: Kill | None = None

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
            self.stats.rss.append((self.stats.done, time.monotonic() - self.t0, self.target.memory()))

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
        self.stats.workers[session.worker] += 1
        query = urllib.parse.urlencode({"pack": self.args.pack, "models": ",".join(MODELS), "s": sentence})
        return await self.timed("open", session, page_name=TRANSLATE, query_string=query)

    async def reload(self, sid: int, session: Session) -> Screen | None:
        """Reconnect after a drop and reopen the page from its URL, trying as a tab does; None: gave up."""
        from websockets.exceptions import WebSocketException

        t0 = time.perf_counter()
        try:
            for delay in RECONNECT_DELAYS:
                await asyncio.sleep(delay)
                try:
                    screen = await session.reload()
                except (OSError, TimeoutError, RunTimeout, ProtocolError, WebSocketException) as e:
                    last = e  # refused, a 503 while no worker was up, closed again, ...
                    continue
                self.stats.workers[session.worker] += 1
                self.stats.times["reload"].append(time.perf_counter() - t0)
                return screen
        finally:
            self.finished()
        self.stats.gave_up += 1
        self.stats.note("gave_up", f"session {sid}: no reconnect in {len(RECONNECT_DELAYS)} tries: {last!r}")
        return None

    async def pause(self, rng: random.Random) -> None:
        if self.args.pause:
            await asyncio.sleep(rng.uniform(*self.args.pause))
        elif self.args.think > 0:
            await asyncio.sleep(rng.uniform(0, 2 * self.args.think))

    async def student(self, sid: int) -> None:
        from websockets.exceptions import ConnectionClosed

        rng = random.Random(sid)
        stats = self.stats
        session = self.sessions[sid] = Session(self.url, self.args.timeout)
        failures = 0  # timeouts and protocol problems in a row
        opened = False
        sentence = rng.choice(self.sentences)
        action = "open"
        try:
            while True:
                try:
                    if action == "open":
                        if not self.budget(1):
                            break
                        await session.close()
                        sentence = rng.choice(self.sentences)
                        ok = check_translate(await self.open(session, sentence), self.expected[sentence], stats)
                        stats.sessions += not opened  # reopens are the same student
                        opened = True
                    elif action == "reload":
                        if not self.budget(1):
                            break
                        screen = await self.reload(sid, session)
                        if screen is None:
                            break
                        stats.reconnects += 1
                        sentence = url_sentence(session.address[1]) if session.address else None
                        if screen.page == ATTENTION:
                            ok = check_attention(screen, stats)
                        elif sentence in self.expected:
                            ok = check_translate(screen, self.expected[sentence], stats)
                        else:
                            stats.wrong += 1
                            stats.note("wrong", f"session {sid}: reopened page {screen.page!r} without a sentence")
                            ok, sentence = False, rng.choice(self.sentences)
                        stats.restored_right += ok
                    elif rng.random() < 0.1:  # look at the heatmap and come back
                        if not self.budget(2):
                            break
                        try:
                            ok = check_attention(await self.timed("to_attention", session, page=ATTENTION), stats)
                        except Exception:
                            stats.started -= 1  # the run back is not sent
                            raise
                        screen = await self.timed("to_translate", session, page=TRANSLATE)
                        ok = check_translate(screen, self.expected[sentence], stats) and ok
                    else:
                        if not self.budget(1):
                            break
                        sentence = rng.choice([s for s in self.sentences if s != sentence])
                        session.set_text("Sentence", sentence)
                        screen = await self.timed("type", session, page=TRANSLATE)
                        ok = check_translate(screen, self.expected[sentence], stats)
                    self.trouble[sid] += not ok
                    failures = 0
                    action = "next"
                except ConnectionClosed as e:  # the server went away under this tab
                    stats.drops += 1
                    self.trouble[sid] += 1
                    stats.note("drop", f"session {sid} on {session.worker or 'the server'}: {e}")
                    action = "reload" if session.address else "open"
                    continue
                except RunTimeout:
                    stats.timeouts += 1
                    stats.note("timeout", f"session {sid}: no script_finished within {self.args.timeout:.0f} s")
                    action = "open"
                except Exception as e:  # a ProtocolError, a refused connection, ...: counted, and the tab reopened
                    stats.protocol += 1
                    stats.note("protocol", f"session {sid}: {type(e).__name__}: {e}")
                    action = "open"
                if action == "open":
                    self.trouble[sid] += 1
                    stats.reopens += 1
                    failures += 1
                    if failures > 3:
                        stats.note("protocol", f"session {sid}: gave up after 3 reopens")
                        break
                    continue
                await self.pause(rng)
        finally:
            await session.close()

    async def kill_worker(self) -> None:
        """--kill-after: SIGKILL the worker holding the most sessions, then wait for the hall to restart it."""
        from explorer.hall import healthy, workers

        await asyncio.sleep(self.args.kill_after)
        on = Counter(s.worker for s in self.sessions.values() if s.ws is not None and s.worker)
        running = workers(self.target.hall_pid)
        if not on or not running:
            self.stats.note("kill", f"nothing to kill: sessions on {dict(on)}, workers {running}")
            return
        name = max(running, key=lambda n: on.get(n, 0))
        pid = running[name][0]
        kill = self.kill = Kill(worker=name, pid=pid, at=time.monotonic() - self.t0)
        os.kill(pid, signal.SIGKILL)
        for sid, s in self.sessions.items():
            if s.ws is not None and s.worker:
                (kill.victims if s.worker == name else kill.others).add(sid)
        t0 = time.monotonic()
        while time.monotonic() - t0 < 300:
            await asyncio.sleep(0.5)
            now = workers(self.target.hall_pid).get(name)
            if now and now[0] != pid and await asyncio.to_thread(healthy, "127.0.0.1", now[1]):
                kill.back_after = time.monotonic() - t0
                return

    async def run(self) -> float:
        from tqdm import tqdm

        self.t0 = time.monotonic()
        self.deadline = self.t0 + self.args.seconds
        self.stats.rss.append((0, 0.0, self.target.memory()))
        killer = asyncio.create_task(self.kill_worker()) if self.args.kill_after is not None else None
        with tqdm(total=self.args.reruns, desc="reruns", unit="run", smoothing=0.05, mininterval=2) as bar:
            self.bar = bar
            students = []
            for i in range(self.args.sessions):
                students.append(asyncio.create_task(self.student(i)))
                await asyncio.sleep(0.05)  # students arrive within a couple of seconds, not in the same tick
            await asyncio.gather(*students)
            self.bar = None
        if killer is not None:
            if not killer.done():
                killer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await killer
        return time.monotonic() - self.t0


async def warm_up(target: Target, pack: str, sentence: str, timeout: float) -> None:
    """One session per server first: it loads the pack and leaves Streamlit's legacy pages/ mode (see
    explorer.navigation). Behind the hall, the balancer's cookie sends each warm-up session to one worker.
    A cold server imports torch and loads the pack in this first run: it gets at least WARM_UP_TIMEOUT."""
    from explorer.haproxy import cookie_name

    names = list(target.processes()) if target.hall_pid else [None]
    port = urllib.parse.urlsplit(target.url).port
    for name in names:
        session = Session(target.url, max(timeout, WARM_UP_TIMEOUT))
        if name is not None:
            session.cookies[cookie_name(port)] = name
        await session.connect()
        query = urllib.parse.urlencode({"pack": pack, "models": ",".join(MODELS), "s": sentence})
        try:
            screen = await session.rerun(page_name=TRANSLATE, query_string=query)
            if "Sentence" not in session.labels:
                raise ProtocolError(f"the warm-up page has no 'Sentence' box; widgets: {sorted(session.labels)}")
            if not screen.of("code"):
                raise ProtocolError("the warm-up translate page shows no st.code block")
            if session.worker != name:
                raise ProtocolError(f"the warm-up for worker {name} reached {session.worker}")
        finally:
            await session.close()


def percentile(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] * 1000 if v else float("nan")


@dataclass
class Outcome:
    """One run's figures, for the report and for bench.hall_load."""

    args: argparse.Namespace
    stats: Stats
    wall: float
    after: dict[str, float]  # RSS at the end, sessions still open
    closed: dict[str, float]  # RSS 5 s after they closed
    kill: Kill | None
    trouble: Counter
    cpu: float  # this client's CPU seconds

    @property
    def failed(self) -> int:
        return self.stats.failed + self.stats.gave_up

    def p95(self, kind: str) -> float:
        return percentile(self.stats.times[kind], 0.95)

    def survivors_trouble(self) -> int:
        """Problems met after the kill by sessions that were on another worker (should be 0)."""
        return sum(self.trouble[sid] for sid in self.kill.others) if self.kill else 0


def think_text(args: argparse.Namespace) -> str:
    if args.pause:
        return f"pause {args.pause[0]:g}-{args.pause[1]:g} s"
    return f"think time 0-{2 * args.think:g} s"


def report(o: Outcome) -> None:
    args, s = o.args, o.stats
    switches = len(s.times["to_attention"])
    where = f"{args.workers} workers behind the hall's balancer" if args.workers else (args.url or "one server")
    print(
        f"\nwsload: {args.sessions} sessions over websockets to {where}, pack {args.pack!r} "
        f"(models {','.join(MODELS)}), {think_text(args)}, timeout {args.timeout:g} s"
    )
    print(f"sessions opened: {s.sessions} held for {o.wall:.0f} s; {s.done} reruns ({switches} visits to Attention)")
    if any(s.workers):
        print(
            "sessions opened or reconnected per worker: "
            + ", ".join(f"{w} {n}" for w, n in sorted(s.workers.items()) if w)
        )
    print(f"answers: {s.right} right, {s.wrong} WRONG, {s.timeouts} TIMEOUTS")
    print(
        f"errors on the page: {s.exceptions} with an exception, {s.error_alerts} with an unexpected st.error; "
        f"Attention pages: {s.attention_ok} ok, {s.attention_bad} without a heatmap; "
        f"protocol problems: {s.protocol}; reopened after a problem: {s.reopens}"
    )
    print(
        f"dropped websockets: {s.drops}; reconnects: {s.reconnects} ({s.restored_right} pages back right from "
        f"the URL); sessions that could not reconnect: {s.gave_up}"
    )
    if o.kill is not None:
        k = o.kill
        victims_trouble = sum(o.trouble[sid] for sid in k.victims)
        back = f"answered its health check again {k.back_after:.1f} s later" if k.back_after else "not back yet"
        print(
            f"killed worker {k.worker} (pid {k.pid}, SIGKILL) at {k.at:.0f} s; the hall restarted it: {back}\n"
            f"  sessions on it: {len(k.victims)} (problems met: {victims_trouble}, the drops included); "
            f"sessions on the other worker(s): {len(k.others)}, problems met: {o.survivors_trouble()}"
        )
    elif args.kill_after is not None:
        print("kill: " + "; ".join(s.examples.get("kill", ["not done (the run ended first?)"])))
    print("rerun time (rerun_script sent -> script_finished received):")
    print(f"  {'':<32} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    pages = [t for k in ("type", "to_translate") for t in s.times[k]]
    rows = [*((KINDS[k], s.times[k]) for k in KINDS), ("any translate page", pages)]
    rows.append(("all", [t for k in KINDS for t in s.times[k]]))
    for name, ts in rows:
        if ts:
            print(
                f"  {name:<32} {len(ts):>5} {percentile(ts, 0.5):>8.0f} {percentile(ts, 0.95):>8.0f} "
                f"{percentile(ts, 1.0):>8.0f}"
            )
    names = sorted({n for _, _, m in s.rss for n in m} | set(o.after))
    if names:
        print("RSS (MB) of each server process (with its children):")
        print(f"  {'':<28}" + "".join(f"{n:>10}" for n in names))

        def row(label: str, mb: dict[str, float]) -> None:
            print(f"  {label:<28}" + "".join(f"{mb[n]:>10.1f}" if n in mb else f"{'-':>10}" for n in names))

        for done, t, mb in s.rss:
            row(f"after {done:>5} reruns ({t:>4.0f} s)", mb)
        row("at the end, sessions open", o.after)
        row("5 s after they closed", o.closed)
    for kind, texts in s.examples.items():
        if kind != "kill":
            print(f"examples of {kind}:")
            for t in texts:
                print(f"  - {t}")


async def run_async(args: argparse.Namespace) -> Outcome:
    from models.packs.pack import load_pack, pretrained_root

    tests = load_pack(pretrained_root() / args.pack).test
    sources = list(dict.fromkeys(e.source for e in tests))
    sentences = random.Random(0).sample(sources, min(args.sentences, len(sources)))
    print(f"decoding {len(sentences)} test sentences single-user for the expected answers…", flush=True)
    expected = expected_pages(args.pack, sentences)
    if not args.redact:
        os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"  # the server inherits it; it beats config.toml
    with target(args) as t:
        if args.kill_after is not None and (t.hall_pid is None or len(t.processes()) < 2):
            raise SystemExit("--kill-after needs the hall with at least 2 workers (--workers 2, or --url with --pid)")
        print(f"server {t.url} (processes {t.processes()}); warming up…", flush=True)
        await warm_up(t, args.pack, sentences[0], args.timeout)
        classroom = Classroom(args, t, expected)
        cpu = time.process_time()
        wall = await classroom.run()
        cpu = time.process_time() - cpu
        after = t.memory()
        await asyncio.sleep(5)
        closed = t.memory()
    return Outcome(args, classroom.stats, wall, after, closed, classroom.kill, classroom.trouble, cpu)


def pause_range(text: str) -> tuple[float, float]:
    lo, _, hi = text.partition("-")
    try:
        bounds = float(lo), float(hi)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give the pause as LO-HI seconds, e.g. 5-20") from None
    if not 0 <= bounds[0] <= bounds[1]:
        raise argparse.ArgumentTypeError(f"{text!r}: need 0 <= LO <= HI")
    return bounds


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--reruns", type=int, default=500, help="stop after this many reruns in total")
    parser.add_argument("--seconds", type=float, default=300, help="stop after this long")
    parser.add_argument("--pack", default="dates")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a session's actions (s)")
    parser.add_argument("--pause", type=pause_range, help="pause LO-HI seconds between actions (instead of --think)")
    parser.add_argument("--timeout", type=float, default=60, help="a run without script_finished by then fails")
    parser.add_argument("--every", type=int, default=100, help="measure the servers' RSS every this many reruns")
    parser.add_argument("--sentences", type=int, default=60, help="test sentences drawn from the pack")
    parser.add_argument("--redact", action="store_true", help="keep the app's client.showErrorDetails setting")
    server = parser.add_mutually_exclusive_group()
    server.add_argument("--workers", type=int, help="start the lecture hall (explorer.hall) with N workers")
    server.add_argument("--url", help="a server or hall already running, e.g. http://127.0.0.1:8500")
    parser.add_argument("--pid", type=int, help="with --url: the server's or the hall's PID (memory, --kill-after)")
    parser.add_argument("--kill-after", type=float, help="behind the hall: SIGKILL the busiest worker after S s")
    return parser.parse_args(argv)


def run(argv=None) -> Outcome:
    return asyncio.run(run_async(parse_args(argv)))


def main(argv=None) -> int:
    outcome = run(argv)
    report(outcome)
    print(
        f"this client's CPU time during the test: {outcome.cpu:.1f} s ({100 * outcome.cpu / outcome.wall:.0f}% of one core)"
    )
    return 1 if outcome.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
