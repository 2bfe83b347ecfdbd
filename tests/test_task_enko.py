import random

import pytest

from models.tasks import enfr, enko, get_task
from models.tasks.grammar import copyable, enfr_words, english, french, korean, trees
from models.tasks.grammar.enko_words import adjectives, form, has_lemma, nouns, verbs
from models.tasks.grammar.hangul import EXONYM_FINALS, attach, final_consonant, particle
from models.text.tokenize import JOINER, detokenizer, tokenizer

SPEC = enko.SPEC
morph = tokenizer("morph")


@pytest.fixture(scope="module")
def pairs():
    rng = random.Random(5)
    return [enko.sample(rng, rng.randint(3, 60)) for _ in range(1200)]


def text(pair: korean.Pair) -> str:
    return pair.target.replace(JOINER, "")


# -- building sentences by hand through the en-fr grammar ----------------------------------------------


def noun(en: str) -> enfr_words.Noun:
    return next(n for n in english.LEXICON_NOUNS if n.en[0] == en)


def adj(en: str) -> enfr_words.Adjective:
    return next(a for a in english.LEXICON_ADJECTIVES if a.en == en)


def verb(kind: str, base: str, particles: tuple[str, ...] = ()) -> enfr_words.Verb:
    if base == "have" and kind == "tr":
        return english.HAVE
    return next(v for v in english.LEXICON_VERBS[kind] if v.en == base and v.particles == particles)


def np(en: str, det: str = "the", plural: bool = False, pre: str | None = None, num: int = 0) -> trees.NP:
    return trees.NP(enfr_words.ALL, noun=noun(en), det=det, plural=plural, pre=adj(pre) if pre else None, num=num)


def pron(en: str) -> trees.NP:
    p = next(p for p in enfr_words.PRONOUNS if en in (p.en, p.en_obj))
    return trees.NP("h", pron=p, plural=p.plural)


def clause(subj: trees.NP, kind: str = "intr", base: str = "sleep", particles=(), question: str = "", **vp):
    v = verb(kind, base, particles) if kind not in ("cop", "exist", "age", "weather") else None
    if "modal" in vp:
        vp["modal"] = verb("inf", *vp["modal"])
    return trees.Clause(subj, trees.VP(kind, subj, v, question=bool(question), **vp), question)


def says(*clauses: trees.Clause, conj: tuple = ()) -> korean.Pair:
    parts = [((), clauses[0])] + [(english.atoms_of([(c, c)]), cl) for c, cl in zip(conj, clauses[1:], strict=True)]
    pair = korean.Renderer().sentence(parts)
    assert pair.en == french.Renderer().sentence(parts).en  # the same English as en-fr writes
    return pair


def ko(*args, **kw) -> str:
    return text(says(clause(*args, **kw)))


# -- particles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, name, expected",
    [
        ("사과", "을", "를"),
        ("책", "을", "을"),
        ("고양이", "이", "가"),
        ("학생", "이", "이"),
        ("소년", "은", "은"),
        ("아이", "은", "는"),
        ("연필", "으로", "로"),  # ㄹ takes 로
        ("책", "으로", "으로"),
        ("버스", "으로", "로"),
        ("개", "과", "와"),
        ("곰", "과", "과"),
        ("사과", "에게", "에게"),
    ],
)
def test_particle_by_final_consonant(word, name, expected):
    assert particle(word, name) == expected


def test_final_consonant_and_fused_pronouns():
    assert final_consonant("강") == 21 and final_consonant("가") == 0 and final_consonant("길") == 8
    assert attach("저", "이") == ("제", "가") and attach("누구", "이") == ("누", "가")
    assert attach("저", "은") == ("저", "는")
    assert final_consonant("Anna") == 0 and final_consonant("Paul") == 8  # a Latin name: its last sound (hangul.py)
    with pytest.raises(ValueError):
        final_consonant("42")


@pytest.mark.parametrize(
    "name, subject",
    [
        ("Tom", "Tom은"),
        ("Lyon", "Lyon은"),
        ("Hong", "Hong은"),
        ("Paul", "Paul은"),
        ("Jack", "Jack은"),  # 잭: a short vowel's final k is a final consonant
        ("Matt", "Matt은"),  # 맷
        ("Pat", "Pat은"),  # 팻: one syllable, one vowel letter
        ("Anne", "Anne은"),  # 앤: the silent e is skipped
        ("Mark", "Mark는"),  # 마크: r before the k
        ("Kate", "Kate는"),  # 케이트: the silent e makes the vowel long
        ("Mike", "Mike는"),  # 마이크
        ("Robert", "Robert는"),  # 로버트
        ("Rabat", "Rabat는"),  # 라바트: two syllables
        ("Sophie", "Sophie는"),
        ("Peter", "Peter는"),
        ("Rome", "Rome는"),  # 로마: a city Korean calls by its own name
        ("Vienna", "Vienna은"),  # 빈
    ],
)
def test_a_latin_name_takes_the_particle_of_its_korean_sound(name, subject):
    assert name + particle(name, "은") == subject


