"""Heads switched off on the What-if page: the toggles, the decoding without them, ?off= and the heads.json table."""

import json

import pytest
from conftest import app, figures

from explorer.params import heads_text, parse_heads
from explorer.whatif_figures import change_caption
from models.evaluation.heads import HEADS_FILE
from models.net.decoding import translate
from models.net.views import heads_off
from models.net.whatif import changed_tokens, missing_tokens
from models.packs.heads_table import HEAD_TABLE_FILE, read_head_table
from models.packs.pack import PRETRAINED, ROOT_ENV, PackError

SLOW = 600
DATE = "Sunday, March 3, 2019"


def top_head(pack: str, model: str) -> tuple[str, int, int]:
    """The head whose removal costs the model the most BLEU, from its shipped heads.json."""
    row = json.loads((PRETRAINED / pack / model / "heads.json").read_text())["heads"][0]
    return row["site"], row["layer"], row["head"]


def changed_sentence(dates_pack, model: str, head) -> tuple[str, str, str]:
    """The first test sentence the head changes: (sentence, own output, output without the head)."""
    m = dates_pack.models[model]
    for e in dates_pack.test:
        own = translate(m.model, m.src_vocab, m.tgt_vocab, e.source).text
        with heads_off(m.model, [head]):
            without = translate(m.model, m.src_vocab, m.tgt_vocab, e.source).text
        if own != without:
            return e.source, own, without
    raise AssertionError(f"no test sentence changes without {head}")


def own_tokens(text: str) -> list[str]:
    return [*text, "<eos>"]  # the dates pack writes characters


def whatif(sentence, **params):
    at = app(sentence, **params).run(timeout=SLOW)
    at.switch_page("pages/whatif.py").run(timeout=SLOW)
    assert not at.exception, [e.message for e in at.exception]
    return at


def heads_section(at) -> tuple[str, str]:
    """The head switch's two outputs: every head on, and without the heads ticked (the page's last two codes)."""
    codes = [c.value for c in at.main.code]
    return codes[-2], codes[-1]


def off_param(at) -> str | None:
    value = at.query_params.get("off")
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("model", ["transformer", "gpt"])
def test_ticking_the_head_that_matters_changes_the_output(dates_pack, model):
    site, layer, head = top_head("dates", model)
    sentence, own, without = changed_sentence(dates_pack, model, (site, layer, head))
    at = whatif(sentence, model=model)
    assert heads_section(at) == (own, own)  # nothing ticked: the model's own output on both sides
    assert any("No head is switched off" in c.value for c in at.main.caption)
    n_charts = len(figures(at))
    at.pills(key=f"heads_off_{site}_{layer}").set_value([head]).run(timeout=SLOW)
    assert not at.exception, [e.message for e in at.exception]
    assert heads_section(at) == (own, without)
    assert at.session_state["heads_off"] == ((site, layer, head),)
    assert off_param(at) == f"{site}.{layer + 1}.{head + 1}"
    charts = figures(at)
    assert len(charts) == n_charts + 1  # the changed-tokens strip, under the output without the head
    strip = charts[-1]["data"][0]
    marked = [v == 1.0 for row in strip["z"] for v in row if v is not None]
    assert marked == changed_tokens(own_tokens(own), own_tokens(without))
    caption = at.main.caption[-2].value  # the last is the head table's, below the outputs
    assert "Same output" not in caption and ("differ" in caption or "missing" in caption)
    # the table below the outputs names that head first
    assert at.main.dataframe[-1].value.iloc[0, 0].endswith(f"L{layer + 1} H{head + 1}")
    # switched back on: the model's own output again, and no ?off=
    at.pills(key=f"heads_off_{site}_{layer}").set_value([]).run(timeout=SLOW)
    assert heads_section(at) == (own, own) and off_param(at) is None


def test_the_url_switches_heads_off_and_drops_what_the_model_does_not_have(dates_pack):
    url = "cross.2.3,decoder_self.1.1,nope.1.1,cross.9.1,cross.1.99,causal.1.1,<script>,cross.0.1,,"
    at = whatif(DATE, model="transformer", off=url)
    assert at.session_state["heads_off"] == (("decoder_self", 0, 0), ("cross", 1, 2))
    assert off_param(at) == "decoder_self.1.1,cross.2.3"  # the page's order: site, layer, head
    assert at.pills(key="heads_off_decoder_self_0").value == [0]
    assert at.pills(key="heads_off_cross_1").value == [2]
    m = dates_pack.models["transformer"]
    with heads_off(m.model, [("decoder_self", 0, 0), ("cross", 1, 2)]):
        expected = translate(m.model, m.src_vocab, m.tgt_vocab, DATE).text
    own, without = heads_section(at)
    assert without == expected != own
    # the address the page wrote opens the same view in a new session
    again = whatif(DATE, model="transformer", off=off_param(at))
    assert heads_section(again) == (own, without)


