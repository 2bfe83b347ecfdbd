"""The interface in Korean: a complete and compiled catalogue, every page of every pack without an English UI
string, the language chosen per session (URL, switch, browser) and never leaking between sessions."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from explorer import PAGE_FILES
from explorer.i18n import LOCALE_DIR, _, from_browser, language, message, ngettext
from models.net.decoding import EmptyInputError
from models.packs.pack import PackError, pack_names, pretrained_root

ROOT = Path(__file__).resolve().parent.parent
POT = LOCALE_DIR / "messages.pot"
KO_PO = LOCALE_DIR / "ko" / "LC_MESSAGES" / "messages.po"
KO_MO = KO_PO.with_suffix(".mo")
REFRESH = "run tools/catalogue.sh"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PLACEHOLDER = re.compile(r"\{(\w*)(?:![rsa])?(?::[^{}]*)?\}")
PATH_LIKE, PATH_LIKE_NAMES = r"\S+", {"path", "key"}


def _po(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _key(msg) -> str:
    return msg.id[0] if isinstance(msg.id, tuple | list) else msg.id


def _translations(msg) -> list[str]:
    return list(msg.string) if isinstance(msg.string, tuple | list) else [msg.string]


KO_CATALOG = _po(KO_PO)
MESSAGES = [m for m in KO_CATALOG if m.id]


# ---------------------------------------------------------------------------------------------- the catalogue


def test_the_catalogue_has_every_string_the_code_marks():
    """New or changed _()/N_()/ngettext() strings (another branch's pages, say) must reach the catalogue."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = [
        m[2] for top in ("pages", "explorer", "models") for m in extract_from_dir(ROOT / top, method_map, options_map)
    ]
    found += [m[1] for m in extract_from_file("python", ROOT / "main.py")]
    in_code = {m if isinstance(m, str) else m[0] for m in found}
    in_pot = {_key(m) for m in _po(POT) if m.id}
    in_po = {_key(m) for m in MESSAGES}
    assert in_code - in_pot == set(), f"strings missing from {POT.name}: {REFRESH}"
    assert in_code - in_po == set(), f"strings missing from the Korean catalogue: {REFRESH}"
    assert in_pot - in_code == set(), f"{POT.name} holds strings the code no longer has: {REFRESH}"


def test_every_message_has_a_checked_korean_translation():
    untranslated = [_key(m) for m in MESSAGES if not all(_translations(m))]
    fuzzy = [_key(m) for m in MESSAGES if m.fuzzy]
    where = f"translate them in {KO_PO.relative_to(ROOT)} (drop the 'fuzzy' flag once checked), then {REFRESH}"
    assert not untranslated, f"{len(untranslated)} messages have no Korean translation ({where}): {untranslated}"
    assert not fuzzy, f"{len(fuzzy)} Korean translations are fuzzy guesses ({where}): {fuzzy}"


def test_translations_keep_the_placeholders_and_markup_of_their_message():
    """A translation that drops or renames {n} would raise KeyError on the page; lost **bold** or `code` is a
    visible mistake."""
    for m in MESSAGES:
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        wanted = set().union(*({p for p in PLACEHOLDER.findall(i)} for i in ids))
        latex = "\\" in ids[0]  # a formula: its braces are TeX, and it is never .format()-ed
        for text in _translations(m):
            if latex:
                assert text.count("{") == text.count("}"), text  # (word order may move a \\text{})
                continue
            assert set(PLACEHOLDER.findall(text)) <= wanted, (m.id, text)
            # plural forms may leave out {n} ("one"); a singular message keeps every placeholder
            if isinstance(m.id, str):
                assert set(PLACEHOLDER.findall(text)) == wanted, (m.id, text)
            for mark in ("**", "`", "$", "<br>"):
                assert text.count(mark) == ids[0].count(mark), (mark, m.id, text)


def test_the_compiled_catalogue_is_the_po_file():
    with KO_MO.open("rb") as f:
        compiled = {_key(m): _translations(m) for m in read_mo(f) if m.id}
    source = {_key(m): _translations(m) for m in MESSAGES if not m.fuzzy and all(_translations(m))}
    assert compiled == source, f"{KO_MO.relative_to(ROOT)} is stale: {REFRESH}"


# ------------------------------------------------------------------------------------- choosing the language


def test_browser_language():
    assert from_browser("ko-KR") == "ko" and from_browser("ko") == "ko" and from_browser("en-US") == "en"
    assert from_browser(None, "ko-KR,ko;q=0.9,en-US;q=0.8") == "ko"
    assert from_browser(None, "fr-FR, en;q=0.5, ko;q=0.8") == "ko"  # by weight, not by order
    assert from_browser("fr-FR", "fr") is None and from_browser(None, None) is None
    assert from_browser("fr-FR", "de, ko;q=0.2") == "ko"  # the first language we speak


