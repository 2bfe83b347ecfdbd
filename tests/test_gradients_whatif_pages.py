"""The Gradients and What-if attention pages through AppTest: what they draw, and their URL parameters."""

import json

import numpy as np
from conftest import ROOT, app, decode, figures

# The Gradients page's first visit measures the length sweep of every model (cached for the process after that):
# a few seconds on a quiet machine, much more on one busy training models.
SLOW = 600


def run_page(page, sentence, **params):
    at = app(sentence, **params).run(timeout=SLOW)
    at.switch_page(page).run(timeout=SLOW)
    assert not at.exception, [e.message for e in at.exception]
    return at


DATE = "Sunday, March 3, 2019"


def _enfr_gold_example():
    test = json.loads((ROOT / "pretrained/en-fr/test.json").read_text("utf-8"))
    return next(e for e in test if e["meta"].get("alignment") and 6 <= e["src_len"] <= 12)


def test_gradients_page_heatmaps_curve_and_sweep():
    at = run_page("pages/gradients.py", DATE, model="additive", lengths="11-15")
    assert at.radio(key="attention_model").value == "additive"
    assert at.selectbox(key="sweep_lengths").value == "11-15"
    none_heat, att_heat, curve, sweep = figures(at)
    for heat in (none_heat, att_heat):
        z = decode(heat["data"][0]["z"])
        assert z.shape == (11, len(DATE)) and (z >= 0).all() and z.max() > 0  # 10 characters and <eos>
    assert [d["name"] for d in curve["data"]] == ["no attention", "additive attention"]
    assert np.allclose(decode(curve["data"][0]["y"]), decode(none_heat["data"][0]["z"]).sum(0), rtol=1e-5)
    assert [d["name"] for d in sweep["data"]] == [
        "no attention",
        "dot attention",
        "general attention",
        "additive attention",
        "Transformer",
        "GPT (decoder only)",
    ]  # every model of the pack: the stack families' curves are the flat ones
    table = at.dataframe[0].value
    assert list(table.columns) == ["words", "n", "none", "dot", "general", "additive", "transformer", "gpt"]
    assert len(table) == 1
    assert table["words"][0] == "11-15" and table["n"][0] > 0
    assert at.query_params["lengths"] in ("11-15", ["11-15"]) and at.query_params["model"] in ("additive", ["additive"])


def test_gradients_page_bad_url_values_fall_back():
    at = run_page("pages/gradients.py", DATE, model="nope", lengths="99-100")
    assert not at.exception
    assert at.radio(key="attention_model").value == "dot"
    assert at.selectbox(key="sweep_lengths").value == "31+"  # dates has no 31-40 bucket: its longest


def test_whatif_page_uniform_is_the_default_and_every_row_is_one_over_s():
    at = run_page("pages/whatif.py", DATE)
    assert at.segmented_control(key="whatif").value == "uniform"
    own, _, used = figures(at)
    assert np.allclose(decode(own["data"][0]["z"]).sum(1), 1, atol=1e-5)
    assert np.allclose(decode(used["data"][0]["z"]), 1 / len(DATE))
    table = at.dataframe[0].value
    assert list(table["weights"]) == [
        "its own attention",
        "uniform weights",
        "the gold alignment",
        "one word masked",
        "context frozen at step 1",
    ]
    assert table["output"][0] == "2019-03-03"


def test_whatif_page_masks_the_word_in_the_url():
    at = run_page("pages/whatif.py", DATE, whatif="mask", mask="8")
    assert at.segmented_control(key="whatif").value == "mask" and at.selectbox(key="mask_word").value == 7
    used = decode(figures(at)[2]["data"][0]["z"])
    assert (used[:, 7] == 0).all()
    at.selectbox(key="mask_word").set_value(2).run(timeout=SLOW)
    assert not at.exception and at.query_params["mask"] in ("3", ["3"])
    assert (decode(figures(at)[2]["data"][0]["z"])[:, 2] == 0).all()
    at.segmented_control(key="whatif").set_value("frozen").run(timeout=SLOW)
    assert "mask" not in at.query_params
    z = decode(figures(at)[2]["data"][0]["z"])
    assert np.allclose(z, z[0])


def test_whatif_page_gold_alignment_on_a_test_sentence():
    example = _enfr_gold_example()
    at = run_page("pages/whatif.py", example["source"], pack="en-fr", whatif="gold")
    z = decode(figures(at)[2]["data"][0]["z"])
    for j, i in example["meta"]["alignment"]:
        assert z[i, j] > 0
    # a sentence that is not a test sentence has no gold alignment: the page says so
    at = run_page("pages/whatif.py", "Martin smiles at Sarah.", pack="en-fr", whatif="gold")
    assert any("gold alignment exists only" in i.value for i in at.info)


def test_whatif_choices_survive_a_visit_to_another_page():
    at = run_page("pages/whatif.py", DATE, whatif="mask", mask="4")
    at.switch_page("pages/translate.py").run(timeout=SLOW)
    for param in ("whatif", "mask", "model"):
        if param in at.query_params:
            del at.query_params[param]  # the live app drops the page's parameters when the page changes
    at.switch_page("pages/whatif.py").run(timeout=SLOW)
    assert not at.exception
    assert at.segmented_control(key="whatif").value == "mask" and at.selectbox(key="mask_word").value == 3
