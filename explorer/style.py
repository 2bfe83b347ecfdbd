"""One colour and one name per model, on every page and figure."""

from explorer.i18n import N_, _

MODEL_COLORS = {
    "none": "#D55E00",  # vermillion: the bottleneck
    "dot": "#0072B2",  # blue
    "general": "#009E73",  # green
    "additive": "#CC79A7",  # purple
    "transformer": "#E69F00",  # orange
    "gpt": "#222222",  # near-black
}
MODEL_LABELS = {
    "none": N_("no attention"),
    "dot": N_("dot attention"),
    "general": N_("general attention"),
    "additive": N_("additive attention"),
    "transformer": N_("Transformer"),
    "gpt": N_("GPT (decoder only)"),
}
SCORE_FORMULAS = {
    "dot": r"e_{ij} = s_i^\top h_j",
    "general": r"e_{ij} = s_i^\top W h_j",
    "additive": r"e_{ij} = v^\top \tanh(W s_i + U h_j)",
    "none": N_(r"a_i = h_S \text{ for every } i"),  # (words in a formula are translated)
    # one head: its query q_i = x_i W_Q against keys k_j = m_j W_K (the Transformer's m: the encoder's output;
    # the GPT's: the earlier positions of the same text)
    "transformer": r"e_{ij} = \frac{q_i^\top k_j}{\sqrt{d_k}}",
    "gpt": r"e_{ij} = \frac{q_i^\top k_j}{\sqrt{d_k}}",
}


def color(model: str) -> str:
    return MODEL_COLORS.get(model, "#555555")


def label(model: str) -> str:
    return _(MODEL_LABELS[model]) if model in MODEL_LABELS else model


def labels(models) -> dict[str, str]:
    """Each model's name in the current language, for a widget's format_func (`labels(models).get`).

    A format_func must not translate when called: Streamlit (and AppTest) may call it outside the script run,
    where the session's language is not known; a dict built during the run carries it."""
    return {m: label(m) for m in models}


def score_formula(model: str) -> str:
    """The model's score function as LaTeX (its words in the current language)."""
    return _(SCORE_FORMULAS[model])


_MD_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown so user text shows as typed inside st.markdown/st.warning/st.info."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
