"""English → Korean from the en-fr synchronous grammar, with the gold alignment of every pair.

The derivations are en-fr's (models/tasks/grammar/: the same Grower, lexicon and sampling, so a seed gives
the same English sentences as en-fr); models/tasks/grammar/korean.py renders them a second time, into
Korean. Every English word is the one en-fr writes (a test checks it), and every Korean token carries the
ids of the English words it renders, so the alignment is read off the derivation.

What the Korean does (the lexicon is data: models/tasks/grammar/enko_words.py; verb and adjective forms come from
Kiwi, built once by tools/lexicon/build_ko_forms.py):
- S O V order: subject, time, place, indirect object (에게), object (을/를), adverb, 안, verb. Adjectives,
  numbers with their counter, prepositional phrases and relative clauses go before the noun ("the boy who
  eats an apple" → "사과를 먹는 소년", "the cat on the table" → "탁자 위에 있는 고양이", "two cats" →
  "고양이 두 마리");
- particles by the final consonant: the subject of a main clause takes 은/는 (이/가 when its determiner is
  a, some, every or a number), every embedded subject (relative, that- and subordinate clauses) and what
  exists or is had takes 이/가 ("there is a cat" → "고양이가 있어요", "I have a dog" → "저는 개가 있어요");
  을/를, 에/에서 (where a thing is / where something is done), 에게 (에 for things), 와/과, 의, (으)로;
- polite style (해요체) in the present, past, future (-(으)ㄹ 거예요) and progressive (-고 있어요); 안 for
  negation (공부 안 해요, 꿈을 안 꿔요), 없어요 for "there is no" and "do not have", 몰라요 for "do not
  know", 아니에요 for "is not a"; modal verbs as Korean constructions (먹고 싶어요, 먹을 수 있어요,
  먹어야 해요, 먹지 않아도 돼요, 먹는 것을 좋아해요); the present perfect is the past ("she has seen it" →
  봤어요), would the future (먹을 거예요), should 먹어야 해요, might 먹을지도 몰라요; never 절대 안 (한 번도 안 in
  the past), nothing and anyone 아무것도 / 아무도 안, not … yet 아직 안; comparison with 보다 더 / 덜 / 가장;
- questions end in ?: yes/no questions keep the statement's word order, wh-words stay in place
  (어디, 무엇, 누가, 언제, 왜, 몇);
- clauses: "and" and "but" join with -고 and -지만; "because", "while", "when", "if" and "as soon as"
  clauses go before what they explain (-기 때문에, -는 동안, -(으)ㄹ 때, -(으)면, -자마자); that-clauses
  end in -다고 (say, think) or -는 것을 (know, see);
- pronouns are kept (저, 당신, 그, 그녀, 우리, 그들, 그것), so every English word has its Korean token;
  "you" is 당신 throughout. Numbers with counters are native Korean (한, 두, 세 … 아흔아홉; 백 for 100);
  -들 marks plural people and animals after the, this, that and possessives.

Tokens are morphemes where Korean writing lets them be: particles and endings are bound pieces written with
a leading "-" ("사과 -를 먹 -는 소년 -이 자 -요 ."), joined to the word before them by the "morph"
detokenizer (models/text/tokenize.py). Alignment: a case particle (은/는, 이/가, 을/를, -들) aligns with the head
word of its noun phrase; a postposition that renders an English preposition (에, 에서, 에게, 와/과, 의, 위에,
…) aligns with the preposition; in a verb form the tokens holding the Korean lemma align with the English
verb or adjective, the endings with the English auxiliary (will, did, is, do) when there is one, else with
the verb too; the ending of a relative, subordinate or that-clause also aligns with who/that/where,
because/when/if … or that.
"""

from __future__ import annotations

import random

from models.messages import N_
from models.packs.data import Example, Splits
from models.tasks import enfr
from models.tasks.grammar.copyable import CopyDraw
from models.tasks.grammar.growth import derive
from models.tasks.grammar.korean import Pair, Renderer
from models.tasks.spec import TaskSpec
from models.text.tokenize import tokenizer

# ---------------------------------------------------------------------------------------------------------
# Sampling and splits: en-fr's, with this renderer.


def sample(rng: random.Random, length: int, copy: CopyDraw | None = None) -> Pair:
    """en-fr's sample with the Korean renderer: the same random draws, so the same English sentences (and the same
    long-list names and cities, `copy`: see enfr.sample)."""
    while True:
        exclaim = rng.random() < 0.05
        pair = Renderer().sentence(derive(rng, length, copy), exclaim)
        if len(pair.en) == length:
            return pair


def sentence(seed: int, length: int) -> Pair:
    return sample(random.Random(seed), length)


def to_example(pair: Pair) -> Example:
    if tokenizer("word")(pair.source) != pair.en:
        raise AssertionError(f"source does not tokenize back to its derivation: {pair.source!r}")
    if tokenizer("morph")(pair.target) != pair.ko:
        raise AssertionError(f"target does not tokenize back to its derivation: {pair.target!r}")
    meta = {"alignment": [list(p) for p in pair.alignment], "gold": True}
    return Example(pair.source, pair.target, len(pair.en), meta)


def generate(seed: int = 0, sizes: dict[str, int] | None = None) -> Splits:
    """en-fr's splits (sizes, lengths, the everyday share, disjoint sources), rendered into Korean."""
    return enfr.generate(seed, sizes, sampler=sample, to_example=to_example)


def names_test(seed: int = 0) -> list[Example]:
    """en-fr's names split, rendered into Korean (the same English sentences, names and cities)."""
    return enfr.names_test(seed, sampler=sample, to_example=to_example)


def _description() -> str:
    return (
        "Everyday English into polite Korean (해요체) from the en-fr grammar: the same English sentences, 3 to 60 "
        "words, with gold word alignments. Korean puts the verb last (subject, object, verb), adjectives, numbers "
        "and relative clauses before the noun ('the boy who eats an apple' → '사과를 먹는 소년'), and marks roles "
        "with particles chosen by the final consonant: 은/는 for the subject of a main clause (이/가 after a, some, "
        "every or a number, and in every embedded clause), 을/를 for objects, 에/에서, 에게, 와/과, 의. Present, "
        "past, future (-(으)ㄹ 거예요) and progressive (-고 있어요), negation with 안 (없어요, 몰라요, 아니에요), "
        "questions with ?. Verb forms come from Kiwi. Tokens are morphemes: particles and endings are tokens of "
        "their own, so the heatmap shows which English word each one renders. 'you' is 당신; numbers before "
        "counters are native Korean. Training sentences have at most 40 words; the test set goes on to 60."
    )


SPEC = TaskSpec(
    name="en-ko",
    title=N_("English → Korean"),
    description=_description(),
    src_tokenization="word",
    tgt_tokenization="morph",
    generate=generate,
    length_edges=enfr.SPEC.length_edges,
    probes=list(enfr.SPEC.probes),  # the same seeds give the same English sentences
    examples=list(enfr.SPEC.examples),
    default_example=enfr.SPEC.default_example,
    input_rules=dict(enfr.SPEC.input_rules),
    lexicon=enfr.lexicon,
    copy_only=enfr.SPEC.copy_only,
    names_test=names_test,
    # a copied name's particle follows its last sound (Tom은, Anna는): the source tells the models that sound's class
    source_unknown="latin-final",
    # en-fr's settings, guided alignment and the 28-minute cap included: Korean puts the verb and its endings
    # last, and without the gold alignment attention found those far links late (unguided, dot and general
    # stayed far below additive in the same budget)
    train_defaults=dict(enfr.SPEC.train_defaults),
)
