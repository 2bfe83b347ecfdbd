"""The Streamlit side of Attention Explorer: shared state (explorer.state), figures (explorer.figures)
and tables (explorer.tables). Pages lay out widgets and call into these; no model math lives here."""

# The page files main.py declares, in navigation order (tests and benchmarks walk them all).
PAGE_FILES = [
    "pages/overview.py",
    "pages/translate.py",
    "pages/attention.py",
    "pages/context.py",
    "pages/quality.py",
    "pages/learn.py",
    "pages/gradients.py",
    "pages/whatif.py",
]
