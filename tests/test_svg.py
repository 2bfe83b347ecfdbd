"""The figures as SVG (explorer/svg.py), written without a browser: what a reader of the file would find in it."""

import re
import xml.etree.ElementTree as ET

import numpy as np
import plotly.graph_objects as go
import pytest

from explorer.figures import (
    attention_heatmap,
    fc_strip,
    length_histogram_figure,
    loss_curves,
    quality_lines,
    step_bars,
    token_strip,
    topk_bars,
    vector_strip,
)
from explorer.heads import head_grid
from explorer.positions_figures import positions_heatmap, self_attention_heatmap, self_attention_slice, sinusoid_matrix
from explorer.svg import figure_svg, plain_text, rich_lines
from explorer.tables import quality_table
from explorer.whatif_figures import changed_strip
from models.net.decoding import translate

SVG = "{http://www.w3.org/2000/svg}"
DATE = "Sunday, March 3, 2019"


def parsed(fig: go.Figure) -> ET.Element:
    """The figure's SVG as an XML tree (ET.fromstring fails on anything that is not well-formed XML)."""
    root = ET.fromstring(figure_svg(fig))
    assert root.tag == f"{SVG}svg" and float(root.get("width")) > 0 and float(root.get("height")) > 0
    return root


def texts(root: ET.Element) -> list[str]:
    """Each <text>'s words, as a reader (or a search) sees them."""
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def cells(root: ET.Element) -> list[ET.Element]:
    """A heatmap's cells: the rects inside a group (the background, plot area and colour bar stand alone)."""
    return [r for g in root.iter(f"{SVG}g") for r in g.iter(f"{SVG}rect")]


def trace_of(pack, sentence=DATE, model="dot"):
    m = pack.models[model]
    return translate(m.model, m.src_vocab, m.tgt_vocab, sentence)


def test_a_heatmap_keeps_every_token_label_as_text_and_a_cell_per_weight(dates_pack):
    trace = trace_of(dates_pack)
    view = trace.slice()
    root = parsed(attention_heatmap(view))
    words = texts(root)
    ticks = [w for w in words if w in set(trace.source_tokens) | {"␣"}]
    assert len(ticks) >= len(set(trace.source_tokens))
    assert all(f"{i + 1}: {t}" in words for i, t in enumerate(trace.output_tokens))  # the rows, numbered
    assert "source tokens (keys h_j)" in words and "c_ij" in words  # the axis and colour bar titles
    rects = cells(root)
    assert len(rects) == view.weights.size
    # the darkest cell of each row is the row's largest weight, on the Blues scale (white 0, dark blue 1)
    fills = np.array([sum(map(float, re.findall(r"[\d.]+", r.get("fill")))) for r in rects]).reshape(view.weights.shape)
    assert (fills.argmin(axis=1) == view.weights.argmax(axis=1)).all()


def test_labels_keep_their_markup_as_svg_not_as_text():
    assert rich_lines("&lt;b&gt; a<br>b") == [[("<b> a", {})], [("b", {})]]
    [[(text, style)]] = rich_lines("<span style='color:#d62728;font-weight:bold'>😀?</span>")
    assert text == "😀?" and style == {"fill": "#d62728", "font-weight": "bold"}
    assert plain_text("x &amp; <b>y</b>") == "x & y"


def test_unknown_and_html_like_tokens_read_as_typed(dates_pack):
    trace = trace_of(dates_pack, "<b>Sunday</b> & 😀 2019")
    root = parsed(attention_heatmap(trace.slice()))
    words = texts(root)
    assert {"<?", ">?", "&?", "😀?", "S", "b"} <= set(words)  # "<", not "&lt;"; unknown ones with a question mark
    red = [s for s in root.iter(f"{SVG}tspan") if s.get("fill") == "#d62728"]
    assert {"".join(s.itertext()) for s in red} == {"<?", ">?", "&?", "😀?"}  # and in red ("/" is known)


def test_every_kind_of_figure_is_drawn_with_its_words(dates_pack):
    trace = trace_of(dates_pack)
    history = dates_pack.models["dot"].history
    table = quality_table({m: lm.evaluation for m, lm in dates_pack.models.items()})
    figures = {
        "strip": (token_strip(trace, list("2019-03-04")), ["output", "reference", "⏎", "4"]),
        "vector": (vector_strip(trace.cross.queries[0, 0, 2], ["s_3"]), ["s_3", "hidden unit"]),
        "fc": (fc_strip(trace, 2), ["[a_i ; s_i]", "tanh(FC)"]),
        "bars": (step_bars(trace, 3), ["score e_ij", "weight c_ij", "S", "M"]),
        "topk": (topk_bars(trace, 3), [trace.topk_tokens[3][0], f"{trace.topk_probs[3][0]:.3f}", "probability"]),
        "quality": (quality_lines(table, "bleu", "BLEU"), ["BLEU", "dot attention", "additive attention", "1-10"]),
        "loss": (loss_curves({"dot": history}, 500), ["training step", "training loss (cross-entropy)"]),
        "histogram": (length_histogram_figure([("1-5", 12), ("6-10", 3400)], "words"), ["1-5", "6-10", "words"]),
        "changed": (changed_strip(list("abc"), [False, True, False]), ["a", "b", "c"]),
    }
    for name, (fig, words) in figures.items():
        found = texts(parsed(fig))
        assert all(w in found for w in words), (name, [w for w in words if w not in found])


