"""Shared app state: cached packs and traces, the sidebar, and the URL (st.query_params).

Models are loaded once per process (st.cache_resource) and shared read-only by every session; traces
are cached per (pack, model, sentence) with a bounded cache (st.cache_data). Nothing per user is global.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from explorer.style import label
from models.decoding import InputError, beam_search, translate
from models.pack import Pack, PackError, load_pack, pack_names, pretrained_root, read_task
from models.trace import Trace

MAX_INPUT_CHARS = 2000  # longer text is cut before tokenizing (the model cuts further, with a warning)
# The pack a new session opens with: translation shows the bottleneck; dates are nearly perfect either way.
DEFAULT_PACKS = ("en-fr", "dates")


@dataclass
class Selection:
    pack: Pack
    models: list[str]
    sentence: str
    reference: str | None  # the target when the sentence comes from the test split
    base_font: int  # figure font size (bigger with "large text")


def get_pack(name: str) -> Pack | str:
    """The loaded pack, or a message naming what is wrong with it."""
    return _load_pack(str(pretrained_root()), name)


@st.cache_resource(show_spinner="Loading the pretrained models…")
def _load_pack(root: str, name: str) -> Pack | str:
    try:
        return load_pack(Path(root) / name)
    except PackError as e:
        return str(e)


@st.cache_resource
def test_references(name: str) -> dict[str, str]:
    pack = get_pack(name)
    return {} if isinstance(pack, str) else {e.source: e.target for e in pack.test}


@st.cache_resource
def gold_alignments(name: str) -> dict[str, list[list[int]]]:
    """Gold word alignments of the pack's test sentences that carry one (source -> links)."""
    pack = get_pack(name)
    if isinstance(pack, str):
        return {}
    return {e.source: e.meta["alignment"] for e in pack.test if e.meta.get("alignment")}


# A trace is ~10 KB (a date) to ~460 KB (80 source tokens, 100 steps of 256 units); 512 of them stay under
# ~240 MB however long the server runs. A classroom needs far fewer: the cache serves the reruns (sliders,
# page switches) of the sentence each student is looking at, for each chosen model.
TRACE_CACHE_ENTRIES = 512


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES, show_spinner=False)
def get_trace(pack_name: str, model: str, sentence: str) -> Trace | str:
    """The greedy trace of one sentence, or a message for a person when it cannot be decoded."""
    pack = get_pack(pack_name)
    if isinstance(pack, str) or model not in pack.models:
        return f"model {model!r} is not available in pack {pack_name!r}"
    m = pack.models[model]
    try:
        return translate(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS])
    except InputError as e:
        return str(e)


BEAM_WIDTHS = (2, 8)  # the beam widths the Translate page offers, smallest and largest


