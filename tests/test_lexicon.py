"""The en-fr lexicon data files: well-formed tables, the promised size, and hand-checked verb forms.

Reads models/tasks/grammar/enfr_lexicon/ directly (csv + json), so it needs neither the grammar nor the libraries that
tools/lexicon/build_forms.py uses to build verb_forms.json.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "models" / "tasks" / "grammar" / "enfr_lexicon"

CLASSES = set("hatfdvpkibweml")
TAG_LETTERS = CLASSES | set("rsocgy")
_TOPIC_NAMES = (
    "family school food home town animals jobs body clothes weather time colours feelings nature transport things "
    "people leisure"
)
TOPICS = set(_TOPIC_NAMES.split())
KINDS = {"tr", "ditr", "prep", "intr", "that", "inf"}
PERSONS = ("je", "tu", "il", "nous", "vous", "ils")

COLUMNS = {
    "nouns.tsv": ["en_sg", "en_pl", "fr_sg", "fr_pl", "gender", "tags", "topic"],
    "adjectives.tsv": ["en", "ms", "fs", "mp", "fp", "tags", "position", "before_vowel", "topic"],
    "verbs.tsv": ["kind", "en", "particles", "fr", "fr_prep", "subj", "obj", "obj2", "flags", "topic"],
    "names.tsv": ["name", "gender"],
    "form_exceptions.tsv": ["lang", "lemma", "field", "index", "form"],
}


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        lines = [line.rstrip("\n") for line in f]
    header = lines[0].split("\t")
    assert header == COLUMNS[name], f"{name}: header {header}"
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        assert len(cells) == len(header), f"{name}:{n}: {len(cells)} columns, expected {len(header)}: {line!r}"
        assert all(c and c == c.strip() for c in cells), f"{name}:{n}: empty cell or stray space: {line!r}"
        rows.append(dict(zip(header, cells, strict=True)))
    return tuple(rows)


@cache
def forms() -> dict:
    return json.loads((DATA / "verb_forms.json").read_text("utf-8"))


def nouns():
    return table("nouns.tsv")


def adjectives():
    return table("adjectives.tsv")


def verbs():
    return table("verbs.tsv")


def names():
    return table("names.tsv")


def valid_tags(value: str, allow_star: bool = True, needs_class: bool = False) -> bool:
    """Tag letters, each once. A noun needs a class letter; a verb slot may select by a finer role alone
    ("read" takes r, "fill" takes c, "go to" takes y)."""
    if value == "*":
        return allow_star
    return (
        set(value) <= TAG_LETTERS and len(set(value)) == len(value) and (bool(set(value) & CLASSES) or not needs_class)
    )


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_tables_parse(name):
    assert table(name)


def test_nouns_well_formed():
    for r in nouns():
        assert r["gender"] in ("m", "f"), r
        assert valid_tags(r["tags"], allow_star=False, needs_class=True), r
        assert r["topic"] in TOPICS, r
        assert " " not in r["en_sg"], r  # English nouns are single words
        if r["fr_sg"] == "-":  # French has only a plural: "news" → "les nouvelles", an English mass noun
            assert r["en_pl"] == "-" and r["fr_pl"] != "-", r
            continue
        assert (r["en_pl"] == "-") == (r["fr_pl"] == "-"), f"mass nouns have '-' in both plural columns: {r}"


def test_mass_nouns():
    mass = {r["en_sg"] for r in nouns() if r["en_pl"] == "-"}
    assert {"water", "bread", "rice", "milk", "cheese", "meat", "sugar", "rain", "snow", "money", "music"} <= mass
    assert not mass & {"apple", "book", "car", "day", "friend"}


def test_no_duplicate_english_entries():
    dup = [k for k, n in Counter(r["en_sg"] for r in nouns()).items() if n > 1]
    assert not dup, dup
    dup = [k for k, n in Counter(r["en"] for r in adjectives()).items() if n > 1]
    assert not dup, dup
    dup = [k for k, n in Counter((r["kind"], r["en"], r["particles"]) for r in verbs()).items() if n > 1]
    assert not dup, dup
    dup = [k for k, n in Counter(r["name"] for r in names()).items() if n > 1]
    assert not dup, dup


def test_english_plurals_never_collide_with_singulars():
    singulars = {r["en_sg"] for r in nouns()}
    assert not [r["en_pl"] for r in nouns() if r["en_pl"] in singulars and r["en_pl"] != r["en_sg"]]


def test_adjectives_well_formed():
    for r in adjectives():
        assert valid_tags(r["tags"]), r
        assert r["position"] in ("pre", "post"), r
        assert r["topic"] in TOPICS, r
        if r["before_vowel"] != "-":
            assert r["position"] == "pre", r


def test_adjective_agreement_spot_checks():
    adj = {r["en"]: (r["ms"], r["fs"], r["mp"], r["fp"], r["before_vowel"]) for r in adjectives()}
    assert adj["old"] == ("vieux", "vieille", "vieux", "vieilles", "vieil")
    assert adj["beautiful"] == ("beau", "belle", "beaux", "belles", "bel")
    assert adj["new"] == ("nouveau", "nouvelle", "nouveaux", "nouvelles", "nouvel")
    assert adj["white"][:4] == ("blanc", "blanche", "blancs", "blanches")
    assert adj["brown"][:4] == ("marron",) * 4
    assert adj["orange"][:4] == ("orange",) * 4
    assert adj["happy"][:4] == ("heureux", "heureuse", "heureux", "heureuses")
    assert adj["red"][:4] == ("rouge", "rouge", "rouges", "rouges")


def test_verbs_well_formed():
    for r in verbs():
        kind = r["kind"]
        assert kind in KINDS, r
        assert valid_tags(r["subj"]), r
        assert r["topic"] in TOPICS, r
        assert set(r["flags"]) <= {"w", "o", "-"}, r
        if kind in ("tr", "prep"):
            assert valid_tags(r["obj"]), r
        if kind == "ditr":
            assert valid_tags(r["obj"]) and valid_tags(r["obj2"]), r
        if kind in ("intr", "that", "inf"):
            assert r["obj"] == "-" and r["obj2"] == "-", r
        if kind == "prep":
            assert r["particles"] != "-" and r["fr_prep"] != "-", r
        if kind in ("tr", "ditr", "intr", "that"):
            assert r["fr_prep"] == "-", r
        if kind == "inf":
            assert r["particles"] in ("to", "-") and r["fr_prep"] in ("à", "de", "-"), r
        if kind != "intr":
            assert r["flags"] == "-", r


def test_one_french_verb_per_english_verb_and_particles():
    # The same English verb (with the same particles) keeps one French verb across kinds; "leave" (quitter /
    # partir) and "know" (connaître / savoir) are the grammar's two old, deliberate exceptions.
    french: dict[tuple[str, str], set[str]] = {}
    for r in verbs():
        french.setdefault((r["en"], r["particles"]), set()).add(r["fr"])
    split = sorted(k for k, v in french.items() if len(v) > 1)
    assert split == [("know", "-"), ("leave", "-")]


def test_every_verb_has_forms():
    fr, en = forms()["fr"], forms()["en"]
    for r in verbs():
        assert r["fr"] in fr, r
        assert r["en"] in en, r
    for inf in ("être", "avoir", "aller", "faire", "pouvoir", "vouloir", "devoir", "venir"):
        assert inf in fr
    for base in ("have", "go", "do"):
        assert base in en
    for inf, f in fr.items():
        assert len(f["present"]) == 6 and len(f["future"]) == 6 and len(f["participle"]) == 4, inf
        assert all(f["present"]) and all(f["future"]) and all(f["participle"]), inf
        assert f["aux"] in ("avoir", "être"), inf
    for base, f in en.items():
        assert set(f) == {"third", "past", "participle", "ing"}, base
        assert all(f.values()), base


def test_json_is_canonical():
    text = (DATA / "verb_forms.json").read_text("utf-8")
    assert text == json.dumps(forms(), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


FR_SPOT = [
    ("manger", "present", 3, "mangeons"),
    ("commencer", "present", 3, "commençons"),
    ("acheter", "present", 0, "achète"),
    ("appeler", "present", 0, "appelle"),
    ("jeter", "present", 5, "jettent"),
    ("préférer", "present", 0, "préfère"),
    ("préférer", "present", 3, "préférons"),
    ("payer", "present", 0, "paie"),
    ("nettoyer", "present", 2, "nettoie"),
    ("envoyer", "future", 0, "enverrai"),
    ("aller", "present", 0, "vais"),
    ("aller", "present", 5, "vont"),
    ("aller", "future", 0, "irai"),
    ("faire", "present", 3, "faisons"),
    ("faire", "present", 4, "faites"),
    ("faire", "present", 5, "font"),
    ("faire", "future", 0, "ferai"),
    ("venir", "future", 0, "viendrai"),
    ("voir", "future", 0, "verrai"),
    ("pouvoir", "present", 0, "peux"),
    ("pouvoir", "future", 0, "pourrai"),
    ("vouloir", "present", 0, "veux"),
    ("vouloir", "future", 0, "voudrai"),
    ("devoir", "present", 0, "dois"),
    ("devoir", "future", 0, "devrai"),
    ("savoir", "future", 0, "saurai"),
    ("avoir", "future", 0, "aurai"),
    ("être", "future", 0, "serai"),
    ("être", "present", 3, "sommes"),
    ("boire", "present", 3, "buvons"),
    ("boire", "present", 5, "boivent"),
    ("prendre", "present", 3, "prenons"),
    ("apprendre", "present", 5, "apprennent"),
    ("comprendre", "present", 5, "comprennent"),
    ("dire", "present", 4, "dites"),
    ("courir", "future", 0, "courrai"),
    ("recevoir", "future", 0, "recevrai"),
    ("finir", "present", 3, "finissons"),
    ("choisir", "present", 5, "choisissent"),
    ("protéger", "future", 0, "protégerai"),
    ("avoir besoin", "present", 0, "ai besoin"),
    ("nettoyer", "future", 0, "nettoierai"),
    ("peindre", "present", 3, "peignons"),
]

FR_PARTICIPLES = {
    "prendre": ["pris", "prise", "pris", "prises"],
    "aller": ["allé", "allée", "allés", "allées"],
    "finir": ["fini", "finie", "finis", "finies"],
    "mettre": ["mis", "mise", "mis", "mises"],
    "lire": ["lu", "lue", "lus", "lues"],
    "écrire": ["écrit", "écrite", "écrits", "écrites"],
    "dire": ["dit", "dite", "dits", "dites"],
    "courir": ["couru", "courue", "courus", "courues"],
    "mourir": ["mort", "morte", "morts", "mortes"],
    "naître": ["né", "née", "nés", "nées"],
    "offrir": ["offert", "offerte", "offerts", "offertes"],
    "ouvrir": ["ouvert", "ouverte", "ouverts", "ouvertes"],
    "découvrir": ["découvert", "découverte", "découverts", "découvertes"],
    "peindre": ["peint", "peinte", "peints", "peintes"],
    "conduire": ["conduit", "conduite", "conduits", "conduites"],
    "recevoir": ["reçu", "reçue", "reçus", "reçues"],
    "suivre": ["suivi", "suivie", "suivis", "suivies"],
    "faire": ["fait", "faite", "faits", "faites"],
    "venir": ["venu", "venue", "venus", "venues"],
    "rire": ["ri", "ri", "ri", "ri"],
    "pouvoir": ["pu", "pu", "pu", "pu"],
    "être": ["été", "été", "été", "été"],
}

ETRE = ["aller", "venir", "arriver", "partir", "rester", "tomber", "retourner", "entrer", "sortir", "naître", "mourir"]
AVOIR = ["manger", "passer", "prendre", "être", "avoir", "finir", "dormir"]

EN_SPOT = {
    "eat": ("eats", "ate", "eaten", "eating"),
    "go": ("goes", "went", "gone", "going"),
    "see": ("sees", "saw", "seen", "seeing"),
    "take": ("takes", "took", "taken", "taking"),
    "run": ("runs", "ran", "run", "running"),
    "swim": ("swims", "swam", "swum", "swimming"),
    "write": ("writes", "wrote", "written", "writing"),
    "read": ("reads", "read", "read", "reading"),
    "buy": ("buys", "bought", "bought", "buying"),
    "bring": ("brings", "brought", "brought", "bringing"),
    "catch": ("catches", "caught", "caught", "catching"),
    "teach": ("teaches", "taught", "taught", "teaching"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "sing": ("sings", "sang", "sung", "singing"),
    "drink": ("drinks", "drank", "drunk", "drinking"),
    "begin": ("begins", "began", "begun", "beginning"),
    "forget": ("forgets", "forgot", "forgotten", "forgetting"),
    "drive": ("drives", "drove", "driven", "driving"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "choose": ("chooses", "chose", "chosen", "choosing"),
    "hide": ("hides", "hid", "hidden", "hiding"),
    "bite": ("bites", "bit", "bitten", "biting"),
    "fall": ("falls", "fell", "fallen", "falling"),
    "throw": ("throws", "threw", "thrown", "throwing"),
    "lose": ("loses", "lost", "lost", "losing"),
    "leave": ("leaves", "left", "left", "leaving"),
    "meet": ("meets", "met", "met", "meeting"),
    "sleep": ("sleeps", "slept", "slept", "sleeping"),
    "sell": ("sells", "sold", "sold", "selling"),
    "tell": ("tells", "told", "told", "telling"),
    "build": ("builds", "built", "built", "building"),
    "send": ("sends", "sent", "sent", "sending"),
    "understand": ("understands", "understood", "understood", "understanding"),
    "win": ("wins", "won", "won", "winning"),
    "pay": ("pays", "paid", "paid", "paying"),
    "carry": ("carries", "carried", "carried", "carrying"),
    "stop": ("stops", "stopped", "stopped", "stopping"),
    "have": ("has", "had", "had", "having"),
    "do": ("does", "did", "done", "doing"),
    "can": ("can", "could", "-", "-"),
}


@pytest.mark.parametrize(("inf", "field", "index", "form"), FR_SPOT)
def test_french_spot_checks(inf, field, index, form):
    assert forms()["fr"][inf][field][index] == form


@pytest.mark.parametrize("inf", sorted(FR_PARTICIPLES))
def test_french_participles(inf):
    assert forms()["fr"][inf]["participle"] == FR_PARTICIPLES[inf]


def test_regular_participles_agree_like_adjectives():
    for inf in ("donner", "regarder", "aimer", "vendre", "choisir", "cacher", "tomber"):
        ms, fs, mp, fp = forms()["fr"][inf]["participle"]
        assert fs == ms + "e" and mp == ms + "s" and fp == ms + "es", inf


def test_auxiliaries():
    fr = forms()["fr"]
    assert [inf for inf in ETRE if fr[inf]["aux"] != "être"] == []
    assert [inf for inf in AVOIR if fr[inf]["aux"] != "avoir"] == []


@pytest.mark.parametrize("base", sorted(EN_SPOT))
def test_english_spot_checks(base):
    f = forms()["en"][base]
    assert (f["third"], f["past"], f["participle"], f["ing"]) == EN_SPOT[base]


def test_full_conjugations():
    fr = forms()["fr"]
    assert fr["aller"]["present"] == ["vais", "vas", "va", "allons", "allez", "vont"]
    assert fr["faire"]["present"] == ["fais", "fais", "fait", "faisons", "faites", "font"]
    assert fr["être"]["present"] == ["suis", "es", "est", "sommes", "êtes", "sont"]
    assert fr["avoir"]["present"] == ["ai", "as", "a", "avons", "avez", "ont"]
    assert fr["envoyer"]["future"] == ["enverrai", "enverras", "enverra", "enverrons", "enverrez", "enverront"]


def test_exceptions_apply():
    fr, en = forms()["fr"], forms()["en"]
    for r in table("form_exceptions.tsv"):
        entry = (fr if r["lang"] == "fr" else en)[r["lemma"]]
        if r["lang"] == "en":
            assert entry[r["field"]] == r["form"], r
        elif r["field"] == "aux":
            assert entry["aux"] == r["form"], r
        else:
            assert entry[r["field"]][int(r["index"])] == r["form"], r


def test_mute_h_covers_h_words():
    mute = set((DATA / "mute_h.txt").read_text("utf-8").split())
    assert {"homme", "hommes", "hôpital", "hôtel", "histoire", "heure", "hiver", "huile", "habiter", "habite"} <= mute
    aspirated_path = DATA / "aspirated_h.txt"
    aspirated = set(aspirated_path.read_text("utf-8").split()) if aspirated_path.exists() else set()
    words = set()
    for r in nouns():
        words |= {r["fr_sg"].split()[0], r["fr_pl"].split()[0]}
    for r in adjectives():
        words |= {r[k].split()[0] for k in ("ms", "fs", "mp", "fp")}
    for f in forms()["fr"].values():
        words |= {w.split()[0] for w in f["present"] + f["future"]}
    unclassified = sorted(w for w in words if w.startswith(("h", "H")) and w not in mute | aspirated | {"-"})
    assert not unclassified, unclassified


def test_names():
    assert len(names()) == 30
    assert all(r["gender"] in ("m", "f") for r in names())


def test_size():
    lemmas = (
        {("n", r["en_sg"]) for r in nouns()}
        | {("a", r["en"]) for r in adjectives()}
        | {("v", r["en"]) for r in verbs()}
        | {("p", r["name"]) for r in names()}
    )
    assert len(lemmas) >= 1000
    assert len(nouns()) >= 650
    assert len(adjectives()) >= 140
    assert len(verbs()) >= 220
    assert len({r["en"] for r in verbs()}) >= 180
    kinds = Counter(r["kind"] for r in verbs())
    assert set(kinds) == KINDS
    topics = Counter(r["topic"] for r in nouns())
    for topic in set(_TOPIC_NAMES.split()) - {"nature", "transport", "things", "people", "leisure"}:
        assert topics[topic] >= 1, topic


def test_existing_lexicon_kept():
    noun_en = {r["en_sg"] for r in nouns()}
    assert {"man", "cinema", "butterfly", "cookie", "soup", "policeman"} <= noun_en
    adj_en = {r["en"] for r in adjectives()}
    assert {"small", "long", "strange", "Italian", "brown"} <= adj_en
    verb_keys = {(r["kind"], r["en"], r["particles"]) for r in verbs()}
    assert {("tr", "pay", "for"), ("ditr", "lend", "-"), ("prep", "dance", "with"), ("intr", "live", "-")} <= verb_keys
    assert ("that", "write", "-") in verb_keys
