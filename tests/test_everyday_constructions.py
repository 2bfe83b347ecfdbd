"""Constructions of the everyday names set (tests/data/everyday_enfr_names.tsv, everyday_enko_names.tsv) that the
grammar lacked: cities of two words ("in New York"), "the train to Lyon", names that are also English words ("Mark"),
"the news" (les nouvelles), "at home", "my friend Paul", "next summer", and "go to Berlin". Each renders its row of
the set in French (and Korean, where the set writes what the grammar writes), and each is drawn in the data."""

import csv
import random
import re
from pathlib import Path

from grammar_builders import np, pron, verb

from models.tasks import enfr, enko
from models.tasks.grammar import copyable, enfr_words, english, french, korean, trees
from models.tasks.grammar.copyable import CITY, CITY_PREPOSITIONS, TO_CITY, CopyDraw
from models.tasks.grammar.enfr_words import IT, Name
from models.text.coverage import GRAMMAR_RULES
from models.text.tokenize import JOINER
from models.text.userinput import normalize_input
from models.text.vocab import Vocab

DATA = Path(__file__).resolve().parent / "data"


def reference(name: str, column: str) -> dict[str, str]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return {r["en"]: r[column] for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}


FR = reference("everyday_enfr_names.tsv", "fr")
KO = reference("everyday_enko_names.tsv", "ko")


def person(text: str, gender: str = "m") -> trees.NP:
    return trees.NP("h", name=Name(text, gender))


def city(text: str) -> trees.NP:
    return trees.NP("p", name=Name(text, CITY))


def render(clause: trees.Clause) -> tuple[str, str, str]:
    """(English, French, Korean) of a one-clause sentence; the English length is the derivation's."""
    parts = [((), clause)]
    fr, ko = french.Renderer().sentence(parts), korean.Renderer().sentence(parts)
    assert fr.en == ko.en and len(fr.en) == clause.en_len() + 1
    return fr.source, fr.target, ko.target.replace(JOINER, "")


def says(subj, kind, base=None, particles=(), question="", **vp) -> tuple[str, str, str]:
    v = verb(kind, base, particles) if base else vp.pop("verb", None)
    yes_no = question == "yn"
    return render(trees.Clause(subj, trees.VP(kind, subj, v, question=bool(question), yes_no=yes_no, **vp), question))


def matches(row: str, rendered: tuple[str, str, str], korean_too: bool = True) -> None:
    """The set's row, whose English starts with a capital the grammar's does not (the input rules lower it)."""
    en, fr, ko = rendered
    assert en == row[0].lower() + row[1:] or en == row
    assert fr == FR[row]
    if korean_too:
        assert ko == KO[row]


def time_word(en: str):
    return next(t for t in english.TIME_ATOMS if t[0] == tuple(en.split()))


def test_a_city_of_two_words():
    friends = np("friend", "num", plural=True)
    friends.num, friends.pp = 5, trees.PP(CITY_PREPOSITIONS["in"], city("New York"))
    en, fr, ko = says(pron("I"), "tr", verb=english.HAVE, obj=friends)
    matches("I have five friends in New York.", (en, fr, ko), korean_too=False)
    assert "New York에" in ko  # the particle after the last word, as Korean says York (욕)
    assert {"New", "York", "Los", "Angeles"} <= copyable.copy_only_tokens()  # only copying writes them
    assert "New York" in copyable.multiword_cities() and "New York" not in copyable.pools(True)[1]


def test_the_train_to_lyon():
    late = next(a for a in english.LEXICON_ADJECTIVES if a.en == "late")
    train = np("train")
    train.pp = trees.PP(TO_CITY, city("Lyon"))
    matches("The train to Lyon is late.", says(train, "cop", adjs=[late]))
    ticket = np("ticket", "a")
    ticket.pp = trees.PP(TO_CITY, city("Oslo"))
    assert says(pron("she"), "tr", "buy", tense="past", obj=ticket) == (
        "she bought a ticket to Oslo.",
        "elle a acheté un billet pour Oslo.",
        "그녀는 Oslo로 가는 표를 샀어요.",
    )


