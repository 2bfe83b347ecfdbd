"""Plain text from one verse of a SWORD module's OSIS markup, and verse pairs aligned by reference.

Standard library only: tools/bible/build.py runs it under Debian's /usr/bin/python3 (where the `Sword` module
lives), and the tests import it from the project's virtualenv.

What the cleaning does, in order:
- notes (footnotes, cross references) go, with everything inside them;
- a canonical psalm title (`<title canonical="true">`) keeps its text, other titles go;
- every other tag goes but keeps its text (`<w lemma="strong:H0430">God</w>` -> `God`);
- where tags or a removed note sat between two letters, or after a comma or stop and before a letter, a
  space goes in: the WEB writes `God</w><note>...</note><w>created` and `sinners,<note>...</note>abominable`,
  the RV 1909 `enviada</transChange><w>por`; without the space they would read "Godcreated",
  "sinners,abominable" and "enviadapor" (as SWORD's own stripText gives them);
- leftover Strong's numbers (`<H7969>`, `<G5547>`: what stripText prints for a word with two lemmas),
  XML entities, line breaks and runs of spaces are cleaned, and no space is left before punctuation;
- in a chapter's first verse, a first word in capitals (the RV's drop-cap style: "EN el principio",
  "¡OH Jehová", "Y JEHOVÁ habló") is written as a word ("En", "¡Oh", "Y Jehová").
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

_NOTE = re.compile(r"<note\b[^>]*/>|<note\b[^>]*>.*?</note>", re.DOTALL)
_CANONICAL_TITLE = re.compile(r"<title\b(?=[^>]*\bcanonical=\"true\")[^>]*>(.*?)</title>", re.DOTALL)
_OTHER_TITLE = re.compile(r"<title\b[^>]*>.*?</title>", re.DOTALL)
_BREAK = "\x00"  # stands where a note or a tag was, until we know whether it separates two words
_TAGS = re.compile(r"<[^<>]*>")
_STRONGS = re.compile(r"\s*<[HG]\d+[a-z]?>")
_GLUED = re.compile(r"(?<=[\w,;:.!?])\x00+(?=\w)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)\]’”»])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[“«¿¡])\s+")
_CAPS_START = re.compile(r"^([¡¿“‘\"'(]*)([^\W\d_]+)(?=\W|$)")
_CAPS_SECOND = re.compile(r"^([¡¿“‘\"'(]*[^\W\d_]\s+)([^\W\d_]{2,})(?=\W|$)")


def clean_verse(raw: str, first_of_chapter: bool = False) -> str:
    """The readable text of one verse's OSIS markup (see the module docstring)."""
    text = _STRONGS.sub("", raw)
    text = _NOTE.sub(_BREAK, text)
    text = _CANONICAL_TITLE.sub(lambda m: m.group(1) + " ", text)
    text = _OTHER_TITLE.sub(_BREAK, text)
    text = _TAGS.sub(_BREAK, text)
    text = _GLUED.sub(" ", text)  # a tag between two letters was a word boundary
    text = html.unescape(text.replace(_BREAK, ""))
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    return _uncap_first_word(text) if first_of_chapter else text


def _uncap_first_word(text: str) -> str:
    """'EN el principio' -> 'En el principio', 'Y JEHOVÁ habló' -> 'Y Jehová habló'. A verse with no
    lower-case letter after the word (all capitals, or the word alone) is left as it is."""
    m = _CAPS_START.match(text)
    if m is None or len(m.group(2)) == 1:  # "Y JEHOVÁ": look at the second word
        m = _CAPS_SECOND.match(text)
    if not m or not m.group(2).isupper() or not any(c.islower() for c in text[m.end() :]):
        return text
    return text[: m.start(2)] + m.group(2).capitalize() + text[m.end() :]


def read_module(mgr, name: str) -> dict[str, str]:
    """Reference ("Genesis 1:1") -> cleaned verse text, for every verse of a SWORD module, in canonical order.

    `mgr` is a `Sword.SWMgr()`; the caller keeps it alive (the modules belong to it, and freeing it while a
    module is in use crashes the process).
    """
    module = mgr.getModule(name)
    if module is None:
        raise LookupError(f"SWORD module {name} not found (is its Debian package installed?)")
    verses = {}
    module.setKeyText("Genesis 1:1")
    # popError() returns a one-character string: "\0" while there is no error; stepping past the end sets one
    while (module.popError() or "\0") == "\0":
        ref = module.getKeyText()
        verses[ref] = clean_verse(module.getRawEntry(), first_of_chapter=ref.endswith(":1"))
        module.increment()
    return verses


@dataclass
class AlignReport:
    pairs: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> verses

    def summary(self) -> str:
        reasons = ", ".join(f"{n:,} {why}" for why, n in sorted(self.skipped.items())) or "none"
        return f"{self.pairs:,} verse pairs; skipped: {reasons}"


def align(
    source: dict[str, str], target: dict[str, str], max_ratio: float = 2.5
) -> tuple[list[tuple[str, str, str]], AlignReport]:
    """(source, target, reference) for every reference both sides have, in the source's order.

    Skipped and counted: a reference only one side has (the WEB's deuterocanon, verses one versification
    numbers and the other does not), an empty verse on either side, and a pair whose word counts differ by
    more than `max_ratio` times (a verse boundary the two versifications draw differently).
    """
    report = AlignReport()
    rows = []
    for ref, src in source.items():
        tgt = target.get(ref)
        if tgt is None:
            report.skipped["only in the source"] += 1
            continue
        if not src or not tgt:
            report.skipped["empty on one side"] += 1
            continue
        a, b = len(src.split()), len(tgt.split())
        if max(a, b) > max_ratio * min(a, b):
            report.skipped[f"word counts differ more than {max_ratio:g}x"] += 1
            continue
        rows.append((src, tgt, ref))
    report.skipped["only in the target"] = sum(ref not in source for ref in target)
    if not report.skipped["only in the target"]:
        del report.skipped["only in the target"]
    report.pairs = len(rows)
    return rows, report


def tsv_line(source: str, target: str, reference: str) -> str:
    """One line of the corpus file; tabs and line breaks inside a field become spaces."""
    return "\t".join(" ".join(part.split()) for part in (source, target, reference)) + "\n"
