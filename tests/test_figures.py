"""Figures are pure functions of a trace: check what they would show."""

import numpy as np

from explorer.figures import (
    attention_heatmap,
    box_text,
    chrf_curves,
    fc_strip,
    quality_lines,
    step_bars,
    token_label,
    token_strip,
    topk_bars,
)
from explorer.tables import quality_table
from models.net.decoding import translate
from models.packs.records import History


def _trace(pack, model="dot", text="Sunday, March 3, 2019"):
    m = pack.models[model]
    return translate(m.model, m.src_vocab, m.tgt_vocab, text)


def test_token_strip_marks_wrong_tokens(dates_pack):
    tr = _trace(dates_pack)
    fig = token_strip(tr, list("2019-03-04"))
    z = np.array(fig.data[0].z, dtype=float)
    assert z.shape == (2, 11)  # 10 characters and the end token, one row each for output and reference
    assert list(z[1]) == [2.0] * 9 + [3.0, 2.0]  # only the last digit is wrong


def test_token_strip_wraps_long_outputs(dates_pack):
    tr = _trace(dates_pack)
    z = np.array(token_strip(tr, per_row=4).data[0].z, dtype=float)
    assert z.shape == (3, 4) and np.isnan(z[2, 3])  # 11 tokens in rows of 4


def test_token_strip_puts_fewer_boxes_in_a_row_for_large_text(dates_pack):
    tr = _trace(dates_pack)
    normal = np.array(token_strip(tr, width_chars=20).data[0].z, dtype=float)
    large = np.array(token_strip(tr, base=20, width_chars=20).data[0].z, dtype=float)
    assert normal.shape == (2, 8) and large.shape == (4, 3)  # 11 tokens: 8 a row at 14 px, 3 at 20 px
    assert token_strip(tr, base=20).data[0].textfont.size > token_strip(tr).data[0].textfont.size


def test_heatmap_keeps_repeated_tokens_apart(dates_pack):
    tr = _trace(dates_pack, text="2019. 3. 3.")
    fig = attention_heatmap(tr.slice())
    assert list(fig.layout.xaxis.tickvals) == list(range(len(tr.source_tokens)))
    assert list(fig.layout.xaxis.ticktext).count("3") == 2  # both 3s have their own column
    assert np.asarray(fig.data[0].z).shape == (len(tr.output_tokens), len(tr.source_tokens))


def test_labels_escape_html_and_mark_unknown_tokens():
    assert token_label("<b>") == "&lt;b&gt;"
    assert token_label(" ") == "␣"
    assert "?" in token_label("😀", known=False) and "d62728" in token_label("😀", known=False)
    assert token_label("\x00") == "U+0000"


def test_topk_axis_is_categorical(dates_pack):
    assert topk_bars(_trace(dates_pack), 0).layout.yaxis.type == "category"


def test_quality_lines_one_per_model(dates_pack):
    table = quality_table({m: lm.evaluation for m, lm in dates_pack.models.items()})
    fig = quality_lines(table, "bleu", "BLEU")
    names = ["no attention", "dot attention", "general attention", "additive attention", "Transformer"]
    assert [t.name for t in fig.data] == [*names, "GPT (decoder only)"]
    assert list(fig.layout.yaxis.range) == [0, 103]


def test_step_bars_show_scores_above_their_softmax_weights(dates_pack):
    tr = _trace(dates_pack)
    fig = step_bars(tr, 3)
    scores, weights = (np.asarray(d.y, dtype=float) for d in fig.data)
    assert np.allclose(scores, tr.slice().scores[3]) and np.allclose(weights, tr.slice().weights[3])
    assert np.isclose(weights.sum(), 1, atol=1e-5)
    assert fig.data[1].yaxis == "y2" and fig.layout.yaxis2.domain[1] < fig.layout.yaxis.domain[0]  # weights below


def test_heatmap_hover_names_each_cell(dates_pack):
    tr = _trace(dates_pack)
    view = tr.slice()
    hover = np.asarray(attention_heatmap(view).data[0].text)
    assert hover.shape == view.weights.shape
    assert hover[2, 5].startswith(f"output 3 {tr.output_tokens[2]} ← source 6 {tr.source_tokens[5]}")
    assert f"weight c = {view.weights[2, 5]:.3f}" in hover[2, 5]


def test_box_text_cuts_long_words_before_escaping():
    assert box_text("papillons", 5) == "papi…" and box_text("sur", 5) == "sur"
    assert box_text("<b>bold</b>", 4) == "&lt;b&gt;…"  # cut first, then escaped: no broken entity
    assert box_text("<eos>", 2) == "⏎"


def test_chrf_curves_draw_the_models_that_measured_it_and_star_the_epoch_kept():
    older = History.from_dict({"valid": [[10, 2.5, 0.0], [20, 2.4, 0.0]], "best_epoch": 2, "stopped": "patience"})
    auto = History.from_dict(
        {
            "valid": [[10, 2.5, 0.0, 12.0], [20, 2.6, 0.0, 15.0], [30, 2.7, 0.0, 14.5]],
            "best_epoch": 2,
            "best_valid_chrf": 15.0,
        }
    )
    fixed = History.from_dict({"valid": [[50, 1.0, 0.5, 40.0], [100, 0.8, 0.6, 45.0]]})
    assert chrf_curves({"none": older}) is None  # written before the chrF rule: no chart at all
    fig = chrf_curves({"none": older, "dot": auto, "additive": fixed}, current_step=20)
    lines = [d for d in fig.data if d.mode == "lines+markers"]
    assert [(list(d.x), list(d.y)) for d in lines] == [([10, 20, 30], [12.0, 15.0, 14.5]), ([50, 100], [40.0, 45.0])]
    stars = [d for d in fig.data if d.mode == "markers"]
    assert [(list(d.x), list(d.y)) for d in stars] == [
        ([20], [15.0])
    ]  # the auto run's kept epoch; fixed keeps the last
    assert fig.layout.shapes[0].x0 == 20


def test_a_padded_vector_strip_keeps_a_finite_colour_scale(dates_pack):
    """fc_strip pads the FC output's shorter row with NaN: the colour range ignores the padding (its colour bar
    read "nan", "0", "nan")."""
    fig = fc_strip(_trace(dates_pack), 2)
    assert np.isfinite(fig.data[0].zmax) and fig.data[0].zmin == -fig.data[0].zmax
    assert list(fig.data[0].colorbar.ticktext)[1] == "0" and "nan" not in fig.data[0].colorbar.ticktext
