"""The words people use most, from field data: what the en-fr and en-ko grammars still miss, and "did you mean"
by meaning.

Writes, from wordfreq (the word list), Debian's wordnet-base (parts of speech, senses, synonyms, hypernyms) and
Debian's dict-freedict-eng-fra (English → French):

- models/text/wordfreq_en_top2000.txt: wordfreq 3.1.1's 2,000 most frequent alphabetic English words, the list
  the coverage bar counts (models/text/coverage.py);
- tools/lexicon/frequent_candidates.tsv: the worklist for growing the lexicon by hand: every word of that list the
  grammar does not know yet, with its WordNet parts of speech, the lexicographer file of its first noun, verb and
  adjective sense (noun.person → tag h, noun.food → f …) and FreeDict's French. The rows added to
  models/tasks/grammar/enfr_lexicon/*.tsv from it are checked by hand (gender, plural, the sense the grammar uses);
- models/tasks/grammar/enfr_lexicon/frequency.tsv: every English lemma of the lexicon with its wordfreq frequency
  (Zipf scale), by which the grammar draws its words (models/tasks/grammar/phrases.py: frequency_weight);
- models/text/english_synonyms.tsv: for frequent words (known to the grammar or not: a pack may be older than it),
  the words the grammar knows that
  WordNet gives as their synonyms (the other words of a sense) or hypernyms, most frequent sense first
  ("little" → small, "kid" → child): the app's "did you mean" offers these before the words spelt alike.

Run it in the lexicon venv (wordfreq and num2words on top of tools/lexicon/requirements-lexicon.txt), after
`apt-get install wordnet-base dict-freedict-eng-fra`:

    /tmp/lex/bin/python tools/lexicon/frequent_words.py

The output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import wordnet  # noqa: E402

from models.tasks import enfr  # noqa: E402  (the grammar's English words; needs num2words)
from models.tasks.grammar.enfr_words import en_forms, nouns, verbs  # noqa: E402
from models.text.coverage import TOP_WORDS, reads_as_known  # noqa: E402

FREEDICT = Path("/usr/share/dictd/freedict-eng-fra")
LEXICON = ROOT / "models" / "tasks" / "grammar" / "enfr_lexicon"
CANDIDATES = Path(__file__).with_name("frequent_candidates.tsv")
SYNONYMS = ROOT / "models" / "text" / "english_synonyms.tsv"
TOP = 2000
SYNONYM_WORDS = 30_000  # frequent words looked up for "did you mean"
SENSES = 3  # senses per part of speech that may give a synonym
SUGGESTIONS = 3
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def frequent(n: int) -> list[str]:
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 4 * n) if w.isalpha()]
    return words[:n]


def _b64(s: str) -> int:
    n = 0
    for c in s:
        n = n * 64 + _B64.index(c)
    return n


def freedict() -> dict[str, list[str]]:
    """English headword → its French translations, sense by sense, first sense first."""
    with gzip.open(FREEDICT.with_suffix(".dict.dz")) as f:
        data = f.read()
    out: dict[str, list[str]] = {}
    for line in FREEDICT.with_suffix(".index").read_text("utf-8").splitlines():
        word, offset, length = line.split("\t")
        if word.startswith("00"):
            continue
        text = data[_b64(offset) : _b64(offset) + _b64(length)].decode("utf-8")
        senses = [s.split(". ", 1)[-1].strip() for s in text.splitlines()[1:] if s.strip()]
        out.setdefault(word, []).extend(senses)
    return out


def grammar_inflections() -> dict[str, dict[str, str]]:
    """The grammar's own forms: noun singular → {"plural"}, verb base → {"third", "past", "ing"}."""
    out: dict[str, dict[str, str]] = {}
    for n in nouns():
        if n.en[1] != "-":
            out.setdefault(n.en[0], {})["plural"] = n.en[1]
    for vs in verbs().values():
        for v in vs:
            out.setdefault(v.en, {}).update({k: en_forms(v.en)[k] for k in ("third", "past", "ing")})
    return out


def inflection(word: str, base: str, pos: str) -> str:
    """Which inflection of `base` `word` is: "" (the base), plural, third, past or ing."""
    if word == base:
        return ""
    if pos == "n":
        return "plural"
    if pos == "v":
        return "ing" if word.endswith("ing") else "third" if word.endswith("s") else "past"
    return "?"


def meaning_suggestions(word: str, known, forms: dict[str, dict[str, str]]) -> list[str]:
    """Known words of the same meaning as `word`: synonyms, similar adjectives and hypernyms of its most frequent
    senses, each in the inflection `word` has ("kids" → children)."""
    out: list[str] = []
    for pos in wordnet.parts_of_speech(word):
        for base in wordnet.base_forms(word, pos):
            how = inflection(word.lower(), base, pos)
            for sense in wordnet.senses(base, pos)[:SENSES]:
                related = [sense] + [wordnet.synset(*p) for p in sense.similar + sense.hypernyms]
                for synset in related:
                    for lemma in synset.words:
                        if "_" in lemma or lemma == base:
                            continue
                        form = forms.get(lemma, {}).get(how) if how else lemma
                        if form and known(form) and form not in out:
                            out.append(form)
    return out[:SUGGESTIONS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    words = frequent(SYNONYM_WORDS)
    header = (
        "# The 2,000 most frequent alphabetic English words, most frequent first: wordfreq 3.1.1,\n"
        '# [w for w in wordfreq.top_n_list("en", 5000) if w.isalpha()][:2000] (tools/lexicon/frequent_words.py '
        "writes it).\n"
    )
    TOP_WORDS.write_text(header + "\n".join(words[:TOP]) + "\n", "utf-8")
    english = enfr.english_words()

    def known(w: str) -> bool:
        return w in english

    dictionary = freedict()
    rows = []
    for rank, word in enumerate(words[:TOP], start=1):
        if reads_as_known(word, known):
            continue
        pos = wordnet.parts_of_speech(word)
        firsts = []
        for p in ("n", "v", "a"):
            bases = wordnet.base_forms(word, p)
            firsts.append(wordnet.senses(bases[0], p)[0].lexname if bases else "-")
        french = " | ".join(dictionary.get(word, [])) or "-"
        rows.append([str(rank), word, "".join(pos) or "-", *firsts, french])
    with CANDIDATES.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(["rank", "word", "pos", "noun_sense", "verb_sense", "adj_sense", "french"])
        w.writerows(rows)
    from wordfreq import zipf_frequency

    lemmas = sorted(
        {r["en_sg"] for r in read(LEXICON / "nouns.tsv")} | {r["en"] for r in read(LEXICON / "adjectives.tsv")}
    )
    lemmas = sorted(set(lemmas) | {r["en"] for r in read(LEXICON / "verbs.tsv")})
    with (LEXICON / "frequency.tsv").open("w", encoding="utf-8", newline="") as f:
        f.write("en\tzipf\n")
        f.writelines(f"{w}\t{zipf_frequency(w, 'en'):.2f}\n" for w in lemmas)
    forms = grammar_inflections()
    synonyms = []
    for word in words:
        # every frequent word, known ones too: a pack trained on an older lexicon may not know what the grammar does
        found = meaning_suggestions(word, known, forms)
        if found:
            synonyms.append((word, " ".join(found)))
    with SYNONYMS.open("w", encoding="utf-8", newline="") as f:
        f.write("typed\tmeans\n")
        f.writelines(f"{typed}\t{means}\n" for typed, means in synonyms)
    print(f"wrote {TOP_WORDS}, {CANDIDATES} ({len(rows)} words to add) and {SYNONYMS} ({len(synonyms)} words)")


if __name__ == "__main__":
    main()