def test_heads_off_survive_a_visit_to_another_page():
    at = whatif(DATE, model="gpt", off="causal.2.4")
    at.switch_page("pages/translate.py").run(timeout=SLOW)
    for param in ("whatif", "model", "off"):
        if param in at.query_params:
            del at.query_params[param]  # the live app drops the page's parameters when the page changes
    at.switch_page("pages/whatif.py").run(timeout=SLOW)
    assert not at.exception
    assert at.pills(key="heads_off_causal_1").value == [3] and off_param(at) == "causal.2.4"


def test_a_gru_has_no_heads_to_switch_off():
    at = whatif(DATE, model="dot", off="cross.1.1")
    assert any("no heads to switch off" in c.value for c in at.main.caption)
    assert not at.pills and off_param(at) is None


def test_without_heads_json_the_page_says_how_to_make_it(pack_copy, monkeypatch):
    (pack_copy / "transformer" / "heads.json").unlink()
    (pack_copy / "gpt" / "heads.json").write_text('{"sample": 300, "heads": "nope"}')
    monkeypatch.setenv(ROOT_ENV, str(pack_copy.parent))
    at = whatif(DATE, model="transformer", off="decoder_self.1.1")
    assert any("no precomputed table" in i.value for i in at.info)
    assert "python -m models.evaluation.heads --pack dates --write" in [c.value for c in at.main.code]
    assert heads_section(at)[1] != heads_section(at)[0]  # the live switch works without the table
    at.radio(key="attention_model").set_value("gpt").run(timeout=SLOW)  # a broken table is named, not a traceback
    assert not at.exception and any("heads.json" in e.value for e in at.error)


def test_the_url_parser_reads_one_based_heads_and_ignores_garbage():
    assert parse_heads("cross.2.3,causal.1.4") == (("cross", 1, 2), ("causal", 0, 3))
    for bad in (
        "",
        ",",
        "cross",
        "cross.1",
        "cross.0.1",
        "cross.1.0",
        "cross.-1.1",
        "cross.٣.1",
        "cross. 1.1",
        "Cross.1.1",
        "cross.1.1.1",
        "cross.99999999999999999999.1",
        "<img src=x onerror=alert(1)>",
    ):
        assert parse_heads(bad) is None, bad
    assert parse_heads("cross.1.1,cross.1.1") == (("cross", 0, 0),)
    assert heads_text(parse_heads("causal.1.4,cross.2.3")) == "cross.2.3,causal.1.4"
    assert len(parse_heads(",".join(f"cross.{i}.1" for i in range(1, 1000)))) == 64  # a link is read only so far


def test_the_head_table_reader(tmp_path):
    assert HEAD_TABLE_FILE == HEADS_FILE
    for pack in ("dates", "numbers"):
        for model in ("transformer", "gpt"):
            table = read_head_table(PRETRAINED / pack / model)
            lost = [r.bleu_lost for r in table.heads]
            assert table.sample == 300 and lost == sorted(lost, reverse=True)
    assert read_head_table(PRETRAINED / "dates" / "dot") is None
    for junk in (
        "{ not json",
        "[]",
        '{"sample": 3, "bleu": 1, "exact": 1, "heads": [{"site": "cross"}]}',
        '{"sample": -3, "bleu": 1, "exact": 1, "heads": []}',
        '{"sample": 3, "bleu": NaN, "exact": 1, "heads": []}',
    ):
        (tmp_path / "heads.json").write_text(junk)
        with pytest.raises(PackError, match=r"heads\.json"):
            read_head_table(tmp_path)


def test_a_dropped_token_is_counted_though_nothing_is_red():
    assert changed_tokens(list("2000-04-29"), list("2000-0-29")) == [False] * 9
    assert missing_tokens(list("2000-04-29"), list("2000-0-29")) == 1
    assert missing_tokens(list("2019"), list("2019")) == 0
    assert missing_tokens(list("2019"), list("2018")) == 0  # replaced, shown red
    assert sum(changed_tokens(list("2019"), list("2018"))) == 1


def test_a_token_dropped_and_another_inserted_are_both_told():
    # the dates Transformer with decoder-self L1 H1 off: a 3 dropped after "0", a 0 inserted after the last 3
    own, other = [*"2019-03-03", "<eos>"], [*"2019-0-030", "<eos>"]
    assert sum(changed_tokens(own, other)) == 1 and missing_tokens(own, other) == 1
    caption = change_caption(own, other, "same")
    assert "1 of 11 output tokens differ" in caption and "1 token of the model's own output is missing" in caption
