"""The state that outlives one page, declared once: URL parameters and kept widget keys.

main.py calls `start_run()` and, once the sidebar has drawn, `write_url()`: once per run, in this order.
Pages never parse st.query_params; they read typed values from the Selection and from the session-state keys
below (the keys of their widgets), which hold a valid value before the page runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from explorer.cache import BEAM_WIDTHS, MAX_INPUT_CHARS


def _text(raw: str) -> str:
    return raw[:MAX_INPUT_CHARS]


def _names(raw: str) -> list[str] | None:
    return [n for n in raw.split(",") if n] or None


def _flag(raw: str) -> bool | None:
    return True if raw == "1" else None


def _int_between(lo: int, hi: int | None) -> Callable[[str], int | None]:
    def parse(raw: str) -> int | None:
        # ASCII digits only: int() also reads "٣" and " 3", which no link of ours holds
        if not (raw.isascii() and raw.lstrip("-").isdigit()):
            return None
        value = int(raw)
        return value if value >= lo and (hi is None or value <= hi) else None

    return parse


@dataclass(frozen=True)
class UrlParam:
    name: str  # in the address: ?name=value
    key: str  # the session-state key (a widget's key) it seeds on a session's first run
    parse: Callable[[str], object]  # the typed value, or None when the text is not a valid value
    page: str = ""  # the page (url path) that shows it; "" = every page


# What a link can say. A value the parser refuses leaves the key to its default below. Values that depend on
# the pack (its name, its models) are checked where the pack is known (the sidebar, `settle`).
URL_PARAMS = (
    UrlParam("pack", "pack", str),
    UrlParam("models", "_url_models", _names),  # the sidebar keeps those the pack has
    UrlParam("s", "sentence", _text),
    UrlParam("large", "large", _flag),
    UrlParam("beam", "beam_width", _int_between(*BEAM_WIDTHS), page="translate"),  # absent = greedy
    UrlParam("model", "attention_model", str, page="attention"),
    UrlParam("step", "step", _int_between(1, None), page="attention"),  # the page keeps it within the sentence
)

# Widget keys kept across page switches (Streamlit drops a widget's state while its page is not shown) and
# their defaults: a widget with a kept key gets its default through Session State, never default=.
KEPT_KEYS = {
    "decoding": "greedy",  # "beam" when the link has a valid ?beam
    "beam_width": 4,
    "attention_model": None,  # settled against the pack's attention models
    "heat_values": "weights",
    "gold": True,
    "step": 1,
    "metric": "bleu",
}


def start_run() -> None:
    """Keep the kept widget keys; on a session's first run, seed them (and the sidebar's) from the URL."""
    state = st.session_state
    for key in KEPT_KEYS:
        if key in state:
            state[key] = state[key]  # re-saving is the documented way to keep a widget's value
    if state.get("_url_loaded"):
        return
    state["_url_loaded"] = True
    for param in URL_PARAMS:
        raw = st.query_params.get(param.name)
        value = param.parse(raw) if isinstance(raw, str) else None
        if value is not None:
            state[param.key] = value
    state.setdefault("decoding", "beam" if "beam_width" in state else "greedy")
    for key, default in KEPT_KEYS.items():
        if default is not None:
            state.setdefault(key, default)


def settle(attention_models: list[str], chosen: list[str]) -> None:
    """Keep the kept keys that depend on the pack valid for it: the Attention page's model."""
    if st.session_state.get("attention_model") not in attention_models and attention_models:
        st.session_state["attention_model"] = next((m for m in chosen if m in attention_models), attention_models[0])


def write_url(pack: str, models: list[str], sentence: str, page: str) -> None:
    """Put the view in the address bar, so it can be shared: the sidebar's choices, and the shown page's."""
    state = st.session_state
    values = {"pack": pack, "models": ",".join(models), "s": sentence}
    if state.get("large"):
        values["large"] = "1"
    if page == "translate" and state.get("decoding") == "beam":
        values["beam"] = str(state["beam_width"])
    if page == "attention":
        values.update(model=state.get("attention_model"), step=str(state.get("step")))
    for param in URL_PARAMS:
        if param.name in values and values[param.name] is not None:
            st.query_params[param.name] = values[param.name]
        elif param.page in ("", page) and param.name in st.query_params:
            del st.query_params[param.name]  # (another page's parameters stay, as the browser keeps them)
