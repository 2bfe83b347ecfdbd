"""Every page through Streamlit's AppTest: no exceptions, and real checks on what each page shows."""

import html
import json
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import plotly.graph_objects as go
import pytest
from conftest import ROOT, app, decode, figures
from streamlit.testing.v1 import AppTest

from explorer import PAGE_FILES
from explorer.quality import default_sample_size
from explorer.svg import figure_svg


def run_page(page, sentence="Sunday, March 3, 2019", **params):
    at = app(sentence, **params).run()
    assert not at.exception
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


TITLES = {
    "pages/overview.py": "Attention Explorer",
    "pages/translate.py": "Translate & compare",
    "pages/attention.py": "Attention: queries, keys and the heatmap",
    "pages/positions.py": "Self-attention & positions",
    "pages/context.py": "Context vectors",
    "pages/quality.py": "Quality vs input length",
    "pages/learn.py": "Watch it learn",
    "pages/gradients.py": "Gradients: how much training signal reaches each source word",
    "pages/whatif.py": "What if attention were different?",
}


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_runs_without_exceptions(page):
    at = run_page(page)
    assert [t.value for t in at.title] == [TITLES[page]]  # the page asked for ran, to its end
    assert not at.error and not at.warning  # a good sentence on the dates pack: nothing to complain about
    assert at.sidebar.text_input(key="sentence").value == "Sunday, March 3, 2019"  # with the shared sidebar
    if page != "pages/learn.py":  # (the learn page shows training probes, not the sidebar's sentence)
        assert figures(at)
    assert_every_figure_downloads_as_svg(at)