@st.cache_data(max_entries=TRACE_CACHE_ENTRIES // 4, show_spinner=False)
def get_beam(pack_name: str, model: str, sentence: str, width: int) -> tuple[Trace, list[tuple[str, float]]] | str:
    """Beam search of one sentence: the trace of the most likely output and the `width` best outputs with their
    total log-probabilities; or a message for a person when it cannot be decoded."""
    pack = get_pack(pack_name)
    if isinstance(pack, str) or model not in pack.models:
        return f"model {model!r} is not available in pack {pack_name!r}"
    m = pack.models[model]
    try:
        found = beam_search(m.model, m.src_vocab, m.tgt_vocab, sentence[:MAX_INPUT_CHARS], width=width)
        return found.trace, found.outputs
    except InputError as e:
        return str(e)


def beam_width_from_url() -> int:
    """The beam width in the URL (?beam=4), or 0 (greedy) when it is absent or not a width we offer."""
    raw = _param("beam")
    return int(raw) if raw.isascii() and raw.isdigit() and BEAM_WIDTHS[0] <= int(raw) <= BEAM_WIDTHS[1] else 0


def task_examples(pack: Pack) -> list[str]:
    """The pack's hand-picked example sentences (task.json "examples"); anything malformed is left out."""
    examples = pack.task.get("examples")
    return [e for e in examples if isinstance(e, str) and e.strip()] if isinstance(examples, list) else []


def default_sentence(pack: Pack) -> str:
    """The example a session opens with (task.json "default_example", else the first)."""
    examples = task_examples(pack)
    index = pack.task.get("default_example", 0)
    if not examples:
        return ""
    return examples[index] if isinstance(index, int) and 0 <= index < len(examples) else examples[0]


def _param(name: str, default: str = "") -> str:
    value = st.query_params.get(name, default)
    return value if isinstance(value, str) else default


def _init_from_url(packs: list[str]) -> None:
    """On a session's first run, take the pack, models and sentence from the URL (if they are valid)."""
    if st.session_state.get("_url_loaded"):
        return
    st.session_state["_url_loaded"] = True
    pack = _param("pack")
    if pack in packs:
        st.session_state["pack"] = pack
    if "s" in st.query_params:
        st.session_state["sentence"] = _param("s")[:MAX_INPUT_CHARS]
    models = [m for m in _param("models").split(",") if m]
    if models:
        st.session_state["_url_models"] = models
    if _param("large") == "1":
        st.session_state["large"] = True


def _pick_example(pack_name: str, source: str) -> None:
    if source:
        st.session_state["sentence"] = source


def _pick_random(pack_name: str) -> None:
    pack = get_pack(pack_name)
    if not isinstance(pack, str) and pack.test:
        st.session_state["sentence"] = random.choice(pack.test).source


def sidebar() -> Selection | None:
    """Draw the shared sidebar and return what is selected, or None (after showing why) when nothing can run."""
    packs = pack_names()
    _init_from_url(packs)
    with st.sidebar:
        st.toggle("Large text (projector)", key="large")
        if not packs:
            st.error(
                f"No pretrained packs found in {pretrained_root()}. Train them with `python -m models.train --model all`."
            )
            return None
        if st.session_state.get("pack") not in packs:
            st.session_state["pack"] = next((p for p in DEFAULT_PACKS if p in packs), packs[0])
        titles = _pack_titles(packs)  # once per run, not once per option
        pack_name = st.selectbox("Task pack", packs, key="pack", format_func=lambda n: titles.get(n, n))
        pack = get_pack(pack_name)
        if isinstance(pack, str) or not pack.models:
            why = pack if isinstance(pack, str) else " · ".join(pack.errors.values())
            st.session_state["_pack_problem"] = f"Task pack {pack_name!r} cannot be used: {why}"
            st.error(st.session_state["_pack_problem"])
            st.info("The other packs still work: pick one above.")
            return None
        st.session_state.pop("_pack_problem", None)
        for name, why in pack.errors.items():
            st.warning(f"Model {name!r} is unavailable: {why}")
        available = list(pack.models)
        key = f"models::{pack_name}"
        if key not in st.session_state:
            wanted = [m for m in st.session_state.pop("_url_models", []) if m in available]
            st.session_state[key] = wanted or [m for m in ("none", "dot") if m in available] or available[:2]
        models = st.multiselect("Models", available, key=key, format_func=label)
        st.divider()
        if "sentence" not in st.session_state:
            st.session_state["sentence"] = default_sentence(pack)
        sentence = st.text_input(
            "Sentence", key="sentence", max_chars=MAX_INPUT_CHARS, help="Type a sentence and press Enter."
        )
        # Hand-picked examples first (short to long, with their length), then test sentences (with references).
        chars = pack.task.get("src_tokenization") == "char"
        picks = {
            s: f"{len(s) if chars else len(s.split())} {'chars' if chars else 'words'} · {s}"
            for s in task_examples(pack)
        }
        picks.update((e.source, f"test · {e.source}") for e in pack.test[:200] if e.source not in picks)
        st.selectbox(
            "…or pick an example",
            ["", *picks],
            key=f"example::{pack_name}",
            format_func=lambda s: picks.get(s) or "(choose)",
            on_change=lambda: _pick_example(pack_name, st.session_state.get(f"example::{pack_name}", "")),
        )
        st.button(
            "Random test sentence", icon=":material/casino:", on_click=_pick_random, args=(pack_name,), width="stretch"
        )
    large = bool(st.session_state.get("large"))
    st.query_params.update(
        {"pack": pack_name, "models": ",".join(models), "s": sentence, **({"large": "1"} if large else {})}
    )
    if not large and "large" in st.query_params:
        del st.query_params["large"]
    return Selection(pack, models, sentence, test_references(pack_name).get(sentence.strip()), 20 if large else 14)


@st.cache_resource
def _task_title(root: str, name: str) -> str:
    """A pack's title from its task.json alone: listing the packs does not load their models."""
    try:
        return str(read_task(Path(root) / name).get("title") or name)
    except PackError:
        return name


def _pack_titles(names: list[str]) -> dict[str, str]:
    """Each pack's title, with its folder name when another pack has the same title (or it has none)."""
    titles = {name: _task_title(str(pretrained_root()), name) for name in names}
    counts = Counter(titles.values())
    return {n: t if counts[t] == 1 else f"{t} · {n}" for n, t in titles.items()}


def large_text_css() -> None:
    """Bigger type everywhere for a projector. Fixed CSS, no user text.

    Streamlit sizes its type in rem, so scaling the root font scales everything and keeps headings above body
    text (an earlier rule that set every element to one size made titles no bigger than captions). The
    sidebar gets wider so the model names in its chips still fit, and the page's side margins narrower so
    the content keeps its width; figures get their own base size.
    """
    if st.session_state.get("large"):
        st.markdown(
            "<style>html {font-size: 140% !important;}"
            " section[data-testid='stSidebar'] {width: 360px !important; min-width: 360px !important;}"
            " [data-testid='stMainBlockContainer'] {padding-left: 2rem !important; padding-right: 2rem !important;}"
            "</style>",
            unsafe_allow_html=True,
        )


def show_trace_problem(model: str, problem: str) -> None:
    if "empty" in problem:
        st.info(
            "Type a sentence in the sidebar (or pick an example) to see the models at work.", icon=":material/edit:"
        )
    else:
        st.error(f"{label(model)}: {problem}")


def trace_or_message(pack_name: str, model: str, sentence: str) -> Trace | None:
    """The greedy trace, or None after saying why there is none."""
    return checked_trace(model, get_trace(pack_name, model, sentence))


def checked_trace(model: str, trace: Trace | str) -> Trace | None:
    """A decoded trace, with a warning if its input was cut; or None after showing the problem message."""
    if isinstance(trace, str):
        show_trace_problem(model, trace)
        return None
    if trace.truncated:
        st.warning(
            f"The input has {trace.original_length} tokens; {label(model)} reads at most {len(trace.source_tokens)}, "
            "so the rest was cut."
        )
    return trace


def model_heading(model: str, level: int = 3) -> None:
    """The model's name in its colour (the name is escaped; the colour comes from a fixed table)."""
    import html

    from explorer.style import color

    st.markdown(
        f"<h{level} style='color:{color(model)};margin:0'>● {html.escape(label(model))}</h{level}>",
        unsafe_allow_html=True,
    )


def text_box(text: str) -> None:
    """A sentence or a model's output in a monospace box: st.code's look, as plain escaped HTML.

    The Overview (every visitor's first page) uses it instead of st.code, whose syntax highlighter is 1.5 MB
    of JavaScript a fresh browser must load and parse first: the page draws about 0.3 s sooner.
    """
    import html

    body = html.escape(text).replace("$", "&#36;").replace("\n", "<br>")
    st.markdown(
        '<div style=\'font-family:"Source Code Pro",monospace;font-size:0.875rem;background:#fcfcfb;'
        f"border-radius:0.5rem;padding:1rem;line-height:1.6;margin-bottom:1rem;overflow-wrap:anywhere'>{body}</div>",
        unsafe_allow_html=True,
    )


def ensure_navigation() -> None:
    """Make sure this page runs inside main.py's st.navigation, with the shared sidebar.

    A `pages/` folder beside main.py makes Streamlit start in its legacy multipage mode, where a deep link
    (e.g. /attention?s=...) as the first request of a process, and every AppTest run, executes the page
    file alone. st.navigation turns that mode off, so switch it off here and rerun: the rerun goes through
    main.py, which routes back to this same page with the sidebar and the URL intact.
    (Streamlit issue #8860 and its docs: a pages/ folder and st.navigation do not mix well.)
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def require_selection() -> Selection:
    """Call first on every page: the sidebar's selection, or stop (the sidebar already says why)."""
    ensure_navigation()
    sel = st.session_state.get("selection")
    if sel is None:
        problem = st.session_state.get("_pack_problem")
        if problem:
            st.error(problem, icon=":material/error:")
            st.info("Pick another task pack in the sidebar: the others keep working.")
        st.stop()
    return sel
