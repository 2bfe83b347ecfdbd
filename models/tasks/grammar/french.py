"""Rendering a derivation into English and French at once, with the gold alignment: French word order
(object pronouns before the verb, most adjectives after the noun), agreement of articles, adjectives, verbs
and participles, "ne … pas", "est-ce que", contraction (du, au, des, aux) and elision (j', l', d', qu', s'il).

Every word carries the ids of the derivation atoms it renders; English and French words sharing an id are
aligned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from models.tasks.grammar.enfr_words import (
    ANYONE,
    ANYTHING,
    DATIVE_VERBS,
    EN_BE,
    EVERYTHING,
    FR_AVOIR_IMPARFAIT,
    FR_ETRE_IMPARFAIT,
    GENERIC_VERBS,
    NOTHING,
    Adjective,
    fr_forms,
    mute_h,
)
from models.tasks.grammar.english import (
    COMPARISONS,
    DEGREES,
    DETERMINERS,
    HAVE,
    INDEFINITE,
    OWNERS,
    PLAY_OBJECTS,
    TITLES,
    WOULD_LIKE,
    an,
    better,
    number_words,
    one_word,
)
from models.tasks.grammar.trees import NP, PP, VP, Clause, Rel, avoir_idiom, emphatic_words, english_verb_group
from models.text.tokenize import word_detok, word_tokens

_FR_VOWELS = set("aeiouàâäéèêëîïôöûùüœæAEIOUÀÂÉÈÊÎÔŒ")
MUTE_H = set(mute_h()) | {"habite", "habitent", "habiter", "habité"}


def starts_with_vowel_sound(word: str) -> bool:
    """French: does `word` trigger elision (l', d', qu', n', j') and the forms cet, mon (école), vieil, bel?"""
    return word[0] in _FR_VOWELS or word.lower() in MUTE_H


@dataclass(slots=True)
class NPRecord:
    """What a rendered noun phrase looked like, for agreement tests."""

    gender: str
    plural: bool
    det: str
    adjectives: list[tuple[Adjective, str]]  # (entry, French form used)
    noun: str


@dataclass(slots=True)
class Pair:
    en: list[str]
    fr: list[str]
    alignment: list[tuple[int, int]]
    nps: list[NPRecord]
    predicates: list[tuple[str, bool, Adjective, str]]  # subject gender, plural, adjective, French form
    clitics: list[int] = field(default_factory=list)  # French positions of object pronouns (le, les, l')
    source: str = ""
    target: str = ""

    def __post_init__(self) -> None:
        self.source, self.target = word_detok(self.en), word_detok(self.fr)


DEGREE_FR = dict(DEGREES + COMPARISONS)
MEILLEUR = ("meilleur", "meilleure", "meilleurs", "meilleures")
# Manner adverbs French puts after a participle ("elle a dormi ici"), the short ones go before it ("elle a bien dormi").
AFTER_PARTICIPLE = {"ici", "ensemble", "dehors", "tôt", "là", "lentement", "non plus"}
_CONTRACTIONS = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}
_ELIDING = {"de": "d'", "que": "qu'", "ne": "n'", "je": "j'", "puisque": "puisqu'"}
_ELIDING_CLITICS = {"me": "m'", "le": "l'", "la": "l'"}
# an object pronoun after an imperative, joined by a hyphen: "aidez-moi", "donnez-le", "parlez-lui" (ne m'aidez pas)
AFTER_IMPERATIVE = {"me": "moi", "te": "toi"}


@cache
def _fr_tokens(word: str) -> tuple[str, ...]:
    return (word,) if word.endswith("'") else tuple(word_tokens(word))


_CONDITIONAL_ENDINGS = ("ais", "ais", "ait", "ions", "iez", "aient")


def conditional(infinitive: str, person: int) -> list[str]:
    """The conditional, the future's stem with the imperfect's endings: manger → mangerait, avoir besoin → aurait
    besoin."""
    first, *rest = fr_forms(infinitive)["future"][0].split()
    return [first[:-2] + _CONDITIONAL_ENDINGS[person], *rest]


def imperfect(infinitive: str, person: int) -> list[str]:
    """The imperfect, the present's "nous" stem with the imperfect's endings: savons → savait, avoir besoin → avait
    besoin, commençons → commençait."""
    first, *rest = fr_forms(infinitive)["present"][3].split()
    return [first[:-3] + _CONDITIONAL_ENDINGS[person], *rest]


# Verbs of a state, whose English past French says in the imperfect: "I knew that …" → "je savais que …", "she loved
# music" → "elle aimait la musique", "he wanted to eat" → "il voulait manger", "we could swim" → "nous pouvions nager".
# Events take the passé composé: "she saw", "he tried to sleep" → "elle a vu", "il a essayé de dormir". "think" is a
# state with a that-clause only ("je pensais que …"; "elle a pensé à Paul").
STATE_VERBS = {"savoir", "connaître", "vouloir", "pouvoir", "aimer", "adorer", "détester", "préférer", "croire"}
STATE_VERBS |= {"espérer", "avoir besoin", "devoir", "posséder", "appartenir", "contenir", "coûter", "ressembler"}


