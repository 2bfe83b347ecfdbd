"""The sidebar's help with input: what the model actually read, unknown words with "did you mean", and a
search of the words a pack knows. Plain widgets; the logic is in models/userinput.py and models/pack.py."""

from __future__ import annotations

import re

import streamlit as st

from models.pack import Pack
from models.userinput import Normalized

ALL_WORDS = "all words"
SHOWN_UNKNOWN = 8  # unknown words listed with their suggestions; the rest are counted


def _replace_word(word: str, suggestion: str) -> None:
    """Put `suggestion` in place of every `word` in the sentence box (a button callback)."""
    sentence = st.session_state.get("sentence", "")
    st.session_state["sentence"] = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", suggestion, sentence)


def show_reading(pack: Pack, read: Normalized) -> None:
    """Under the sentence box: what the model read when normalization changed the text, and for each
    unknown word the closest known words as buttons that put the word in the sentence."""
    if read.changed and read.text:
        st.caption("The models read: " + _code(read.text))
        st.caption(" · ".join(read.changes))
    vocab = pack.src_vocab
    if vocab is None or not read.text:
        return
    unknown = pack.unknown_help(vocab.tokenize(read.text))
    if not unknown:
        return
    st.warning(
        f"{len(unknown)} word{'s' if len(unknown) > 1 else ''} this pack never saw in training: the models read "
        "each as <unk>, so their output cannot be trusted.",
        icon=":material/help:",
    )
    for i, (word, options) in enumerate(unknown.items()):
        if i == SHOWN_UNKNOWN:
            st.caption(f"… and {len(unknown) - SHOWN_UNKNOWN} more.")
            break
        if options:
            st.caption(f"{_code(word)}: did you mean")
            cols = st.columns(len(options))
            for col, option in zip(cols, options, strict=True):
                col.button(option, key=f"dym::{i}::{word}::{option}", on_click=_replace_word, args=(word, option))
        else:
            st.caption(f"{_code(word)}: no known word is close; search the words below.")


def _code(text: str) -> str:
    """Inline code in a caption, with the backticks of user text neutralised."""
    return "`" + text.replace("`", "'") + "`"


def word_search(pack: Pack) -> None:
    """An expander to search the words a pack knows, by part of speech when the pack lists them."""
    lexicon = pack.task.get("lexicon") if isinstance(pack.task.get("lexicon"), dict) else {}
    vocab = pack.src_vocab
    if vocab is None or vocab.tokenization in ("char", "subword"):  # pieces are not words to search
        return
    with st.expander("Words this pack knows"):
        kinds = [k for k, v in lexicon.items() if isinstance(v, list)]
        kind = st.selectbox("Part of speech", [ALL_WORDS, *kinds], key=f"pos::{pack.name}") if kinds else ALL_WORDS
        query = st.text_input("Starts with", key=f"wordq::{pack.name}", max_chars=40).strip().lower()
        if kind == ALL_WORDS:
            words = [t for t in vocab.tokens[4:] if any(c.isalpha() for c in t)]
        else:
            words = [w for w in lexicon[kind] if isinstance(w, str)]
        found = sorted({w for w in words if w.lower().startswith(query)}, key=str.lower)
        st.caption(f"{len(found)} of {len(words)} words")
        st.text(", ".join(found[:300]) + (" …" if len(found) > 300 else ""))
