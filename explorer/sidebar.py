"""The shared sidebar (task pack, models, sentence) and the `Selection` every page reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import streamlit as st

from explorer.cache import MAX_INPUT_CHARS, get_pack, random_test_sentence, task_title, test_example
from explorer.datapanel import data_panel
from explorer.i18n import LANGUAGES, SOURCE_LANGUAGE, _, current, message, ngettext
from explorer.navigation import ensure_navigation
from explorer.packtext import told
from explorer.reading import show_reading, word_search
from explorer.style import labels
from models.packs.pack import Pack, PackError, pack_names, pretrained_root
from models.text.tokenize import plain_text

# The pack a new session opens with: translation shows the bottleneck; dates are nearly perfect either way.
DEFAULT_PACKS = ("en-fr", "dates")


@dataclass(frozen=True)
class Selection:
    pack: Pack
    models: list[str]
    sentence: str
    reference: str | None  # the target when the sentence comes from the test split, as a person reads it
    reference_tokenized: str | None  # ... and as the target tokenizer writes it (Korean particles bound by U+2060)
    large: bool  # "large text" for a projector
    base_font: int  # figure font size (bigger with "large text")

    @property
    def attention_models(self) -> list[str]:
        return self.pack.attention_models


def task_examples(pack: Pack, language: str | None = None) -> list[str]:
    """The pack's hand-picked example sentences (task.json "examples"); blank ones are left out.

    In an interface `language` other than English, the examples written in it (task.json "example_languages",
    one code per example) come first: a Korean class sees the Korean dates first. English keeps the pack's order."""
    examples, languages = pack.task.examples, pack.task.example_languages
    if languages is None or len(languages) != len(examples):
        languages = [None] * len(examples)
    kept = [(e, lang) for e, lang in zip(examples, languages, strict=True) if e.strip()]
    first = [e for e, lang in kept if language != SOURCE_LANGUAGE and lang == language]
    return first + [e for e, _lang in kept if e not in first]


def default_sentence(pack: Pack, language: str | None = None) -> str:
    """The example a session opens with (task.json "default_example", else the first); in an interface
    `language` the pack has examples in (Korean dates and numbers), its first example in that language."""
    in_language = task_examples(pack, language)
    examples = task_examples(pack)
    if in_language and in_language[0] != examples[0]:
        return in_language[0]
    index = pack.task.default_example
    if not examples:
        return ""
    return examples[index] if 0 <= index < len(examples) else examples[0]


def _pick_example(pack_name: str) -> None:
    source = st.session_state.get(f"example::{pack_name}", "")
    if source:
        st.session_state["sentence"] = source


def _pick_random(pack_name: str) -> None:
    source = random_test_sentence(pack_name)
    if source is not None:
        st.session_state["sentence"] = source


def _pack_titles(names: list[str]) -> dict[str, str]:
    """Each pack's title (translated when the catalogue has it: the shipped packs' titles are marked in
    explorer/packtext.py), with its folder name when another pack has the same title (or it has none)."""
    titles = {name: told(task_title(name)) for name in names}
    counts = Counter(titles.values())
    return {n: t if counts[t] == 1 else f"{t} · {n}" for n, t in titles.items()}


def _pack_problem(pack_name: str, why: str) -> None:
    st.session_state["_pack_problem"] = _("Task pack {pack!r} cannot be used: {why}").format(pack=pack_name, why=why)
    st.error(st.session_state["_pack_problem"])
    st.info(_("The other packs still work: pick one above."))


def sidebar() -> Selection | None:
    """Draw the shared sidebar and return what is selected, or None (after showing why) when nothing can run."""
    packs = pack_names()
    with st.sidebar:
        st.radio(
            _("Language"),
            list(LANGUAGES),
            key="lang",
            format_func=LANGUAGES.get,
            horizontal=True,
            label_visibility="collapsed",
        )
        st.toggle(_("Large text (projector)"), key="large")
        if not packs:
            st.error(
                _(
                    "No pretrained packs found in {folder}. Train them with `python -m models.training --model all`."
                ).format(folder=pretrained_root())
            )
            return None
        if st.session_state.get("pack") not in packs:
            st.session_state["pack"] = next((p for p in DEFAULT_PACKS if p in packs), packs[0])
        titles = _pack_titles(packs)  # once per run, not once per option
        pack_name = st.selectbox(_("Task pack"), packs, key="pack", format_func=lambda n: titles.get(n, n))
        try:
            with st.spinner(_("Loading the pretrained models…")):
                pack = get_pack(pack_name)
        except PackError as e:
            _pack_problem(pack_name, message(e))
            return None
        if not pack.models:
            _pack_problem(pack_name, " · ".join(map(message, pack.errors.values())))
            return None
        st.session_state.pop("_pack_problem", None)
        for name, why in pack.errors.items():
            st.warning(_("Model {model!r} is unavailable: {why}").format(model=name, why=message(why)))
        available = list(pack.models)
        key = f"models::{pack_name}"
        if key not in st.session_state:
            wanted = [m for m in st.session_state.pop("_url_models", []) if m in available]
            st.session_state[key] = wanted or pack.comparison_pair or available[:2]
        models = st.multiselect(
            _("Models"), available, key=key, format_func=labels(available).get, placeholder=_("Choose models")
        )
        st.divider()
        if "sentence" not in st.session_state:
            st.session_state["sentence"] = default_sentence(pack, current())
        typed = st.text_input(
            _("Sentence"), key="sentence", max_chars=MAX_INPUT_CHARS, help=_("Type a sentence and press Enter.")
        )
        read = pack.read(typed)
        sentence = read.text  # what every page decodes: capitals, contractions and the final mark fixed
        show_reading(pack, read)
        # Hand-picked examples first (short to long, with their length), then test sentences (with references).
        chars = pack.task.src_tokenization == "char"
        picks = {}
        for s in task_examples(pack, current()):
            n = len(s) if chars else len(s.split())
            size = ngettext("{n} char", "{n} chars", n) if chars else ngettext("{n} word", "{n} words", n)
            picks[s] = size.format(n=n) + f" · {s}"
        test = _("test")
        picks.update((e.source, f"{test} · {e.source}") for e in pack.test[:200] if e.source not in picks)
        choose = _("(choose)")
        st.selectbox(
            _("…or pick an example"),
            ["", *picks],
            key=f"example::{pack_name}",
            format_func=lambda s: picks.get(s) or choose,
            on_change=_pick_example,
            args=(pack_name,),
        )
        st.button(
            _("Random test sentence"),
            icon=":material/casino:",
            on_click=_pick_random,
            args=(pack_name,),
            width="stretch",
        )
        word_search(pack)
        data_panel(pack)
    large = bool(st.session_state.get("large"))
    example = test_example(pack_name, sentence)
    target = None if example is None else example.target
    reference = None if target is None else plain_text(target)
    return Selection(pack, models, sentence, reference, target, large, 20 if large else 14)


def require_selection() -> Selection:
    """Call first on every page: the sidebar's selection, or stop (the sidebar already says why)."""
    ensure_navigation()
    sel = st.session_state.get("selection")
    if sel is None:
        problem = st.session_state.get("_pack_problem")
        if problem:
            st.error(problem, icon=":material/error:")
            st.info(_("Pick another task pack in the sidebar: the others keep working."))
        st.stop()
    return sel