def test_a_name_that_is_also_a_word():
    said = says(person("Mark"), "ditr", "give", tense="past", obj=np("gift", "a"), obj2=person("Amy", "f"))
    matches("Mark gave a gift to Amy.", said)
    assert not copyable.is_copy_only("Mark") and "Mark" in copyable.WORD_NAMES["m"]
    # drawn as names, they are in a vocabulary capitalised, and the input rules keep a typed "Mark" as it is
    rng, copy = random.Random(3), CopyDraw(random.Random(4), name_share=1.0, word_name_share=1.0)
    sources = [enfr.sample(rng, rng.randint(4, 10), copy=copy).source for _ in range(1500)]
    assert sum(s.startswith("Mark ") for s in sources) >= 3
    red = next(a for a in english.LEXICON_ADJECTIVES if a.en == "red")
    sources.append(says(np("mark"), "cop", adjs=[red])[0])  # the noun, which 1,500 short sentences may not draw
    vocab = Vocab.build(sources, "word", exclude=copyable.is_copy_only)
    assert vocab.is_known("Mark") and vocab.is_known("mark")
    read = normalize_input("Mark gave a gift to Amy.", vocab.is_known, vocab.tokenize, GRAMMAR_RULES, words=True)
    assert read.text == "Mark gave a gift to Amy."
    read = normalize_input("The mark is red.", vocab.is_known, vocab.tokenize, GRAMMAR_RULES, words=True)
    assert read.text == "the mark is red."


def test_the_news_is_plural_in_french():
    matches("Lucy is reading the news.", says(person("Lucy", "f"), "tr", "read", tense="prog", obj=np("news")))
    good = next(a for a in english.LEXICON_ADJECTIVES if a.en == "good")
    news = np("news")
    assert says(news, "cop", adjs=[good]) == (
        "the news is good.",
        "les nouvelles sont bonnes.",
        "소식은 좋아요.",
    )
    some = np("news", "some")
    assert says(pron("we"), "tr", "hear", tense="past", obj=some)[1] == "nous avons entendu des nouvelles."


def test_at_home():
    home = np("home", "")
    home.fr_definite = True
    at = next(p for p in english.PREPOSITIONS if p.en == "at")
    matches("Is Chris at home?", says(person("Chris"), "cop", question="yn", loc=trees.PP(at, home)))
    assert says(pron("she"), "intr", "work", loc=trees.PP(at, home)) == (
        "she works at home.",
        "elle travaille à la maison.",
        "그녀는 집에서 일해요.",
    )


def test_my_friend_paul():
    friend = np("friend", "my")
    friend.appos = person("Paul")
    in_paris = trees.PP(CITY_PREPOSITIONS["in"], city("Paris"))
    matches("My friend Paul lives in Paris.", says(friend, "intr", "live", loc=in_paris), korean_too=False)
    friend.appos = person("Peter")  # a long-list name stays Latin in Korean, as the set writes it
    assert says(friend, "intr", "live", loc=in_paris)[2] == "제 친구 Peter는 Paris에 살아요."
    sister = np("sister", "her")
    sister.appos = person("Anna", "f")
    assert says(pron("I"), "tr", "see", tense="past", obj=sister)[:2] == (
        "I saw her sister Anna.",
        "j'ai vu sa sœur Anna.",
    )


def test_next_week_and_next_summer():
    go = {"particles": ("to",), "tense": "fut", "obj": city("Berlin")}
    matches("We will go to Berlin next week.", says(pron("we"), "prep", "go", time=time_word("next week"), **go))
    assert says(pron("we"), "prep", "go", time=time_word("next summer"), **go) == (
        "we will go to Berlin next summer.",
        "nous irons à Berlin l'été prochain.",
        "우리는 내년 여름에 Berlin에 갈 거예요.",
    )
    assert says(pron("I"), "intr", "work", tense="past", time=time_word("last winter"))[1] == (
        "j'ai travaillé l'hiver dernier."
    )


