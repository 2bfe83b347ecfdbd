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

Protocol notes: the client never announces cached message hashes, so the server always sends full messages
(never a ForwardMsg.ref_hash); one arriving anyway is counted as a protocol problem. XSRF protection only
guards the auth cookies on this socket, so no token is sent, only the "streamlit" subprotocol and the Origin.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

from bench.app_speed import rss_mb

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
    references = {e.source: e.target for e in pack.test}  # as explorer.state.test_references
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


class ProtocolError(Exception):
    pass


class RunTimeout(Exception):
    pass


@dataclass
class Screen:
    """What one completed run put on the page: its elements by delta path (sorting by path gives screen order)."""

    elements: dict[tuple[int, ...], object]
    page: str  # url path of the page that ran ("" for the default page)

    def of(self, kind: str) -> list:
        return [getattr(e, kind) for _, e in sorted(self.elements.items()) if e.WhichOneof("type") == kind]


def widget_state(element, previous):
    """The WidgetState the browser holds for a widget element, or None for widgets it would not send.

    Like the frontend: a widget the browser already knows keeps its value unless the server sets one
    (set_value); a new widget starts from its default. Buttons only send a trigger when clicked; slider and
    segmented_control values are left out (the server then uses the value it keeps in session state).
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    kind = element.WhichOneof("type")
    w = getattr(element, kind)
    if kind not in ("checkbox", "text_input", "text_area", "selectbox", "radio", "multiselect"):
        return None
    if previous is not None and not w.set_value:
        return previous
    s = WidgetState(id=w.id)
    if kind == "checkbox":  # st.toggle too
        s.bool_value = w.value if w.set_value else w.default
    elif kind in ("text_input", "text_area"):
        s.string_value = w.value if w.set_value else w.default
    elif kind in ("selectbox", "radio"):
        if w.set_value and w.raw_value:
            s.string_value = w.raw_value
        elif not w.set_value and w.HasField("default"):
            s.string_value = w.options[w.default]
        else:
            return None  # nothing selected
    else:
        s.string_array_value.data[:] = list(w.raw_values) if w.set_value else [w.options[i] for i in w.default]
    return s


class Session:
    """One browser tab's worth of protocol: a websocket, the page it is on, and the widget values it holds."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self.url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.origin = base_url
        self.timeout = timeout
        self.ws = None
        self.pages: dict[str, str] = {}  # url path -> page_script_hash (from the navigation message)
        self.page_hash = ""
        self.query_string = ""
        self.widgets: dict[str, object] = {}  # widget id -> WidgetState
        self.labels: dict[str, str] = {}  # widget label -> widget id

    async def connect(self) -> None:
        import websockets

        self.ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],
            origin=self.origin,
            max_size=2**26,
            ping_interval=None,  # a browser sends no websocket pings (the server pings; replies are automatic)
            open_timeout=self.timeout,
            close_timeout=5,
        )
        self.pages, self.page_hash, self.query_string, self.widgets, self.labels = {}, "", "", {}, {}

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
            self.ws = None

    def set_text(self, label: str, value: str) -> None:
        """Type into a text box, as the browser does before pressing Enter."""
        if label not in self.labels:
            raise ProtocolError(f"no widget labelled {label!r} on the last page (have {sorted(self.labels)})")
        self.widgets[self.labels[label]].string_value = value

    async def rerun(self, page: str | None = None, page_name: str = "", query_string: str | None = None) -> Screen:
        """Send rerun_script and collect the run's elements until script_finished.

        page: switch to this page (its url path); None stays on the current page. page_name: the first run's
        page, from the URL path, before the app's pages are known.
        """
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        cs = msg.rerun_script
        if page is not None and page not in self.pages:
            raise ProtocolError(f"page {page!r} not in the app's navigation {sorted(self.pages)}")
        switching = page is not None and self.pages[page] != self.page_hash
        cs.query_string = (
            query_string if query_string is not None else ("" if switching else self.query_string)
        )  # the browser drops the query string on a page switch
        cs.page_script_hash = self.pages[page] if page is not None else self.page_hash
        cs.page_name = page_name
        cs.widget_states.widgets.extend(self.widgets.values())
        await self.ws.send(msg.SerializeToString())

        deadline = time.monotonic() + self.timeout
        elements: dict[tuple[int, ...], object] = {}
        started = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RunTimeout
            try:
                raw = await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                raise RunTimeout from None
            fwd = ForwardMsg.FromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                started, elements = True, {}  # a run (or the rerun it asked for) starts afresh
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta" and started:
                path = tuple(fwd.metadata.delta_path)
                dk = fwd.delta.WhichOneof("type")
                if dk == "new_element":
                    elements[path] = fwd.delta.new_element
                elif dk == "add_block":
                    for p in [p for p in elements if p[: len(path)] == path]:
                        del elements[p]
            elif kind == "ref_hash":
                raise ProtocolError("got a ForwardMsg.ref_hash although no cached hashes were announced")
            elif kind == "page_not_found":
                raise ProtocolError(f"page_not_found: {fwd.page_not_found.page_name!r}")
            elif kind == "session_event" and fwd.session_event.WhichOneof("type") == "script_compilation_exception":
                raise ProtocolError(f"script compilation exception: {fwd.session_event.script_compilation_exception}")
            elif kind == "script_finished" and started:
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # st.rerun: the next run follows on its own
                if status != "FINISHED_SUCCESSFULLY":
                    raise ProtocolError(f"script finished with {status}")
                break
        self._remember_widgets(elements)
        current = next((p for p, h in self.pages.items() if h == self.page_hash), "?")
        return Screen(elements, current)

    def _remember_widgets(self, elements: dict[tuple[int, ...], object]) -> None:
        """After a run the browser keeps the widgets that were drawn in it, nothing else."""
        widgets, labels = {}, {}
        for element in elements.values():
            w = getattr(element, element.WhichOneof("type"))
            state = widget_state(element, self.widgets.get(getattr(w, "id", "")))
            if state is not None:
                widgets[state.id] = state
                labels[w.label] = state.id
        self.widgets, self.labels = widgets, labels


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
    """One session first: it loads the pack and leaves Streamlit's legacy pages/ mode (see explorer.state)."""
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
