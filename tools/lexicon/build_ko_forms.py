"""Build models/tasks/grammar/enko_lexicon/forms.tsv: every Korean verb and adjective form the en-ko grammar writes.

Kiwi (kiwipiepy) does the morphology: each lemma of the lexicon ("먹다", "공부하다", "듣다", "꿈을 꾸다") is
analysed into its stem morphemes with their classes (듣/VV-I is a ㄷ-irregular verb), the endings of each form
are appended as morphemes ("었/EP 어요/EF"), and `Kiwi.join` writes the surface form with its contractions and
irregular stems (갔어요, 들어요, 도와요, 불러요, 지어요, 빨간, 사는). The positions `join` returns cut the
surface into tokens at every morpheme boundary that falls between syllables (먹|었|어요, 갔|어요), so the
tokens are Kiwi's morphemes wherever the writing lets them be.

Also checked here, against Kiwi: the particle rule the generator uses at run time (models/tasks/grammar/hangul.py) for
every noun, name, pronoun and counter, and the negated form (안 먹어요, 공부 안 해요, 꿈을 안 꿔요) the
generator builds from each form by inserting 안 at the lemma's `neg` token.

    python3 -m venv /work/lexvenv-ko
    /work/lexvenv-ko/bin/pip install -r tools/lexicon/requirements-ko.txt
    /work/lexvenv-ko/bin/python tools/lexicon/build_ko_forms.py

The output is deterministic, so re-running it on unchanged inputs changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "models" / "tasks" / "grammar" / "enko_lexicon"
sys.path.insert(0, str(ROOT))
from models.tasks.grammar.hangul import attach  # noqa: E402  (stdlib only: the lexicon venv has no app packages)

# Lemmas the grammar writes by itself (models/tasks/grammar/korean.py), with their family: V verb, A adjective.
EXTRA = [
    ("A", "있다"),  # have, there is, is (somewhere)
    ("A", "없다"),  # ... and their negations
    ("V", "모르다"),  # not know (알다)
    ("V", "되다"),  # will be (a doctor, ten years old)
    ("V", "지내다"),  # how are you? 어떻게 지내요?
    ("V", "가지고 있다"),  # have, in relative clauses: 제가 가지고 있는 개
    ("V", "가지다"),  # have, after a modal: 개를 가지고 싶어요
    ("V", "태어나다"),  # was born: 태어났어요
    ("A", "아니다"),  # is not (a doctor)
    ("V", "비가 오다"),
    ("V", "눈이 오다"),
    ("A", "춥다"),
    ("A", "덥다"),
    ("A", "날씨가 좋다"),
]
PREDICATES = ("VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA")
COPULA_SAMPLES = {"V": "의사", "C": "학생"}  # nouns that end in a vowel and in a consonant


def m(*pairs: str) -> list[tuple[str, str]]:
    """m("었/EP", "어요/EF") -> [("었", "EP"), ("어요", "EF")]."""
    return [tuple(p.split("/")) for p in pairs]


TENSED = {
    "and": m("고/EC"),
    "but": m("지만/EC"),
    "gi": m("기/ETN"),
}
# Endings by form name; V: verbs, A: adjectives, X: 있다/없다 and their compounds (있는, 있다고), C: the copula.
COMMON = {
    "pres": m("어요/EF"),
    "past": m("었/EP", "어요/EF"),
    "fut": m("을/ETM", "거/NNB", "예요/EF"),
    "attr.fut": m("을/ETM"),
    "quote.past": m("었/EP", "다/EF", "고/EC"),
    "quote.fut": m("을/ETM", "거/NNB", "이/VCP", "라고/EC"),
    "and.pres": m("고/EC"),
    "and.past": m("었/EP", "고/EC"),
    "and.fut": m("을/ETM", "거/NNB", "이/VCP", "고/EC"),
    "but.pres": m("지만/EC"),
    "but.past": m("었/EP", "지만/EC"),
    "but.fut": m("을/ETM", "거/NNB", "이/VCP", "지만/EC"),
    "gi.pres": m("기/ETN"),
    "gi.past": m("었/EP", "기/ETN"),
    "gi.fut": m("을/ETM", "것/NNB", "이/VCP", "기/ETN"),
    "eul.past": m("었/EP", "을/ETM"),
    "if.pres": m("면/EC"),
    "if.past": m("었/EP", "면/EC"),
    "asap": m("자마자/EC"),
}
VERB_ONLY = {
    "prog": m("고/EC", "있/VX", "어요/EF"),
    "attr.prog": m("고/EC", "있/VX", "는/ETM"),
    "quote.prog": m("고/EC", "있/VX", "다/EF", "고/EC"),
    "and.prog": m("고/EC", "있/VX", "고/EC"),
    "but.prog": m("고/EC", "있/VX", "지만/EC"),
    "gi.prog": m("고/EC", "있/VX", "기/ETN"),
    "eul.prog": m("고/EC", "있/VX", "을/ETM"),
    "if.prog": m("고/EC", "있/VX", "면/EC"),
    "eoya": m("어야/EC"),
    "ryeogo": m("려고/EC"),
    "ji": m("지/EC"),
    "imp": m("세요/EF"),  # open the door: 문을 여세요 (do not open it: the ji form and 마세요, 열지 마세요)
}
BY_CLASS = {
    "V": {"attr.pres": m("는/ETM"), "attr.past": m("은/ETM"), "quote.pres": m("는다/EF", "고/EC")},
    "A": {"attr.pres": m("은/ETM"), "attr.past": m("었/EP", "던/ETM"), "quote.pres": m("다/EF", "고/EC")},
    "X": {"attr.pres": m("는/ETM"), "attr.past": m("었/EP", "던/ETM"), "quote.pres": m("다/EF", "고/EC")},
}
KEYS = sorted({*COMMON, *VERB_ONLY, *BY_CLASS["V"]})


def endings(cls: str, copula: str = "") -> dict[str, list[tuple[str, str]]]:
    """The endings of every form of a lemma of class `cls`. The copula and 아니다 take 라고 for 다고, and
    예요/이에요 in the present: Kiwi writes 의사에요, the standard spelling is 의사예요 (이에요 after a vowel)."""
    out = {**COMMON, **BY_CLASS["A" if cls == "C" else cls]}
    if cls == "V":
        out.update(VERB_ONLY)
    if copula:
        out["quote.pres"] = m("라고/EC")
        out["pres"] = m("예요/EF") if copula == "V" else m("에요/EF")
    return out


def base_tag(tag: str) -> str:
    return tag.split("-")[0]


def analyse(kiwi, lemma: str, family: str):
    """The stem morphemes of `lemma` (without its final 다) whose last predicate fits `family`."""
    fits = ("VV", "XSV", "VX") if family == "V" else ("VA", "XSA", "VX", "VCN")
    readings = []
    for tokens, _ in kiwi.analyze(lemma, top_n=8):
        if len(tokens) < 2 or tokens[-1].form != "다" or base_tag(tokens[-1].tag) not in ("EF", "EC"):
            continue
        # each stem morpheme keeps the lemma's spacing (다치게 하다, 가져다주다); Kiwi spaces the endings
        stem = [(t.form, t.tag, t.start > 0 and lemma[t.start - 1] == " ") for t in tokens[:-1]]
        preds = [t for t in stem if base_tag(t[1]) in PREDICATES]
        if preds:
            readings.append((base_tag(preds[-1][1]) in fits, stem))
    # a reading of the asked family first; else Kiwi's best (졸리다 "be sleepy" is a verb in Korean)
    for _fit, stem in sorted(readings, key=lambda r: not r[0]):
        return stem
    raise SystemExit(f"Kiwi finds no predicate reading of {lemma!r}")


def classify(stem: list[tuple[str, str]]) -> str:
    """V, A or X from the last predicate morpheme: 있/없 (and 재미있, 맛있) are X; an auxiliary 않 takes the
    class of what it negates (먹지 않는다고, 작지 않다고), 싶 is adjectival."""
    preds = [(i, f, base_tag(t)) for i, (f, t, *_) in enumerate(stem) if base_tag(t) in PREDICATES]
    i, form, tag = preds[-1]
    if form.endswith(("있", "없")):
        return "X"
    if tag == "VX" and form == "않" and len(preds) > 1:
        return classify(stem[:i])
    if tag in ("VA", "XSA", "VCP", "VCN") or (tag == "VX" and form == "싶"):
        return "A"
    return "V"


def negation_point(stem: list[tuple[str, str]]) -> int | None:
    """Index of the morpheme 안 goes before: the first predicate after the lemma's last noun, particle or
    adverb (꿈을 안 꿔요, 공부 안 해요, 깨지기 안 쉬워요); None for 하-adjectives (안 행복해요) and plain
    stems, where 안 comes first. A word that starts with the adverb 못 (못생기다, 못되다) is one word, negated
    before it: 안 못생겼어요, not 못 안 생겼어요."""
    if len(stem) > 1 and stem[0][0] == "못" and base_tag(stem[0][1]) == "MAG":
        return None
    start = 0
    for i, (_, tag, *_) in enumerate(stem):
        if base_tag(tag) not in PREDICATES and base_tag(tag) != "EC":
            start = i + 1
    for i in range(start, len(stem)):
        if base_tag(stem[i][1]) in ("VV", "VA", "VX", "XSV"):
            return i if i > 0 else None
    return None


def pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut `text` at spaces and at every morpheme boundary that no morpheme straddles."""
    cuts = {b for s, e in spans for b in (s, e)}
    inside = [(s, e) for s, e in spans if e > s]
    out = []
    start = 0
    for word in text.split(" "):
        end = start + len(word)
        bounds = [start, *sorted(b for b in cuts if start < b < end and not any(s < b < e for s, e in inside)), end]
        out.extend(itertools.pairwise(bounds))
        start = end + 1
    return out


