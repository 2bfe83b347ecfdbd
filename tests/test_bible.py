"""The Bible corpus builder (tools/bible/osis.py) on a small fixture of real OSIS markup: no SWORD, no apt.

The raw strings are copied from the Debian modules engWEB2015eb and spaRV1909eb (getRawEntry()).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

OSIS_PY = Path(__file__).resolve().parent.parent / "tools" / "bible" / "osis.py"


@pytest.fixture(scope="module")
def osis():
    spec = importlib.util.spec_from_file_location("bible_osis", OSIS_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


WEB_GEN_1_1 = (
    '<w lemma="strong:H0430">In</w> <w lemma="strong:H0853">the</w> <w lemma="strong:H7225">beginning</w>, '
    '<w lemma="strong:H0430">God</w><note placement="foot"><reference type="annotateRef">1:1 </reference>The '
    'Hebrew word rendered “God” is “אֱלֹהִ֑ים” (Elohim).</note><w lemma="strong:H1254">created</w> '
    '<w lemma="strong:H0853">the</w> <w lemma="strong:H8064">heavens</w> <w lemma="strong:H0430">and</w> '
    '<w lemma="strong:H0853">the</w> <w lemma="strong:H0776">earth</w>.'
)
WEB_PS_3_1 = (
    '<div type="x-milestone" subType="x-preverse" sID="pv4877"/><title canonical="true" type="psalm">A Psalm by '
    'David, when he fled from Absalom his son.</title> <lg sID="gen7860"/> <l level="1" sID="gen7861"/><div '
    'type="x-milestone" subType="x-preverse" eID="pv4877"/>Yahweh, how <w lemma="strong:H1732">my</w> adversaries '
    '<w lemma="strong:H1121">have</w> increased!<l eID="gen7861" level="1"/> <l level="2" sID="gen7862"/>Many '
    '<w lemma="strong:H1121">are</w> those who rise up against me.<l eID="gen7862" level="2"/>'
)
WEB_REV_21_8 = (
    'But for the cowardly, unbelieving, sinners,<note placement="foot"><reference type="annotateRef">21:8 '
    "</reference>TR and NU read “sinners”</note>abominable, murderers"
)
RV_ROM_16_27 = (
    '<w lemma="strong:G3441">Al solo</w> <w lemma="strong:G2316">Dios</w> <w lemma="strong:G4680">sabio</w>, '
    '<w lemma="strong:G1391">sea gloria</w> <w lemma="strong:G2424 G5547">por Jesucristo</w> '
    '<w lemma="strong:G1519">para</w> <w lemma="strong:G0165">siempre</w>. <w lemma="strong:G0281">Amén</w>. '
    '<w lemma="strong:G1125">Fué escrita</w> <w lemma="strong:G0575">de</w> <w lemma="strong:G2882">Corinto</w> '
    '<w lemma="strong:G4314">á</w> <w lemma="strong:G4514">los Romanos</w>, <transChange type="added">enviada'
    '</transChange><w lemma="strong:G1223">por</w><transChange type="added">medio de</transChange>'
    '<w lemma="strong:G5402">Febe</w>, diaconisa.'
)
RV_GEN_1_1 = (
    '<w lemma="strong:H7225">EN el principio</w> <w lemma="strong:H1254">crió</w> <w lemma="strong:H0430">Dios</w> '
    '<w lemma="strong:H8064">los cielos</w> <w lemma="strong:H0776">y la tierra</w>.'
)


def test_notes_go_and_the_words_around_them_stay_apart(osis):
    assert osis.clean_verse(WEB_GEN_1_1) == "In the beginning, God created the heavens and the earth."
    assert osis.clean_verse(WEB_REV_21_8) == "But for the cowardly, unbelieving, sinners, abominable, murderers"


def test_tags_between_letters_are_word_boundaries(osis):
    text = osis.clean_verse(RV_ROM_16_27)
    assert "enviada por medio de Febe, diaconisa." in text
    assert "<" not in text and "strong" not in text


def test_canonical_psalm_titles_stay_and_poetry_lines_join(osis):
    assert osis.clean_verse(WEB_PS_3_1) == (
        "A Psalm by David, when he fled from Absalom his son. Yahweh, how my adversaries have increased! "
        "Many are those who rise up against me."
    )
    assert osis.clean_verse('<title type="section">Heading</title>Text here.') == "Text here."


def test_strongs_numbers_entities_and_spacing(osis):
    stripped = "á veintitrés <H7969> del mismo; en Jesucristo <G5547>: fin &amp; más ( dos ) ."
    assert osis.clean_verse(stripped) == "á veintitrés del mismo; en Jesucristo: fin & más (dos)."


def test_a_chapters_capital_first_word_becomes_a_word(osis):
    assert osis.clean_verse(RV_GEN_1_1, first_of_chapter=True) == "En el principio crió Dios los cielos y la tierra."
    assert osis.clean_verse("Y <w>JEHOVÁ</w> habló á Moisés", first_of_chapter=True) == "Y Jehová habló á Moisés"
    assert osis.clean_verse("¡OH Jehová, cuánto!", first_of_chapter=True) == "¡Oh Jehová, cuánto!"
    # only at a chapter's start, and never a verse in capitals throughout
    assert osis.clean_verse("EN el principio") == "EN el principio"
    assert osis.clean_verse("SANTIDAD Á JEHOVÁ.", first_of_chapter=True) == "SANTIDAD Á JEHOVÁ."
    assert osis.clean_verse("I said to him", first_of_chapter=True) == "I said to him"


class FakeModule:
    """The part of a SWORD module read_module uses, over a list of (reference, raw entry)."""

    def __init__(self, entries):
        self.entries, self.i = entries, 0

    def setKeyText(self, ref):
        self.i = [r for r, _ in self.entries].index(ref)

    def popError(self):
        return "\0" if self.i < len(self.entries) else "\x01"

    def getKeyText(self):
        return self.entries[self.i][0]

    def getRawEntry(self):
        return self.entries[self.i][1]

    def increment(self):
        self.i += 1


class FakeManager:
    def __init__(self, modules):
        self.modules = modules

    def getModule(self, name):
        return self.modules.get(name)


def test_read_align_and_write_with_skipped_verses_counted(osis, tmp_path):
    web = [
        ("Genesis 1:1", WEB_GEN_1_1),
        ("Genesis 1:2", "The earth was formless and empty."),
        ("Genesis 1:3", ""),  # a verse the WEB leaves empty
        ("Genesis 1:4", "God saw the light, and saw that it was good. God divided the light from the darkness."),
        ("Tobit 1:1", "The book of the words of Tobit"),  # deuterocanon: no Spanish verse
    ]
    rv = [
        ("Genesis 1:1", RV_GEN_1_1),
        ("Genesis 1:2", "Y la tierra estaba desordenada y vacía."),
        ("Genesis 1:3", "Y dijo Dios: Sea la luz: y fué la luz."),
        ("Genesis 1:4", "Y vió Dios."),  # far shorter: a verse boundary drawn elsewhere
    ]
    mgr = FakeManager({"web": FakeModule(web), "rv": FakeModule(rv)})
    source, target = osis.read_module(mgr, "web"), osis.read_module(mgr, "rv")
    assert list(source) == [r for r, _ in web]
    assert target["Genesis 1:1"].startswith("En el principio")  # first verse of a chapter: capitals fixed
    rows, report = osis.align(source, target)
    assert rows == [
        ("In the beginning, God created the heavens and the earth.", target["Genesis 1:1"], "Genesis 1:1"),
        ("The earth was formless and empty.", "Y la tierra estaba desordenada y vacía.", "Genesis 1:2"),
    ]
    assert report.skipped == {"empty on one side": 1, "only in the source": 1, "word counts differ more than 2.5x": 1}
    assert report.summary() == (
        "2 verse pairs; skipped: 1 empty on one side, 1 only in the source, 1 word counts differ more than 2.5x"
    )
    with pytest.raises(LookupError, match="nope"):
        osis.read_module(mgr, "nope")
    out = tmp_path / "pairs.tsv"
    out.write_text("".join(osis.tsv_line(*row) for row in rows), "utf-8")
    from models.packs.corpus import read_corpus

    examples, corpus_report = read_corpus(out)
    assert [e.source for e in examples] == [r[0] for r in rows] and corpus_report.kept == 2
    assert osis.tsv_line("a\tb", "c\nd", "Gen 1:1") == "a b\tc d\tGen 1:1\n"
