"""One colour and one name per model, on every page and figure."""

MODEL_COLORS = {
    "none": "#D55E00",  # vermillion: the bottleneck
    "dot": "#0072B2",  # blue
    "general": "#009E73",  # green
    "additive": "#CC79A7",  # purple
}
MODEL_LABELS = {
    "none": "no attention",
    "dot": "dot attention",
    "general": "general attention",
    "additive": "additive attention",
}
SCORE_FORMULAS = {
    "dot": r"e_{ij} = s_i^\top h_j",
    "general": r"e_{ij} = s_i^\top W h_j",
    "additive": r"e_{ij} = v^\top \tanh(W s_i + U h_j)",
    "none": r"a_i = h_S \text{ for every } i",
}


def color(model: str) -> str:
    return MODEL_COLORS.get(model, "#555555")


def label(model: str) -> str:
    return MODEL_LABELS.get(model, model)


_MD_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown so user text shows as typed inside st.markdown/st.warning/st.info."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
