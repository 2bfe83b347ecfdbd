"""The sidebar's help with input: what the model actually read, unknown words with "did you mean" (names, places
and numbers, in a pack whose models copy, as words the models copy instead), and a search of the words a pack knows. Plain widgets; the logic is in models/text/userinput.py and models/packs/pack.py."""

from __future__ import annotations

import re

import streamlit as st

from explorer.copy_page import pack_copies
from explorer.i18n import _, message, ngettext
from models.packs.pack import Pack
from models.text.userinput import Normalized, unknown_names

ALL_WORDS = ""  # the part-of-speech picker's first option: every word
SHOWN_UNKNOWN = 8  # unknown words listed with their suggestions; the rest are counted


def _replace_word(word: str, suggestion: str) -> None:
    """Put `suggestion` in place of every `word` in the sentence box (a button callback)."""
    sentence = st.session_state.get("sentence", "")
    st.session_state["sentence"] = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", suggestion, sentence)


def show_reading(pack: Pack, read: Normalized) -> None:
    """Under the sentence box: what the model read when normalization changed the text, and for each
    unknown word the closest known words as buttons that put the word in the sentence."""
    if read.changed and read.text:
        st.caption(_("The models read: {text}").format(text=_code(read.text)))
        st.caption(" · ".join(map(message, read.changes)))
    vocab = pack.src_vocab
    if vocab is None or not read.text:
        return
    tokens = vocab.tokenize(read.text)
    pairs = pack.noun_pairs(tokens)
    if pairs:
        st.warning(
            _(
                "Two nouns in a row ({pairs}): this pack's grammar never writes that (it has no compounds like "
                "'apple juice'), so the models may drop or garble one of them."
            ).format(pairs=", ".join(map(_code, pairs))),
            icon=":material/help:",
        )
    names: list[list[str]] = []
    if pack_copies(pack):  # a name, place or number is for the attention models to copy, not to correct
        names = unknown_names(tokens, vocab.is_known)
        if names:
            st.info(
                ngettext(
                    "{n} name this pack never saw: {words}. The attention models copy it into their output through "
                    "their attention weights; the model without attention cannot.",
                    "{n} names this pack never saw: {words}. The attention models copy them into their output "
                    "through their attention weights; the model without attention cannot.",
                    len(names),
                ).format(n=len(names), words=", ".join(_code(" ".join(name)) for name in names)),
                icon=":material/content_copy:",
            )
    copied = {t for name in names for t in name}
    unknown = pack.unknown_help([t for t in tokens if t not in copied])
    if not unknown:
        return
    st.warning(
        ngettext(
            "{n} word this pack never saw in training: the models read it as <unk>, so their output cannot be trusted.",
            "{n} words this pack never saw in training: the models read each as <unk>, so their output cannot be "
            "trusted.",
            len(unknown),
        ).format(n=len(unknown)),
        icon=":material/help:",
    )
    for i, (word, options) in enumerate(unknown.items()):
        if i == SHOWN_UNKNOWN:
            st.caption(_("… and {n} more.").format(n=len(unknown) - SHOWN_UNKNOWN))
            break
        if options:
            st.caption(_("{word}: did you mean").format(word=_code(word)))
            cols = st.columns(len(options))
            for col, option in zip(cols, options, strict=True):
                col.button(option, key=f"dym::{i}::{word}::{option}", on_click=_replace_word, args=(word, option))
        else:
            st.caption(_("{word}: no known word is close; search the words below.").format(word=_code(word)))


def _code(text: str) -> str:
    """Inline code in a caption, with the backticks of user text neutralised."""
    return "`" + text.replace("`", "'") + "`"


def word_search(pack: Pack) -> None:
    """An expander to search the words a pack knows, by part of speech when the pack lists them."""
    lexicon = pack.task.lexicon
    vocab = pack.src_vocab
    if vocab is None or vocab.tokenization in ("char", "subword"):  # pieces are not words to search
        return
    with st.expander(_("Words this pack knows")):
        kinds = list(lexicon)
        kind = (
            st.selectbox(
                _("Part of speech"),
                [ALL_WORDS, *kinds],
                key=f"pos::{pack.name}",
                # (names built here, in the run's language: the shipped kinds are marked in models/tasks)
                format_func={k: _(k) if k else _("all words") for k in [ALL_WORDS, *kinds]}.get,
            )
            if kinds
            else ALL_WORDS
        )
        query = st.text_input(_("Starts with"), key=f"wordq::{pack.name}", max_chars=40).strip().lower()
        words = [t for t in vocab.words if any(c.isalpha() for c in t)] if kind == ALL_WORDS else lexicon[kind]
        found = sorted({w for w in words if w.lower().startswith(query)}, key=str.lower)
        st.caption(
            ngettext("{found} of {n} word", "{found} of {n} words", len(words)).format(found=len(found), n=len(words))
        )
        st.text(", ".join(found[:300]) + (" …" if len(found) > 300 else ""))
