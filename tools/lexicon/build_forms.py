"""Build models/tasks/grammar/enfr_lexicon/verb_forms.json from verbs.tsv.

French forms come from verbecc (its verb database only: machine-learned guesses for unknown verbs are turned
off, so a misspelled infinitive fails loudly), English forms from lemminflect; then the hand-checked table
form_exceptions.tsv is applied on top. Run it in its own virtualenv, not the app's:

    python3 -m venv /work/lexvenv
    /work/lexvenv/bin/pip install -r tools/lexicon/requirements-lexicon.txt
    /work/lexvenv/bin/python tools/lexicon/build_forms.py

The output is deterministic (sorted keys), so re-running it on unchanged inputs changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "models" / "tasks" / "grammar" / "enfr_lexicon"

# French verbs the grammar uses by hand, plus the irregular ones the tests spot-check, whether or not
# verbs.tsv lists them.
EXTRA_FR = """
être avoir aller faire pouvoir vouloir devoir venir savoir voir boire prendre apprendre comprendre mettre lire
écrire dire courir mourir naître offrir ouvrir découvrir peindre conduire construire recevoir rire sourire suivre vivre
dormir partir sortir sentir servir finir choisir remplir nourrir plaire manger commencer acheter appeler jeter préférer
payer nettoyer envoyer
""".split()  # noqa: SIM905
# English verbs the grammar uses by hand (be is built by the grammar itself).
EXTRA_EN = ["have", "go", "do"]

# Verbs conjugated with être in compound tenses (passer, like every verb not listed, takes avoir).
ETRE_VERBS = frozenset(
    """
    aller venir arriver partir rester tomber retourner entrer sortir monter descendre rentrer devenir revenir
    naître mourir
    """.split()  # noqa: SIM905
)

PERSONS = ("je", "tu", "il", "nous", "vous", "ils")
PARTICIPLE_SLOTS = (("m", "s"), ("f", "s"), ("m", "p"), ("f", "p"))
FR_FIELDS = {"present": 6, "future": 6, "participle": 4, "aux": 1}
EN_FIELDS = ("third", "past", "participle", "ing")
EN_TAGS = {"third": "VBZ", "past": "VBD", "participle": "VBN", "ing": "VBG"}


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_conjugator():
    """verbecc's French conjugator, with ML prediction off and its log file kept out of the work tree."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # verbecc's logging config opens verbecc.log in the current directory
        try:
            import verbecc.src.defs.types.data.verbs as verbecc_verbs
            from verbecc import CompleteConjugator

            verbecc_verbs.config.ENABLE_ML_PREDICTION = False
            conj = CompleteConjugator(lang="fr")
        finally:
            os.chdir(cwd)
    logging.getLogger("verbecc").setLevel(logging.ERROR)
    for handler in list(logging.getLogger("verbecc").handlers):
        if isinstance(handler, logging.FileHandler):
            logging.getLogger("verbecc").removeHandler(handler)
            handler.close()
    return conj


def _by_person(rows: list[dict]) -> list[str]:
    found = {r["pr"]: r["c"][0] for r in rows if r.get("pr") in PERSONS and r.get("c")}
    missing = [p for p in PERSONS if p not in found]
    if missing:
        raise ValueError(f"missing persons {missing}")
    return [found[p] for p in PERSONS]


def french_forms(conj, infinitive: str) -> dict:
    """Present, future and past participle of one infinitive; a multiword one ("avoir besoin") is conjugated on
    its first word and keeps the rest."""
    head, _, rest = infinitive.partition(" ")
    tail = f" {rest}" if rest else ""
    data = json.loads(str(conj.conjugate(head, conjugate_pronouns=False)))
    moods = data["moods"]
    present = _by_person(moods["indicatif"]["présent"])
    future = _by_person(moods["indicatif"]["futur-simple"])
    parts = {(r["g"], r["n"]): r["c"][0] for r in moods["participe"]["participe-passé"] if r.get("c")}
    # Invariable participles (été, and pu, dû-like entries the library gives in one form) repeat it.
    participle = [parts.get(slot) or parts[("m", "s")] for slot in PARTICIPLE_SLOTS]
    compound = moods["indicatif"]["passé-composé"][0]["c"][0]
    library_aux = "être" if compound.split()[0] in ("suis", "sui") else "avoir"
    aux = "être" if head in ETRE_VERBS else "avoir"
    if library_aux != aux:
        print(f"note: {head}: verbecc uses {library_aux}, the ETRE_VERBS list says {aux} (list wins)", file=sys.stderr)
    return {
        "present": [f + tail for f in present],
        "future": [f + tail for f in future],
        "participle": [f + tail for f in participle],
        "aux": aux,
    }


def english_forms(base: str) -> dict:
    from lemminflect import getInflection

    out = {}
    for field, tag in EN_TAGS.items():
        forms = getInflection(base, tag=tag)
        out[field] = forms[0] if forms else ""
    return out


def apply_exceptions(result: dict, rows: list[dict[str, str]]) -> None:
    for r in rows:
        lang, lemma, field, index, form = r["lang"], r["lemma"], r["field"], r["index"], r["form"]
        if lang not in result or lemma not in result[lang]:
            raise SystemExit(f"form_exceptions.tsv: no {lang} verb {lemma!r} in the output")
        entry = result[lang][lemma]
        if lang == "fr":
            if field not in FR_FIELDS:
                raise SystemExit(f"form_exceptions.tsv: bad French field {field!r}")
            if field == "aux":
                entry["aux"] = form
            else:
                entry[field][int(index)] = form
        else:
            if field not in EN_FIELDS or index != "-":
                raise SystemExit(f"form_exceptions.tsv: bad English field {field!r} / index {index!r}")
            entry[field] = form


def check(result: dict) -> None:
    for inf, forms in result["fr"].items():
        for field, n in FR_FIELDS.items():
            value = forms[field]
            if field == "aux":
                if value not in ("avoir", "être"):
                    raise SystemExit(f"{inf}: bad aux {value!r}")
            elif len(value) != n or not all(value):
                raise SystemExit(f"{inf}: bad {field} {value!r}")
    for base, forms in result["en"].items():
        for field in EN_FIELDS:
            if not forms[field]:  # "-" marks a form that does not exist (the modals can and must)
                raise SystemExit(f"{base}: no English {field}")


def build() -> dict:
    verbs = read_tsv(DATA / "verbs.tsv")
    fr_lemmas = sorted({v["fr"] for v in verbs} | set(EXTRA_FR))
    en_lemmas = sorted({v["en"] for v in verbs} | set(EXTRA_EN))
    conj = load_conjugator()
    result: dict = {"fr": {}, "en": {}}
    for inf in fr_lemmas:
        try:
            result["fr"][inf] = french_forms(conj, inf)
        except Exception as e:
            raise SystemExit(f"cannot conjugate {inf!r}: {type(e).__name__}: {e}") from e
    for base in en_lemmas:
        result["en"][base] = english_forms(base)
    apply_exceptions(result, read_tsv(DATA / "form_exceptions.tsv"))
    check(result)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DATA / "verb_forms.json")
    args = parser.parse_args()
    result = build()
    text = json.dumps(result, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(result['fr'])} French and {len(result['en'])} English verbs")


if __name__ == "__main__":
    main()
