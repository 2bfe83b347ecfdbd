"""A catalogue of hostile and odd inputs, through the decoding API and through every page.

Each must give a clear message or a sensible result: never a traceback, never user text rendered as HTML.
"""

import json
import unicodedata

import pytest
from conftest import ROOT, figures
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from explorer import PAGE_FILES
from explorer.cache import MAX_INPUT_CHARS
from models.net.decoding import InputError, beam_search, greedy_many, translate

HOSTILE = {
    "empty": "",
    "space": " ",
    "whitespace": " \t\n\r\u3000 ",
    "10k chars": "x" * 10_000,
    "1M chars": "3 mars 2019 " * 83_334,
    "one long word": "a" * 5_000,
    "many newlines": "\n" * 1_000 + "2019",
    "emoji": "😀🎉 March 3, 2019 🚀",
    "zwj family": "👨‍👩‍👧‍👦",
    "flags": "🇫🇷🇰🇷🇩🇪",
    "combining marks": "Marc\u0301\u0301\u0301h 3, 2019",
    "zalgo": "S̷̢̛u̸n̵d̶a̴y̷",
    "arabic rtl": "مرحبا بالعالم ٢٠١٩",
    "hebrew rtl": "שלום עולם",
    "rtl override": "\u202e9102 ,3 hcraM",
    "zero width": "\u200b\u200c\u200d\ufeff2019\u200b",
    "bom prefix": "\ufeffSunday, March 3, 2019",
    "nbsp": "Sunday,\u00a0March\u00a03,\u00a02019",
    "control chars": "\x00\x01\x07\x1b[31mred\x1b[0m",
    "lone high surrogate": "abc\ud800def",
    "lone low surrogate": "\udfff 2019",
    "script tag": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "html bold": "<b>bold</b><i>it</i>",
    "iframe": "<iframe src='https://example.com'></iframe>",
    "html entities": "&lt;script&gt; &amp; &#x3C;",
    "markdown bold link": "**bold** _it_ [click](javascript:alert(1))",
    "markdown heading": "# Heading\n## two",
    "markdown image": "![x](http://127.0.0.1/x.png)",
    "markdown code": "`code` ```block```",
    "latex": "$$\\frac{1}{0}$$ $x^2$",
    "sql": "'; DROP TABLE users; --",
    "sql or": "1' OR '1'='1",
    "path traversal": "../../../../etc/passwd",
    "format string": "%s%s%s%n {0} {1!r}",
    "template": "${7*7} {{7*7}} <%= 7*7 %>",
    "null words": "None null undefined NaN",
    "arabic digits": "٣ مارس ٢٠١٩",
    "fullwidth": "２０１９年３月３日",
    "math digits": "𝟚𝟘𝟙𝟡-𝟘𝟛-𝟘𝟛",
    "mixed scripts": "2019年3月3日 Sunday mars März",
    "crlf": "Sunday\r\nMarch 3\r\n2019",
    "backslashes": "\\n\\t\\x00\\u0000",
    "json": '{"s": "x", "__proto__": {}}',
}


@pytest.fixture(scope="module")
def models(dates_pack):
    return dates_pack.models


@pytest.mark.parametrize("name", list(HOSTILE))
def test_decoding_api(models, name):
    text = HOSTILE[name]
    for m in models.values():
        try:
            tr = translate(m.model, m.src_vocab, m.tgt_vocab, text)
        except InputError as e:
            assert "empty" in str(e) and not text.strip()
            continue
        assert 0 < len(tr.source_tokens) <= m.config.max_source_len
        assert 0 < len(tr.output_tokens) <= m.config.max_output_len
        assert tr.text.encode("utf-8")  # always valid text
        result = beam_search(m.model, m.src_vocab, m.tgt_vocab, text, width=3)
        best, beams = result.trace, result.outputs
        assert 0 < len(best.output_tokens) <= m.config.max_output_len and 1 <= len(beams) <= 3
        assert beams[0][0] == best.text
    batched = greedy_many(models["dot"].model, models["dot"].src_vocab, models["dot"].tgt_vocab, [text, "27.09.2023"])
    assert batched[1] == "2023-09-27"


def test_catalogue_is_big_enough(models):
    """Forty distinct inputs that reach every edge: empty, over-long, every odd kind of character, markup."""
    texts = list(HOSTILE.values())
    assert len(HOSTILE) >= 40 and len(set(texts)) == len(texts)  # no entry counted twice
    categories = {unicodedata.category(ch) for text in texts for ch in text}
    # combining marks, control characters, format characters (bidi, zero width), lone surrogates, emoji, digits
    assert {"Mn", "Cc", "Cf", "Cs", "So", "Nd"} <= categories
    assert any(not t.strip() for t in texts) and any(len(t) > MAX_INPUT_CHARS for t in texts)
    for markup in ("<script", "<b>", "](", "# ", "$$", "{{", "'; DROP"):  # HTML, Markdown, LaTeX, templates, SQL
        assert any(markup in t for t in texts), markup
    for m in models.values():  # some inputs are longer than every model reads (the trace says it was cut)
        assert any(len(m.src_vocab.tokenize(t)) > m.config.max_source_len for t in texts)


