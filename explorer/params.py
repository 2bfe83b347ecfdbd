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
from explorer.i18n import LANGUAGES, SOURCE_LANGUAGE, from_browser
from models.net.whatif import EXPERIMENTS


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


def _position(raw: str) -> int | None:
    """A word counted from 1 in the address, from 0 in the session state."""
    value = _int_between(1, 10**6)(raw) if len(raw) <= 7 else None
    return None if value is None else value - 1


def _language(raw: str) -> str | None:
    return raw if raw in LANGUAGES else None


def _experiment(raw: str) -> str | None:
    return raw if raw in EXPERIMENTS else None


HEAD_SITES = ("encoder_self", "decoder_self", "cross", "causal")  # models.net.views names a head's site so
MAX_HEADS_OFF = 64  # more than any shipped model has (24)


def parse_heads(raw: str) -> tuple[tuple[str, int, int], ...] | None:
    """Heads switched off, "cross.2.3,causal.1.4": site.layer.head counted from 1 in the address, kept as
    (site, layer, head) from 0. A malformed item is dropped; the page keeps those the model has (`settle`)."""
    number = _int_between(1, 999)
    heads = set()
    for item in raw.split(",")[:MAX_HEADS_OFF]:
        site, _dot, rest = item.partition(".")
        layer, _dot, head = rest.partition(".")
        layer_n, head_n = number(layer), number(head)
        if site in HEAD_SITES and layer_n is not None and head_n is not None:
            heads.add((site, layer_n - 1, head_n - 1))
    return ordered_heads(heads) or None


def ordered_heads(heads) -> tuple[tuple[str, int, int], ...]:
    """Heads in the order the page draws them: site (HEAD_SITES), then layer, then head."""
    return tuple(sorted(set(heads), key=lambda h: (HEAD_SITES.index(h[0]), h[1], h[2])))


def heads_text(heads) -> str:
    """The address's spelling of heads: "cross.2.3,causal.1.4" (counted from 1)."""
    return ",".join(f"{site}.{layer + 1}.{head + 1}" for site, layer, head in ordered_heads(heads))


def _length_bucket(raw: str) -> str | None:
    """A length bucket's label, "11-15" or "31+" (the page keeps it one of the pack's buckets)."""
    lo, dash, hi = raw.partition("-")
    lo = lo.removesuffix("+") if not dash else lo
    numbers = [lo, hi] if dash else [lo]
    ok = len(raw) <= 12 and all(n.isascii() and n.isdigit() for n in numbers) and (dash or raw.endswith("+"))
    return raw if ok else None


@dataclass(frozen=True)
class UrlParam:
    name: str  # in the address: ?name=value
    key: str  # the session-state key (a widget's key) it seeds on a session's first run
    parse: Callable[[str], object]  # the typed value, or None when the text is not a valid value
    pages: tuple[str, ...] = ()  # the pages (url paths) that show it; () = every page


# What a link can say. A value the parser refuses leaves the key to its default below. Values that depend on
# the pack (its name, its models) are checked where the pack is known (the sidebar, `settle`).
URL_PARAMS = (
    UrlParam("pack", "pack", str),
    UrlParam("models", "_url_models", _names),  # the sidebar keeps those the pack has
    UrlParam("s", "sentence", _text),
    UrlParam("large", "large", _flag),
    UrlParam("lang", "lang", _language),  # absent = the browser's language (explorer.i18n.from_browser)
    UrlParam("beam", "beam_width", _int_between(*BEAM_WIDTHS), pages=("translate",)),  # absent = greedy
    UrlParam("model", "attention_model", str, pages=("attention", "gradients", "whatif")),
    UrlParam("step", "step", _int_between(1, None), pages=("attention",)),  # the page keeps it within the sentence
    UrlParam("lengths", "sweep_lengths", _length_bucket, pages=("gradients",)),  # the page keeps it a pack bucket
    UrlParam("whatif", "whatif", _experiment, pages=("whatif",)),
    UrlParam("mask", "mask_word", _position, pages=("whatif",)),  # only with ?whatif=mask; kept within the sentence
    UrlParam("off", "heads_off", parse_heads, pages=("whatif",)),  # `settle` keeps the heads the chosen model has
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
    "sweep_lengths": None,  # settled against the pack's length buckets by the Gradients page
    "whatif": EXPERIMENTS[0],
    "mask_word": 0,
    "heads_off": (),  # not a widget's key: the What-if page's head pickers are seeded from it (explorer.heads_off)
}