CONSTRUCTIONS = {
    "a city of two words": "|".join(copyable.multiword_cities()),
    "the train to Lyon": r"\b(train|bus|plane|flight|ticket|boat)s? to [A-Z]",
    "a name that is a word": r"\b(" + "|".join(n for g in copyable.WORD_NAMES.values() for n in g) + r")\b",
    "the news": r"\bnews\b",
    "at home": r"\bat home\b",
    "my friend Paul": r"\b(my|his|her|your|our|their) (friend|brother|sister|teacher|cousin|son|daughter) [A-Z]",
    "next summer": r"\b(next|last) (week|summer|winter|month|year|Monday|weekend)\b",
    "go to Berlin": r"\b(go|goes|went|gone|going|come|comes|came|coming|return|returns|returned) (to|from) [A-Z]",
    "John Miller": r"\b[A-Z][a-z]+ (" + "|".join(copyable.surnames()) + r")\b",
    "play football": r"\bplay(s|ed|ing)? (the )?(" + "|".join(english.PLAY_OBJECTS) + r")\b",
    "every Sunday": r"\bevery (Sunday|Saturday|Monday|weekend)\b",
    "speak French": r"\b(speak|speaks|spoke|spoken|speaking) ("
    + "|".join(n.en[0] for n in english.LANGUAGE_NOUNS)
    + r")\b",
}


def test_names_of_two_words_as_subject_and_object():
    """A full name, and a city said to be something: what a class types first ("Hong Kong is very big")."""
    big = next(a for a in english.LEXICON_ADJECTIVES if a.en == "big")
    assert says(city("Hong Kong"), "cop", adjs=[big], very=True) == (
        "Hong Kong is very big.",
        "Hong Kong est très grand.",
        "Hong Kong은 아주 커요.",
    )
    assert says(pron("I"), "tr", "know", obj=person("John Miller")) == (
        "I know John Miller.",
        "je connais John Miller.",
        "저는 John Miller를 알아요.",
    )
    assert says(pron("we"), "tr", "visit", tense="past", obj=city("New York")) == (
        "we visited New York.",
        "nous avons visité New York.",
        "우리는 New York을 방문했어요.",  # 뉴욕을
    )


def test_play_football_and_play_the_piano():
    """French plays a sport à and an instrument de; Korean has a verb for each (축구를 해요, 피아노를 쳐요)."""
    football, piano = np("football", ""), np("piano")
    football.fr_definite = True
    assert says(pron("I"), "tr", "play", obj=football) == (
        "I play football.",
        "je joue au football.",
        "저는 축구를 해요.",
    )
    assert says(pron("she"), "tr", "play", obj=piano, neg=True) == (
        "she does not play the piano.",
        "elle ne joue pas du piano.",
        "그녀는 피아노를 안 쳐요.",
    )
    football = np("football", "")
    football.fr_definite = True
    assert says(pron("we"), "tr", "play", obj=football, time=time_word("after school")) == (
        "we play football after school.",  # the Korean pack wrote 학교를 해요: "after school" was no time word
        "nous jouons au football après l'école.",
        "우리는 방과 후에 축구를 해요.",
    )
    violin = np("violin")
    assert says(pron("he"), "tr", "play", obj=violin, tense="past")[1:] == (
        "il a joué du violon.",
        "그는 바이올린을 켰어요.",
    )


def test_speak_french():
    """What a class asks a new friend: a language is spoken bare in English and French, and Korean does it (하다)."""
    french, korean = (trees.NP("l", noun=n, det="") for n in english.LANGUAGE_NOUNS if n.en[0] in ("French", "Korean"))
    assert says(pron("you"), "tr", "speak", obj=french, question="yn") == (
        "do you speak French?",
        "est-ce que vous parlez français?",
        "당신은 프랑스어를 해요?",
    )
    assert says(pron("I"), "tr", "speak", obj=korean, neg=True) == (
        "I do not speak Korean.",
        "je ne parle pas coréen.",
        "저는 한국어를 안 해요.",
    )
    # only as what one speaks: no "the big French", no "what does she speak?"
    assert not {n.en[0] for n in english.LANGUAGE_NOUNS} & {n.en[0] for n in english.LEXICON_NOUNS}


def test_every_sunday():
    """A week's routine (the en-fr GPT wrote "My friend plays football every Sunday." without "chaque")."""
    football = np("football", "")
    football.fr_definite = True
    assert says(pron("he"), "tr", "play", obj=football, time=time_word("every Sunday")) == (
        "he plays football every Sunday.",
        "il joue au football chaque dimanche.",
        "그는 일요일마다 축구를 해요.",
    )
    assert says(pron("we"), "intr", "swim", time=time_word("every weekend"))[1:] == (
        "nous nageons chaque week-end.",
        "우리는 주말마다 수영해요.",
    )


