"""The real app in headless Chromium: type a sentence, wait for the heatmap, save a screenshot; the Attention page's
panels in reading order, its three score functions readable at 40 words, a figure downloaded as SVG."""

import itertools
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
import torch

from bench.liveapp import CHROMIUM, CHROMIUM_ARGS, running_app, wait_rendered

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Debian's chromium at {CHROMIUM} (.ci/run installs it)")
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_type_a_sentence_and_see_the_heatmap(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{app_url}/attention?pack=dates")
    wait_rendered(page)
    box = page.get_by_role("textbox", name="Sentence")
    box.fill("2019년 3월 3일 일요일")
    box.press("Enter")
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.js-plotly-plot .xtick text')).some(t => t.textContent === '년')",
        timeout=30_000,
    )
    wait_rendered(page)
    shot = tmp_path / "attention.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    body = page.inner_text("body")
    assert "2019-03-03" in body
    assert "Traceback" not in body and not errors
    page.close()


def test_user_html_is_shown_as_text(app_url, browser):
    page = browser.new_page()
    page.goto(f"{app_url}/translate?s=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    wait_rendered(page)
    assert page.locator("img[src='x']").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.inner_text("body")
    page.close()


def test_large_text_makes_everything_bigger_and_keeps_headings_above_body_text(app_url, browser):
    def sizes(large: bool) -> dict[str, float]:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{app_url}/translate?pack=dates{'&large=1' if large else ''}")
        wait_rendered(page)
        got = page.evaluate(
            """() => Object.fromEntries([['title', 'h1 span'], ['heading', 'h3'], ['text', '[data-testid=stCaptionContainer]'],
                ['sidebar', 'section[data-testid=stSidebar]']].map(([k, q]) => {
                    const e = document.querySelector(q);
                    return [k, k === 'sidebar' ? e.getBoundingClientRect().width
                                               : parseFloat(getComputedStyle(e).fontSize)];
                }))"""
        )
        page.close()
        return got

    normal, large = sizes(False), sizes(True)
    for key in ("title", "heading", "text"):
        assert large[key] >= 1.3 * normal[key], (key, normal, large)
    assert large["title"] > 2 * large["text"] and large["heading"] > 1.3 * large["text"]
    assert large["sidebar"] > normal["sidebar"]  # room for the model names at the bigger size


def _render_fonts(page, selector: str) -> set[str]:
    """The fonts Chromium actually drew a node's text with (DevTools' CSS.getPlatformFontsForNode)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


def test_a_korean_browser_gets_the_korean_interface_drawn_with_a_hangul_font(app_url, browser, tmp_path):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{app_url}/attention?pack=dates")  # no ?lang=: the browser's language decides
    wait_rendered(page, 2)
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.js-plotly-plot .xtick text')).some(t => t.textContent === '년')",
        timeout=30_000,
    )
    body = page.inner_text("body")
    assert "어텐션: 쿼리, 키, 그리고 히트맵" in body and "입력 토큰 (키 h_j)" in body
    assert "2019-03-03" in body  # the Korean example, decoded
    assert "lang=ko" in page.url
    # Hangul drawn with a font that has it, not as boxes: the title (HTML) and a heatmap tick (plotly's SVG)
    page.evaluate(
        "Array.from(document.querySelectorAll('.js-plotly-plot .xtick text'))"
        ".find(t => t.textContent === '년').setAttribute('data-hangul', '1')"
    )
    for selector in ("h1", "[data-hangul]"):
        fonts = _render_fonts(page, selector)
        assert any("CJK" in f or "KR" in f for f in fonts), (selector, fonts)
    page.screenshot(path=str(tmp_path / "attention-ko.png"))
    assert "Traceback" not in body and not errors
    context.close()


# ------------------------------------------------------------------------------- the Attention page, as read


def step_numbers_in_reading_order(page) -> list[int]:
    """The numbers of the step-through panels' titles ("1 · Query s_i", "3 · Compare and 4 · softmax") in the order
    a reader meets them: rows from the top (titles within a few pixels of one height share a row), each row from
    the left."""
    titles = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid=stMain] h3'))
            .map(h => ({text: h.innerText, x: h.getBoundingClientRect().x, y: h.getBoundingClientRect().y}))"""
    )
    steps = [t for t in titles if re.match(r"\d ·", t["text"])]
    rows: list[list[dict]] = []
    for title in sorted(steps, key=lambda t: t["y"]):
        if rows and abs(title["y"] - rows[-1][0]["y"]) < 8:
            rows[-1].append(title)
        else:
            rows.append([title])
    return [int(n) for row in rows for t in sorted(row, key=lambda t: t["x"]) for n in re.findall(r"(\d) ·", t["text"])]