def render(text: str, spans: list[tuple[int, int]], lexical: set[int], skip: int = 0) -> str:
    """The form as stored: "L|tok tok ..." (bound pieces start with "-"), L = how many leading tokens hold lexical
    morphemes, with "*" when the last of them also holds an ending (a contraction: "1*|갔 -어요")."""
    cut = pieces(text, spans)
    words_start = {0} | {i + 1 for i, ch in enumerate(text) if ch == " "}
    tokens, lex, infl = [], [], []
    for s, e in cut:
        morphs = [k for k, (ms, me) in enumerate(spans) if me > ms and ms < e and me > s]
        tokens.append(("" if s in words_start else "-") + text[s:e])
        lex.append(any(k in lexical for k in morphs))
        infl.append(any(k not in lexical for k in morphs))
    tokens, lex, infl = tokens[skip:], lex[skip:], infl[skip:]
    n = sum(lex)
    if lex != [True] * n + [False] * (len(lex) - n):
        raise SystemExit(f"{text!r}: lexical pieces are not a prefix: {tokens} {lex}")
    fused = "*" if n and infl[n - 1] else ""
    return f"{n}{fused}|{' '.join(tokens)}"


def negated(form: str, at: int) -> str:
    """What the generator writes for the negation of a stored form: 안 before token `at`, which becomes a word
    of its own (공부 -해요 -> 공부 안 해요). Mirrors models/tasks/grammar/enko_words.py."""
    tokens = form.split("|", 1)[1].split()
    tokens = [*tokens[:at], "안", tokens[at].removeprefix("-"), *tokens[at + 1 :]]
    return detok(tokens)