def _sendable(text: str) -> bool:
    """A browser talks UTF-8 to the server, so lone surrogates never reach a page (the API test covers them)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _run(page, **params):
    at = AppTest.from_file(str(ROOT / "main.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


def _assert_safe(at, text):
    assert not at.exception, [e.message for e in at.exception]
    raw_html = [t for t in ("<script", "<img", "<iframe", "<b>bold") if t in text]
    for md in at.markdown:
        for t in raw_html:
            assert t not in md.value, md.value[:200]
    for fig in figures(at):
        dumped = json.dumps(fig, ensure_ascii=False)
        for t in raw_html:
            assert t not in dumped


@pytest.mark.parametrize("pack", ["dates", "en-fr", "numbers", "en-es"])  # characters, words, subword pieces
@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_survives_the_catalogue(page, pack):
    at = AppTest.from_file(str(ROOT / "main.py"), default_timeout=60)
    at.query_params["pack"] = pack
    at.run()
    assert at.session_state["pack"] == pack
    if page != "pages/overview.py":
        at.switch_page(page).run()
    for name, text in HOSTILE.items():
        if not _sendable(text):
            continue  # see _sendable
        at.sidebar.text_input(key="sentence").input(text[:2000]).run()
        assert not at.exception, (name, [e.message for e in at.exception])
        _assert_safe(at, text)


@pytest.mark.parametrize("pack", ["dates", "en-fr"])
def test_beam_search_page_survives_the_catalogue(pack):
    at = _run("pages/translate.py", pack=pack, beam="4")
    assert at.segmented_control(key="decoding").value == "beam"
    for name, text in HOSTILE.items():
        if not _sendable(text):
            continue
        at.sidebar.text_input(key="sentence").input(text[:2000]).run()
        assert not at.exception, (name, [e.message for e in at.exception])
        _assert_safe(at, text)


@pytest.mark.parametrize(
    "params",
    [
        {"pack": "no-such-pack"},
        {"beam": "<script>alert(1)</script>"},
        {"beam": "99999999999999999999999"},
        {"pack": "../../etc"},
        {"models": "nope,<script>,dot"},
        {"models": ",,,"},
        {"step": "-5"},
        {"step": "99999999999999999999999"},
        {"step": "NaN"},
        {"model": "<script>alert(1)</script>"},
        {"large": "yes"},
        {"s": "x" * 100_000},
        {"s": "<script>alert(1)</script>"},
    ],
)
@pytest.mark.parametrize("page", ["pages/translate.py", "pages/attention.py", "pages/quality.py"])
def test_hostile_url_parameters(page, params):
    at = _run(page, **params)
    assert not at.exception, [e.message for e in at.exception]
    _assert_safe(at, " ".join(params.values()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_decoder_never_crashes_on_any_text(models, text):
    m = models["additive"]
    try:
        tr = translate(m.model, m.src_vocab, m.tgt_vocab, text)
    except InputError:
        assert not text.strip() or not m.src_vocab.tokenize(text)
        return
    weights = tr.slice().weights
    assert weights.shape == (len(tr.output_tokens), len(tr.source_tokens))
    assert abs(weights.sum(1) - 1).max() < 1e-4
    assert [k for k in tr.source_known] == [m.src_vocab.is_known(t) for t in tr.source_tokens]


@pytest.fixture
def broken_root(tmp_path, monkeypatch):
    """A packs folder holding a good copy of dates, a pack with every weights file truncated, and junk."""
    import shutil

    from models.packs.pack import PRETRAINED, ROOT_ENV

    shutil.copytree(PRETRAINED / "dates", tmp_path / "dates")
    shutil.copytree(PRETRAINED / "dates", tmp_path / "broken")
    for weights in (tmp_path / "broken").glob("*/model.safetensors"):
        weights.write_bytes(weights.read_bytes()[:500])
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "task.json").write_text("{ not json")
    (tmp_path / "stray.txt").write_text("hello")
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    return tmp_path


def test_broken_packs_are_named_and_the_others_keep_working(broken_root):
    at = _run("pages/translate.py", pack="broken", s="27.09.2023")
    assert not at.exception
    problems = " ".join(e.value for e in at.error)
    assert "broken" in problems and "model.safetensors" in problems
    at = _run("pages/translate.py", pack="junk", s="27.09.2023")
    assert not at.exception
    assert "task.json" in " ".join(e.value for e in at.error)
    at = _run("pages/translate.py", pack="dates", s="27.09.2023")
    assert not at.exception and [c.value for c in at.code].count("2023-09-27") == 2


@pytest.mark.parametrize(
    "params",
    [
        {"whatif": "<script>alert(1)</script>"},
        {"whatif": "mask", "mask": "-1"},
        {"whatif": "mask", "mask": "0"},
        {"whatif": "mask", "mask": "99999999999999999999999"},
        {"whatif": "mask", "mask": "٣"},
        {"whatif": "mask", "mask": "<img src=x onerror=alert(1)>"},
        {"whatif": "gold"},
        {"whatif": "frozen", "model": "none"},
        {"lengths": "../../etc"},
        {"lengths": "<script>alert(1)</script>"},
        {"lengths": "99999999999999999999-1"},
        {"model": "<script>alert(1)</script>"},
        {"s": "<script>alert(1)</script>", "whatif": "mask", "mask": "1"},
        {"model": "transformer", "off": "<script>alert(1)</script>"},
        {"model": "transformer", "off": "cross.99999999999999999999.1"},
        {"model": "transformer", "off": "nope.1.1,cross.0.1,cross.-1.2,cross.3.1,cross.1.5,cross.1,,.,"},
        {"model": "transformer", "off": "cross.٣.1,cross. 1.1,CROSS.1.1"},
        {"model": "transformer", "off": ",".join(["decoder_self.1.1"] * 5_000)},
        {"model": "gpt", "off": "cross.1.1,encoder_self.1.1,causal.5.1"},
        {"model": "dot", "off": "cross.1.1"},
        {"model": "<img src=x onerror=alert(1)>", "off": "causal.1.1"},
    ],
)
@pytest.mark.parametrize("page", ["pages/gradients.py", "pages/whatif.py"])
def test_hostile_url_parameters_of_the_gradients_and_whatif_pages(page, params):
    at = _run(page, **params)
    assert not at.exception, [e.message for e in at.exception]
    _assert_safe(at, " ".join(params.values()))
