"""A client of Streamlit's websocket protocol: one browser tab's worth of messages, without a browser.

`Session` opens /_stcore/stream, sends BackMsg.rerun_script (query string, page, and the full widget state the
browser would send) and reads ForwardMsgs until script_finished; `Screen` is what one run put on the page.
Used by the classroom load test (bench.wsload) and the live rerun timings (bench.app_speed).

Behind the lecture hall's balancer (explorer.hall) a session keeps the cookies the balancer sets, as a browser
does, so its reconnects reach the same worker while it lives; `Session.worker` names that worker. When the
socket drops, `Session.reload()` does what a tab does when its server is gone: a new session from the URL
(the page and the query string, where the app keeps pack, models and sentence).

Protocol notes: the client never announces cached message hashes, so the server always sends full messages
(never a ForwardMsg.ref_hash); one arriving anyway is a ProtocolError. XSRF protection only guards the auth
cookies on this socket, so no token is sent, only the "streamlit" subprotocol and the Origin.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

HALL_COOKIE = "attention-hall-"  # explorer.haproxy.cookie_name: the balancer's cookie names a session's worker


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
        self.cookies: dict[str, str] = {}  # kept across reconnects, like a browser's cookies for the site
        self.address: tuple[str, str] | None = None  # the URL after the last completed run: (page path, query)

    @property
    def worker(self) -> str | None:
        """The worker the balancer's cookie names (None when not behind explorer.hall's balancer)."""
        return next((v for k, v in self.cookies.items() if k.startswith(HALL_COOKIE)), None)

    async def connect(self) -> None:
        import websockets

        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],
            origin=self.origin,
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=2**26,
            ping_interval=None,  # a browser sends no websocket pings (the server pings; replies are automatic)
            open_timeout=self.timeout,
            close_timeout=5,
            proxy=None,  # loopback or the class network, never an HTTP proxy from the environment
        )
        for header in self.ws.response.headers.get_all("Set-Cookie"):
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        self.pages, self.page_hash, self.query_string, self.widgets, self.labels = {}, "", "", {}, {}

    async def reload(self) -> Screen:
        """Open the last page again from its URL on a new connection: a tab whose server went away."""
        if self.address is None:
            raise ProtocolError("no page to reload: no run has finished on this session")
        page, query = self.address
        await self.close()
        await self.connect()
        return await self.rerun(page_name=page, query_string=query)

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
        self.address = (current, self.query_string)
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