def test_the_constructions_are_drawn_in_both_packs():
    """Each turns up in the packs' data, which holds 224,000 sentences: at least 4 in 3,000 here."""
    for module in (enfr, enko):
        rng, copy = random.Random(11), CopyDraw(random.Random(12))
        pairs = [module.sample(rng, rng.randint(3, 25), copy=copy) for _ in range(3000)]
        for name, pattern in CONSTRUCTIONS.items():
            found = [p for p in pairs if re.search(pattern, p.source)]
            assert len(found) >= 4, (module.__name__, name, len(found))
        for p in pairs:  # a city of two words is written whole, as the source has it
            for c in copyable.multiword_cities():
                assert (c in p.source) == (c in p.target), (p.source, p.target)


def test_how_old_are_you_and_what_time_is_it():
    """Two questions of a first lesson that the grammar lacked (the en-fr pack wrote "combien de vieux est-ce que
    vous êtes?" and "madame le temps l'est?"): French inverts the pronoun after avoir (avez-vous, a-t-il)."""

    def asked(subj, kind):
        vp = trees.VP("age" if kind == "howold" else "cop", subj, tense="pres", question=True, no_loc=True)
        return render(trees.Clause(subj, vp, kind))

    assert asked(pron("you"), "howold") == ("how old are you?", "quel âge avez-vous?", "당신은 몇 살이에요?")
    assert asked(pron("she"), "howold")[1] == "quel âge a-t-elle?"
    sister = np("sister", "your")
    assert asked(sister, "howold") == (
        "how old is your sister?",
        "quel âge a votre sœur?",
        "당신의 여동생은 몇 살이에요?",
    )
    assert asked(trees.NP("", pron=IT), "whattime") == ("what time is it?", "quelle heure est-il?", "몇 시예요?")
    pairs = [enfr.sample(random.Random(i), 5) for i in range(3000)]
    assert sum(p.source == "what time is it?" for p in pairs) >= 3
    assert sum(p.source.startswith("how old") for p in pairs) >= 10


def test_thank_you_and_hello_before_a_statement():
    """What a class says first: thank you, hello, excuse me as a sentence's opener, in French and in Korean."""
    tired = next(a for a in english.LEXICON_ADJECTIVES if a.en == "tired")
    clause = trees.Clause(pron("I"), trees.VP("cop", pron("I"), adjs=[tired], tense="pres"))
    said = {}
    for en in ("thank you", "thank you very much", "hello", "excuse me"):
        fr = dict(english.OPENERS)[en]
        parts = [(((tuple(en.split()), tuple(fr.split())), ((",",), (",",))), clause)]
        said[en] = (
            french.Renderer().sentence(parts).target,
            korean.Renderer().sentence(parts).target.replace(JOINER, ""),
        )
    assert said["thank you"] == ("merci, je suis fatigué.", "고마워요, 저는 피곤해요.")
    assert said["thank you very much"] == ("merci beaucoup, je suis fatigué.", "정말 고마워요, 저는 피곤해요.")
    assert said["hello"] == ("bonjour, je suis fatigué.", "안녕하세요, 저는 피곤해요.")
    assert said["excuse me"][0] == "excusez-moi, je suis fatigué."


def test_a_greeting_said_alone():
    """ "thank you." is a whole sentence: the opener with no clause after it, drawn at its length."""
    nobody = trees.NP("")
    parts = [(((("thank", "you"), ("merci",)),), trees.Clause(nobody, trees.VP("bare", nobody)))]
    fr, ko = french.Renderer().sentence(parts), korean.Renderer().sentence(parts)
    assert (fr.source, fr.target, ko.target) == ("thank you.", "merci.", "고마워요.")
    assert fr.alignment == [(0, 0), (1, 0), (2, 1)] == ko.alignment
    sources = {enfr.sample(random.Random(i), 3).source for i in range(3000)}
    assert {"thank you.", "good morning.", "excuse me."} <= sources


