"""Build models/tasks/grammar/enfr_lexicon/adjective_forms.tsv: the English comparative and superlative in -er / -est
of the grammar's short adjectives a class compares (*taller*, *bigger*, *the happiest*).

English compares a short adjective with -er (*bigger than*), a long one with *more* (*more expensive than*; the grammar
decides by `english.compared_with_more`), and *good* as *better*. Which short adjectives take it is a choice kept
here, COMPARED (not *red*, *open* or *north*); their spelling comes from lemminflect (doubled consonants: *bigger*,
*thinner*; y to i: *happier*, *easier*), checked against the rules below. Run it in the lexicon tools' virtualenv:

    python3 -m venv /work/lexvenv
    /work/lexvenv/bin/pip install -r tools/lexicon/requirements-lexicon.txt
    /work/lexvenv/bin/python tools/lexicon/build_adjective_forms.py

The output is sorted, so re-running it on unchanged inputs changes nothing.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from lemminflect import getInflection

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "models" / "tasks" / "grammar" / "enfr_lexicon"

# The grammar's adjectives (adjectives.tsv) English compares with -er that a class compares: size, age, feelings,
# the weather, how things feel. Not colours, directions, or adjectives of a yes or no (open, lost, true).
COMPARED = """
small big large young old pretty new long happy sad hungry angry kind clever strong rich poor lazy brave quiet heavy
clean dirty cold hot wet dry fast slow short wide narrow deep thick thin soft hard dark bright sweet fresh thirsty
calm busy funny friendly smart weak noisy easy simple ugly high low safe cool healthy lucky warm quick tiny fat
sleepy shy proud wise strict cute tall
""".split()  # noqa: SIM905


def forms(adjective: str) -> tuple[str, str]:
    """(comparative, superlative): lemminflect's first spelling, which must be the adjective plus -er / -est, after
    a silent e, a y turned i, or a doubled last consonant."""
    er, est = getInflection(adjective, "JJR")[0], getInflection(adjective, "JJS")[0]
    stem = adjective[:-1] + "i" if adjective.endswith("y") else adjective
    stems = {adjective, stem, adjective[:-1] if adjective.endswith("e") else stem, adjective + adjective[-1]}
    if not any(er == s + "er" and est == s + "est" for s in stems):
        raise ValueError(f"{adjective}: lemminflect gives {er}, {est}, not a regular -er, -est")
    return er, est


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DATA / "adjective_forms.tsv")
    args = parser.parse_args(argv)
    with (DATA / "adjectives.tsv").open(encoding="utf-8", newline="") as f:
        known = {row["en"] for row in csv.DictReader(f, delimiter="\t")}
    missing = sorted(set(COMPARED) - known)
    if missing:
        raise SystemExit(f"not adjectives of the grammar (adjectives.tsv): {', '.join(missing)}")
    rows = sorted((a, *forms(a)) for a in set(COMPARED))
    with args.out.open("w", encoding="utf-8", newline="") as f:
        f.write("en\tcomparative\tsuperlative\n")
        f.writelines("\t".join(row) + "\n" for row in rows)
    print(f"wrote {args.out}: {len(rows)} adjectives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