def test_the_exonyms_are_no_city_of_the_copy_lists():
    """EXONYM_FINALS changes no one-word city of the lists: they leave such cities out, and York is only New York's."""
    assert not {c.lower() for c in copyable.cities()} & set(EXONYM_FINALS)


def test_names_keep_their_latin_letters_in_korean():
    """The lexicon's names are written as the long lists' are (copyable.py): Paul은, not 폴은, so a reference writes
    a name the one way the copy models do."""
    paul = next(n for n in english.LEXICON_NAMES if n.text == "Paul")
    assert ko(trees.NP("h", name=paul)) == "Paul은 자요."


def test_every_particle_in_generated_sentences_fits_the_word_before(pairs):
    forms = {"을": "을", "를": "을", "이": "이", "가": "이", "은": "은", "는": "은", "과": "과", "와": "과"}
    forms |= {"으로": "으로", "로": "으로"}
    checked = 0
    for pair in pairs:
        for j in pair.particles:
            before, name = pair.ko[j - 1].removeprefix("-"), pair.ko[j].removeprefix("-")
            assert pair.ko[j].startswith("-")
            if name in forms and (before, name) not in (("제", "가"), ("누", "가")):
                assert particle(before, forms[name]) == name, (before, name, pair.ko)
                checked += 1
    assert checked > 4500  # a command has no subject, nor its particle (문을 여세요)


# -- word order and constructions -------------------------------------------------------------------------


def test_subject_object_verb_order_and_particles():
    assert ko(np("boy"), "tr", "eat", obj=np("apple", "a")) == "소년은 사과를 먹어요."
    assert ko(np("boy", "a"), "tr", "eat", obj=np("apple")) == "소년이 사과를 먹어요."  # indefinite subject
    assert ko(pron("I"), "tr", "see", obj=pron("him")) == "저는 그를 봐요."


def test_relative_clauses_go_before_the_noun():
    boy = np("boy")
    boy.rel = trees.Rel("subj", "who", vp=trees.VP("tr", boy, verb("tr", "eat"), obj=np("apple", "a")))
    pair = says(clause(boy, "intr", "sleep"))
    assert text(pair) == "사과를 먹는 소년은 자요."
    who = pair.en.index("who")
    ending = pair.ko.index("-는")
    assert (who, ending) in pair.alignment  # the relative pronoun renders the attributive ending
    apple = np("apple")
    inner = np("boy")
    apple.rel = trees.Rel(
        "obj", "that", clause=trees.Clause(inner, trees.VP("tr", inner, verb("tr", "eat"), gap=apple, gapped=True))
    )
    assert ko(pron("I"), "tr", "see", obj=apple) == "저는 소년이 먹는 사과를 봐요."


def test_adjectives_numbers_and_prepositional_phrases_before_the_noun():
    assert ko(np("cat", "num", plural=True, pre="small", num=2), "intr", "sleep") == "작은 고양이 두 마리가 자요."
    assert ko(np("person", "num", plural=True, num=21), "intr", "sleep") == "스물한 사람이 자요."
    cat = np("cat")
    cat.pp = trees.PP(next(p for p in english.PREPOSITIONS if p.en == "on"), np("table"))
    assert ko(cat, "intr", "sleep") == "탁자 위에 있는 고양이는 자요."
    assert ko(np("boy", "the", plural=True), "intr", "sleep") == "소년들은 자요."


def city(name: str) -> trees.NP:
    return trees.NP("p", name=enfr_words.Name(name, copyable.CITY))


