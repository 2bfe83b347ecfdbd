"""The grammar's English words beyond the lexicon's tables, each with the French the synchronous grammar pairs
it with: the lexicon's entries as the grammar draws them, the verb "have", prepositions, conjunctions,
determiners, numbers, adverbs, time words, the weather, tenses, and "a" or "an".

The English side decides a derivation's length (trees.py counts it); the French side is what french.py
writes. en-ko's renderer (korean.py) reads the English side and keeps its own Korean for each entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from num2words import num2words

from models.tasks.grammar.enfr_words import ALL, Verb, adjective_forms, adjectives, names, nouns, verbs
from models.text.tokenize import word_tokens

LEXICON_NOUNS = [n for n in nouns() if "m" not in n.tags and "l" not in n.tags]  # time words: time expressions only
# What one speaks, bare in English and French ("do you speak French?" → "est-ce que vous parlez français?" / 당신은
# 프랑스어를 해요?): the languages are said only as the object of "speak".
LANGUAGE_NOUNS = [n for n in nouns() if "l" in n.tags]
LEXICON_NAMES = list(names())
LEXICON_ADJECTIVES = list(adjectives())
LEXICON_VERBS = {k: list(v) for k, v in verbs().items()}
# "have" (possession) is the grammar's own: its past is the imperfect ("I had a dog" → "j'avais un chien").
HAVE = Verb("tr", "have", (), "avoir", "", "ha", "hatfdvbw")
# "do" as a verb of its own, in "what are you doing?" → "qu'est-ce que vous faites ?" (무엇을 하고 있어요?)
DO = Verb("tr", "do", (), "faire", "", "h", "tfi")
# "was born" → "est né" (the passé composé of naître, agreeing as être's participles do), 태어났어요: a past only.
BORN = Verb("intr", "born", (), "naître", "", "h")
# Modals beside the lexicon's "can" and "must", with their frequency (Zipf) for drawing them: French says them in the
# conditional ("she should eat" → "elle devrait manger", "might" → "pourrait", "would eat" → "mangerait").
MODALS = (
    Verb("inf", "would", (), "", "", "ha"),
    Verb("inf", "should", (), "devoir", "", "h"),
    Verb("inf", "might", (), "pouvoir", "", "ha"),
)
MODAL_ZIPF = {"would": 6.2, "should": 5.8, "might": 5.5}
WOULD = MODALS[0]
# To-verbs (and can: could) that have a past here: "she wanted to eat" → "elle voulait manger", "I could swim" → "je
# pouvais nager", "he tried to sleep" → "il a essayé de dormir" (french.py: STATE_VERBS).
PAST_MODALS = {"want", "need", "like", "love", "hate", "prefer", "can", "have", "try", "start", "begin", "decide"}
PAST_MODALS |= {"forget", "learn", "hope", "refuse", "promise", "choose", "manage", "continue"}
# "would like": vouloir in the conditional ("we would like to visit London" → "nous voudrions visiter Londres", "I would
# like a coffee" → "je voudrais un café"; "aimerais" says it too, the grammar keeps to one), in Korean as want (방문하고
# 싶어요, 커피를 원해요). WOULD_LIKE is the modal of "would like to"; LIKE_TO_HAVE the verb "like" after the modal would.
WOULD_LIKE = Verb("inf", "like", ("to",), "vouloir", "", "h")
LIKE_TO_HAVE = Verb("tr", "like", (), "vouloir", "", "h", "tfdw")


@dataclass(frozen=True, slots=True)
class Preposition:
    en: str
    atoms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    obj: str
    head: str
    after_verb: bool
    indefinite_ok: bool
    weight: float = 1.0  # how often new_pp draws it, against the others

    @property
    def en_len(self) -> int:
        return sum(len(en) for en, _ in self.atoms)


def atoms_of(pairs: list[tuple[str, str]]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple((tuple(en.split()), tuple(fr.split())) for en, fr in pairs)


# Prepositions: atoms (English words → French words, one alignment unit each), object tags,
# head-noun tags when the phrase modifies a noun ("" = never), usable after a verb, and whether
# the object may take "a"/"some" ("sans des amis" is wrong; "sans amis" drops the article).
_PREPOSITIONS = [
    ("of", [("of", "de")], "hap", ALL, False, True),
    ("with", [("with", "avec")], "hat", "hap", True, True),
    ("without", [("without", "sans")], "hat", "hap", True, False),
    ("near", [("near", "près de")], "tpvka", "hatvp", True, True),
    ("behind", [("behind", "derrière")], "tpvkha", "hatvp", True, True),
    ("under", [("under", "sous")], "tkv", "hatf", True, True),
    ("on", [("on", "sur")], "tv", "hatf", True, True),
    ("in", [("in", "dans")], "pc", "hatfv", True, True),
    ("at", [("at", "à")], "y", "", True, True),
    ("next to", [("next to", "à côté de")], "hatpvk", "hatpvk", True, True),
    ("in front of", [("in front of", "devant")], "hpvk", "hatv", True, True),
    ("for", [("for", "pour")], "ha", "tfg", False, True),  # not after verbs: "waits for X" is "attend X"
    ("from", [("from", "de")], "hp", "g", False, True),
    ("far from", [("far", "loin"), ("from", "de")], "p", "p", True, True),
]
# Less frequent ones, drawn half as often. "between" takes two coordinated objects ("between the door and the
# window"), "among" a plural one; "against", "through", "along" and "according to" never modify a noun.
_MORE_PREPOSITIONS = [
    ("by", [("by", "près de")], "pvk", "hatvp", True, True),
    ("above", [("above", "au-dessus de")], "kp", "tk", True, True),
    ("below", [("below", "en dessous de")], "k", "tk", True, True),
    ("inside", [("inside", "à l'intérieur de")], "pcv", "hatk", True, True),
    ("outside", [("outside", "à l'extérieur de")], "pv", "hatv", True, True),
    ("within", [("within", "dans")], "p", "hatk", True, True),
    ("around", [("around", "autour de")], "pk", "hatvp", True, True),
    ("across", [("across", "de l'autre côté de")], "p", "hatvp", True, True),
    ("between", [("between", "entre")], "pkvt", "hatvpk", True, True),
    ("among", [("among", "parmi")], "ha", "ha", True, True),
    ("against", [("against", "contre")], "k", "", True, True),
    ("through", [("through", "à travers")], "pk", "", True, True),
    ("along", [("along", "le long de")], "p", "", True, True),
    ("according to", [("according to", "selon")], "h", "", True, False),
]
_FREQUENT = {"in": 2.0}  # "in" is drawn twice as often: the most frequent of them, and a city's (copyable.py)
PREPOSITIONS = [
    Preposition(en, atoms_of(atoms), obj, head, v, ind, _FREQUENT.get(en, 1.0))
    for en, atoms, obj, head, v, ind in _PREPOSITIONS
]
PREPOSITIONS += [
    Preposition(en, atoms_of(atoms), obj, head, v, ind, 0.5) for en, atoms, obj, head, v, ind in _MORE_PREPOSITIONS
]
NOT_PLACES = {"with", "without", "through", "according to"}  # "is in the garden", never "is through the park"

# Clause conjunctions as alignment atoms, with weights.
_CONJUNCTIONS = [
    ([("and", "et")], 4.0),
    ([(",", ","), ("but", "mais")], 1.0),
    ([("because", "parce que")], 1.0),
    ([("while", "pendant que")], 0.6),
    ([("when", "quand")], 0.8),
    ([("if", "si")], 0.5),
    ([("as soon as", "dès que")], 0.3),
    ([(",", ","), ("so", "donc")], 0.6),
    ([("since", "puisque")], 0.3),  # "since" as "because"; "since Monday" would take the French present
    ([("and", "et"), ("then", "puis")], 0.5),
]
CONJUNCTIONS = [(atoms_of(atoms), w) for atoms, w in _CONJUNCTIONS]
# Words that open a statement, before a comma: "yes, I am hungry." → "oui, j'ai faim." (네, 배고파요.)
OPENERS = [("yes", "oui"), ("no", "non"), ("oh", "oh"), ("yeah", "ouais"), ("okay", "d'accord"), ("ok", "d'accord")]
OPENERS += [("hey", "hé"), ("well", "eh bien"), ("so", "alors"), ("maybe", "peut-être que")]
OPENERS += [("however", "cependant"), ("sir", "monsieur"), ("of course", "bien sûr"), ("indeed", "en effet")]
OPENERS += [("obviously", "évidemment"), ("apparently", "apparemment"), ("unfortunately", "malheureusement")]
OPENERS += [("luckily", "heureusement"), ("honestly", "honnêtement"), ("seriously", "sérieusement")]
OPENERS += [("clearly", "clairement"), ("suddenly", "soudain"), ("first", "d'abord"), ("finally", "enfin")]
OPENERS += [("now", "maintenant"), ("anyway", "de toute façon"), ("basically", "en gros"), ("in fact", "en fait")]
OPENERS += [("exactly", "exactement"), ("whatever", "peu importe"), ("oh my god", "oh mon Dieu")]
OPENERS += [("once upon a time", "il était une fois")]
# what a class says first, before what it says next: "thank you, I am tired" → "merci, je suis fatigué"
OPENERS += [("thank you", "merci"), ("thank you very much", "merci beaucoup"), ("hello", "bonjour")]
OPENERS += [("hi", "salut"), ("good morning", "bonjour"), ("excuse me", "excusez-moi"), ("sorry", "pardon")]
OPENERS += [("nice to meet you", "enchanté"), ("goodbye", "au revoir"), ("good night", "bonne nuit")]
OPENERS += [("good evening", "bonsoir"), ("see you tomorrow", "à demain"), ("see you later", "à plus tard")]
OPENERS += [("let us go", "allons-y")]  # "let's go." (any other "let us" is a verb phrase: VP.lets)
# ... and said alone, as a whole sentence: "thank you." → "merci." (고마워요.); those of one word ("hello.") are shorter
# than any sentence drawn (3 tokens or more), so they come only before a statement
GREETINGS = ("thank you", "thank you very much", "hello", "hi", "good morning", "excuse me", "sorry", "good night")
GREETINGS += ("nice to meet you", "goodbye", "good evening", "see you tomorrow", "see you later", "let us go")
# ... and before a question: "excuse me, where is the station?" → "excusez-moi, où est la gare?" (실례해요, 역은 어디에 있어요?)
QUESTION_OPENERS = ("hello", "hi", "good morning", "good evening", "excuse me", "sorry", "hey", "so", "well", "oh")
# ... and before a command: "okay, open the door." → "d'accord, ouvrez la porte." (좋아요, 문을 여세요.)
IMPERATIVE_OPENERS = (*QUESTION_OPENERS, "yes", "no", "okay", "ok", "now", "first", "finally", "thank you", "seriously")
# What a class orders and drinks by the container: "a glass of water" → "un verre d'eau" (물 한 잔), "two cups of
# tea" → "deux tasses de thé" (차 두 잔). The container noun, its Korean counter, and what it holds.
CONTAINERS = {
    "glass": ("잔", ("water", "milk", "juice", "wine")),
    "cup": ("잔", ("coffee", "tea", "milk")),
    "bottle": ("병", ("water", "milk", "juice", "wine")),
    "bowl": ("그릇", ("soup", "rice")),
    "piece": ("조각", ("cake", "bread", "cheese", "pizza")),
}
# Titles before a name, by the name's gender: "Mr Martin" → "monsieur Martin" (Martin 씨), "Dr Sophie" → "le docteur
# Sophie" (Sophie 박사님).
TITLES = {"Mr": ("monsieur", "m"), "Mrs": ("madame", "f"), "Miss": ("mademoiselle", "f"), "Dr": ("le docteur", "mf")}
# "this is mine" → "c'est à moi" (제 거예요): the possessive pronoun of each personal pronoun, and its French
OWNERS = {"I": ("mine", "à moi"), "you": ("yours", "à vous"), "he": ("his", "à lui"), "she": ("hers", "à elle")}
OWNERS |= {"we": ("ours", "à nous"), "they": ("theirs", "à eux")}

# Determiners: English singular/plural, French masculine/feminine singular and plural, numbers allowed, weight.
# "" is the bare noun (mass or plural: "bread", "cats"); "num" a number from 2 to 100.
DETERMINERS = {
    "the": (("the", "the"), ("le", "la", "les"), "sp", 10.0),
    "a": (("a", ""), ("un", "une", ""), "s", 5.0),
    "some": (("", "some"), ("", "", "des"), "p", 1.2),
    "": (("", ""), ("", "", ""), "p", 2.5),
    "this": (("this", "these"), ("ce", "cette", "ces"), "sp", 2.0),
    "that": (("that", "those"), ("ce", "cette", "ces"), "sp", 0.6),
    "my": (("my", "my"), ("mon", "ma", "mes"), "sp", 2.0),
    "his": (("his", "his"), ("son", "sa", "ses"), "sp", 0.8),
    "her": (("her", "her"), ("son", "sa", "ses"), "sp", 0.8),
    "your": (("your", "your"), ("votre", "votre", "vos"), "sp", 1.2),
    "our": (("our", "our"), ("notre", "notre", "nos"), "sp", 0.6),
    "their": (("their", "their"), ("leur", "leur", "leurs"), "sp", 0.6),
    "every": (("every", ""), ("chaque", "chaque", ""), "s", 0.4),
    "num": (("", ""), ("", "", ""), "p", 1.2),
    "each": (("each", ""), ("chaque", "chaque", ""), "s", 0.3),
    "another": (("another", ""), ("un autre", "une autre", ""), "s", 0.4),
    "several": (("", "several"), ("", "", "plusieurs"), "p", 0.4),
    "many": (("", "many"), ("", "", "beaucoup de"), "p", 0.5),
    "a few": (("", "a few"), ("", "", "quelques"), "p", 0.4),
    "all": (("", "all the"), ("", "", "tous les"), "p", 0.5),  # toutes les before a feminine noun
    "its": (("its", "its"), ("son", "sa", "ses"), "sp", 0.3),
    "both": (("", "both"), ("", "", "les deux"), "p", 0.3),
    "enough": (("", "enough"), ("", "", "assez de"), "p", 0.3),  # and mass nouns: "enough water" → "assez d'eau"
}
POSSESSIVES = ("my", "his", "her", "your", "our", "their", "its")
MASS_DETERMINERS = ("the", "this", "that", "", "some", "enough", *POSSESSIVES)
INDEFINITE = ("a", "some", "", "num")


DIGITS_FROM = 101  # the grammar's own numbers are 1-100, in words; larger ones come from copyable.CopyDraw


@cache
def number_words(n: int, feminine: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """English and French tokens of a number: 21 → ("twenty", "-", "one"), ("vingt", "et", "une"). A number above
    DIGITS_FROM is written in digits on both sides, one token to copy (models/tasks/grammar/copyable.py): 250 → ("250",)."""
    if n >= DIGITS_FROM:
        return (str(n),), (str(n),)
    en = tuple(word_tokens(num2words(n, lang="en")))
    fr = list(word_tokens(num2words(n, lang="fr")))
    if feminine and fr[-1] == "un":
        fr[-1] = "une"
    return en, tuple(fr)


TENSES = ("pres", "prog", "past", "fut", "perf")  # perf: the present perfect, "has seen" → "a vu", 봤어요
TENSES_ALL = TENSES

# Adverbs: frequency (before the English verb, after the French finite verb), manner (after an intransitive
# verb; after the French finite verb), time (at the end of the clause, with the tenses each allows).
FREQUENCY = [("often", "souvent"), ("always", "toujours"), ("sometimes", "parfois"), ("usually", "d'habitude")]
FREQUENCY += [("also", "aussi"), ("really", "vraiment"), ("still", "encore"), ("probably", "probablement")]
FREQUENCY += [("actually", "en fait"), ("even", "même"), ("already", "déjà"), ("just", "juste")]
FREQUENCY += [("never", "jamais"), ("almost", "presque"), ("finally", "enfin"), ("recently", "récemment")]
FREQUENCY += [("currently", "actuellement"), ("simply", "simplement"), ("especially", "surtout"), ("only", "seulement")]
FREQUENCY += [("perhaps", "peut-être"), ("ever", "déjà")]  # ever: "have you ever seen it?" only
# The tenses each adverb of FREQUENCY goes with (the others: the present only, as "often" needs the French imperfect
# in the past): "she has already eaten" → "elle a déjà mangé", "I almost fell" → "je suis presque tombé". "never" is
# French ne … jamais, like a negation ("je ne mange jamais de pommes").
FREQUENCY_TENSES = {
    "also": TENSES_ALL,
    "really": TENSES_ALL,
    "probably": TENSES_ALL,
    "actually": TENSES_ALL,
    "even": TENSES_ALL,
    "perhaps": TENSES_ALL,
    "already": ("pres", "past", "perf"),
    "never": ("pres", "past", "perf", "fut"),
    "almost": ("past", "perf"),
    "finally": ("past", "perf", "fut"),
    "recently": ("past", "perf"),
    "currently": ("pres", "prog"),
    "still": ("pres", "prog"),
    "only": ("pres", "past"),
    "ever": ("perf",),
}
MANNER = [("well", "bien"), ("a lot", "beaucoup"), ("badly", "mal"), ("quickly", "vite")]
MANNER += [("again", "encore"), ("here", "ici"), ("together", "ensemble"), ("outside", "dehors"), ("too", "aussi")]
MANNER += [("early", "tôt"), ("there", "là"), ("slowly", "lentement"), ("so much", "tellement")]
MANNER += [("either", "non plus")]  # under a negation only, as "too" never is: "she does not sing either"
# Words before a predicate adjective: "she is quite tired" → "elle est assez fatiguée" (French: tellement faim).
DEGREES = [("very", "très"), ("quite", "assez"), ("so", "tellement"), ("too", "trop"), ("rather", "plutôt")]
DEGREES += [("extremely", "extrêmement"), ("really", "vraiment")]
# Comparison, as a degree: "more expensive than the car" → "plus cher que la voiture", "the most expensive" → "la plus
# chère"; "good" is "better" and "the best" (meilleur). Only adjectives English compares with more and most.
COMPARISONS = [("more", "plus"), ("less", "moins"), ("the most", "le plus"), ("the least", "le moins")]
NOT_GRADABLE = {"favorite", "alive", "dead", "complete", "perfect", "unique", "entire", "whole", "final", "medical"}
NOT_GRADABLE |= {"national", "political", "digital", "electric", "chemical", "musical", "original", "central", "total"}
NOT_GRADABLE |= {"last", "first", "next", "second", "third", "only", "same", "other", "main", "whole", "fourth"}
NOT_GRADABLE |= {"married", "closed", "opened", "broken", "painted", "finished", "naked", "wooden", "golden", "plastic"}
_MORE_ENDINGS = ("ful", "ous", "ive", "al", "ing", "ed", "ic", "ent", "ant", "ible", "able", "ish", "less", "ern")


def compared_with_more(adjective: str) -> bool:
    """Does English compare `adjective` with "more" ("more expensive"; not "more big", which is "bigger")?"""
    if adjective[0].isupper() or adjective in NOT_GRADABLE or len(adjective) < 5:  # not "more Mexican", "more red"
        return False
    syllables = sum(
        1 for k, c in enumerate(adjective) if c in "aeiouy" and (k == 0 or adjective[k - 1] not in "aeiouy")
    )
    return adjective.endswith(_MORE_ENDINGS) or (syllables >= 3 and not adjective.endswith("y"))


def better(adjective: str, degree: str) -> str:
    """ "better" for "more good", "best" for "the most good", else ""."""
    return {"more": "better", "the most": "best"}.get(degree, "") if adjective == "good" else ""


def compared_with_er(adjective: str) -> bool:
    """Does English compare `adjective` with -er, and does a class (adjective_forms.tsv: bigger, happier)?"""
    return adjective in adjective_forms()


def one_word(adjective: str, degree: str) -> str:
    """The one English word of a degree and an adjective: "better", "the best" (as "best"), "bigger", "biggest" for
    "the most big"; "" where English writes two words (more expensive, less big)."""
    if adjective == "good":
        return better(adjective, degree)
    forms = adjective_forms().get(adjective)
    return {"more": forms[0], "the most": forms[1]}.get(degree, "") if forms else ""


TIME = [
    ("today", "aujourd'hui", "pres prog past fut perf"),
    ("now", "maintenant", "pres prog"),
    ("tomorrow", "demain", "fut"),
    ("yesterday", "hier", "past"),
    ("tonight", "ce soir", "prog fut"),
    ("this morning", "ce matin", "past fut perf"),
    ("every morning", "chaque matin", "pres"),
    ("every day", "chaque jour", "pres"),
    ("every evening", "chaque soir", "pres"),
    ("every week", "chaque semaine", "pres"),
    ("last week", "la semaine dernière", "past"),
    ("next week", "la semaine prochaine", "fut"),
    ("last year", "l'année dernière", "past"),
    ("next year", "l'année prochaine", "fut"),
    ("on Monday", "lundi", "past fut"),
    ("on Sunday", "dimanche", "past fut"),
    ("in the morning", "le matin", "pres"),
    ("at night", "la nuit", "pres"),
    ("later", "plus tard", "fut"),
    ("soon", "bientôt", "fut"),
    ("last night", "hier soir", "past"),
    ("this weekend", "ce week-end", "fut"),
    ("every year", "chaque année", "pres"),
    ("on Friday", "vendredi", "past fut"),
    ("on Saturday", "samedi", "past fut"),
    ("in the summer", "en été", "pres past fut"),
    ("in the winter", "en hiver", "pres past fut"),
    ("in the spring", "au printemps", "pres past fut"),
    ("this week", "cette semaine", "past fut perf"),
    ("this month", "ce mois-ci", "past fut perf"),
    ("this year", "cette année", "past fut perf"),
    ("last month", "le mois dernier", "past"),
    ("next month", "le mois prochain", "fut"),
    ("this time", "cette fois", "past fut"),
    ("at the moment", "en ce moment", "pres prog"),
    ("these days", "ces jours-ci", "pres prog"),
    ("right now", "tout de suite", "prog fut"),
    ("at the same time", "en même temps", "pres prog past fut"),
    ("most of the time", "la plupart du temps", "pres"),
    ("all the time", "tout le temps", "pres"),
    ("from time to time", "de temps en temps", "pres"),
    ("for a long time", "longtemps", "past fut perf"),
    ("so far", "jusqu'ici", "perf"),
    ("until now", "jusqu'à maintenant", "perf"),
    ("until tomorrow", "jusqu'à demain", "fut"),
    ("until Monday", "jusqu'à lundi", "past fut"),
    ("before the weekend", "avant le week-end", "past fut"),
    ("before noon", "avant midi", "past fut"),
    ("during the night", "pendant la nuit", "pres past fut"),
    ("during the day", "pendant la journée", "pres past fut"),
    ("during the week", "pendant la semaine", "pres past fut"),
    ("in the afternoon", "l'après-midi", "pres"),
    # a school day: "we play football after school" → "nous jouons au football après l'école" (방과 후에 축구를 해요)
    ("after school", "après l'école", "pres past fut"),
    ("after class", "après le cours", "pres past fut"),
    ("before class", "avant le cours", "pres past fut"),
    ("after lunch", "après le déjeuner", "pres past fut"),
    ("after dinner", "après le dîner", "pres past fut"),
    ("before dinner", "avant le dîner", "pres past fut"),
    ("after work", "après le travail", "pres past fut"),
    ("in the evening", "le soir", "pres"),
    # a week's routine: "he plays football every Sunday" → "il joue au football chaque dimanche" (일요일마다)
    ("every Sunday", "chaque dimanche", "pres"),
    ("every Saturday", "chaque samedi", "pres"),
    ("every Monday", "chaque lundi", "pres"),
    ("every weekend", "chaque week-end", "pres"),
    ("early in the morning", "tôt le matin", "pres past fut"),
    ("in the middle of the night", "au milieu de la nuit", "past"),
    ("at first", "d'abord", "past"),
    ("in the end", "à la fin", "past fut"),
    ("once a week", "une fois par semaine", "pres"),
    ("once a day", "une fois par jour", "pres"),
    ("twice a month", "deux fois par mois", "pres"),
    ("three times per week", "trois fois par semaine", "pres"),
    ("two times per day", "deux fois par jour", "pres"),
    ("half an hour ago", "il y a une demi-heure", "past"),
    ("for half an hour", "pendant une demi-heure", "past fut"),
    ("a few days ago", "il y a quelques jours", "past"),
    ("a month ago", "il y a un mois", "past"),
    ("a year ago", "il y a un an", "past"),
    ("two years ago", "il y a deux ans", "past"),
    ("instead", "à la place", "pres past fut"),
    ("yet", "encore", "perf"),  # under a negation only: "she has not eaten yet" → "elle n'a pas encore mangé"
    ("in the past", "dans le passé", "past"),
    ("in the future", "à l'avenir", "fut"),
    ("at present", "à présent", "pres prog"),
    ("ahead of time", "à l'avance", "past fut"),
    ("next summer", "l'été prochain", "fut"),
    ("last summer", "l'été dernier", "past"),
    ("next winter", "l'hiver prochain", "fut"),
    ("last winter", "l'hiver dernier", "past"),
    ("next Monday", "lundi prochain", "fut"),
    ("last Monday", "lundi dernier", "past"),
    ("next weekend", "le week-end prochain", "fut"),
    ("last weekend", "le week-end dernier", "past"),
]
MONTHS = "January February March April May June July August September October November December".split()  # noqa: SIM905
_MOIS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()  # noqa: SIM905
TIME += [(f"in {en}", f"en {fr}", "past fut") for en, fr in zip(MONTHS, _MOIS, strict=True)]
# "two hours ago" → "il y a deux heures", "for three days" → "pendant trois jours"
DURATIONS = [("minute", "minute"), ("hour", "heure"), ("day", "jour"), ("week", "semaine"), ("month", "mois")]
for _n, _en_n, _fr_n in ((2, "two", "deux"), (3, "three", "trois")):
    for _unit, _fr_unit in DURATIONS:
        _plural_fr = _fr_unit if _fr_unit.endswith("s") else _fr_unit + "s"
        TIME.append((f"{_en_n} {_unit}s ago", f"il y a {_fr_n} {_plural_fr}", "past"))
        TIME.append((f"for {_en_n} {_unit}s", f"pendant {_fr_n} {_plural_fr}", "past fut"))
TIME_ATOMS = [(tuple(en.split()), tuple(word_tokens(fr)), tenses.split()) for en, fr, tenses in TIME]

# Weather: English and French by tense, "it" subject (negated forms are built by the renderer).
# (en adjective or verb, French: present, imperfect/passé composé, future), kind adj (il fait X) or verb.
WEATHER = [
    ("cold", "adj", "froid"),
    ("hot", "adj", "chaud"),
    ("nice", "adj", "beau"),
    ("rain", "verb", ("pleut", "a plu", "pleuvra", "raining", "rained")),
    ("snow", "verb", ("neige", "a neigé", "neigera", "snowing", "snowed")),
]

# English verbs that describe a state, so never in the progressive ("we are knowing" is not English).
STATIVE = {"know", "like", "love", "hate", "understand", "believe", "prefer", "own", "belong", "contain", "cost"}
STATIVE |= {"mean", "need", "want", "seem", "recognize", "remember", "owe", "deserve", "weigh", "have", "hear"}
STATIVE |= {"see", "smell", "taste", "agree", "doubt", "forget", "hope", "wish", "depend", "matter", "exist"}
STATIVE |= {"born"}  # "was born": never "I was born myself", "can you be born, please?"
# State verbs said in the present perfect without a "for two years" (which French says with the present: "je le
# connais depuis deux ans"): "I have seen", "she has forgotten", "we have heard".
PERFECT_STATIVE = {"see", "forget", "hear", "have", "understand", "agree", "smell", "taste"}


def fit_tense(tense: str, verb: str) -> str:
    """`tense` for the verb `verb`, or the present where a state verb cannot take it ("we are knowing")."""
    if verb in STATIVE and (tense == "prog" or (tense == "perf" and verb not in PERFECT_STATIVE)):
        return "pres"
    return tense


# "an" goes by sound, not spelling: "an hour", "a university".
_AN_ANYWAY = {"hour", "hours", "honest", "heir"}
_A_ANYWAY = ("uni", "use", "usu", "euro", "one", "uro")


def an(word: str) -> bool:
    w = word.lower()
    return w in _AN_ANYWAY or (w[0] in "aeiou" and not w.startswith(_A_ANYWAY))


# What one plays, and the French preposition before it: a sport, bare in English ("play football" → "jouer au
# football"), an instrument with "the" ("play the piano" → "jouer du piano"); Korean says each with a verb of its own
# (enko_lexicon/nouns.tsv, column play): 축구를 해요, 피아노를 쳐요.
PLAY_OBJECTS = {"football": "à", "soccer": "à", "tennis": "à"} | dict.fromkeys(
    ("piano", "guitar", "violin", "flute", "trumpet"), "de"
)