def test_a_padded_row_draws_no_cells_and_the_colour_bar_reads_numbers(dates_pack):
    """fc_strip pads the FC output's row with NaN: those units are left empty, and the scale ignores them."""
    trace = trace_of(dates_pack)
    fig = fc_strip(trace, 2)
    assert np.isfinite(fig.data[0].zmax) and "nan" not in fig.data[0].colorbar.ticktext
    root = parsed(fig)
    query, output = trace.vector("query").shape[1], trace.vector("output").shape[1]
    assert len(cells(root)) == 2 * query + output  # [a_i ; s_i] whole, tanh(FC) only its own units
    assert "nan" not in texts(root)


@pytest.mark.parametrize("values", ["weights", "scores"])
def test_log_and_reversed_axes_keep_their_ticks_in_range(dates_pack, values):
    history = dates_pack.models["dot"].history
    found = texts(parsed(loss_curves({"dot": history})))
    assert {"1", "0.01"} & set(found)  # decades on the log axis
    root = parsed(attention_heatmap(trace_of(dates_pack).slice(), values))
    first_row = next(t for t in root.iter(f"{SVG}text") if "".join(t.itertext()).startswith("1: "))
    last_row = next(t for t in root.iter(f"{SVG}text") if "".join(t.itertext()).startswith("11: "))
    assert float(first_row.get("y")) < float(last_row.get("y"))  # rows from the top down, as on the page


@pytest.mark.parametrize("model", ["transformer", "gpt"])
def test_every_head_of_every_site_is_drawn_with_its_title_and_outer_labels(dates_pack, model):
    """The Attention page's all-heads grid (small multiples on one colour axis, a title annotation over each): a cell
    per weight of every head, every head's title, the token labels of the outer axes, the shared colour bar once."""
    trace = trace_of(dates_pack, model=model)
    for m in trace.attention:
        fig = head_grid(trace, m.site, "weights", base=10)
        root = parsed(fig)
        words = texts(root)
        assert len(cells(root)) == m.weights.size  # (layers, heads, queries, keys)
        titles = [f"layer {layer + 1} · head {head + 1}" for layer in range(m.layers) for head in range(m.heads)]
        assert all(t in words for t in titles), m.site
        bottom, left = fig.layout[f"xaxis{len(titles)}"], fig.layout[f"yaxis{len(titles) - m.heads + 1}"]
        labels = {plain_text(t) for t in (*bottom.ticktext, *left.ticktext)}
        assert labels <= set(words), (m.site, labels - set(words))
        assert words.count("c_ij") == 1


@pytest.mark.parametrize("model", ["transformer", "gpt"])
def test_the_positions_pages_figures_keep_their_words(dates_pack, model):
    """The Self-attention & positions page: a self-attention map (the GPT's causal triangle, the Transformer's encoder
    and decoder maps) with every token on both axes, and the sinusoid matrix PE with its position labels, its
    dimensions numbered along the top and a cell per number."""
    trace = trace_of(dates_pack, model=model)
    for site in ("causal",) if model == "gpt" else ("encoder_self", "decoder_self"):
        view = self_attention_slice(trace, site, 0, None)
        fig = self_attention_heatmap(view)
        root = parsed(fig)
        words = texts(root)
        assert len(cells(root)) == view.weights.size
        labels = [plain_text(t) for t in (*fig.layout.xaxis.ticktext, *fig.layout.yaxis.ticktext)]
        assert len(labels) == sum(view.weights.shape) and set(labels) <= set(words), site
    tokens = trace.tokens("sequence") if model == "gpt" else trace.source_tokens
    pe = trace.vector("positions") if model == "gpt" else trace.vector("source_positions")
    root = parsed(positions_heatmap(pe, tokens))
    words = texts(root)
    assert len(cells(root)) == pe.size and "0" in words and "position pos (from 0)" in words
    assert "0: S" in words and f"{len(tokens) - 1}: {tokens[-1]}" in words
    top = next(t for t in root.iter(f"{SVG}text") if "".join(t.itertext()) == "dimension: 2i (sin) and 2i+1 (cos)")
    first_row = next(t for t in root.iter(f"{SVG}text") if "".join(t.itertext()) == "0: S")
    assert float(top.get("y")) < float(first_row.get("y"))  # the dimensions' axis on top, as on the page
    every_row = sinusoid_matrix(64, 32)
    assert len(cells(parsed(positions_heatmap(every_row)))) == every_row.size