def test_a_place_of_what_one_has_goes_before_it_and_a_city_owns_its_things():
    in_ = copyable.CITY_PREPOSITIONS["in"]
    house = np("house", "a", pre="small")
    house.pp = trees.PP(in_, city("Madrid"))
    pair = says(clause(trees.NP("h", name=enfr_words.Name("Max", "m")), "tr", "have", obj=house))
    assert pair.en == ["Max", "has", "a", "small", "house", "in", "Madrid", "."]  # English keeps its order
    assert text(pair) == "Max는 Madrid에 작은 집이 있어요."  # not "Madrid에 있는 작은 집이 있어요": 있 twice
    cats = np("cat", "num", plural=True, num=3)
    cats.pp = trees.PP(next(p for p in english.PREPOSITIONS if p.en == "in"), np("garden"))
    assert ko(pron("I"), "tr", "have", neg=True, obj=cats) == "저는 정원에 고양이 세 마리가 없어요."
    river = np("river")
    river.pp = trees.PP(in_, city("Prague"))
    assert ko(pron("I"), "tr", "see", obj=river) == "저는 Prague의 강을 봐요."  # a city's thing: 의
    friend = np("friend", "a")
    friend.pp = trees.PP(in_, city("Paris"))
    assert ko(pron("I"), "tr", "see", obj=friend) == "저는 Paris에 있는 친구를 봐요."  # a person is in it
    assert ko(np("house", "the"), "tr", "have", obj=np("room", "num", plural=True, num=4)) == "집은 방 네 개가 있어요."
    assert ko(np("team", "our"), "tr", "win", obj=np("match", "the"), tense="past") == "우리 팀은 경기에서 이겼어요."


def test_tenses_negation_and_questions():
    eat = {"obj": np("bread", "")}
    assert ko(pron("she"), "tr", "eat", tense="past", **eat) == "그녀는 빵을 먹었어요."
    assert ko(pron("she"), "tr", "eat", tense="fut", **eat) == "그녀는 빵을 먹을 거예요."
    assert ko(pron("she"), "tr", "eat", tense="prog", **eat) == "그녀는 빵을 먹고 있어요."
    assert ko(pron("she"), "tr", "eat", neg=True, **eat) == "그녀는 빵을 안 먹어요."
    assert ko(pron("he"), "intr", "study", neg=True, tense="past") == "그는 공부 안 했어요."  # 안 between
    assert ko(pron("you"), "tr", "eat", question="yn", **eat) == "당신은 빵을 먹어요?"
    assert ko(pron("I"), "tr", "know", neg=True, obj=pron("her")) == "저는 그녀를 몰라요."
    assert ko(pron("I"), "tr", "have", neg=True, obj=np("dog", "a")) == "저는 개가 없어요."
    assert ko(pron("I"), "tr", "have", obj=np("dog", "a")) == "저는 개가 있어요."


def test_copula_age_weather_and_existence():
    assert ko(pron("she"), "cop", pred=noun("doctor")) == "그녀는 의사예요."
    assert ko(pron("she"), "cop", pred=noun("student"), neg=True) == "그녀는 학생이 아니에요."
    assert ko(pron("she"), "cop", pred=noun("doctor"), tense="fut") == "그녀는 의사가 될 거예요."
    assert ko(pron("she"), "age", age=10) == "그녀는 열 살이에요."
    assert ko(pron("I"), "cop", adjs=[adj("hungry")]) == "저는 배고파요."
    assert ko(pron("he"), "cop", adjs=[adj("cold")]) == "그는 추워요."  # a person is cold: 춥다
    assert ko(np("soup"), "cop", adjs=[adj("cold")]) == "수프는 차가워요."  # a thing: 차갑다
    assert ko(np("door"), "cop", adjs=[adj("open")]) == "문은 열렸어요."
    assert ko(np("ball"), "cop", adjs=[adj("small"), adj("red")]) == "공은 작고 빨개요."
    it = trees.NP("", pron=enfr_words.IT)
    assert ko(it, "weather", weather=next(w for w in english.WEATHER if w[0] == "rain")) == "비가 와요."
    assert ko(it, "weather", weather=next(w for w in english.WEATHER if w[0] == "cold"), tense="past") == "추웠어요."
    milk = np("milk", "no")
    pair = says(trees.Clause(it, trees.VP("exist", it, obj=milk, neg=True)))
    assert text(pair) == "우유가 없어요."
    assert (pair.en.index("no"), pair.ko.index("없")) in pair.alignment


