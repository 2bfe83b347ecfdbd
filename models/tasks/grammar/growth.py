"""Growing a derivation to an exact English length: a minimal clause (phrases.py), then expansions, one at a
time, until the English side has the requested number of tokens: adjectives, prepositional phrases,
relative clauses, coordination, negation, adverbs, time words, more clauses.
"""

from __future__ import annotations

import random

from models.tasks.grammar.enfr_words import (
    ATTRIBUTIVE_ONLY,
    AVOIR_IDIOMS,
    EVERYONE,
    EVERYTHING,
    NEGATED_INDEFINITE,
    NOTHING,
    PRONOUNS,
    SOMEONE,
    SOMETHING,
)
from models.tasks.grammar.english import (
    BORN,
    COMPARISONS,
    CONJUNCTIONS,
    CONTAINERS,
    DEGREES,
    FREQUENCY,
    FREQUENCY_TENSES,
    GREETINGS,
    IMPERATIVE_OPENERS,
    LEXICON_NAMES,
    LEXICON_NOUNS,
    LEXICON_VERBS,
    MANNER,
    NOT_GRADABLE,
    OPENERS,
    PAST_MODALS,
    POSSESSIVES,
    QUESTION_OPENERS,
    STATIVE,
    TENSES,
    TIME_ATOMS,
    TITLES,
    WOULD_LIKE,
    compared_with_er,
    compared_with_more,
    fit_tense,
)
from models.tasks.grammar.phrases import (
    PhraseBuilder,
    adjectives_for,
    by_budget,
    cumulative,
    narrow,
    nouns_for,
    pick,
    predicates_for,
)
from models.tasks.grammar.trees import NP, VP, Clause, Rel, avoir_idiom, fits

MIN_LEN = 3  # tokens, the final "." or "?" included
_CONJ_TABLE = cumulative(CONJUNCTIONS)
CAN = next(v for v in LEXICON_VERBS["inf"] if v.en == "can")
# Nouns a name can follow: "my friend Paul" → "mon ami Paul" (제 친구 Paul), of the name's gender.
APPOSITION_NOUNS = {"friend", "brother", "sister", "teacher", "cousin", "neighbor", "uncle", "aunt", "son"}
APPOSITION_NOUNS |= {"daughter", "husband", "wife", "boss", "classmate"}
_APPOSITION = [n for n in LEXICON_NOUNS if n.en[0] in APPOSITION_NOUNS]
_APPOSITION_DETS = ("my", "my", "my", "his", "her", "your", "our", "their")
# Means of travel that take "to" + a city: "the train to Lyon" → "le train pour Lyon" (Lyon으로 가는 기차).
TRAVEL_NOUNS = {"train", "bus", "plane", "flight", "ticket", "boat"}
_TRAVEL = [n for n in LEXICON_NOUNS if n.en[0] in TRAVEL_NOUNS]
EVER = ("ever", "déjà")