def assert_every_figure_downloads_as_svg(at):
    """Each figure (the sidebar's too) has its camera saving <key>.png and, right after it, a button saving <key>.svg,
    whose file (what the button's deferred call writes) holds the figure's tick labels as text."""
    charts, buttons = at.get("plotly_chart"), at.get("download_button")
    names = [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in charts]
    assert [b.key for b in buttons if b.key.startswith("svg-")] == [f"svg-{n}" for n in names]
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        svg = ET.fromstring(figure_svg(go.Figure(spec)))
        words = {"".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")}
        ticks = [
            html.unescape(re.sub("<[^>]+>", "", str(t))) for t in spec["layout"].get("xaxis", {}).get("ticktext", [])
        ]
        assert set(ticks) <= words


def test_overview_shows_the_sentence_and_both_outputs_as_escaped_text():
    at = run_page("pages/overview.py")
    boxes = [m.value for m in at.markdown if "monospace" in m.value]
    assert [b.rsplit(">", 2)[-2].removesuffix("</div") for b in boxes] == [
        "Sunday, March 3, 2019",
        "2019-03-03",
        "2019-03-03",
    ]
    assert not at.code  # no st.code: the landing page does not load the syntax highlighter
    at = run_page("pages/overview.py", "<b>$x$</b> 2019")
    box = next(m.value for m in at.markdown if "monospace" in m.value)
    assert "&lt;b&gt;&#36;x&#36;&lt;/b&gt; 2019</div>" in box and "<b>" not in box


def test_translate_page_shows_both_models_outputs():
    at = run_page("pages/translate.py")
    codes = [c.value for c in at.code]
    assert codes.count("2019-03-03") == 2  # none and dot, side by side
    strips = figures(at)
    assert len(strips) == 2
    probs = decode(strips[0]["data"][0]["z"])[0, :11]  # one row of boxes: 10 characters and <eos>
    assert np.all((probs > 0) & (probs <= 1))
    assert [t for t in strips[0]["data"][0]["text"][0] if t] == [*"2019-03-03", "⏎"]


def test_translate_page_marks_wrong_tokens_against_the_reference():
    at = app().run()
    at.switch_page("pages/translate.py").run()
    pack_test = json.loads((ROOT / "pretrained/dates/test.json").read_text("utf-8"))
    example = pack_test[0]
    at.sidebar.text_input(key="sentence").input(example["source"]).run()
    assert not at.exception
    assert any(c.value == example["target"] for c in at.code)  # the reference is shown
    z = decode(figures(at)[0]["data"][0]["z"])
    assert z.shape[0] == 2  # an output row and, under it, the reference row (2 = right, 3 = wrong)
    n = len(example["target"]) + 1
    assert set(z[1, :n]) <= {2.0, 3.0}


def test_attention_heatmap_shape_and_rows_sum_to_one():
    sentence = "Sunday, March 3, 2019"
    at = run_page("pages/attention.py", sentence)
    heat = figures(at)[0]
    z = decode(heat["data"][0]["z"])
    assert z.shape == (11, len(sentence))  # output length (10 chars + <eos>) x source length
    assert np.allclose(z.sum(1), 1, atol=1e-4)
    # walk to step 3: the step table has one row per source token and its weights sum to 1
    at.slider(key="step").set_value(3).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == len(sentence) and abs(table["weight c_ij"].sum() - 1) < 1e-3


def test_attention_page_toggles_raw_scores():
    at = run_page("pages/attention.py")
    weights = decode(figures(at)[0]["data"][0]["z"])
    at.segmented_control(key="heat_values").set_value("scores").run()
    scores = decode(figures(at)[0]["data"][0]["z"])
    assert scores.shape == weights.shape and not np.allclose(scores.sum(1), 1)


def test_context_page_none_rows_identical():
    at = run_page("pages/context.py")
    figs = figures(at)
    none_steps = decode(figs[1]["data"][0]["z"])
    assert np.allclose(none_steps, none_steps[0:1])
    att_steps = decode(figs[2]["data"][0]["z"])
    assert not np.allclose(att_steps, att_steps[0:1])
    pca = figs[3]["data"][0]
    assert len(decode(pca["x"])) == 1000


def test_quality_page_has_one_line_per_model_and_a_table():
    at = run_page("pages/quality.py", models="none,dot,additive")
    lines = [d for d in figures(at)[0]["data"] if d.get("mode") == "lines+markers"]
    assert [d["name"] for d in lines] == ["no attention", "dot attention", "additive attention"]
    table = at.dataframe[0].value
    assert table.shape[0] == 6  # length buckets
    assert list(table.columns) == ["n", "none", "dot", "additive"]  # short names: four models fit on screen


def test_quality_recompute_now():
    at = run_page("pages/quality.py")
    assert at.select_slider(key="recompute_n::dates").value == 1000  # short sources: the slider opens on 1,000
    at.select_slider(key="recompute_n::dates").set_value(300).run()
    at.button(key="recompute").click().run()
    assert not at.exception
    assert any("recomputed just now on 300" in c.value for c in at.caption)


def test_recompute_opens_on_a_sample_of_a_few_seconds():
    def pack(lengths):
        return SimpleNamespace(test=[SimpleNamespace(src_len=n) for n in lengths])

    assert default_sample_size(pack([16] * 4000)) == 1000  # dates: 1,000 of its 4,000
    assert default_sample_size(pack([31] * 600)) == 1000  # en-fr: the whole 600 (the slider says 1,000)
    assert default_sample_size(pack([32] * 1890)) == 300  # the Bible's long verses
    assert default_sample_size(pack([200] * 500)) == 100 and default_sample_size(pack([])) == 100


def test_learn_page_snapshot_slider_changes_heatmap():
    at = run_page("pages/learn.py")
    last = decode(figures(at)[1]["data"][0]["z"])
    at.select_slider(key="learn_snapshot").set_value(0).run()
    first = decode(figures(at)[1]["data"][0]["z"])
    assert not at.exception
    # sharp at the end, blurred at the start
    assert last.max(1).mean() > first.max(1).mean() + 0.2


def test_learn_page_draws_the_validation_chrf_where_a_history_has_it(pack_copy, monkeypatch):
    def y_titles(at):
        return [f["layout"].get("yaxis", {}).get("title", {}).get("text") for f in figures(at)]

    assert "validation chrF" not in y_titles(run_page("pages/learn.py"))  # the shipped histories predate it
    history = json.loads((pack_copy / "dot" / "history.json").read_text("utf-8"))
    history["valid"] = [[*row, 10.0 * (i + 1)] for i, row in enumerate(history["valid"])]
    (pack_copy / "dot" / "history.json").write_text(json.dumps(history), "utf-8")
    monkeypatch.setenv("ATTENTION_EXPLORER_PRETRAINED", str(pack_copy.parent))
    at = run_page("pages/learn.py")
    assert y_titles(at)[:2] == ["training loss (cross-entropy)", "validation chrF"]
    chrf = figures(at)[1]
    assert [d["name"] for d in chrf["data"]] == ["dot attention"] and len(chrf["data"][0]["y"]) == len(history["valid"])


@pytest.mark.parametrize("page", PAGE_FILES)
def test_empty_input_shows_a_prompt_not_an_error(page):
    at = run_page(page, sentence="")
    assert not at.error
    if page != "pages/learn.py" and page != "pages/quality.py" and page != "pages/overview.py":
        assert any("Type a sentence" in i.value for i in at.info)


def test_long_input_is_cut_with_a_warning():
    at = run_page("pages/translate.py", sentence="3 " * 500)
    assert any("was cut" in w.value for w in at.warning)


def test_user_text_is_never_html():
    evil = "<script>alert(1)</script><b>x</b>"
    at = run_page("pages/translate.py", sentence=evil)
    for md in at.markdown:
        assert "<script>" not in md.value and "<b>x</b>" not in md.value
    for fig in figures(at):
        text = json.dumps(fig, ensure_ascii=False)
        assert "<script>" not in text and "<b>x</b>" not in text


def test_url_holds_the_view():
    at = run_page("pages/translate.py", sentence="27.09.2023", models="dot,additive")
    assert at.query_params["s"] == ["27.09.2023"] or at.query_params["s"] == "27.09.2023"
    codes = [c.value for c in at.code]
    assert codes.count("2023-09-27") == 2


def test_translate_page_beam_search_from_the_url_and_the_control():
    at = run_page(
        "pages/translate.py",
        "these new fast monkeys leave our Italian boys in front of Olivier",
        pack="en-fr",
        beam="3",
    )
    assert at.segmented_control(key="decoding").value == "beam" and at.slider(key="beam_width").value == 3
    sentence, *outputs = (c.value for c in at.code)
    assert sentence.startswith("these new fast monkeys")
    tables = [t.value for t in at.dataframe]
    assert len(outputs) == len(tables) == 2  # no attention and dot attention, each with its beam's outputs
    for shown, table in zip(outputs, tables, strict=True):
        assert len(table) == 3 and table["output"].iloc[0] == shown  # the best beam is the output shown
        assert list(table["log p"]) == sorted(table["log p"], reverse=True)
    # Greedy decoding's output, when the beam kept it, is marked; a changed output says what greedy gave.
    at.segmented_control(key="decoding").set_value("greedy").run()
    greedy = [c.value for c in at.code][1:]
    assert not at.dataframe and "beam" not in at.query_params
    at.segmented_control(key="decoding").set_value("beam").run()
    for table, greedy_text in zip((t.value for t in at.dataframe), greedy, strict=True):
        marked = table.loc[table["= greedy"] == "✓", "output"].tolist()
        assert marked in ([greedy_text], [])
    changed = [i.value for i in at.info if i.value.startswith("Beam search changed the output")]
    assert len(changed) == sum(o != g for o, g in zip([c.value for c in at.code][1:], greedy, strict=True))


def test_the_decoding_choice_survives_a_visit_to_another_page():
    at = run_page("pages/translate.py", beam="3")
    at.switch_page("pages/attention.py").run()
    del at.query_params["beam"]  # the live app drops it from the address when the page changes
    at.switch_page("pages/translate.py").run()
    assert at.segmented_control(key="decoding").value == "beam" and at.slider(key="beam_width").value == 3
    at.segmented_control(key="decoding").set_value("greedy").run()
    at.switch_page("pages/context.py").run()
    at.switch_page("pages/translate.py").run()
    assert at.segmented_control(key="decoding").value == "greedy" and not at.dataframe
    at.segmented_control(key="decoding").set_value("beam").run()
    assert at.slider(key="beam_width").value == 3  # the width chosen before greedy


def test_attention_choices_survive_a_visit_to_another_page():
    at = run_page("pages/attention.py")
    at.radio(key="attention_model").set_value("additive").run()
    at.segmented_control(key="heat_values").set_value("scores").run()
    at.slider(key="step").set_value(4).run()
    at.switch_page("pages/translate.py").run()
    for param in ("model", "step"):
        del at.query_params[param]  # the live app drops the page's parameters when the page changes
    at.switch_page("pages/attention.py").run()
    assert not at.exception and not at.warning
    assert at.radio(key="attention_model").value == "additive"
    assert at.segmented_control(key="heat_values").value == "scores" and at.slider(key="step").value == 4


@pytest.mark.parametrize("beam", ["abc", "1", "9", "-4", "3.5", "٣"])
def test_a_bad_beam_width_in_the_url_means_greedy(beam):
    at = run_page("pages/translate.py", beam=beam)
    assert at.segmented_control(key="decoding").value == "greedy" and not at.dataframe


def test_hostile_query_params_fall_back_to_defaults():
    at = run_page("pages/attention.py", pack="../../etc", models="nope,dot", step="-99999", model="evil")
    assert not at.exception
    assert at.session_state["pack"] == "en-fr"  # an unknown pack: the default one
    assert at.sidebar.multiselect(key="models::en-fr").value == ["dot"]  # unknown models dropped
    assert at.radio(key="attention_model").value == "dot"  # an unknown model: the first chosen attention model
    assert at.slider(key="step").value == 1  # a step below the first: the first
    at = run_page("pages/attention.py", step="99999999999999999999")
    assert not at.exception
    n_steps = decode(figures(at)[0]["data"][0]["z"]).shape[0]
    assert at.slider(key="step").value == n_steps  # a step past the last: the last


def test_quality_page_marks_a_test_sentence_as_a_star():
    example = json.loads((ROOT / "pretrained/en-fr/test.json").read_text("utf-8"))[5]
    at = run_page("pages/quality.py", example["source"], pack="en-fr")
    names = [d["name"] for d in figures(at)[0]["data"]]
    assert names == ["no attention", "dot attention", "your sentence (no attention)", "your sentence (dot attention)"]


def test_a_new_session_opens_on_the_example_that_shows_the_bottleneck():
    at = AppTest.from_file(str(ROOT / "main.py"), default_timeout=60).run()  # no URL parameters at all
    assert not at.exception
    task = json.loads((ROOT / "pretrained/en-fr/task.json").read_text("utf-8"))
    assert at.session_state["pack"] == "en-fr"
    assert at.session_state["sentence"] == task["examples"][task["default_example"]]
    at.switch_page("pages/translate.py").run()
    sentence, none_out, dot_out = (c.value for c in at.code)
    assert sentence == at.session_state["sentence"]
    assert none_out != dot_out  # the shipped models: without attention it goes wrong, with attention it does not


def test_example_picker_lists_hand_picked_examples_then_test_sentences():
    at = run_page("pages/translate.py", pack="en-fr")
    picker = at.sidebar.selectbox(key="example::en-fr")
    task = json.loads((ROOT / "pretrained/en-fr/task.json").read_text("utf-8"))
    n = len(task["examples"])
    assert picker.options[1 : n + 1] == [f"{len(e.split())} words · {e}" for e in task["examples"]]
    assert all(o.startswith("test · ") for o in picker.options[n + 1 :])
    picker.set_value(task["examples"][-1]).run()  # the longest example
    assert at.session_state["sentence"] == task["examples"][-1]
    assert at.code[0].value == task["examples"][-1]


def test_sidebar_shows_what_the_models_read_and_offers_did_you_mean():
    at = run_page("pages/translate.py", "The cat is on the tabel", pack="en-fr")
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "The models read" in captions and "the cat is on the tabel" in captions and "The → the" in captions
    assert any("cannot be trusted" in w.value for w in at.sidebar.warning)
    fix = next(b for b in at.sidebar.button if b.label == "table")
    fix.click().run()
    assert not at.exception
    assert at.session_state["sentence"] == "The cat is on the table"
    assert not any("cannot be trusted" in w.value for w in at.sidebar.warning)
    # every page decodes what the models read: the translate page shows the normalized sentence
    assert any(c.value.startswith("the cat is on the table") for c in at.code)


def test_sidebar_gives_names_to_the_copy_models_instead_of_correcting_them():
    at = run_page("pages/translate.py", "My friend Jack lives in Lyon with the tabel.", pack="en-fr")
    info = " ".join(i.value for i in at.sidebar.info)
    assert "2 names this pack never saw: `Jack`, `Lyon`" in info and "model without attention cannot" in info
    asked = {b.key.split("::")[2] for b in at.sidebar.button if (b.key or "").startswith("dym::")}
    assert asked == {"tabel"}  # "did you mean" only for the misspelt word, not "Jack → sailor"
    assert any("1 word this pack never saw" in w.value for w in at.sidebar.warning)
    at = run_page("pages/translate.py", "My friend Jack lives in New York.", pack="en-ko")
    info = " ".join(i.value for i in at.sidebar.info)
    assert "2 names this pack never saw: `Jack`, `New York`" in info  # a name of two words is one name
    assert not at.sidebar.warning


def test_sidebar_reads_a_compound_as_the_grammars_word_and_warns_of_two_nouns_in_a_row():
    at = run_page("pages/translate.py", "Where is the train station?", pack="en-fr")
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "where is the station?" in captions and "train station → station" in captions
    assert not at.sidebar.warning  # every word known, no two nouns left side by side
    at = run_page("pages/translate.py", "I give my sister flowers.", pack="en-fr")
    assert [w.value for w in at.sidebar.warning if "Two nouns in a row" in w.value and "sister flowers" in w.value]


def test_a_sentence_the_models_know_is_read_unchanged():
    example = json.loads((ROOT / "pretrained/en-fr/test.json").read_text("utf-8"))[0]["source"]
    at = run_page("pages/translate.py", example, pack="en-fr")
    assert not any("The models read" in c.value for c in at.sidebar.caption)
    assert not at.sidebar.warning


def test_word_search_lists_known_words_by_part_of_speech():
    at = run_page("pages/translate.py", "I love you.", pack="en-fr")
    at.sidebar.selectbox(key="pos::en-fr").select("noun").run()
    at.sidebar.text_input(key="wordq::en-fr").input("tab").run()
    assert not at.exception
    nouns = " ".join(t.value for t in at.sidebar.text).split(", ")
    assert "table" in nouns and all(w.startswith("tab") for w in nouns)
    at.sidebar.selectbox(key="pos::en-fr").select("verb").run()
    at.sidebar.text_input(key="wordq::en-fr").input("ea").run()
    verbs = " ".join(t.value for t in at.sidebar.text).split(", ")
    assert {"eat", "eats", "eaten", "eating"} <= set(verbs) and "table" not in verbs


def test_guided_attention_is_said_on_the_attention_and_learn_pages():
    guided = "Guided attention: besides learning to translate"
    for pack, expected in (("en-ko", True), ("dates", False)):  # en-ko's attention trained towards its gold links
        for page in ("pages/attention.py", "pages/learn.py"):
            at = run_page(page, "I see the cat." if pack == "en-ko" else "Sunday, March 3, 2019", pack=pack)
            captions = [c.value for c in at.main.caption]
            assert any(c.startswith(guided) for c in captions) == expected, (pack, page)