def _is_state(vp: VP, verb) -> bool:
    return verb.fr in STATE_VERBS or (verb.fr == "penser" and vp.kind == "that")


def _participle(infinitive: str, gender: str, plural: bool) -> str:
    return fr_forms(infinitive)["participle"][2 * plural + (gender == "f")]


def fr_plural_head(np: NP) -> bool:
    """Is `np` one noun that French has only in the plural ("the news" → "les nouvelles"): its verb is plural?"""
    return np.noun is not None and np.noun.fr_plural and np.conj is None and not np.plural


class Renderer:
    """Renders a derivation into both languages at once; every word carries the ids of the atoms it
    came from, and the alignment links English and French words sharing an id."""

    def __init__(self) -> None:
        self.en: list[tuple[str, int]] = []
        self.fr: list[list] = []  # [word, ids, kind]; kind: "prep" (de, à), "det" (le, les), "indef", "clitic"
        self.nps: list[NPRecord] = []
        self.predicates: list[tuple[str, bool, Adjective, str]] = []
        self.next_id = 0
        self.no_id: int | None = None
        self.yet_id = -1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def atom(self, en: tuple[str, ...] | list[str], fr: tuple[str, ...] | list[str], kind: str = "") -> int:
        i = self.new_id()
        self.en.extend((w, i) for w in en)
        self.fr.extend([w, {i}, kind or ("prep" if w in ("de", "à") else "")] for w in fr)
        return i

    def np(self, np: NP, negated: bool = False, generic: bool = False) -> None:
        if np.pron:
            self.atom([np.pron.en], [np.pron.fr])
            if np.other:  # "quelqu'un d'autre"
                self.atom(["else"], ["d'", "autre"])
        elif np.name:
            if np.title:  # "monsieur Martin", "du docteur Martin"
                self.atom([np.title], TITLES[np.title][0].split(), "det" if np.title == "Dr" else "")
            words = np.name.text.split()  # "New York": one atom of two words
            self.atom(words, ["qui"] if np.name.text == "who" else words)
        else:
            self._common(np, negated, generic)
            if np.appos:  # "mon ami Paul"
                self.np(np.appos)
        if np.pp:
            self.pp(np.pp)
        if np.rel:
            self.rel(np.rel, np)
        if np.conj:
            self.atom(*((["or"], ["ou"]) if np.either_or else (["and"], ["et"])))
            if np.conj.pron:  # "Robert and I" → "Robert et moi"
                self.atom([np.conj.pron.en], [np.conj.pron.fr_tonic])
            else:
                self.np(np.conj, negated, generic)

    def _fr_determiner(self, np: NP, negated: bool, generic: bool, next_fr: str) -> str | tuple[str, ...]:
        noun, plural, gender = np.noun, np.plural or np.noun.fr_plural, np.noun.gender
        vowel = starts_with_vowel_sound(next_fr)
        det = np.det
        if det == "no":
            return "de"
        if det == "" and (generic or np.fr_definite):
            det = "the"
        fr_forms_ = DETERMINERS[det][1]
        if det == "num":
            return number_words(np.num, gender == "f")[1]
        if negated and det in ("a", "some", ""):
            return "de"  # "ne mange pas de pomme"
        if det in ("", "some"):
            if noun.mass and not noun.fr_plural:  # "some news" → "des nouvelles"
                if vowel:
                    return ("de", "l'")
                return "du" if gender == "m" else ("de", "la")
            return "de" if np.pre else "des"  # "de grands chats"
        if det == "all":
            return ("tous", "les") if gender == "m" else ("toutes", "les")
        if plural:
            return tuple(fr_forms_[2].split())  # "beaucoup de" elides: "beaucoup d'arbres"
        if det == "the" and vowel:
            return "l'"
        if det in ("this", "that") and gender == "m" and vowel:
            return "cet"
        if det == "enough":
            return ("assez", "de")
        if det in ("my", "his", "her", "its") and vowel:
            return fr_forms_[0]  # "mon école"
        return tuple(fr_forms_[gender == "f"].split())

    def _common(self, np: NP, negated: bool, generic: bool) -> None:
        noun, plural, gender = np.noun, np.plural, np.noun.gender
        fr_plural = plural or noun.fr_plural  # "the news" → "les nouvelles"
        noun_fr = noun.fr[fr_plural]
        pre_fr = ""
        if np.pre:
            pre_fr = np.pre.form(gender, fr_plural)
            if np.pre.before_vowel and gender == "m" and not fr_plural and starts_with_vowel_sound(noun_fr):
                pre_fr = np.pre.before_vowel
        # English: "a" → "an" before a vowel; "some" → "any" under negation; "no" in "there is no".
        en_next = (np.pre or np.post).en if (np.pre or np.post) else noun.en[plural]
        en_next = "very" if np.very else en_next
        if np.det == "num":
            en_det = list(number_words(np.num)[0])
        elif np.det == "no":
            en_det = ["no"]
        else:
            en_det = DETERMINERS[np.det][0][plural].split()
            if np.det == "enough":
                en_det = ["enough"]  # "enough water" → "assez d'eau"
            if np.det == "some" and noun.mass:
                en_det = ["some"]  # "some water" → "de l'eau"
            if en_det == ["a"] and an(en_next):
                en_det = ["an"]
            if negated and np.det == "some" and en_det:
                en_det = ["any"]
        fr_det = self._fr_determiner(np, negated, generic, pre_fr or noun_fr)
        fr_det = (fr_det,) if isinstance(fr_det, str) else fr_det
        indefinite = np.det in INDEFINITE or np.det == "no" or negated
        definite = np.det == "" and (generic or np.fr_definite)
        kind = "indef" if indefinite and np.det != "num" and not definite else "det"
        if np.det not in ("the", "", "both") and not definite:  # "des deux chats": les contracts
            kind = "indef" if indefinite and np.det != "num" else ""
        such = None
        if np.such:  # "such a big cat" → "un si grand chat", "un chat si rouge"
            such = ["si", {self.new_id()}, ""]
            self.en.append(("such", next(iter(such[1]))))
        if en_det == ["no"] and self.no_id is not None:
            self.en.append(("no", self.no_id))
            self.fr.extend([w, {self.no_id}, kind] for w in fr_det)
            self.no_id = None
        elif en_det:
            self.atom(en_det, fr_det, kind)
        else:  # a bare English noun: the French article aligns with the noun
            pass
        ids = {slot: self.new_id() for slot in ("pre", "post", "noun")}
        if not en_det:
            for w in fr_det:
                self.fr.append([w, {ids["noun"]}, kind])
        if np.very:  # "a very good friend" → "un très bon ami", "un ami très gentil": très before the adjective
            such = ["très", {self.new_id()}, ""]
            self.en.append(("very", next(iter(such[1]))))
        if np.pre:
            self.en.append((np.pre.en, ids["pre"]))
        if np.post:
            self.en.append((np.post.en, ids["post"]))
        self.en.append((noun.en[plural], ids["noun"]))
        if np.pre:
            self.fr.extend([*([such] if such else []), [pre_fr, {ids["pre"]}, ""]])
        self.fr.append([noun_fr, {ids["noun"]}, ""])
        if np.content:  # "un verre d'eau": de and the noun alone
            self.atom(["of"], ["de"])
            self.atom([np.content.en[0]], [np.content.fr[0]])
        post_fr = np.post.form(gender, fr_plural) if np.post else ""
        if np.post:
            self.fr.extend([*([such] if such and not np.pre else []), [post_fr, {ids["post"]}, ""]])
        adjectives_ = [(a, f) for a, f in ((np.pre, pre_fr), (np.post, post_fr)) if a]
        self.nps.append(NPRecord(gender, fr_plural, " ".join(fr_det), adjectives_, noun_fr))

    def pp(self, pp: PP) -> None:
        for en, fr in pp.prep.atoms:
            self.atom(en, fr)
        self.np(pp.np)

    def rel(self, rel: Rel, head: NP) -> None:
        if rel.kind == "subj":
            self.atom([rel.word], ["qui"])
            self.vp(rel.vp, head, head_only=True)
        else:
            self.atom([rel.word], ["que" if rel.kind == "obj" else "où"])
            self.clause(rel.clause)

    def clause(self, clause: Clause) -> None:
        q = clause.question
        vp = clause.vp
        if vp.kind == "bare":  # "thank you.": the opener is the whole sentence
            return
        if vp.imperative:  # "open the door." → "ouvrez la porte.": the present of vous, without vous; of nous after
            self.vp(vp, clause.subj)  # "let us": "let us eat." → "mangeons." ("let us go." alone is "allons-y.")
            return
        if q == "whereis":
            self.atom(["where"], ["où"])
            i = self.new_id()
            self.en.append((EN_BE[clause.subj.person()], i))
            fr_person = 5 if fr_plural_head(clause.subj) else clause.subj.person()  # "où sont les nouvelles ?"
            self.fr.append([fr_forms("être")["present"][fr_person], {i}, ""])
            self.np(clause.subj, generic=True)
            return
        if q == "howold":  # "how old are you?" → "quel âge avez-vous?", "how old is Paul?" → "quel âge a Paul?"
            subj = clause.subj
            self.atom(["how", "old"], ["quel", "âge"])
            i = self.new_id()
            self.en.append((EN_BE[subj.person()], i))
            have = fr_forms("avoir")["present"][subj.person()]
            self.fr.append([have, {i}, ""])
            if subj.pron:  # the pronoun after the verb, joined by a hyphen: avez-vous, a-t-elle
                between = ["-", "t", "-"] if have[-1] in "ae" and subj.pron.fr in ("il", "elle", "on") else ["-"]
                self.fr.extend([w, {i}, ""] for w in between)
            self.np(subj)
            return
        if q == "whattime":  # "what time is it?" → "quelle heure est-il?": as French says it
            self.atom(["what", "time"], ["quelle", "heure"])
            self.atom(["is"], ["est", "-"])
            self.atom(["it"], ["il"])
            return
        if q in ("howare", "wherefrom", "howmuch") and not (q == "howmuch" and clause.subj.pron):
            # "how are you?" → "comment allez-vous?", "how is your mother?" → "comment va votre mère?"; "where is he
            # from?" → "d'où vient-il?"; "how much are the shoes?" → "combien coûtent les chaussures?"
            subj = clause.subj
            plural = subj.plural or subj.conj is not None or fr_plural_head(subj)
            person = 5 if plural and not subj.pron else subj.person()
            from_ = self.new_id() if q == "wherefrom" else None
            if from_ is not None:
                self.fr.append(["d'", {from_}, ""])
            self.atom(
                *{"howare": (["how"], ["comment"]), "wherefrom": (["where"], ["où"])}.get(
                    q, (["how", "much"], ["combien"])
                )
            )
            i = self.new_id()
            self.en.append((EN_BE[subj.person()], i))
            verb = (
                ("coûtent" if person == 5 else "coûte")
                if q == "howmuch"
                else fr_forms("aller" if q == "howare" else "venir")["present"][person]
            )
            self.fr.append([verb, {i}, ""])
            if subj.pron:  # the pronoun after the verb, joined by a hyphen: allez-vous, va-t-il, vient-elle
                between = ["-", "t", "-"] if verb[-1] in "ae" and subj.pron.fr in ("il", "elle", "on") else ["-"]
                self.fr.extend([w, {i}, ""] for w in between)
            self.np(subj)
            if from_ is not None:
                self.en.append(("from", from_))
            return
        if q == "howmuch":  # "how much is this?" → "combien ça coûte?"
            self.atom(["how", "much"], ["combien"])
            i = self.new_id()
            self.en.append(("is", i))
            self.atom([clause.subj.pron.en], ["ça"])
            self.fr.append(["coûte", {i}, ""])
            return
        if q == "whatthis":  # "what is this?" → "qu'est-ce que c'est?"
            self.atom(["what"], ["qu'", "est", "-", "ce", "que"])
            i = self.new_id()
            self.en.append(("is", i))
            self.atom([clause.subj.pron.en], ["c'"])
            self.fr.append(["est", {i}, ""])
            return
        if q in ("whatis", "whois"):  # "what is your name?" → "quel est votre nom?", "qui est votre professeur?"
            subj = clause.subj
            plural = subj.plural or subj.conj is not None or fr_plural_head(subj)  # "quelles sont les nouvelles"
            gender = "f" if all(item.gender() == "f" for item in subj.items()) else "m"
            word = (
                "qui"
                if q == "whois"
                else ("quelles" if plural else "quelle")
                if gender == "f"
                else "quels"
                if plural
                else "quel"
            )
            self.atom([q[:-2]], [word])
            i = self.new_id()
            self.en.append((EN_BE[subj.person()], i))
            self.fr.append([fr_forms("être")["present"][5 if plural else subj.person()], {i}, ""])
            self.np(subj)
            return
        if vp.kind == "exist":
            self.vp(vp, clause.subj)
            return
        if q == "who":
            self.np(clause.subj)
            self.vp(vp, clause.subj)
            return
        if q in ("where", "when", "why"):
            self.atom([q], [{"where": "où", "when": "quand", "why": "pourquoi"}[q]])
        elif q == "what":
            self.atom(["what"], ["que"])
        elif q == "howmany":
            gap = vp.gap
            self.atom(["how", "many"], ["combien", "de"], "prep")
            ids = {slot: self.new_id() for slot in ("pre", "post", "noun")}
            if gap.pre:
                self.en.append((gap.pre.en, ids["pre"]))
            if gap.post:
                self.en.append((gap.post.en, ids["post"]))
            self.en.append((gap.noun.en[1], ids["noun"]))
            if gap.pre:
                self.fr.append([gap.pre.form(gap.noun.gender, True), {ids["pre"]}, ""])
            self.fr.append([gap.noun.fr[1], {ids["noun"]}, ""])
            if gap.post:
                self.fr.append([gap.post.form(gap.noun.gender, True), {ids["post"]}, ""])
        if q:
            self.vp(vp, clause.subj, subject=clause.subj)
        else:
            self.np(clause.subj, generic=clause.subj.det == "")
            self.vp(vp, clause.subj)

    def _subject_agreement(self, subj: NP, head_only: bool = False) -> tuple[int, str, bool]:
        items = [subj] if head_only else subj.items()
        plural = len(items) > 1 or subj.plural
        gender = "f" if all(item.gender() == "f" for item in items) else "m"
        person = (5 if subj.plural else 2) if head_only and not subj.pron else subj.person()
        return person, gender, plural

    def vp(self, vp: VP, agree: NP, subject: NP | None = None, head_only: bool = False) -> None:
        """The verb phrase; `agree` is the NP the verb agrees with. In a question, `subject` is rendered
        here, after the fronted English auxiliary and after the French "est-ce que"."""
        person, gender, plural = self._subject_agreement(agree, head_only)
        verb_id, neg_id, q_id = self.new_id(), self.new_id(), self.new_id()
        front, rest = english_verb_group(vp, person)
        if fr_plural_head(agree) and not head_only:  # "the news is good" → "les nouvelles sont bonnes"
            person, plural = 5, True
        question_fr = subject is not None
        # English: the fronted auxiliary, then the subject (questions), then the rest.
        self.en.extend((w, q_id if question_fr else verb_id) for w in front)
        if question_fr:
            if vp.kind != "weather":
                self.fr.extend([w, {q_id}, ""] for w in ("est", "-", "ce", "que"))
            self.np(subject, generic=subject.det == "")
        freq_id = self.new_id() if vp.freq else None
        if freq_id is not None:
            self.en.append((vp.freq[0], freq_id))  # "I often eat": before the English verb
        q_id = q_id if question_fr else None
        self._vp_body(vp, rest, person, gender, plural, verb_id, neg_id, q_id, freq_id)

    def _vp_body(self, vp: VP, en_rest, person, gender, plural, verb_id, neg_id, q_id, freq_id) -> None:
        finite_ids = {verb_id} | ({q_id} if q_id is not None else set())
        for w in en_rest:
            self.en.append((w, neg_id if w == "not" else verb_id))
        # English words after the verb group come from the calls below; French words are built here in
        # order: [ne] [clitic] finite [pas] [adverb] [participle / infinitive] ...
        fr: list[list] = []
        clitic: list | None = None
        obj = vp.obj
        neg = vp.neg
        neg_word = "pas"
        if vp.freq is not None and vp.freq[0] == "never":  # ne … jamais: "never" stands for both words
            neg, neg_id, neg_word, freq_id = True, freq_id, "jamais", None
        if vp.kind == "weather":
            _, kind, forms = vp.weather
            k = {"pres": 0, "prog": 0, "past": 1, "fut": 2, "perf": 1}[vp.tense]
            if kind == "adj" and vp.tense == "perf":
                finite, tail = ["a"], ["fait", forms]  # "il a fait froid"
            elif kind == "adj":
                finite = [{"pres": "fait", "past": "faisait", "fut": "fera"}[vp.tense]]
                tail = [forms]
            else:
                finite, tail = forms[k].split()[:1], forms[k].split()[1:]
            self._finite(fr, finite, tail, neg, neg_id, finite_ids, None)
            self.fr.extend(fr)
            if vp.time:
                self._time(vp.time)
            return
        if vp.kind == "exist" and neg:
            self.no_id = neg_id  # "there is no milk" → "il n'y a pas de lait": "no" ↔ n', pas, de
        if vp.kind in ("cop", "age", "exist"):
            idiom = avoir_idiom(vp)
            inf = "avoir" if (idiom or vp.kind in ("age", "exist")) else "être"
            tail = []
            if vp.tense == "perf":  # "a été", "a eu faim", "il y a eu"
                finite = [fr_forms("avoir")["present"][2 if vp.kind == "exist" else person]]
                tail = ["eu" if inf == "avoir" else "été"]
            elif vp.tense == "past":
                finite = [
                    (FR_AVOIR_IMPARFAIT if inf == "avoir" else FR_ETRE_IMPARFAIT)[2 if vp.kind == "exist" else person]
                ]
            else:
                forms = fr_forms(inf)["future" if vp.tense == "fut" else "present"]
                finite = [forms[2 if vp.kind == "exist" else person]]
            if vp.kind == "exist":
                there_id = self.new_id()
                # "there is" → "il y a": "there" ↔ "il y", the verb ↔ "a"
                self.en.insert(len(self.en) - len(en_rest) - (1 if q_id is None else 0), ("there", there_id))
                self._exist_fr(fr, finite, neg, neg_id, finite_ids, there_id)
                fr.extend([w, set(finite_ids), ""] for w in tail)
                self.fr.extend(fr)
                self.np(obj, negated=neg)
                if vp.loc:
                    self.pp(vp.loc)
                if vp.time:
                    self._time(vp.time)
                return
            adverb = [vp.freq[1], {freq_id}, ""] if freq_id is not None else None  # "il a souvent été"
            self._finite(fr, finite, tail, neg, neg_id, finite_ids, None, adverb or self._yet(vp), neg_word)
            self.fr.extend(fr)
            if vp.kind == "age":
                en_num, fr_num = number_words(vp.age)
                self.atom(en_num, fr_num)
                self.atom(["years" if vp.age > 1 else "year", "old"], ["ans" if vp.age > 1 else "an"])
            elif vp.owner:
                en, fr = OWNERS[vp.owner]
                self.atom([en], fr.split())
            elif vp.pred:
                noun = vp.pred
                words = [("an" if an(noun.en[0]) else "a"), noun.en[0]] if not plural else [noun.en[1]]
                self.atom(words, [noun.fr[plural]])
            elif vp.pred_np:
                self.np(vp.pred_np)
            elif idiom:
                if vp.very:
                    self.atom([vp.degree], [DEGREE_FR[vp.degree]])
                self.atom([vp.adjs[0].en], [idiom])
            else:
                for i, adj in enumerate(vp.adjs):
                    if i:
                        self.atom(["and"], ["et"])
                    best = better(adj.en, vp.degree) if i == 0 and vp.very else ""
                    er = one_word(adj.en, vp.degree) if i == 0 and vp.very and not best else ""
                    more: list[str] = []  # "bigger" is "plus grand": plus goes with the one English word
                    if i == 0 and vp.very:
                        en_degree, fr_degree = vp.degree.split(), DEGREE_FR[vp.degree].split()
                        if en_degree[0] == "the":  # "la plus chère", "les meilleurs"
                            fr_degree[0] = "les" if plural else "la" if gender == "f" else "le"
                        if best:  # "better" is "meilleur", "the best" "le meilleur"
                            en_degree, fr_degree = en_degree[:-1], fr_degree[:-1]
                        if er:  # "the biggest" is "le plus grand": the, le; biggest, plus grand
                            en_degree, fr_degree, more = en_degree[:-1], fr_degree[:-1], fr_degree[-1:]
                        if en_degree:
                            self.atom(en_degree, fr_degree)
                    if er:
                        form = adj.form(gender, plural)
                        self.atom([er], [*more, form])
                        self.predicates.append((gender, plural, adj, form))
                    elif best:
                        self.atom([best], [MEILLEUR[2 * plural + (gender == "f")]])
                    else:
                        form = adj.form(gender, plural)
                        self.atom([adj.en], [form])
                        self.predicates.append((gender, plural, adj, form))
                if vp.than:
                    self.atom(["than"], ["que"])
                    self.np(vp.than)
            if vp.loc:
                self.pp(vp.loc)
            if vp.time:
                self._time(vp.time)
            return
        verb = vp.verb
        # object pronouns become clitics before the French verb
        pron_obj = obj.pron if obj is not None and obj.pron and not vp.gapped else None
        pron_obj2 = vp.obj2.pron if vp.obj2 is not None and vp.obj2.pron else None
        clitic_agree = None
        obj_is_clitic = False
        # "je ne vois rien", "je n'ai rien vu", "je ne vois personne", "j'ai tout vu": nothing and anything are the
        # "rien" of ne … rien, after the finite verb like "pas"; everything's "tout" goes there too
        before_participle = None
        if pron_obj in (NOTHING, ANYTHING, EVERYTHING) and vp.kind == "tr":
            before_participle = [pron_obj.fr, {self.new_id()}, ""]
        if pron_obj in (NOTHING, ANYTHING, ANYONE):
            neg, neg_word = True, "" if pron_obj is ANYONE else "rien"
            if pron_obj is NOTHING:  # no English "not": ne renders "nothing" too
                neg_id = next(iter(before_participle[1]))
        if pron_obj is not None and not pron_obj.clitic:
            pass
        elif pron_obj and vp.kind == "tr":
            clitic = [pron_obj.fr_direct, {self.new_id()}, "clitic"]
            clitic_agree = (pron_obj.gender, pron_obj.plural)
            obj_is_clitic = True
        elif pron_obj and vp.kind == "prep" and verb.fr_prep == "à" and verb.fr in DATIVE_VERBS:
            clitic = [pron_obj.fr_indirect, {self.new_id()}, "clitic"]
            obj_is_clitic = True
        elif pron_obj2:
            clitic = [pron_obj2.fr_indirect, {self.new_id()}, "clitic"]
        if vp.gapped and vp.gap is not None and vp.kind == "tr":
            clitic_agree = (vp.gap.gender(), vp.gap.plural)
        would = vp.modal is not None and vp.modal.en == "would"
        if vp.modal and not would:
            modal = vp.modal
            forms = fr_forms(modal.fr)["present"][person].split()
            if modal.en in ("should", "might") or modal is WOULD_LIKE:  # devrait, pourrait, voudrait
                forms = conditional(modal.fr, person)
            elif vp.tense == "past" and modal.fr in STATE_VERBS:  # voulait, pouvait, avait besoin
                forms = imperfect(modal.fr, person)
            elif vp.tense == "past":  # a essayé de, a commencé à
                forms = [fr_forms("avoir")["present"][person], _participle(modal.fr, "m", False)]
            adverb = [vp.freq[1], {freq_id}, ""] if freq_id is not None else None
            adverb = adverb or self._yet(vp)
            self._finite(fr, forms[:1], forms[1:], neg, neg_id, finite_ids, None, adverb, neg_word, before_participle)
            if modal.fr_prep:
                fr.append([modal.fr_prep, {verb_id}, "prep"])
            if vp.inner:  # "veut apprendre à nager", "a besoin d'essayer de dormir"
                fr.extend([w, {verb_id}, ""] for w in vp.inner.fr.split())
                fr.append([vp.inner.fr_prep, {verb_id}, "prep"])
            if clitic:
                fr.append(clitic)
            fr.extend([w, {verb_id}, ""] for w in verb.fr.split())
        else:
            if would:  # "would eat" → "mangerait"
                words = conditional(verb.fr, person)
                finite, tail = words[:1], words[1:]
            elif vp.tense == "past" and verb is HAVE:
                finite, tail = [FR_AVOIR_IMPARFAIT[person]], []
            elif vp.tense == "past" and _is_state(vp, verb):  # "je savais", "elle aimait", "ils voulaient"
                words = imperfect(verb.fr, person)
                finite, tail = words[:1], words[1:]
            elif vp.tense in ("past", "perf"):  # the passé composé says both "saw" and "has seen"
                aux = fr_forms(verb.fr)["aux"]
                finite = [fr_forms(aux)["present"][person]]
                if aux == "être":
                    part = _participle(verb.fr, gender, plural)
                elif clitic_agree:
                    part = _participle(verb.fr, *clitic_agree)
                else:
                    part = _participle(verb.fr, "m", False)
                tail = part.split()
            else:
                key = "future" if vp.tense == "fut" else "present"
                words = fr_forms(verb.fr)[key][person].split()
                finite, tail = words[:1], words[1:]
            after = clitic if vp.imperative and not neg else None  # "aidez-moi": after the verb, by a hyphen
            before = None if after else clitic
            self._finite(fr, finite, [], neg, neg_id, finite_ids, before, self._yet(vp), neg_word, before_participle)
            if after:
                fr.extend([["-", set(after[1]), ""], [AFTER_IMPERATIVE.get(after[0], after[0]), after[1], ""]])
            if freq_id is not None:
                fr.append([vp.freq[1], {freq_id}, ""])
            manner_id = None
            manner = []
            if vp.manner:
                manner_id = self.new_id()
                manner = [[vp.manner[1], {manner_id}, ""]]
            if vp.manner and vp.manner[1] not in AFTER_PARTICIPLE:
                fr.extend(manner)  # "elle a bien dormi"
                manner = []
            fr.extend([w, {verb_id}, ""] for w in tail)
            fr.extend(manner)  # "elle a dormi ici"
        self.fr.extend(fr)
        # objects and complements
        if vp.kind == "prep":
            particle_id = self.new_id()
            # the English particle words were emitted with verb_id: re-tag them as the preposition
            n_part = len(verb.particles)
            for k in range(len(self.en) - n_part, len(self.en)):
                self.en[k] = (self.en[k][0], particle_id)
            if not obj_is_clitic:
                self.fr.append([verb.fr_prep, {particle_id}, "prep" if verb.fr_prep in ("de", "à") else ""])
            else:
                clitic[1].add(particle_id)
        if vp.manner:
            for w in vp.manner[0].split():
                self.en.append((w, manner_id))
        if obj is not None and not vp.gapped:
            if before_participle is not None:
                self.en.append((pron_obj.en_obj, next(iter(before_participle[1]))))
            elif obj_is_clitic:
                self.en.append((pron_obj.en_obj, next(iter(clitic[1]))))
            elif pron_obj:
                i = self.new_id()
                self.en.append((pron_obj.en_obj, i))
                self.fr.append([pron_obj.fr_tonic, {i}, ""])
                if obj.other:
                    self.atom(["else"], ["d'", "autre"])
            elif vp.kind == "tr" and verb.en == "speak" and obj.noun is not None:  # "parler français": no article
                self.atom([obj.noun.en[0]], [obj.noun.fr[0]])
            elif vp.kind == "tr" and verb.en == "play" and obj.noun is not None:
                # "jouer au football", "jouer du piano": the preposition is the verb's, the article stays
                self.fr.append([PLAY_OBJECTS[obj.noun.en[0]], {verb_id}, "prep"])
                self.np(obj)
            else:
                generic = vp.kind == "tr" and verb.fr in GENERIC_VERBS
                self.np(obj, negated=neg and vp.kind != "prep", generic=generic)
        if vp.obj2:
            if pron_obj2:
                to_id = next(iter(clitic[1]))
                self.en.append(("to", to_id))
                self.en.append((pron_obj2.en_obj, to_id))
            else:
                self.atom(["to"], ["à"])
                self.np(vp.obj2)
        if vp.comp:
            self.atom(["that"], ["que"])
            self.clause(vp.comp)
        if vp.emphatic:
            self.atom(*([w] for w in emphatic_words(person, gender, plural)))
        if vp.loc:
            self.pp(vp.loc)
        if vp.time:
            self._time(vp.time)
        if vp.please:
            self.atom([","], [","])
            self.atom(["please"], ["s'il", "vous", "plaît"])

    def _finite(
        self,
        fr: list,
        finite,
        tail,
        neg: bool,
        neg_id: int,
        ids: set,
        clitic,
        adverb=None,
        neg_word: str = "pas",
        pronoun=None,
    ) -> None:
        """[ne] [clitic] finite [pas] [adverb] tail: "n'a pas besoin", "a toujours besoin", "n'a jamais vu"; `pronoun`
        is "rien" or "tout" where "pas" would be: "n'a rien vu", "a tout vu"."""
        if neg:
            fr.append(["ne", {neg_id}, ""])
        if clitic:
            fr.append(clitic)
        fr.extend([w, set(ids), ""] for w in finite)
        if neg and neg_word and neg_word != "rien":
            fr.append([neg_word, {neg_id}, ""])
        if pronoun:
            fr.append(pronoun)
        if adverb:
            fr.append(adverb)
        fr.extend([w, set(ids), ""] for w in tail)

    def _exist_fr(self, fr, finite, neg, neg_id, ids, there_id) -> None:
        fr.append(["il", {there_id}, ""])
        if neg:
            fr.append(["n'", {neg_id}, ""])
        fr.append(["y", {there_id}, ""])
        fr.extend([w, set(ids), ""] for w in finite)
        if neg:
            fr.append(["pas", {neg_id}, ""])

    def _yet(self, vp: VP) -> list | None:
        """ "pas encore": the French of "not … yet" goes after "pas", its English at the end (_time)."""
        if vp.time is None or vp.time[0] != ("yet",):
            return None
        self.yet_id = self.new_id()
        return ["encore", {self.yet_id}, ""]

    def _time(self, time) -> None:
        if time[0] == ("yet",):
            self.en.append(("yet", self.yet_id))
            return
        self.atom(list(time[0]), list(time[1]))

    def sentence(self, parts: list[tuple[tuple, Clause]], exclaim: bool = False) -> Pair:
        for atoms, clause in parts:
            for en, fr in atoms:
                self.atom(en, fr)
            self.clause(clause)
        end = "?" if parts[0][1].question else "!" if exclaim else "."
        self.atom([end], [end])
        # French words as the tokenizer will see them: "grand-mère" is grand - mère, "bon marché" two words
        fr = [[t, ids, kind] for w, ids, kind in self._contract_and_elide() for t in _fr_tokens(w)]
        positions: dict[int, list[int]] = {}
        for j, (_, ids, _) in enumerate(fr):
            for i in ids:
                positions.setdefault(i, []).append(j)
        alignment = [(i, j) for i, (_, a) in enumerate(self.en) for j in positions.get(a, ())]
        clitics = [j for j, (_, _, kind) in enumerate(fr) if kind == "clitic"]
        return Pair([w for w, _ in self.en], [w for w, _, _ in fr], alignment, self.nps, self.predicates, clitics)

    def _contract_and_elide(self) -> list[list]:
        """de le → du, à les → aux, de des → de; then de, que, ne, je, me, le, la → d', qu', n', j', m', l'
        before a vowel sound, si il → s'il.

        Right to left, so the word after the current one is already in its final form."""
        fr = [list(t) for t in self.fr]
        i = len(fr) - 2
        while i >= 0:
            word, ids, kind = fr[i]
            nxt = fr[i + 1]
            if kind == "prep" and (word, nxt[0]) in _CONTRACTIONS and nxt[2] == "det":
                fr[i] = [_CONTRACTIONS[word, nxt[0]], ids | nxt[1], "det"]
                del fr[i + 1]
            elif kind == "prep" and word == "de" and nxt[2] == "indef" and nxt[0] in ("des", "de"):
                fr[i] = ["de", ids | nxt[1], "indef"]  # "près d'arbres", not "près de des arbres"
                del fr[i + 1]
            word, kind = fr[i][0], fr[i][2]
            following = fr[i + 1][0]
            if word in _ELIDING and starts_with_vowel_sound(following):
                fr[i][0] = _ELIDING[word]
            elif kind == "clitic" and word in _ELIDING_CLITICS and starts_with_vowel_sound(following):
                fr[i][0] = _ELIDING_CLITICS[word]
            elif word == "si" and following in ("il", "ils"):
                fr[i][0] = "s'"
            i -= 1
        return fr
