"""The Streamlit side of Attention Explorer, one job per module:

- cache: packs and decodings, cached per process (typed errors, never message strings)
- params: the URL parameters and kept widget keys, read and written once per run by main.py
- sidebar: the shared sidebar and the `Selection` every page reads
- problems: the one helper that shows a PackError or InputError on a page
- quality: the Quality page's per-sentence scores and recomputation
- figures, tables: plotly figures and pandas tables from traces, evaluations, sweeps and what-if decodings
  (no Streamlit)
- gradients_cache, gradients_figures: the Gradients page's cached gradients and length sweep, and its figures
- whatif_cache, whatif_figures: the What-if attention page's cached decodings, and its figures and experiment names
- positions_cache, positions_figures: the Self-attention & positions page's decoding without positions, and its
  self-attention heatmaps and sinusoid matrix
- html, style, navigation: escaped HTML and fixed CSS, model colours and names, a Streamlit workaround
- hall, haproxy: serving a lecture hall, many app processes behind HAProxy (`python -m explorer.hall`)

Pages lay out widgets and call into these; no model math and no loops over test data live in pages/.
"""

# The page files main.py declares, in navigation order (tests and benchmarks walk them all).
PAGE_FILES = [
    "pages/overview.py",
    "pages/translate.py",
    "pages/attention.py",
    "pages/positions.py",
    "pages/context.py",
    "pages/quality.py",
    "pages/learn.py",
    "pages/gradients.py",
    "pages/whatif.py",
]