def detok(tokens: list[str]) -> str:
    out = ""
    for t in tokens:
        out += t[1:] if t.startswith("-") else (" " if out else "") + t
    return out


def build_lemma(kiwi, family: str, lemma: str) -> dict:
    stem = analyse(kiwi, lemma, family)
    cls = classify(stem)
    # a final 하 (공부하다, 행복하다) belongs with the ending: 공부 ↔ "study", -해요 ↔ its tense and person
    last_is_suffix = base_tag(stem[-1][1]) in ("XSV", "XSA", "VCP", "VCN")
    lexical = set(range(len(stem) - 1 if last_is_suffix else len(stem)))
    point = negation_point(stem)
    row = {"family": family, "lemma": lemma, "class": cls}
    forms = {}
    for key, ending in endings(cls, "C" if lemma == "아니다" else "").items():
        text, spans = kiwi.join(stem + ending, return_positions=True)
        forms[key] = render(text, spans, lexical)
    neg_token = 0
    if point is not None:
        text, spans = kiwi.join(stem + endings(cls)["pres"], return_positions=True)
        cut = pieces(text, spans)
        neg_token = next(k for k, (s, e) in enumerate(cut) if s <= spans[point][0] < e)
    for key, ending in endings(cls).items() if lemma != "아니다" else ():  # 아니다 is never negated
        # Kiwi's own negation, to check the generator's: 안/MAG before the point (XSV 하 becomes the verb 하)
        morphs = list(stem)
        if point is None:
            morphs = [("안", "MAG"), *morphs]
        else:
            f, t, _ = morphs[point]
            morphs[point : point + 1] = [("안", "MAG", True), (f, "VV" if base_tag(t) == "XSV" else t, True)]
        want = kiwi.join(morphs + ending)
        got = negated(forms[key], neg_token)
        # Kiwi's spacing after 안 is a guess of its own (안져요); the letters must agree
        if want.replace(" ", "") != got.replace(" ", ""):
            raise SystemExit(f"negation of {lemma} ({key}): Kiwi writes {want!r}, the generator would write {got!r}")
    row["neg"] = str(neg_token)
    row.update(forms)
    return row