def test_how_are_you_where_are_you_from_what_is_this_and_how_much():
    """Four more questions of a first lesson: French inverts the pronoun after aller and venir (allez-vous, va-t-il,
    vient-elle) and after the noun says it plainly (comment va votre mère?); "what is this?" and "how much is this?"
    are said as French says them (qu'est-ce que c'est?, combien ça coûte?)."""
    from models.tasks.grammar.enfr_words import THAT, THIS

    def asked(subj, kind):
        vp = trees.VP(
            "age" if kind in ("howare", "wherefrom") else "cop", subj, tense="pres", question=True, no_loc=True
        )
        return render(trees.Clause(subj, vp, kind))

    assert asked(pron("you"), "howare") == ("how are you?", "comment allez-vous?", "당신은 어떻게 지내요?")
    assert asked(pron("he"), "howare")[1] == "comment va-t-il?"
    assert asked(np("mother", "your"), "howare") == (
        "how is your mother?",
        "comment va votre mère?",
        "당신의 어머니는 어떻게 지내요?",
    )
    assert asked(pron("you"), "wherefrom") == ("where are you from?", "d'où venez-vous?", "당신은 어디에서 왔어요?")
    assert asked(pron("she"), "wherefrom")[1] == "d'où vient-elle?"
    assert asked(pron("they"), "wherefrom")[1] == "d'où viennent-ils?"
    assert asked(trees.NP("", pron=THIS), "whatthis") == ("what is this?", "qu'est-ce que c'est?", "이것은 무엇이에요?")
    assert asked(trees.NP("", pron=THAT), "whatthis")[2] == "저것은 무엇이에요?"
    assert asked(trees.NP("", pron=THIS), "howmuch") == ("how much is this?", "combien ça coûte?", "이것은 얼마예요?")
    shoes = np("shoe", "the", plural=True)
    assert asked(shoes, "howmuch")[:2] == ("how much are the shoes?", "combien coûtent les chaussures?")
    pairs = [enfr.sample(random.Random(i), length) for i in range(3000) for length in (4, 5)]
    for start in ("how are you?", "what is this?", "how much is this?", "where are you from?"):
        assert sum(p.source == start for p in pairs) >= 2, start
    asked_about = [p.source for p in pairs if p.source.startswith(("how are", "how is", "how much"))]
    assert not [s for s in asked_about if s.split()[2] in ("a", "an", "some", "enough", "three")]


def test_short_adjectives_compare_with_er_and_est():
    """ "bigger than", "the happiest" (adjective_forms.tsv, tools/lexicon/build_adjective_forms.py): French and Korean
    say them as they say "more expensive" (plus grand que, 더 커요; le plus heureux, 가장 행복해요)."""
    adj = {a.en: a for a in english.LEXICON_ADJECTIVES}
    brother, sister = np("brother", "my"), np("sister", "my")
    assert says(brother, "cop", adjs=[adj["big"]], very=True, degree="more", than=sister, tense="pres") == (
        "my brother is bigger than my sister.",
        "mon frère est plus grand que ma sœur.",
        "제 남동생은 제 여동생보다 더 커요.",
    )
    assert says(sister, "cop", adjs=[adj["happy"]], very=True, degree="the most", tense="pres")[:2] == (
        "my sister is the happiest.",
        "ma sœur est la plus heureuse.",
    )
    assert says(sister, "cop", adjs=[adj["expensive"]], very=True, degree="more", tense="pres")[0] == (
        "my sister is more expensive."  # a long adjective keeps more (the grammar never pairs these two)
    )
    assert english.one_word("good", "more") == "better" and english.one_word("big", "less") == ""
    pairs = [enfr.sample(random.Random(i), 8) for i in range(3000)]
    forms = {f for pair in enfr_words.adjective_forms().values() for f in pair}
    assert sum(bool(set(p.source[:-1].split()) & forms) for p in pairs) >= 10
    assert not [p.source for p in pairs if re.search(r"\b(more|less) (big|happy|small|old)\b", p.source)]