class Grower(PhraseBuilder):
    """Builds one derivation: a minimal clause, then expansions until the English side has `length` tokens."""

    def __init__(self, rng: random.Random, copy=None):
        super().__init__(rng, copy)
        self.parts: list[tuple[tuple, Clause]] = []

    # -- expansions: each returns the number of English tokens it added (0 when it does not apply) ----

    def add_pre_adjective(self, budget: int) -> int:
        return self._add_adjective(pre=True)

    def add_post_adjective(self, budget: int) -> int:
        return self._add_adjective(pre=False)

    def _add_adjective(self, pre: bool) -> int:
        if not self.nps:
            return 0
        np = self.rng.choice(self.nps)
        if np.noun is None or (np.pre if pre else np.post) is not None or np.such or np.content:
            return 0
        adjs = adjectives_for(np.noun.tags, pre)
        if np.det == "a":  # English says "another", a determiner of its own (english.py), not "an other"
            adjs = [a for a in adjs if a.en != "other"]
        if not adjs:
            return 0
        if pre:
            np.pre = self.rng.choice(adjs)
        else:
            np.post = self.rng.choice(adjs)
        return 1

    def _says_what_it_is(self, np) -> bool:
        """Is `np` the subject of "is a doctor", "is a good friend"? Its gender and number chose that noun."""
        return any(vp.subj is np and (vp.pred or vp.pred_np) for vp in self.vps)

    def name_to_noun(self, budget: int) -> int:
        if not self.nps:
            return 0
        np = self.rng.choice(self.nps)
        if np.name is None or np.name.text == "who" or self._says_what_it_is(np):
            return 0
        before = np.en_len()
        self.set_common(np, self.rng.choice(nouns_for(np.tags)))
        added = np.en_len() - before
        if added < 1 or added > budget:
            np.det, np.num, np.plural = "the", 0, False
            return 1
        return added

    def add_pp(self, budget: int) -> int:
        if not self.nps:
            return 0
        np = self.rng.choice(self.nps)
        # A noun takes a PP or a relative clause, not both: in "the friend of the woman who is happy"
        # the clause could then belong to either noun, and French agreement would have to guess.
        if np.noun is None or np.pp or np.rel or np.appos or (np.det == "" and np.plural and np.governor is None):
            return 0
        pp = self.new_pp(budget, after_verb=False, head=np.noun.tags)
        if pp is None or (pp.prep.en == "of" and np.det in POSSESSIVES):  # not "his milk of Victor"
            return 0
        np.pp = pp
        return pp.en_len()

    def add_relative(self, budget: int) -> int:
        rng = self.rng
        if not self.nps:
            return 0
        np = rng.choice(self.nps)
        # not after "the news": French "les nouvelles qui sont", English "the news that is"
        if np.noun is None or np.pp or np.rel or np.appos or budget < 2 or np.noun.fr_plural or np.content:
            return 0
        tags = np.noun.tags
        kinds = ["subj"] + ["obj"] * (budget >= 3) + ["where"] * (budget >= 3 and "p" in tags)
        kind = rng.choice(kinds)
        human = "h" in tags
        if kind == "subj":
            vp = self.new_vp(np, budget - 1)
            if vp is None:
                return 0
            rel = Rel("subj", rng.choice(("who", "that")) if human else rng.choice(("that", "which")), vp=vp)
        else:
            clause = self.new_clause(
                budget - 1,
                gap_tags=tags if kind == "obj" else "",
                gap=np if kind == "obj" else None,
                where=kind == "where",
            )
            if clause is None:
                return 0
            word = "where" if kind == "where" else ("that" if human else rng.choice(("that", "which")))
            rel = Rel(kind, word, clause=clause)
        np.rel = rel
        return rel.en_len()

    def _change_vp(self, budget: int, change) -> int:
        """Apply `change(vp)` to a random VP; keep it if it added 1..budget words. `change` returns an undo
        function, or None when it does not apply."""
        vp = self.rng.choice(self.vps)
        before = vp.en_len()
        undo = change(vp)
        if undo is None:
            return 0
        added = vp.en_len() - before
        if 0 < added <= budget:
            return added
        undo()
        return 0

    def add_location(self, budget: int) -> int:
        vp = self.rng.choice(self.vps)
        if vp.loc or vp.no_loc or vp.kind not in ("intr", "tr", "exist") or (vp.question and vp.kind == "intr"):
            return 0
        pp = self.new_pp(budget, after_verb=True)
        if pp is None:
            return 0
        vp.loc = pp
        return pp.en_len()

    def add_negation(self, budget: int) -> int:
        def change(vp: VP):
            if vp.neg or vp.question or vp.kind in ("that", "exist") or vp.freq or (vp.obj and vp.obj.conj):
                return None
            if vp.lets:  # not "let us not go": said another way (do not let us go) in English
                return None
            if (vp.very and vp.degree != "very") or (vp.manner and vp.manner[0] == "too"):
                return None
            obj = vp.obj
            if obj is not None and (
                obj.pron in (NOTHING, EVERYONE, EVERYTHING) or obj.other
            ):  # not "do not see nothing"
                return None
            vp.neg = True
            if obj is not None and obj.pron in NEGATED_INDEFINITE:  # "I do not see anyone"
                old = obj.pron
                obj.pron = NEGATED_INDEFINITE[old]

                def undo():
                    vp.neg, obj.pron = False, old

                return undo
            return lambda: setattr(vp, "neg", False)

        return self._change_vp(budget, change)

    def add_frequency(self, budget: int) -> int:
        def change(vp: VP):
            if vp.freq or vp.neg or vp.kind in ("exist", "weather", "age") or vp.imperative:
                return None
            if vp.question:  # "have you ever seen it?"
                if not vp.yes_no or vp.tense != "perf" or vp.time:
                    return None
                vp.freq = EVER
                return lambda: setattr(vp, "freq", None)
            no_adverb = vp.modal is not None and (not vp.modal.particles or vp.modal is WOULD_LIKE)  # can, would
            if no_adverb or (vp.time and vp.time[0][0] == "every"):
                return None
            options = [f for f in FREQUENCY if vp.tense in FREQUENCY_TENSES.get(f[0], ("pres",)) and f[0] != "ever"]
            indefinite = vp.obj is not None and vp.obj.pron is not None and not vp.obj.pron.clitic
            if (vp.very and vp.degree != "very") or (vp.obj and vp.obj.conj) or indefinite:  # not "never so tired"
                options = [f for f in options if f[0] != "never"]
            if vp.manner and vp.manner[0] == "too":
                options = [f for f in options if f[0] not in ("also", "never")]
            if vp.time:  # "I have already eaten so far" says it twice
                options = [f for f in options if f[0] in ("also", "really", "probably", "actually", "perhaps")]
            if not options:
                return None
            vp.freq = self.rng.choice(options)
            return lambda: setattr(vp, "freq", None)

        return self._change_vp(budget, change)

    def add_manner(self, budget: int) -> int:
        def change(vp: VP):
            if vp.manner or vp.kind != "intr" or vp.modal or vp.loc or vp.comp or vp.emphatic or vp.verb is BORN:
                return None
            if vp.lets:  # its Korean says 같이 already: not "let us play together"
                return None
            # "also … too" says it twice, "never … too" is "not … either" (ne … pas non plus)
            options = [
                m for m in MANNER if not ((vp.freq or vp.neg) and m[0] == "too") and (vp.neg or m[0] != "either")
            ]
            vp.manner = self.rng.choice(options)
            return lambda: setattr(vp, "manner", None)

        return self._change_vp(budget, change)

    def add_time(self, budget: int) -> int:
        """A time word at the end of a clause (the clause's tense follows it: "yesterday" → past)."""

        def change(vp: VP):
            if vp.time or (vp.kind == "age" and vp.question) or (vp.no_loc and vp.kind == "cop") or vp.freq == EVER:
                return None  # "where is the station?", "what is your name?" take no time word
            if vp.imperative:  # "open the door": no time word (the clause's tense would follow it)
                return None
            tenses = TENSES
            if vp.freq:
                tenses = FREQUENCY_TENSES.get(vp.freq[0], ("pres",))
            if vp.modal:  # "wanted to eat yesterday"
                tenses = ("pres", "past") if vp.modal.en in PAST_MODALS and vp.modal is not WOULD_LIKE else ("pres",)
            if vp.verb is BORN:  # "was born" has no other tense here
                tenses = ("past",)
            if vp.kind in ("cop", "exist", "age", "weather"):
                tenses = tuple(t for t in tenses if t != "prog" and (t != "perf" or vp.kind != "age"))
            elif vp.verb:
                tenses = tuple(t for t in tenses if fit_tense(t, vp.verb.en) == t)
            options = [t for t in TIME_ATOMS if any(x in tenses for x in t[2])]
            yet = [t for t in options if t[0] == ("yet",)]
            options = [t for t in options if t[0] != ("yet",)]
            if not options and not yet:
                return None
            if yet and vp.neg and vp.kind not in ("exist", "weather") and (not options or self.rng.random() < 0.15):
                time = yet[0]  # "not … yet", a negation's own time word
            elif not options:
                return None
            else:
                time = self.rng.choice(options)
            old = vp.tense
            if old not in time[2]:
                allowed = [t for t in time[2] if t in tenses]
                if not allowed:
                    return None
                vp.tense = self.rng.choice(allowed)
            vp.time = time

            def undo():
                vp.time, vp.tense = None, old

            return undo

        return self._change_vp(budget, change)

    def add_very(self, budget: int) -> int:
        def change(vp: VP):
            if vp.kind != "cop" or not vp.adjs or vp.very or vp.degree != "very":
                return None
            vp.very = True
            # "not very", never "not quite" or "never so": other degree words only in a positive clause
            degrees = DEGREES if not vp.neg and not (vp.freq and vp.freq[0] == "never") else DEGREES[:1]
            vp.degree = self.rng.choice(degrees)[0] if self.rng.random() < 0.5 else "very"
            return lambda: setattr(vp, "very", False)

        return self._change_vp(budget, change)

    def add_emphatic(self, budget: int) -> int:
        """ "she made it herself": a person's own doing."""

        def change(vp: VP):
            subj = vp.subj
            if (
                vp.emphatic
                or vp.imperative
                or vp.manner
                or vp.kind not in ("tr", "intr")
                or vp.gapped
                or (subj.name and subj.name.text == "who")
            ):
                return None
            if vp.verb.en in STATIVE or (vp.obj is not None and vp.obj.pron is not None):  # not "I want it myself"
                return None
            if (subj.pron is not None and not subj.pron.clitic) or not narrow(subj, "h"):
                return None
            vp.emphatic = True
            return lambda: setattr(vp, "emphatic", False)

        return self._change_vp(budget, change)

    def add_comparison(self, budget: int) -> int:
        """ "is more expensive (than the car)", "is the most expensive", "is better than Marie"."""
        vp = self.rng.choice(self.vps)
        if vp.kind != "cop" or len(vp.adjs) != 1 or vp.very or vp.neg or vp.freq or avoir_idiom(vp):
            return 0
        adj = vp.adjs[0].en
        if not comparable(adj):  # another adjective, one English compares (with more, -er, or better)
            options = [a for a in predicates_for(vp.subj.tags) if comparable(a.en) and a.en not in AVOIR_IDIOMS]
            good = [a for a in options if a.en == "good"]
            choice = good[0] if good and self.rng.random() < 0.2 else self.rng.choice(options) if options else None
            if choice is None or not narrow(vp.subj, choice.tags):
                return 0
            vp.adjs[0], adj = choice, choice.en
        # "less big" is not said: an adjective of one word's comparison takes more and the most (bigger, the biggest)
        degree = self.rng.choice(COMPARISONS if compared_with_more(adj) else COMPARISONS[::2])[0]
        than = None
        if degree in ("more", "less") and self.rng.random() < 0.8 and budget >= 4:
            than = self.new_np(vp.subj.head_tags(), budget - 3, no_every=True)
            if than is None or (than.name and vp.subj.name and than.name == vp.subj.name):
                return 0
        before = vp.en_len()
        vp.very, vp.degree, vp.than = True, degree, than
        added = vp.en_len() - before
        if not 0 < added <= budget:
            vp.very, vp.degree, vp.than = False, "very", None
            return 0
        return added

    def add_clause(self, budget: int) -> int:
        if len(self.parts) >= 4 or self.parts[0][1].question or self.parts[0][1].vp.imperative:
            return 0
        atoms = pick(self.rng, _CONJ_TABLE)
        conj_len = sum(len(en) for en, _ in atoms)
        clause = self.new_clause(budget - conj_len)
        if clause is None:
            return 0
        self.parts.append((atoms, clause))
        return conj_len + clause.en_len()

    def add_please(self, budget: int) -> int:
        """ "can you help me, please?": a request, a yes/no question to "you" with can or would."""

        def change(vp: VP):
            if vp.please or not (vp.yes_no or vp.imperative) or vp.kind not in ("intr", "tr", "prep", "ditr"):
                return None
            if vp.lets:  # not "let us go, please"
                return None
            if vp.neg or vp.freq:
                return None
            if vp.imperative:  # "open the door, please." → "ouvrez la porte, s'il vous plaît." (문을 좀 여세요.)
                vp.please = True
                return lambda: setattr(vp, "please", False)
            if vp.subj.pron is None or vp.subj.pron.en != "you" or (vp.time and "pres" not in vp.time[2]):
                return None
            if vp.verb.en in STATIVE or vp.manner:  # not "can you have us, please?"; a manner takes no modal
                return None
            old = vp.modal, vp.tense
            if vp.modal is None or vp.modal.en not in (
                "can",
                "would",
            ):  # "do you help me?" → "can you help me, please?"
                vp.modal, vp.tense = CAN, "pres"
            vp.please = True

            def undo():
                (vp.modal, vp.tense), vp.please = old, False

            return undo

        return self._change_vp(budget, change)

    def add_else(self, budget: int) -> int:
        """ "someone else", "something else"."""
        if not self.nps:
            return 0
        np = self.rng.choice(self.nps)
        if np.pron not in (SOMEONE, SOMETHING) or np.other or (np.governor is not None and np.governor.neg):
            return 0
        np.other = True
        return 1

    def add_such(self, budget: int) -> int:
        """ "such a big cat": "a" and one adjective."""
        if not self.nps:
            return 0
        np = self.rng.choice(self.nps)
        if np.noun is None or np.det != "a" or np.such or (np.pre is None) == (np.post is None):
            return 0
        adj = (np.pre or np.post).en
        if adj[0].isupper() or adj in NOT_GRADABLE or adj in ATTRIBUTIVE_ONLY:  # not "such an other form"
            return 0
        np.such = True
        return 1

    def add_title(self, budget: int) -> int:
        """ "Mr Martin", "Dr Sophie": a title before a name of its gender."""
        if not self.nps:
            return 0
        np = self.rng.choice(self.nps)
        if np.name is None or np.title or np.name.text == "who" or np.name.gender not in ("m", "f"):
            return 0
        np.title = self.rng.choice([t for t, (_, genders) in TITLES.items() if np.name.gender in genders])
        return 1

    def add_opener(self, budget: int) -> int:
        """ "yes, ..." "oh, ...": a word and a comma before a statement; "excuse me, ...", "hello, ..." before a
        question too."""
        atoms, first = self.parts[0]
        if atoms or budget < 2:
            return 0
        word, fr = self.rng.choice(
            _QUESTION_OPENERS if first.question else _IMPERATIVE_OPENERS if first.vp.imperative else OPENERS
        )
        if fr == "peut-être que":  # "maybe, she sleeps" would be wrong: "maybe she sleeps" → "peut-être qu'elle dort"
            self.parts[0] = (((("maybe",), ("peut-être", "que")),), first)
            return 1
        words = tuple(word.split())
        if len(words) + 1 > budget:
            return 0
        self.parts[0] = (((words, tuple(fr.split())), ((",",), (",",))), first)
        return len(words) + 1

    def add_coordination(self, budget: int) -> int:
        if not self.nps:
            return 0
        np = self.rng.choice(self.nps)
        if not np.coordinable or np.conj or np.det == "every" or (np.governor and np.governor.negative()):
            return 0
        if np.pron or (np.governor and np.governor.kind == "exist") or self._says_what_it_is(np):
            return 0
        other = self.new_np(np.tags, budget - 1, no_every=True)
        if other is None:
            return 0
        np.conj, np.no_every = other, True
        # "tea or coffee": an object only (a subject "the cat or the dog" would agree as French and English differ)
        np.either_or = np.governor is not None and np.governor.kind == "tr" and self.rng.random() < 0.3
        return 1 + other.en_len()

    def add_and_me(self, budget: int) -> int:
        """ "Robert and I are going to the park" → "Robert et moi allons au parc" (nous), Robert와 저는; "you and I" →
        "vous et moi", 당신과 저는: a subject coordinated with I, which agrees as "we"."""
        if not self.nps or budget < 2:
            return 0
        np = self.rng.choice(self.nps)
        you = np.pron is PRONOUNS[1] and self.rng.random() < 0.3  # "you" subjects are many: a third of "Robert and I"
        if (np.pron and not you) or np.conj or np.rel or np.governor is not None or np.det == "every":
            return 0
        vps = [vp for vp in self.vps if vp.subj is np]
        if not vps or not (np.coordinable or you) or "h" not in np.head_tags() or self._says_what_it_is(np):
            return 0
        objects = [o.pron for vp in vps for o in (vp.obj, vp.obj2) if o is not None and o.pron is not None]
        if any(p.person in (0, 3) or (you and p.person == 4) for p in objects):  # not "Robert and I see us"
            return 0
        np.conj, np.no_every = NP("h", pron=PRONOUNS[0]), True
        return 2

    def add_predicate_adjective(self, budget: int) -> int:
        vp = self.rng.choice(self.vps)
        if vp.kind != "cop" or len(vp.adjs) != 1 or avoir_idiom(vp) or vp.degree != "very":
            return 0
        adjs = [a for a in predicates_for(vp.subj.tags) if a != vp.adjs[0]]
        adjs = [a for a in adjs if not (a.en in AVOIR_IDIOMS and fits(vp.subj.head_tags(), "ha"))]
        adj = self.rng.choice(adjs) if adjs else None
        if adj is None or not narrow(vp.subj, adj.tags):
            return 0
        vp.adjs.append(adj)
        return 2

    def add_that_clause(self, budget: int) -> int:
        vp = self.rng.choice(self.vps)
        if vp.kind != "intr" or vp.loc or vp.neg or vp.no_loc or vp.modal or vp.manner or vp.question or budget < 3:
            return 0
        if not narrow(vp.subj, "h"):
            return 0
        before = vp.en_len()
        comp = self.new_clause(budget - 2)
        if comp is None:
            return 0
        old = vp.kind, vp.verb, vp.comp, vp.tense
        vp.kind, vp.verb, vp.comp = "that", self.rng.choice(LEXICON_VERBS["that"]), comp
        vp.tense = fit_tense(vp.tense, vp.verb.en)  # "she knows that ...", never "she is knowing"
        added = vp.en_len() - before
        if added > budget or added < 1:
            vp.kind, vp.verb, vp.comp, vp.tense = old
            return 0
        return added

    def add_apposition(self, budget: int) -> int:
        """ "my friend Paul": a name after a noun of a person, of its gender. A name becomes "my friend Paul" (2 more
        words), or "my sister" gets a name (1)."""
        if not self.nps:
            return 0
        rng = self.rng
        np = rng.choice(self.nps)
        if np.name is not None:
            name = np.name
            if name.text == "who" or np.title or np.other or name.gender not in ("m", "f") or budget < 2:
                return 0
            nouns = [n for n in _APPOSITION if n.gender == name.gender]
            np.appos = NP("h", name=name)
            np.name, np.noun, np.det, np.plural = None, rng.choice(nouns), rng.choice(_APPOSITION_DETS), False
            return 2
        if np.noun is None or np.noun.en[0] not in APPOSITION_NOUNS or np.appos or np.plural or np.post:
            return 0
        if np.det not in POSSESSIVES or np.pp or np.rel or np.conj or np.such:
            return 0
        names = [n for n in LEXICON_NAMES if n.gender == np.noun.gender]
        np.appos = NP("h", name=rng.choice(names))
        return 1

    def add_destination(self, budget: int) -> int:
        """ "the train to Lyon": a means of travel and the city it goes to (with copyable cities only)."""
        if not self.nps or self.copy is None or budget < 2:
            return 0
        np = self.rng.choice(self.nps)
        if np.noun is None or np.noun.mass or np.content or np.pp or np.rel or np.appos or np.pre or np.post:
            return 0  # not "a glass of water" → "a train of water"
        if np.det == "" and np.plural and np.governor is None:  # "how many trains": a question's gap
            return 0
        if np.governor is not None and np.governor.kind in ("ditr", "exist"):  # not "gives tickets to Oslo to her"
            return 0
        if np.noun.en[0] not in TRAVEL_NOUNS:  # another thing where a vehicle fits: "the car" → "the train"
            travel = [n for n in _TRAVEL if fits(n.tags, np.tags)]
            if not travel:
                return 0
            np.noun = self.rng.choice(travel)
        pp = self.copy.destination()
        if pp.en_len() > budget:
            return 0
        np.pp = pp
        return pp.en_len()

    def add_container(self, budget: int) -> int:
        """ "I drink water." → "I drink a glass of water." (un verre d'eau, 물 한 잔), "she buys two cups of tea": the
        object of a verb that takes a drink or a food, counted by what holds it."""
        vps = [
            vp
            for vp in self.vps
            if vp.kind == "tr"
            and vp.obj is not None
            and fits(vp.verb.obj, "df")
            and not (vp.negative() or vp.gapped or vp.question)
        ]
        if not vps or budget < 2:
            return 0
        vp = self.rng.choice(vps)
        np = vp.obj
        if np.noun is None or np.pron or np.name or np.det not in ("", "some", "a", "the"):
            return 0
        if np.pre or np.post or np.pp or np.rel or np.conj or np.appos or np.such or np.very or np.content:
            return 0
        held = [
            (c, n) for c, (_, contents) in CONTAINERS.items() for n in contents if fits(_CONTENT[n].tags, vp.verb.obj)
        ]
        container, content = self.rng.choice(held)
        old, before = (np.noun, np.det, np.num, np.plural), np.en_len()
        np.noun, np.content = _CONTAINER_NOUNS[container], _CONTENT[content]
        np.det, np.num, np.plural = (
            ("a", 0, False) if self.rng.random() < 0.7 else ("num", self.rng.randint(2, 5), True)
        )
        added = np.en_len() - before
        if not 1 <= added <= budget:
            (np.noun, np.det, np.num, np.plural), np.content = old, None
            return 0
        return added

    # -- the loop ------------------------------------------------------------------------------------------

    def grow(self, length: int) -> list[tuple[tuple, Clause]] | None:
        """Parts (conjunction atoms, clause) of a sentence of exactly `length` English tokens, or None."""
        greetings = _GREETINGS.get(length - 1)
        if greetings and self.rng.random() < GREETING_SHARE:  # "thank you." → "merci." (고마워요.)
            words, fr = self.rng.choice(greetings)
            nobody = NP("")
            return [(((words, fr),), Clause(nobody, VP("bare", nobody)))]
        question = length >= 4 and self.rng.random() < 0.22
        imperative = not question and self.rng.random() < IMPERATIVE_SHARE
        if question:
            first = self.new_question(length)
        else:
            first = self.new_imperative(length - 1) if imperative else self.new_clause(length - 1)
        if first is None or first.en_len() > length - 1:
            return None
        self.parts.append(((), first))
        size = first.en_len() + 1
        for _ in range(40 + 8 * length):
            left = length - size
            if left == 0:
                return self.parts
            if left < 0:  # an expansion overshot (it should not): start again rather than mis-count
                return None
            mark = self.mark()
            added = pick(self.rng, _EXPANSIONS[min(left, 4)])(self, left)
            if added:
                size += added
            else:
                self.rollback(mark)
        return None