def build_copula(kiwi, kind: str) -> dict:
    noun = COPULA_SAMPLES[kind]
    row = {"family": "C", "lemma": f"이다/{kind}", "class": "C", "neg": "-"}
    for key, ending in endings("C", kind).items():
        text, spans = kiwi.join([(noun, "NNG"), ("이", "VCP"), *ending], return_positions=True)
        form = render(text, spans, {0}, skip=1)
        if not form.startswith("0|-"):
            raise SystemExit(f"copula {key}: {text!r} does not keep the noun {noun!r} whole")
        row[key] = form
    return row


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def lemmas() -> list[tuple[str, str]]:
    """(family, lemma) of every verb and adjective the lexicon and the grammar use."""
    out = set(EXTRA)
    for r in read_tsv("verbs.tsv"):
        out.add(("V", r["ko"]))
        for alt in [] if r["alternative"] == "-" else r["alternative"].split(","):
            out.add(("V", alt.split(":")[1]))
        if r["negation"] != "-":
            out.add(("V", r["negation"].split("|")[1]))
    out |= {("V", r[verb]) for r in read_tsv("nouns.tsv") for verb in ("wear", "play") if r[verb] != "-"}
    for r in read_tsv("adjectives.tsv"):
        for ko, kind in ((r["ko"], r["kind"]), (r["ko_animate"], r["kind_animate"])):
            if kind in ("adj", "past", "verb"):
                out.add(("A" if kind == "adj" else "V", ko))
    return sorted(out)


def check_particles(kiwi) -> int:
    """The run-time particle rule (models/tasks/grammar/hangul.py) against Kiwi's join, for every noun, pronoun and
    counter (names keep their Latin letters in Korean: their particles follow hangul.latin_final)."""
    words = {r["ko"].split()[-1] for r in read_tsv("nouns.tsv")}
    words |= {r["counter"] for r in read_tsv("nouns.tsv") if r["counter"] not in ("-", "*")}
    words |= {"저", "당신", "그", "그녀", "우리", "그들", "그것", "누구", "무엇", "명", "마리", "대", "곳", "개", "살"}
    tags = {"이": "JKS", "을": "JKO", "은": "JX", "과": "JC", "으로": "JKB"}
    checked = 0
    for word in sorted(words):
        for name, tag in tags.items():
            text, spans = kiwi.join(
                [(word, "NP" if word in ("저", "누구") else "NNG"), (name, tag)], return_positions=True
            )
            head, part = attach(word, name)
            if text != head + part or text[spans[1][0] : spans[1][1]] != part:
                raise SystemExit(f"particle {name} after {word}: Kiwi writes {text!r}, the rule gives {head + part!r}")
            checked += 1
    return checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DATA / "forms.tsv")
    args = parser.parse_args()
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    n_particles = check_particles(kiwi)
    rows = [build_copula(kiwi, "V"), build_copula(kiwi, "C")]
    rows += [build_lemma(kiwi, family, lemma) for family, lemma in lemmas()]
    columns = ["family", "lemma", "class", "neg", *KEYS]
    with args.out.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(row.get(c, "-") for c in columns) + "\n")
    print(f"wrote {args.out}: {len(rows)} lemmas x {len(KEYS)} forms; {n_particles} particle forms agree with Kiwi")


if __name__ == "__main__":
    main()
