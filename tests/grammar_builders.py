"""Pieces of a derivation picked from the lexicon by their English words, for tests that render one clause by hand
(test_grammar_gaps.py, test_function_words.py)."""

from models.tasks.grammar import enfr_words, english, trees


def verb(kind: str, base: str, particles: tuple[str, ...] = ()) -> enfr_words.Verb:
    return next(v for v in english.LEXICON_VERBS[kind] if v.en == base and v.particles == particles)


def np(en: str, det: str = "the", plural: bool = False) -> trees.NP:
    noun = next(n for n in english.LEXICON_NOUNS if n.en[0] == en)
    return trees.NP(enfr_words.ALL, noun=noun, det=det, plural=plural)


def pron(en: str) -> trees.NP:
    p = next(p for p in enfr_words.PRONOUNS if en in (p.en, p.en_obj))
    return trees.NP("h", pron=p, plural=p.plural)
