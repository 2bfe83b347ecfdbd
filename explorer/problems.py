"""The one place that turns a typed problem (PackError, InputError) into what a page shows."""

from __future__ import annotations

import streamlit as st

from explorer.cache import get_decoding
from explorer.i18n import N_, _, message
from explorer.style import label
from models.net.decoding import Decoding, EmptyInputError, InputError
from models.net.trace import Trace
from models.packs.pack import PackError

TYPE_A_SENTENCE = N_("Type a sentence in the sidebar (or pick an example) to see the models at work.")


def show_problem(model: str, error: PackError | InputError, quiet: bool = False) -> None:
    """An empty sentence is a prompt, not an error; `quiet` shows any problem as a note (a side panel)."""
    if quiet:
        st.info(message(error))
    elif isinstance(error, EmptyInputError):
        st.info(_(TYPE_A_SENTENCE), icon=":material/edit:")
    else:
        st.error(f"{label(model)}: {message(error)}")


def decoding_or_message(pack_name: str, model: str, sentence: str, width: int = 1) -> Decoding | None:
    """A decoding, with a warning if its input was cut; or None after showing the problem."""
    try:
        result = get_decoding(pack_name, model, sentence, width)
    except (PackError, InputError) as e:
        show_problem(model, e)
        return None
    trace = result.trace
    if trace.truncated:
        st.warning(
            _("The input has {n} tokens; {model} reads at most {limit}, so the rest was cut.").format(
                n=trace.original_length, model=label(model), limit=len(trace.source_tokens)
            )
        )
    return result


def trace_or_message(pack_name: str, model: str, sentence: str) -> Trace | None:
    """The greedy trace, or None after saying why there is none."""
    result = decoding_or_message(pack_name, model, sentence)
    return None if result is None else result.trace


def trace_or_note(pack_name: str, model: str, sentence: str) -> Trace | None:
    """The greedy trace, or None after a quiet note (for a side panel next to the main result)."""
    try:
        return get_decoding(pack_name, model, sentence).trace
    except (PackError, InputError) as e:
        show_problem(model, e, quiet=True)
        return None