def test_modals_and_that_clauses():
    eat = {"obj": np("apple", "a")}
    assert ko(pron("I"), "tr", "eat", modal=("want", ("to",)), **eat) == "저는 사과를 먹고 싶어요."
    assert ko(pron("I"), "tr", "eat", modal=("want", ("to",)), neg=True, **eat) == "저는 사과를 먹고 싶지 않아요."
    assert ko(pron("I"), "intr", "swim", modal=("can", ())) == "저는 수영할 수 있어요."
    assert ko(pron("I"), "intr", "swim", modal=("can", ()), neg=True) == "저는 수영할 수 없어요."
    assert ko(pron("I"), "intr", "work", modal=("have", ("to",)), neg=True) == "저는 일하지 않아도 돼요."
    assert ko(pron("I"), "intr", "sleep", modal=("like", ("to",))) == "저는 자는 것을 좋아해요."
    cat = np("cat")
    comp = trees.Clause(cat, trees.VP("intr", cat, verb("intr", "sleep")))
    assert ko(pron("I"), "that", "think", comp=comp) == "저는 고양이가 잔다고 생각해요."
    assert ko(pron("I"), "that", "know", comp=comp) == "저는 고양이가 자는 것을 알아요."


def test_subordinate_clauses_go_first():
    a = clause(pron("I"), "intr", "sleep")
    b = clause(pron("she"), "intr", "work", tense="past")
    assert text(says(a, b, conj=("because",))) == "그녀가 일했기 때문에 저는 자요."
    assert text(says(a, b, conj=("and",))) == "저는 자고 그녀는 일했어요."


def test_questions_with_question_words():
    assert ko(pron("you"), "intr", "live", question="where") == "당신은 어디에 살아요?"
    assert ko(pron("you"), "intr", "work", question="where") == "당신은 어디에서 일해요?"
    who = trees.NP("h", name=enfr_words.Name("who", "m"))
    assert ko(who, "intr", "sleep", question="who") == "누가 자요?"
    what = clause(pron("you"), "tr", "eat", question="what", gapped=True)
    assert text(says(what)) == "당신은 무엇을 먹어요?"


# -- the pack as a whole -----------------------------------------------------------------------------------


def test_english_is_en_fr_english_for_the_same_seed():
    for seed in range(150):
        length = random.Random(seed).randint(3, 40)
        assert enko.sample(random.Random(seed), length).en == enfr.sample(random.Random(seed), length).en


def test_alignment_covers_every_korean_token_and_tokens_round_trip(pairs):
    detok = detokenizer("morph")
    for pair in pairs:
        assert {j for _, j in pair.alignment} == set(range(len(pair.ko))), pair.ko
        assert all(0 <= i < len(pair.en) for i, _ in pair.alignment)
        assert morph(pair.target) == pair.ko
        assert detok(morph(pair.target)) == pair.target
        assert pair.ko[-1] in ".?!" and pair.en[-1] == pair.ko[-1]


def test_the_verb_comes_last(pairs):
    """The token before the final punctuation belongs to a verb or adjective form (an ending, or a form whose
    last piece fuses stem and ending), never to a noun phrase."""
    endings = ("요", "다")
    for pair in pairs:
        assert text(pair)[-2] in endings or text(pair).endswith(("요?", "요.", "요!")), pair.target


def test_morph_tokenizer_round_trip_and_display():
    tokens = ["사과", "-를", "먹", "-어요", ",", "스물", "-한", "살", "?"]
    joined = detokenizer("morph")(tokens)
    assert joined.replace(JOINER, "") == "사과를 먹어요, 스물한 살?"
    assert morph(joined) == tokens
    assert morph("-") == ["-"]  # a lone hyphen stays punctuation


def test_generate_small_splits():
    splits = enko.generate(3, {"train": 300, "valid": 40, "test": 60})
    fr = enfr.generate(3, {"train": 300, "valid": 40, "test": 60})
    assert [e.source for e in splits.train] == [e.source for e in fr.train]
    for e in splits.train + splits.valid + splits.test:
        assert morph(e.target) and e.meta["gold"]
        assert e.src_len == len(tokenizer("word")(e.source))
    assert max(e.src_len for e in splits.train) <= 40 and max(e.src_len for e in splits.test) > 40


def test_spec_registered_with_en_fr_sizes_plus_guidance_and_a_time_cap():
    spec = get_task("en-ko")
    assert spec is SPEC and spec.tgt_tokenization == "morph" and spec.input_rules["language"] == "en"
    # en-fr's settings, guided alignment and 2 epochs or 28 minutes (the 30-minute bar) included
    assert spec.train_defaults == enfr.SPEC.train_defaults
    assert spec.train_defaults["align_weight"] == 1.0 and spec.train_defaults["time_budget"] == 28.0
    assert spec.examples[: len(enfr.EVERYDAY_EXAMPLES)] == enfr.EVERYDAY_EXAMPLES


# -- the lexicon ------------------------------------------------------------------------------------------