def start_run() -> str:
    """Keep the kept widget keys; on a session's first run, seed them (and the sidebar's) from the URL.

    Returns the language this run speaks: the sidebar's switch (key "lang"), which a session's first run
    seeds from ?lang= or, without one, from the browser's language."""
    state = st.session_state
    for key in KEPT_KEYS:
        if key in state:
            state[key] = state[key]  # re-saving is the documented way to keep a widget's value
    if state.get("_url_loaded"):
        return state.get("lang", SOURCE_LANGUAGE)
    state["_url_loaded"] = True
    state["_browser_lang"] = from_browser(st.context.locale, st.context.headers.get("Accept-Language"))
    for param in URL_PARAMS:
        raw = st.query_params.get(param.name)
        value = param.parse(raw) if isinstance(raw, str) else None
        if value is not None:
            state[param.key] = value
    state.setdefault("decoding", "beam" if "beam_width" in state else "greedy")
    for key, default in KEPT_KEYS.items():
        if default is not None:
            state.setdefault(key, default)
    state.setdefault("lang", state["_browser_lang"] or SOURCE_LANGUAGE)  # an explicit ?lang= wins
    return state["lang"]


def settle(attention_models: list[str], chosen: list[str], heads_of: Callable[[str], list] | None = None) -> None:
    """Keep the kept keys that depend on the pack valid for it: the attention model (Attention, Gradients and
    What-if pages), and the heads switched off, those of that model (`heads_of(model)`: models.net.views
    all_heads; a GRU has none)."""
    state = st.session_state
    if state.get("attention_model") not in attention_models and attention_models:
        state["attention_model"] = next((m for m in chosen if m in attention_models), attention_models[0])
    if heads_of is not None and state.get("heads_off"):
        model = state.get("attention_model")
        has = set(heads_of(model)) if model in attention_models else set()
        state["heads_off"] = ordered_heads(h for h in state["heads_off"] if h in has)


def write_url(pack: str, models: list[str], sentence: str, page: str) -> None:
    """Put the view in the address bar, so it can be shared: the sidebar's choices, and the shown page's."""
    state = st.session_state
    values = {"pack": pack, "models": ",".join(models), "s": sentence}
    if state.get("large"):
        values["large"] = "1"
    browser = state.get("_browser_lang") or SOURCE_LANGUAGE
    if state.get("lang", SOURCE_LANGUAGE) != SOURCE_LANGUAGE or browser != SOURCE_LANGUAGE:
        values["lang"] = state.get("lang", SOURCE_LANGUAGE)  # (a link then opens in this language anywhere)
    if page == "translate" and state.get("decoding") == "beam":
        values["beam"] = str(state["beam_width"])
    if page in ("attention", "gradients", "whatif"):
        values["model"] = state.get("attention_model")
    if page == "attention":
        values["step"] = str(state.get("step"))
    if page == "gradients":
        values["lengths"] = state.get("sweep_lengths")
    if page == "whatif":
        values["whatif"] = state.get("whatif") or EXPERIMENTS[0]
        if values["whatif"] == "mask":
            values["mask"] = str(state.get("mask_word", 0) + 1)
        values["off"] = heads_text(state.get("heads_off", ())) or None
    for param in URL_PARAMS:
        if param.name in values and values[param.name] is not None:
            st.query_params[param.name] = values[param.name]
        elif (not param.pages or page in param.pages) and param.name in st.query_params:
            del st.query_params[param.name]  # (another page's parameters stay, as the browser keeps them)
