"""A small reader of Debian's `wordnet-base` (the WordNet 3.0 database files in /usr/share/wordnet): parts of speech,
senses in frequency order, synonyms (the other words of a synset), hypernyms and the lexicographer file of a
sense (noun.person, noun.food …). Standard library only; used by the build tools beside it, never by the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# WordNet's lexicographer files, by number (lexnames(5WN)).
LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body
noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive noun.object
noun.person noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape noun.state
noun.substance noun.time verb.body verb.change verb.cognition verb.communication verb.competition verb.consumption
verb.contact verb.creation verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative
verb.weather adj.ppl""".split()  # noqa: SIM905
# morphy's detachment rules: inflected ending → base ending
_RULES = {
    "n": [
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


@dataclass(frozen=True)
class Synset:
    pos: str
    offset: int
    lexname: str
    words: tuple[str, ...]  # lemmas, "_" for spaces, in WordNet's order
    hypernyms: tuple[tuple[str, int], ...]  # (pos, offset)
    similar: tuple[tuple[str, int], ...]  # adjectives: similar-to satellites and heads


@cache
def _index(pos: str) -> dict[str, tuple[int, ...]]:
    out = {}
    with (WORDNET / f"index.{POS_FILES[pos]}").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split()
            lemma, n_synsets, n_pointers = parts[0], int(parts[2]), int(parts[3])
            offsets = parts[4 + n_pointers + 2 :]
            assert len(offsets) == n_synsets, line
            out[lemma] = tuple(int(o) for o in offsets)
    return out


@cache
def _data(pos: str) -> bytes:
    return (WORDNET / f"data.{POS_FILES[pos]}").read_bytes()


@cache
def _exceptions(pos: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    with (WORDNET / f"{POS_FILES[pos]}.exc").open(encoding="utf-8") as f:
        for line in f:
            inflected, *bases = line.split()
            out[inflected] = tuple(bases)
    return out


@cache
def synset(pos: str, offset: int) -> Synset:
    data = _data(pos)
    end = data.index(b"\n", offset)
    parts = data[offset:end].decode("utf-8").split(" | ")[0].split()
    lexname = LEXNAMES[int(parts[1])]
    n_words = int(parts[3], 16)
    words = tuple(parts[4 + 2 * k].split("(")[0].lower() for k in range(n_words))
    k = 4 + 2 * n_words
    n_pointers = int(parts[k])
    hypernyms, similar = [], []
    for p in range(n_pointers):
        symbol, target, target_pos = parts[k + 1 + 4 * p : k + 4 + 4 * p]
        target_pos = "a" if target_pos == "s" else target_pos
        if symbol in ("@", "@i"):
            hypernyms.append((target_pos, int(target)))
        elif symbol == "&":
            similar.append((target_pos, int(target)))
    return Synset("a" if parts[2] == "s" else parts[2], offset, lexname, words, tuple(hypernyms), tuple(similar))


def base_forms(word: str, pos: str) -> list[str]:
    """morphy: the lemmas `word` may be an inflection of (itself first when it is a lemma)."""
    word = word.lower()
    index = _index(pos)
    out = [word] if word in index else []
    out += [b for b in _exceptions(pos).get(word, ()) if b in index]
    for suffix, ending in _RULES[pos]:
        if word.endswith(suffix) and len(word) > len(suffix):
            base = word[: -len(suffix)] + ending
            if base in index:
                out.append(base)
    return list(dict.fromkeys(out))


def senses(lemma: str, pos: str) -> list[Synset]:
    """The synsets of a lemma, most frequent sense first."""
    return [synset(pos, o) for o in _index(pos).get(lemma.lower().replace(" ", "_"), ())]


def parts_of_speech(word: str) -> list[str]:
    """The parts of speech (n, v, a, r) `word` or its base form has, most senses first."""
    found = {pos: sum(len(senses(b, pos)) for b in base_forms(word, pos)) for pos in POS_FILES}
    return [pos for pos, n in sorted(found.items(), key=lambda kv: -kv[1]) if n]
