"""Take the README's screenshots of every page in headless Chromium (Debian's /usr/bin/chromium).

    python docs/make_screenshots.py            # writes docs/*.png
    python docs/make_screenshots.py --lang ko  # the Korean interface: docs/ko/*.png

Starts `streamlit run app.py` on a free port, drives each page like a person would, and stops the server.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from bench.liveapp import (  # `pip install -e .` makes bench importable
    CHROMIUM,
    CHROMIUM_ARGS,
    running_app,
    wait_rendered,
)

ROOT = Path(__file__).resolve().parent.parent

# (file name, page path, URL parameters, charts to wait for, viewport height)
SHOTS = [
    ("overview", "", {}, 3, 1700),  # what a new session opens on: en-fr, its default example
    (
        "translate",
        "translate",
        {"pack": "dates", "s": "miércoles, 27 de septiembre de 2023", "models": "none,dot,additive"},
        3,
        950,
    ),
    ("attention", "attention", {"pack": "dates", "s": "Sunday, March 3, 2019", "step": "4"}, 8, 3300),
    (
        "attention-transformer",
        "attention",
        {
            "pack": "dates",
            "s": "Sunday, March 3, 2019",
            "models": "none,dot,transformer",
            "model": "transformer",
            "step": "4",
        },
        8,
        3300,
    ),
    (
        "positions",
        "positions",
        {"pack": "dates", "s": "Sunday, March 3, 2019", "models": "none,dot,transformer"},
        3,
        2600,
    ),
    (
        "attention-views",
        "attention",
        {
            "pack": "dates",
            "s": "Sunday, March 3, 2019",
            "models": "none,dot,transformer",
            "model": "transformer",
            "step": "4",
        },
        12,
        7000,
    ),
    (
        "whatif-heads",
        "whatif",
        {
            "pack": "dates",
            "s": "Sunday, March 3, 2019",
            "models": "none,dot,transformer",
            "model": "transformer",
            "off": "decoder_self.1.1",
        },
        3,
        4000,
    ),
    ("context", "context", {"pack": "dates", "s": "2019년 3월 3일 일요일"}, 4, 1500),
    ("quality", "quality", {"pack": "dates", "models": "none,dot,general,additive"}, 1, 1100),
    ("learn", "learn", {"pack": "dates"}, 2, 950),
]


def long_sentence_shots() -> list:
    """Screenshots of the en-fr pack, if it is there: the length curve, and a 20-24-word test sentence (with its
    gold alignment) that the model without attention gets wrong and dot attention gets right."""
    from models.net.decoding import translate
    from models.packs.pack import load_pack, pack_names, pretrained_root
    from models.text.tokenize import plain_text

    if "en-fr" not in pack_names():
        return []
    pack = load_pack(pretrained_root() / "en-fr")

    def text(model: str, source: str) -> str:
        m = pack.models[model]
        return translate(m.model, m.src_vocab, m.tgt_vocab, source).text

    sentence = next(
        e.source
        for e in pack.test
        if 20 <= e.src_len <= 24
        and text("none", e.source) != plain_text(e.target)
        and text("dot", e.source) == plain_text(e.target)
    )
    everything = {"pack": "en-fr", "models": "none,dot,general,additive,transformer,gpt"}
    typed = "Do you want to eat an aple"  # a capital, no question mark and a typo, as people type
    # Gradients: a 30-word test sentence; What-if: the opening example with one noun masked.
    long_one = next(e.source for e in pack.test if e.src_len == 30)
    opening = pack.task.examples[pack.task.default_example]
    words = opening.split()
    masked = words.index("passport") + 1 if "passport" in words else 1  # dot then loses it (README, What-if)
    return [
        ("typing-enfr", "translate", {"pack": "en-fr", "models": "none,dot,additive", "s": typed}, 3, 1300),
        ("gradients", "gradients", {"pack": "en-fr", "models": "none,dot", "s": long_one}, 4, 2600),
        ("whatif", "whatif", {"pack": "en-fr", "s": opening, "whatif": "mask", "mask": str(masked)}, 3, 1500),
        ("quality-enfr", "quality", everything, 1, 1100),
        ("translate-enfr", "translate", {**everything, "models": "none,dot,transformer,gpt", "s": sentence}, 4, 1300),
        ("attention-enfr", "attention", {"pack": "en-fr", "models": "none,dot", "s": sentence, "step": "3"}, 8, 1300),
    ]


def bible_shots() -> list:
    """Screenshots of the en-es Bible pack, if it is there: real text's length curve, and a verse of 31-34 words
    on the Attention page (subword pieces, as the models read them)."""
    from models.packs.pack import load_pack, pack_names, pretrained_root

    if "en-es" not in pack_names():
        return []
    pack = load_pack(pretrained_root() / "en-es")
    verse = next(e.source for e in pack.test if 31 <= len(e.source.split()) <= 34 and "“" not in e.source)
    everything = {"pack": "en-es", "models": ",".join(pack.models)}
    return [
        ("quality-enes", "quality", everything, 1, 1100),
        ("attention-enes", "attention", {"pack": "en-es", "models": "none,additive", "s": verse, "step": "4"}, 8, 1500),
    ]


def korean_shots() -> list:
    """The en-ko pack's Attention page, if the pack is there: a test sentence of 12-16 words that dot attention
    translates exactly, with its gold alignment shown (Korean word order: the heatmap is no diagonal); and its
    Quality vs length page with every model's curve."""
    from models.net.decoding import translate
    from models.packs.pack import load_pack, pack_names, pretrained_root
    from models.text.tokenize import plain_text

    if "en-ko" not in pack_names():
        return []
    pack = load_pack(pretrained_root() / "en-ko")
    dot = pack.models["dot"]
    sentence = next(
        e.source
        for e in pack.test
        if 12 <= e.src_len <= 16
        and translate(dot.model, dot.src_vocab, dot.tgt_vocab, e.source).text == plain_text(e.target)
    )
    params = {"pack": "en-ko", "models": "none,dot", "s": sentence, "step": "3"}
    everything = {"pack": "en-ko", "models": ",".join(pack.models)}
    return [("attention-enko", "attention", params, 8, 1500), ("quality-enko", "quality", everything, 1, 1100)]