def test_every_english_lemma_has_korean():
    assert {n.en[0] for n in enfr_words.nouns()} <= set(nouns())
    assert {a.en for a in english.LEXICON_ADJECTIVES} <= set(adjectives())
    assert {(v.kind, v.en, v.particles) for vs in enfr_words.verbs().values() for v in vs} <= set(verbs())
    for v in verbs().values():
        assert has_lemma("V", v.ko) or v.frame.split()[0] in ("neun", "eul", "go", "gi", "eoya", "ryeogo")


# A table of forms for every class: regular, vowel contraction, 하다, ㅂ ㄷ ㅅ 르 ㅎ 으 irregulars, ㄹ-final,
# 있다-adjectives, multiword lemmas. Columns: present, past, future, attributive present, quotative present.
FORMS = [
    ("V", "먹다", "먹어요", "먹었어요", "먹을 거예요", "먹는", "먹는다고"),
    ("V", "가다", "가요", "갔어요", "갈 거예요", "가는", "간다고"),
    ("V", "오다", "와요", "왔어요", "올 거예요", "오는", "온다고"),
    ("V", "마시다", "마셔요", "마셨어요", "마실 거예요", "마시는", "마신다고"),
    ("V", "배우다", "배워요", "배웠어요", "배울 거예요", "배우는", "배운다고"),
    ("V", "공부하다", "공부해요", "공부했어요", "공부할 거예요", "공부하는", "공부한다고"),
    ("V", "돕다", "도와요", "도왔어요", "도울 거예요", "돕는", "돕는다고"),
    ("V", "듣다", "들어요", "들었어요", "들을 거예요", "듣는", "듣는다고"),
    ("V", "걷다", "걸어요", "걸었어요", "걸을 거예요", "걷는", "걷는다고"),
    ("V", "닫다", "닫아요", "닫았어요", "닫을 거예요", "닫는", "닫는다고"),  # regular ㄷ
    ("V", "짓다", "지어요", "지었어요", "지을 거예요", "짓는", "짓는다고"),
    ("V", "부르다", "불러요", "불렀어요", "부를 거예요", "부르는", "부른다고"),
    ("V", "모르다", "몰라요", "몰랐어요", "모를 거예요", "모르는", "모른다고"),
    ("V", "살다", "살아요", "살았어요", "살 거예요", "사는", "산다고"),
    ("V", "만들다", "만들어요", "만들었어요", "만들 거예요", "만드는", "만든다고"),
    ("V", "쓰다", "써요", "썼어요", "쓸 거예요", "쓰는", "쓴다고"),
    ("V", "꿈을 꾸다", "꿈을 꿔요", "꿈을 꿨어요", "꿈을 꿀 거예요", "꿈을 꾸는", "꿈을 꾼다고"),
    ("V", "보여 주다", "보여 줘요", "보여 줬어요", "보여 줄 거예요", "보여 주는", "보여 준다고"),
    ("A", "작다", "작아요", "작았어요", "작을 거예요", "작은", "작다고"),
    ("A", "춥다", "추워요", "추웠어요", "추울 거예요", "추운", "춥다고"),
    ("A", "빨갛다", "빨개요", "빨갰어요", "빨갈 거예요", "빨간", "빨갛다고"),
    ("A", "예쁘다", "예뻐요", "예뻤어요", "예쁠 거예요", "예쁜", "예쁘다고"),
    ("A", "행복하다", "행복해요", "행복했어요", "행복할 거예요", "행복한", "행복하다고"),
    ("A", "길다", "길어요", "길었어요", "길 거예요", "긴", "길다고"),
    ("A", "다르다", "달라요", "달랐어요", "다를 거예요", "다른", "다르다고"),
    ("A", "맛있다", "맛있어요", "맛있었어요", "맛있을 거예요", "맛있는", "맛있다고"),
    ("A", "있다", "있어요", "있었어요", "있을 거예요", "있는", "있다고"),
]


@pytest.mark.parametrize("family, lemma, pres, past, fut, attr, quote", FORMS)
def test_table_of_forms(family, lemma, pres, past, fut, attr, quote):
    def written(key):
        return detokenizer("morph")(list(form(family, lemma, key).tokens)).replace(JOINER, "")

    assert [written(k) for k in ("pres", "past", "fut", "attr.pres", "quote.pres")] == [pres, past, fut, attr, quote]


def test_copula_after_vowel_and_consonant():
    r = korean.Renderer()
    assert r.copula("의사", "pres").tokens == ("-예요",)
    assert "".join(t.removeprefix("-") for t in r.copula("학생", "pres").tokens) == "이에요"
    assert r.copula("의사", "attr.pres").tokens == ("-인",)