def comparable(adjective: str) -> bool:
    """ "more expensive", "bigger", "better": an adjective the grammar compares."""
    return adjective == "good" or compared_with_more(adjective) or compared_with_er(adjective)


_QUESTION_OPENERS = [(en, fr) for en, fr in OPENERS if en in QUESTION_OPENERS]
# before a command, what one says to someone: "okay, open the door." (not "maybe, ..." nor "apparently, ...")
_IMPERATIVE_OPENERS = [(en, fr) for en, fr in OPENERS if en in IMPERATIVE_OPENERS]
IMPERATIVE_SHARE = 0.06  # of the statements: "open the door." (ouvrez la porte.; 문을 여세요.)
GREETING_SHARE = 0.05  # of the sentences of a greeting's length (+ "."): the greeting alone
_GREETINGS: dict[int, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _en, _fr in OPENERS:
    if _en in GREETINGS:
        _GREETINGS.setdefault(len(_en.split()), []).append((tuple(_en.split()), tuple(_fr.split())))

_CONTAINER_NOUNS = {n.en[0]: n for n in LEXICON_NOUNS if n.en[0] in CONTAINERS}
_CONTENT = {n.en[0]: n for n in LEXICON_NOUNS if any(n.en[0] in held for _, held in CONTAINERS.values())}
# (weight, fewest English tokens added, expansion)
_EXPANSIONS = by_budget(
    [
        (2.0, 1, Grower.add_pre_adjective),
        (3.0, 1, Grower.add_post_adjective),
        (1.0, 1, Grower.name_to_noun),
        (1.2, 1, Grower.add_negation),
        (0.6, 1, Grower.add_frequency),
        (0.5, 1, Grower.add_manner),
        (1.0, 1, Grower.add_time),
        (0.4, 1, Grower.add_very),
        (1.0, 1, Grower.add_comparison),
        (0.3, 1, Grower.add_emphatic),
        (3.0, 2, Grower.add_pp),
        (3.0, 2, Grower.add_relative),
        (2.0, 3, Grower.add_location),
        (2.0, 3, Grower.add_clause),
        (1.2, 2, Grower.add_coordination),
        (0.3, 1, Grower.add_opener),
        (0.2, 1, Grower.add_title),
        (0.3, 1, Grower.add_such),
        (0.3, 1, Grower.add_else),
        (0.5, 2, Grower.add_please),
        (0.5, 2, Grower.add_predicate_adjective),
        (0.3, 2, Grower.add_and_me),
        (1.2, 4, Grower.add_that_clause),
        (0.5, 1, Grower.add_apposition),
        (0.3, 2, Grower.add_destination),
        (2.0, 2, Grower.add_container),
    ],
    range(1, 5),
)


def derive(rng: random.Random, length: int, copy=None) -> list[tuple[tuple, Clause]]:
    """A derivation whose English side has exactly `length` tokens (counting the final "." or "?"); with `copy` (a
    copyable.CopyDraw), with long-list cities and names."""
    if length < MIN_LEN:
        raise ValueError(f"sentences have at least {MIN_LEN} tokens")
    while True:
        parts = Grower(rng, copy).grow(length)
        if parts is not None:
            if copy is not None:
                copy.swap_names(parts)
            return parts