# In Korean the dates shots type the pack's Korean examples (the en-fr shots keep their English sources).
KOREAN_SENTENCES = {
    "translate": "2023년 9월 27일 수요일",
    "attention": "2019년 3월 3일 일요일",
    "context": "2019년 3월 3일 일요일",
}


def in_language(shots: list, lang: str) -> list:
    """The shots in another interface language: one of every page (the *-enfr, *-enes and *-enko extras are the English README's),
    with ?lang= set and, in Korean, the dates sentences in Korean."""
    if lang == "en":
        return shots
    out = []
    for name, path, params, charts, height in shots:
        if name.endswith(("-enfr", "-enes", "-enko")):
            continue
        params = {**params, "lang": lang}
        if lang == "ko" and name in KOREAN_SENTENCES:
            params["s"] = KOREAN_SENTENCES[name]
        out.append((name, path, params, charts, height))
    return out


# Shots of one section of a long page (English only): the heading it starts at, and the height to keep.
SECTIONS = {
    "attention-views": ("Which map shows what the model uses?", 1200),
    "whatif-heads": ("Switch heads off", 1150),
}


def main() -> int:
    import argparse

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="comma-separated screenshot names (default: all)")
    parser.add_argument("--lang", default="en", choices=["en", "ko"], help="the interface language (default en)")
    args = parser.parse_args()
    only = args.only
    out_dir = ROOT / "docs" if args.lang == "en" else ROOT / "docs" / args.lang
    out_dir.mkdir(exist_ok=True)
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path, params, charts, height in in_language(
            SHOTS + long_sentence_shots() + bible_shots() + korean_shots(), args.lang
        ):
            if only and name not in only.split(","):
                continue
            if name in SECTIONS and args.lang != "en":
                continue
            page = browser.new_page(viewport={"width": 1500, "height": height})
            page.goto(f"{url}/{path}?{urlencode(params)}")
            # The Gradients page's first visit measures its length sweep: allow it minutes on a busy machine.
            wait_rendered(page, charts, timeout_ms=900_000 if name == "gradients" else 30_000)
            if name in SECTIONS:
                heading, keep = SECTIONS[name]
                box = page.get_by_role("heading", name=heading).bounding_box()
                clip = {"x": 0, "y": max(box["y"] - 24, 0), "width": 1500, "height": keep}
                page.screenshot(path=str(out_dir / f"{name}.png"), clip=clip)
            else:
                page.screenshot(path=str(out_dir / f"{name}.png"), full_page=True)
            page.close()
            print(out_dir.relative_to(ROOT) / f"{name}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