def test_translation_is_per_thread_never_process_wide():
    """Two sessions' scripts run at the same time in two threads: each keeps its own language while the
    other has switched (gettext.install or a module global would give both the last one set)."""
    both_set = threading.Barrier(2)
    seen = {}

    def session(code: str) -> None:
        with language(code):
            both_set.wait(timeout=10)
            seen[code] = _("Sentence")

    threads = [threading.Thread(target=session, args=(code,)) for code in ("ko", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"ko": "문장", "en": "Sentence"}
    assert _("Sentence") == "Sentence"  # outside a run: English


def test_errors_and_plurals_are_translated_where_shown():
    error = PackError("{path}: {problem}", path="x/config.json", problem=EmptyInputError("the input must be text"))
    assert str(error) == "x/config.json: the input must be text"  # the command-line tools speak English
    with language("ko"):
        assert message(error) == "x/config.json: 입력은 텍스트여야 합니다"
        assert ngettext("{n} word", "{n} words", 3).format(n=3) == "3단어"
    assert ngettext("{n} word", "{n} words", 1).format(n=1) == "1 word"


# ------------------------------------------------------------------------------------------- pages in Korean


def app(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "main.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _proto_strings(message) -> list[str]:
    """Every string field of a protobuf message, recursively."""
    out = []
    for field, value in message.ListFields():
        values = list(value) if field.is_repeated else [value]
        for v in values:
            if field.type == field.TYPE_MESSAGE:
                out += _proto_strings(v)
            elif field.type == field.TYPE_STRING:
                out.append(v)
    return out


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def _figure_labels(spec: dict) -> list[str]:
    """What a figure says in words: its title, axis and colour-bar titles and legend names."""
    layout, labels = spec.get("layout", {}), []
    for key, axis in layout.items():
        if key == "title" or key.startswith(("xaxis", "yaxis")):
            title = axis.get("title") if isinstance(axis, dict) and key != "title" else axis
            labels.append(title.get("text") if isinstance(title, dict) else title)
    for trace in spec.get("data", []):
        labels.append(trace.get("name"))
        bar = trace.get("colorbar") or trace.get("marker", {}).get("colorbar") or {}
        labels.append((bar.get("title") or {}).get("text"))
    return [t for t in labels if isinstance(t, str) and t]


def rendered(at: AppTest) -> tuple[list[str], list[str]]:
    """(every string the page sends, data included; the UI labels among them, which must be Korean).

    Data is exempt from the Korean check: the sentence box, model outputs (code), token ticks, option lists
    (they hold sentences) and the monospace text boxes; it is still searched for untranslated messages."""
    everything, labels = [], []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = node.type
        if kind == "plotly_chart":  # (its proto holds the figure as one JSON string: read the figure instead)
            spec = json.loads(proto.spec)
            everything += _json_strings(spec)
            labels += _figure_labels(spec)
            continue
        everything += _proto_strings(proto)
        if kind == "dataframe":
            frame = node.value
            everything += [str(c) for c in frame.columns] + [str(frame.index.name or "")]
            everything += [v for col in frame.columns for v in frame[col] if isinstance(v, str)]
            labels += [str(c) for c in frame.columns] + ([str(frame.index.name)] if frame.index.name else [])
        elif kind in ("title", "header", "subheader", "caption", "error", "warning", "info", "success") or (
            kind == "markdown" and "monospace" not in node.value
        ):
            labels.append(node.value)
        elif kind == "expandable":
            labels.append(proto.expandable.label)
        elif kind == "page_link":
            labels.append(proto.label)
        elif kind == "button" and (getattr(node, "key", None) or "").startswith("dym::"):
            pass  # "did you mean" suggestions are words of the pack's source language
        elif hasattr(node, "label") and kind not in ("latex", "code", "text"):
            labels += [node.label, getattr(node, "help", "") or ""]
    return everything, [t for t in labels if t]


# Labels that are the same in both languages: the app's name, metric names, formulas' symbols, model names as
# the URL and the quality table's columns write them, and the table headers n, p and log p.
SAME_IN_KOREAN = {"Attention Explorer", "BLEU", "chrF", "c_ij", "e_ij", "p_gen", "PC 1", "PC 2", "n", "p", "log p"}
SAME_IN_KOREAN |= {
    "none",
    "dot",
    "general",
    "additive",
    "transformer",
    "gpt",
    "|∂ log p / ∂x_j|",
    "Σ_i |∂ log p(y_i) / ∂x_j|",
}


def _pattern(msgid: str) -> str | None:
    """An English message as a regex over one rendered string (a placeholder matches anything on its line).
    A message of one or two words must be the whole string (an option, a header), so that data ("the top of
    my words") is not taken for it; single words are left to the Korean-label check."""
    latex = "\\" in msgid  # a formula: its braces are TeX, not placeholders
    literal = msgid if latex else PLACEHOLDER.sub(" ", msgid)
    words = len(re.findall(r"[A-Za-z]{2,}", literal))
    if words < 2:
        return None
    if latex:
        return re.escape(msgid)
    pieces = PLACEHOLDER.split(msgid)  # literal, name, literal, name, ..., literal
    parts, names = [re.escape(p) for p in pieces[::2]], pieces[1::2]
    if words < 3:
        # A file path or a key is one run of non-spaces: "{path}: {key} should be {expected}" must not match a
        # Bible verse that says "...: the priest should be ..." (the en-es pack shows verses on its pages).
        fills = [PATH_LIKE if name in PATH_LIKE_NAMES else "[^\\n]*?" for name in names]
        return "^" + "".join(p + f for p, f in zip(parts, [*fills, ""], strict=True)) + "$"
    return "[^\\n]*?".join(p for p in parts if p)  # (a leading or trailing placeholder adds nothing to a search)


ENGLISH = {
    msg_id: pattern
    for m in MESSAGES
    for msg_id in ([m.id] if isinstance(m.id, str) else list(m.id))
    if msg_id not in _translations(m) and (pattern := _pattern(msg_id)) is not None
}
ANY_ENGLISH = re.compile("|".join(f"(?:{p})" for p in ENGLISH.values()))


def english_on(at: AppTest) -> list[str]:
    """The problems a Korean reader would see: untranslated messages, and UI labels without any Hangul."""
    everything, labels = rendered(at)
    suspects = [t for t in set(everything) if ANY_ENGLISH.search(t)]  # one pass; then name the messages found
    problems = sorted({f"untranslated: {i!r}" for t in suspects for i, p in ENGLISH.items() if re.search(p, t)})
    problems += [
        f"not Korean: {t!r}"
        for t in labels
        if t not in SAME_IN_KOREAN and not HANGUL.search(t) and re.search("[A-Za-z]", t)
    ]
    return problems


def test_the_english_check_can_fail():
    """The check finds English where the page shows it: run the page in English."""
    at = app(pack="dates", lang="en").run()
    at.switch_page("pages/attention.py").run()
    problems = english_on(at)
    assert any("Attention: queries, keys and the heatmap" in p for p in problems)
    assert any("untranslated: 'output {i} {output} ← source" in p for p in problems)  # a heatmap's hover text
    assert any("'source tokens (keys h_j)'" in p for p in problems)  # an axis title


def test_a_message_about_a_file_is_told_from_a_verse_that_reads_like_it():
    pattern = ENGLISH["{path}: {key} should be {expected}"]
    assert re.search(pattern, "pretrained/dates/dot/history.json: snapshots[2].step should be int")
    assert not re.search(pattern, "He said to them: the priest should be clean until the evening.")


# Every page of every shipped pack on its opening sentence, plus pages in states that show more messages.
PACKS = pack_names()
CASES = [
    pytest.param(pack, page, {}, marks=[] if pack == "dates" else [pytest.mark.slow], id=f"{pack}-{page[6:-3]}")
    for pack in PACKS
    for page in PAGE_FILES
] + [
    pytest.param("en-fr", "pages/translate.py", {"s": "Do you want to eat an aple", "beam": "4"}, id="typed-beam"),
    pytest.param("dates", "pages/attention.py", {"step": "3"}, id="attention-step"),
    pytest.param("dates", "pages/whatif.py", {"whatif": "gold"}, id="whatif-no-gold"),
    pytest.param("dates", "pages/whatif.py", {"whatif": "mask", "mask": "2"}, id="whatif-mask"),
    pytest.param(
        "dates", "pages/whatif.py", {"model": "transformer", "off": "decoder_self.1.1"}, id="whatif-heads-off"
    ),
    pytest.param("dates", "pages/whatif.py", {"model": "gpt", "off": "causal.2.4"}, id="whatif-gpt-heads-off"),
    pytest.param("dates", "pages/whatif.py", {"model": "dot"}, id="whatif-gru-no-heads"),
    pytest.param("dates", "pages/translate.py", {"s": " "}, id="empty-sentence"),
]


@pytest.mark.parametrize(("pack", "page", "params"), CASES)
def test_every_page_in_korean_shows_no_english(pack, page, params):
    at = app(pack=pack, lang="ko", **params).run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert (at.title and HANGUL.search(at.title[0].value)) or page == "pages/overview.py"
    assert english_on(at) == []


def test_the_heatmap_pages_draw_korean_axes_and_hover_text():
    at = app(pack="dates", lang="ko").run()
    at.switch_page("pages/attention.py").run()
    heat = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert heat["layout"]["xaxis"]["title"]["text"] == "입력 토큰 (키 h_j)"
    hover = heat["data"][0]["text"]
    cell = hover[0][0] if isinstance(hover[0], list) else hover[0]
    assert cell.startswith("출력 1 ") and "가중치 c = " in cell


# ---------------------------------------------------------------------------------- sessions, URL and switch


def test_the_switch_changes_the_language_and_the_address_keeps_it():
    at = app(pack="dates").run()
    assert at.title[0].value == "Attention Explorer" and at.sidebar.text_input(key="sentence").label == "Sentence"
    assert "lang" not in at.query_params  # English everywhere: nothing to say
    at.sidebar.radio(key="lang").set_value("ko").run()
    assert at.sidebar.text_input(key="sentence").label == "문장"
    assert at.query_params["lang"] == "ko"
    at.switch_page("pages/translate.py").run()
    assert at.title[0].value == "번역과 비교" and at.query_params["lang"] == "ko"


def test_a_korean_browser_opens_in_korean_and_an_explicit_lang_wins():
    at = app(pack="dates")
    at.context["locale"] = "ko-KR"
    at.run()
    assert at.sidebar.text_input(key="sentence").label == "문장"
    assert at.sidebar.text_input(key="sentence").value == "2019년 3월 3일 일요일"  # its Korean example first
    at = app(pack="dates", lang="en")
    at.context["locale"] = "ko-KR"
    at.run()
    assert at.sidebar.text_input(key="sentence").label == "Sentence"
    assert at.query_params["lang"] == "en"  # kept, so the link still opens in English on this browser


def test_two_sessions_keep_their_own_language():
    korean, english = app(pack="dates", lang="ko"), app(pack="dates")
    for _round in range(2):
        korean.run()
        english.run()
        assert korean.sidebar.text_input(key="sentence").label == "문장"
        assert english.sidebar.text_input(key="sentence").label == "Sentence"
        assert english_on(korean) == []


@pytest.mark.parametrize("pack", ["dates", "numbers"])
def test_korean_examples_come_first_in_korean(pack):
    task = json.loads((ROOT / "pretrained" / pack / "task.json").read_text("utf-8"))
    korean = [e for e, lang in zip(task["examples"], task["example_languages"], strict=True) if lang == "ko"]
    assert korean and all(HANGUL.search(e) for e in korean)

    def listed(lang: str) -> list[str]:
        at = app(pack=pack, lang=lang).run()
        options = at.sidebar.selectbox(key=f"example::{pack}").options
        return [o.split(" · ", 1)[1] for o in options[1 : 1 + len(task["examples"])]]

    assert listed("ko") == korean + [e for e in task["examples"] if e not in korean]
    assert listed("en") == task["examples"]  # English keeps the pack's order


# ------------------------------------------------------------------------------- the packs' own texts in Korean


def test_every_shipped_pack_title_and_description_is_in_the_table():
    from explorer.packtext import SHIPPED

    table = {name: (title, description) for name, title, description in SHIPPED}
    for name in PACKS:
        task = json.loads((pretrained_root() / name / "task.json").read_text("utf-8"))
        assert table.get(name) == (task["title"], task["description"]), f"{name}: update explorer/packtext.py"


def test_the_sidebar_lists_every_pack_by_its_korean_title():
    at = app(pack="dates", lang="ko").run()
    titles = at.sidebar.selectbox(key="pack").options
    assert len(titles) == len(PACKS)
    for title in titles:
        assert HANGUL.search(title), title
    english = {json.loads((pretrained_root() / p / "task.json").read_text("utf-8"))["title"] for p in PACKS}
    assert not english & set(titles)


@pytest.mark.slow  # loads the en-ko pack
def test_the_en_ko_data_card_reads_in_korean():
    from models.packs.datacard import data_card
    from models.packs.pack import read_task

    task = read_task(pretrained_root() / "en-ko")
    card = data_card(task)
    english = [task.description, str(card.origin), card.licence]
    at = app(pack="en-ko", lang="ko").run()
    assert not at.exception
    shown = [m.value for m in at.sidebar.markdown]
    assert any("**무엇인가.**" in s for s in shown) and any("**출처.**" in s for s in shown)
    for sentence in english:
        for text in shown:
            assert sentence[:40] not in text.replace("\\", ""), (sentence, text)
    assert english_on(at) == []