def test_imperatives_said_to_you():
    """ "open the door." → "ouvrez la porte." (문을 여세요.): the present of vous without vous, and Korean -세요; "do
    not" is ne … pas and -지 마세요; "please" is s'il vous plaît and 좀."""
    you = pron("you")
    assert says(you, "tr", "open", obj=np("door"), imperative=True) == (
        "open the door.",
        "ouvrez la porte.",
        "문을 여세요.",
    )
    assert says(you, "intr", "run", neg=True, imperative=True) == ("do not run.", "ne courez pas.", "달리지 마세요.")
    assert says(you, "tr", "open", obj=np("window"), imperative=True, please=True) == (
        "open the window, please.",
        "ouvrez la fenêtre, s'il vous plaît.",
        "창문을 좀 여세요.",
    )
    # a pronoun object goes after the French verb, by a hyphen, and before it under a negation
    assert says(you, "tr", "help", obj=pron("me"), imperative=True) == ("help me.", "aidez-moi.", "저를 도우세요.")
    assert says(you, "tr", "open", obj=trees.NP("", pron=IT), imperative=True) == (
        "open it.",
        "ouvrez-le.",
        "그것을 여세요.",
    )
    assert says(you, "tr", "help", obj=pron("her"), imperative=True, neg=True) == (
        "do not help her.",
        "ne l'aidez pas.",
        "그녀를 돕지 마세요.",
    )
    assert says(you, "prep", "talk", ("to",), obj=pron("us"), imperative=True)[1] == "parlez-nous."
    assert says(you, "prep", "look", ("like",), obj=pron("him"), imperative=True, neg=True)[1] == (
        "ne lui ressemblez pas."
    )
    we = pron("we")  # "let us" (let's): the present of nous without nous, and 같이 before the present
    assert says(we, "prep", "go", ("to",), obj=np("park"), imperative=True, lets=True) == (
        "let us go to the park.",
        "allons au parc.",
        "같이 공원에 가요.",
    )
    assert says(we, "tr", "help", obj=pron("him"), imperative=True, lets=True)[:2] == ("let us help him.", "aidons-le.")
    pairs = [enfr.sample(random.Random(i), length) for i in range(2000) for length in (3, 4, 6)]
    assert sum(p.source == "let us go." and p.target == "allons-y." for p in pairs) >= 3  # a greeting, alone
    assert sum(p.source.startswith("let us ") for p in pairs) >= 10
    said = [p for p in pairs if p.target.split()[0].split("-")[0].rstrip(",.").endswith("ez") and p.source[-1] in ".!"]
    assert (
        sum(p.source.split()[1] in ("me", "him", "her", "us", "them", "it") for p in said) >= 3
    )  # 5 in 196 (2026-12-07)
    assert len(said) >= 40
    assert not [p.source for p in said if p.source.split()[0] in ("be", "have", "know", "want", "like")]


def test_a_glass_of_water_is_counted_by_its_container():
    """ "a glass of water" → "un verre d'eau" (물 한 잔), "two cups of tea" → "deux tasses de thé" (차 두 잔): the
    container is the noun French counts and Korean's counter, and what it holds has no article."""
    glass = np("glass", "a")
    glass.content = np("water").noun
    assert says(pron("I"), "tr", "drink", obj=glass) == (
        "I drink a glass of water.",
        "je bois un verre d'eau.",
        "저는 물 한 잔을 마셔요.",
    )
    cups = np("cup", "num", plural=True)
    cups.num, cups.content = 2, np("tea").noun
    assert says(pron("she"), "tr", "order", obj=cups) == (
        "she orders two cups of tea.",
        "elle commande deux tasses de thé.",
        "그녀는 차 두 잔을 주문해요.",
    )
    pairs = [enfr.sample(random.Random(i), length) for i in range(1500) for length in (5, 6, 8)]
    counted = [p.source for p in pairs if re.search(r"\b(glass|cup|bottle|bowl|piece)e?s? of \w+", p.source)]
    assert len(counted) >= 5, counted
    assert all(
        re.search(r"\b(verres?|tasses?|bouteilles?|bols?|morceaux?) d", p.target) for p in pairs if p.source in counted
    )


def test_tall_is_grand_and_a_height_in_korean():
    tall = next(a for a in english.LEXICON_ADJECTIVES if a.en == "tall")
    assert says(np("brother", "my"), "cop", adjs=[tall]) == (
        "my brother is tall.",
        "mon frère est grand.",
        "제 남동생은 키가 커요.",
    )