def test_the_step_through_panels_read_in_the_notes_order(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/attention?pack=dates&model=dot&s={quote('Sunday, March 3, 2019')}")
    wait_rendered(page, 10)
    assert step_numbers_in_reading_order(page) == [1, 2, 3, 4, 5, 6, 7]
    page.close()


@pytest.fixture(scope="module")
def stack_url(tmp_path_factory):
    """The app serving a copy of the dates pack that also has an untrained Transformer (its page has the same step
    panels, one head's)."""
    from models.net import registry
    from models.packs.pack import PRETRAINED, ROOT_ENV, load_pack, save_model
    from models.tasks import get_task
    from models.training.config import TrainConfig

    root = tmp_path_factory.mktemp("packs")
    shutil.copytree(PRETRAINED / "dates", root / "dates")
    gru = load_pack(root / "dates").model("dot")
    config = TrainConfig.from_dict(get_task("dates").train_defaults).model_config(
        "transformer", len(gru.src_vocab), len(gru.tgt_vocab)
    )
    torch.manual_seed(0)
    save_model(root / "dates" / "transformer", registry.build(config).eval(), gru.src_vocab, gru.tgt_vocab)
    with running_app(env={ROOT_ENV: str(root)}) as url:
        yield url


def test_the_transformers_step_panels_read_in_the_notes_order_too(stack_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{stack_url}/attention?pack=dates&model=transformer&models=none,dot,transformer")
    wait_rendered(page, 8)
    assert step_numbers_in_reading_order(page) == [1, 2, 3, 4, 5, 6, 7]
    page.close()


def head_grid_row_labels(page) -> list[list[dict]]:
    """The all-heads grid's row labels, per labelled axis (one a layer): each label's text and its box's top and
    bottom in px."""
    return page.evaluate(
        """() => {
            const grid = document.querySelector('.st-key-head-grid .js-plotly-plot');
            const axes = {};
            for (const g of grid.querySelectorAll('g')) {
                const name = g.getAttribute('class') || '';
                const text = g.querySelector('text');
                if (!/^y\\d*tick$/.test(name) || !text || !text.textContent) continue;
                const box = text.getBoundingClientRect();
                (axes[name] = axes[name] || []).push({text: text.textContent, top: box.top, bottom: box.bottom});
            }
            return Object.values(axes).map(labels => labels.sort((a, b) => a.top - b.top));
        }"""
    )


def test_the_head_grids_row_labels_do_not_run_into_each_other(app_url, browser, tmp_path):
    """A 15-step Korean output in the shipped en-ko Transformer's small multiples: its row labels (Hangul stands
    tall) thinned to every other one, none overlapping the next, where every one of them had been drawn on top of
    its neighbours (저 and -는 read as one glyph)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    s = quote("I have five friends in New York.")
    page.goto(f"{app_url}/attention?pack=en-ko&model=transformer&models=none,dot,transformer&s={s}")
    wait_rendered(page, 8)
    page.locator(".st-key-head-grid").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "head-grid.png"), full_page=True)
    axes = head_grid_row_labels(page)
    page.close()
    assert len(axes) == 2  # one labelled axis per layer
    for labels in axes:
        assert 5 <= len(labels) < 15 and labels[0]["text"] == "저"  # thinned, from the first row
        assert all(b["top"] >= a["bottom"] - 0.5 for a, b in itertools.pairwise(labels)), labels


LONG_SENTENCE = " ".join(
    json.loads((ROOT / "pretrained/en-fr/task.json").read_text("utf-8"))["examples"][10].split()[:40]
)


@pytest.fixture(scope="module")
def long_source_tokens() -> list[str]:
    """The tokens the en-fr models read in the 40-word example (every model of a pack reads alike)."""
    from models.net.decoding import translate
    from models.packs.pack import PRETRAINED, load_pack

    pack = load_pack(PRETRAINED / "en-fr")
    m = pack.model("dot")
    return translate(m.model, m.src_vocab, m.tgt_vocab, pack.read(LONG_SENTENCE).text).source_tokens


# The Attention page's three score-function heatmaps, by their keys (the views section's figures come after them)
SCORE_FUNCTION_CHARTS = '[class*="st-key-cmp-"] .js-plotly-plot'


def open_long_sentence(browser, app_url, tmp_path, collapse_sidebar: bool):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page.goto(f"{app_url}/attention?pack=en-fr&model=dot&s={quote(LONG_SENTENCE)}")
    wait_rendered(page, 10, timeout_ms=120_000)
    if collapse_sidebar:  # as on a projector: the figures get the sidebar's room
        page.hover("[data-testid=stSidebar]")
        page.click("[data-testid=stSidebarCollapseButton] button")
        page.wait_for_function(
            f"Array.from(document.querySelectorAll('{SCORE_FUNCTION_CHARTS}')).slice(-1)[0].getBoundingClientRect().width"
            " > 1000"
        )
        page.wait_for_timeout(500)
    return page


def score_function_heatmaps(page) -> list[dict]:
    """The three score functions' heatmaps (keys cmp-<model>): their width (and the main column's), their
    x tick labels' text and smallest font size, and the width of a column."""
    return page.evaluate(
        f"""() => Array.from(document.querySelectorAll('{SCORE_FUNCTION_CHARTS}')).map(p => {{
            const ticks = Array.from(p.querySelectorAll('.xtick text'));
            return {{width: p.getBoundingClientRect().width,
                     main: (b => b.getBoundingClientRect().width - parseFloat(getComputedStyle(b).paddingLeft)
                            - parseFloat(getComputedStyle(b).paddingRight))(
                                document.querySelector('[data-testid=stMainBlockContainer]')),
                     labels: ticks.map(t => t.textContent),
                     font: Math.min(...ticks.map(t => parseFloat(getComputedStyle(t).fontSize))),
                     pitch: p.querySelector('.nsewdrag').getBoundingClientRect().width / ticks.length}};
        }})"""
    )


def test_three_score_functions_stacked_with_every_token_readable_at_40_words(
    app_url, browser, tmp_path, long_source_tokens
):
    assert len(long_source_tokens) >= 40
    for collapse in (False, True):
        page = open_long_sentence(browser, app_url, tmp_path, collapse)
        heatmaps = score_function_heatmaps(page)
        page.screenshot(path=str(tmp_path / f"three-functions-{collapse}.png"), full_page=True)
        page.close()
        assert len(heatmaps) == 3
        for h in heatmaps:
            assert h["width"] >= 0.95 * h["main"]  # one above the other, each the page's full width
            assert h["labels"] == long_source_tokens  # a label for every source token
            assert h["font"] >= 14  # the page's type size, not plotly's 12 px
            assert h["pitch"] >= h["font"]  # a column per type size: slanted labels do not run into each other
            if collapse:
                assert h["width"] >= 1000


def test_a_heatmap_downloads_as_svg_with_every_source_token(app_url, browser, tmp_path, long_source_tokens):
    page = open_long_sentence(browser, app_url, tmp_path, collapse_sidebar=False)
    with page.expect_download() as download:
        page.click(".st-key-svg-heatmap button")
    path = tmp_path / "heatmap.svg"
    download.value.save_as(path)
    page.close()
    assert download.value.suggested_filename == "heatmap.svg"
    svg = ET.parse(path).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert all(token in texts for token in long_source_tokens)  # each token a text of its own, as typed
    assert sum(1 for _ in svg.iter("{http://www.w3.org/2000/svg}rect")) > 10 * len(long_source_tokens)  # the cells


def test_a_head_switched_off_in_the_browser_changes_the_output(app_url, browser):
    """Issue #29: the What-if page with the dates Transformer's decoder-self L1 H1 off (?off=), then one more head
    ticked by a click: the sentence decoded again each time, what changed told, and the head-removal table whole
    (no column scrolled out of view) at 1,500 px."""
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    s = quote("Sunday, March 3, 2019")
    page.goto(f"{app_url}/whatif?pack=dates&model=transformer&s={s}&off=decoder_self.1.1")
    wait_rendered(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("1 head off", exact=True).wait_for()

    def outputs() -> list[str]:
        return [c.inner_text().strip() for c in main.locator('[data-testid="stCode"]').all()]

    assert "2019-03-03" in outputs() and "2019-0-030" in outputs()  # the model's own, and without that head
    assert main.get_by_text("1 token of the model's own output is missing here.", exact=False).count() >= 1

    page.locator(".st-key-heads_off_cross_1").get_by_role("button", name="2", exact=True).click()
    main.get_by_text("2 heads off", exact=True).wait_for()
    main.locator('[data-testid="stCode"]', has_text=re.compile(r"^\s*2019-0-03\s*$")).wait_for()  # decoded again
    assert "off=" in page.url and "cross.2.2" in page.url  # the URL says which heads are off

    table = main.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    overflow = table.evaluate("el => [...el.querySelectorAll('.dvn-scroller')].map(s => s.scrollWidth - s.clientWidth)")
    assert overflow and max(overflow) <= 1, overflow
    page.close()
