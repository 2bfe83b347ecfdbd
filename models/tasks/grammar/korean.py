"""en-ko's renderer: a derivation's clauses and sentences in English (as en-fr's renderer writes them) and
polite Korean, with the gold alignment. What the Korean does is told in models/tasks/enko.py; noun phrases,
prepositional phrases and verb forms are korean_phrases.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from models.tasks.grammar import english
from models.tasks.grammar.enfr_words import ANYONE, ANYTHING, EN_BE, IT, NOTHING, THING_INDEFINITES
from models.tasks.grammar.english import BORN, DO, HAVE, LIKE_TO_HAVE, WOULD_LIKE, number_words, one_word
from models.tasks.grammar.enko_words import KoVerb, adjectives, counter, nouns, verbs
from models.tasks.grammar.korean_phrases import PRONOUNS, K, Particle, PhraseRenderer, id_set, native_number, word_of
from models.tasks.grammar.trees import NP, VP, Clause, Rel, emphatic_words, english_verb_group
from models.text.tokenize import morph_detok, word_detok

INDEFINITE_SUBJECT = {"a", "some", "num", "every", "many", "several", "a few", "another"}  # main-clause subjects: 이/가
FREQUENCY = {"often": ("자주",), "always": ("항상",), "sometimes": ("가끔",), "usually": ("보통",)}
FREQUENCY |= {"also": ("또",), "really": ("정말",), "still": ("아직",), "probably": ("아마",), "actually": ("사실",)}
FREQUENCY |= {"even": ("심지어",), "already": ("이미",), "just": ("그냥",)}
FREQUENCY |= {"almost": ("거의",), "finally": ("마침내",), "recently": ("최근",), "currently": ("현재",)}
FREQUENCY |= {"simply": ("그냥",), "especially": ("특히",), "only": ("단지",), "perhaps": ("아마도",)}
FREQUENCY |= {"ever": ("한", "번", "-이라도")}
# "never" is 안 with 절대 (I never eat meat: 고기를 절대 안 먹어요), or 한 번도 in the past (한 번도 안 봤어요)
NEVER = {"pres": ("절대",), "fut": ("절대",), "past": ("한", "번", "-도"), "perf": ("한", "번", "-도")}
DEGREES = {"very": "아주", "quite": "꽤", "so": "너무", "too": "너무", "rather": "좀", "extremely": "매우"}
DEGREES |= {"really": "정말", "more": "더", "less": "덜", "the most": "가장", "the least": "가장 덜"}
MANNER = {"well": ("잘",), "a lot": ("많이",), "badly": ("잘", "못"), "quickly": ("빨리",)}
MANNER |= {"again": ("다시",), "here": ("여기", "-에서"), "together": ("함께",), "outside": ("밖", "-에서")}
MANNER |= {"too": ("또한",), "early": ("일찍",), "there": ("거기", "-에서"), "slowly": ("천천히",)}
MANNER |= {"so much": ("너무", "많이"), "either": ("또한",)}
TIME = {
    "today": ("오늘",),
    "now": ("지금",),
    "tomorrow": ("내일",),
    "yesterday": ("어제",),
    "tonight": ("오늘", "밤"),
    "this morning": ("오늘", "아침"),
    "every morning": ("매일", "아침"),
    "every day": ("매일",),
    "every evening": ("매일", "저녁"),
    "every week": ("매주",),
    "last week": ("지난주",),
    "next week": ("다음", "주"),
    "last year": ("작년",),
    "next year": ("내년",),
    "on Monday": ("월요일", "-에"),
    "on Sunday": ("일요일", "-에"),
    "in the morning": ("아침", "-에"),
    "at night": ("밤", "-에"),
    "later": ("나중", "-에"),
    "soon": ("곧",),
    "last night": ("어젯밤", "-에"),
    "this weekend": ("이번", "주말", "-에"),
    "every year": ("매년",),
    "on Friday": ("금요일", "-에"),
    "on Saturday": ("토요일", "-에"),
    "in the summer": ("여름", "-에"),
    "in the winter": ("겨울", "-에"),
    "in the spring": ("봄", "-에"),
    "this week": ("이번", "주", "-에"),
    "this month": ("이번", "달", "-에"),
    "this year": ("올해",),
    "last month": ("지난달",),
    "next month": ("다음", "달", "-에"),
    "this time": ("이번", "-에"),
    "at the moment": ("지금",),
    "these days": ("요즘",),
    "right now": ("지금", "당장"),
    "at the same time": ("동시", "-에"),
    "most of the time": ("대부분",),
    "all the time": ("항상",),
    "from time to time": ("가끔",),
    "for a long time": ("오랫동안",),
    "so far": ("지금", "-까지"),
    "until now": ("지금", "-까지"),
    "until tomorrow": ("내일", "-까지"),
    "until Monday": ("월요일", "-까지"),
    "before the weekend": ("주말", "전", "-에"),
    "before noon": ("정오", "전", "-에"),
    "during the night": ("밤", "동안"),
    "during the day": ("낮", "동안"),
    "during the week": ("주중", "-에"),
    "in the afternoon": ("오후", "-에"),
    "after school": ("방과", "후", "-에"),
    "after class": ("수업", "후", "-에"),
    "before class": ("수업", "전", "-에"),
    "after lunch": ("점심", "후", "-에"),
    "after dinner": ("저녁", "후", "-에"),
    "before dinner": ("저녁", "전", "-에"),
    "after work": ("퇴근", "후", "-에"),
    "in the evening": ("저녁", "-에"),
    "every Sunday": ("일요일", "-마다"),
    "every Saturday": ("토요일", "-마다"),
    "every Monday": ("월요일", "-마다"),
    "every weekend": ("주말", "-마다"),
    "early in the morning": ("아침", "일찍"),
    "in the middle of the night": ("한밤중", "-에"),
    "at first": ("처음", "-에"),
    "in the end": ("결국",),
    "once a week": ("일주일", "-에", "한", "번"),
    "once a day": ("하루", "-에", "한", "번"),
    "twice a month": ("한", "달", "-에", "두", "번"),
    "three times per week": ("일주일", "-에", "세", "번"),
    "two times per day": ("하루", "-에", "두", "번"),
    "half an hour ago": ("삼십", "분", "전", "-에"),
    "for half an hour": ("삼십", "분", "동안"),
    "a few days ago": ("며칠", "전", "-에"),
    "a month ago": ("한", "달", "전", "-에"),
    "a year ago": ("일", "년", "전", "-에"),
    "two years ago": ("이", "년", "전", "-에"),
    "instead": ("대신",),
    "yet": ("아직",),
    "in the past": ("과거", "-에"),
    "in the future": ("미래", "-에"),
    "at present": ("현재",),
    "ahead of time": ("미리",),
    "next summer": ("내년", "여름", "-에"),
    "last summer": ("작년", "여름", "-에"),
    "next winter": ("다음", "겨울", "-에"),
    "last winter": ("지난", "겨울", "-에"),
    "next Monday": ("다음", "주", "월요일", "-에"),
    "last Monday": ("지난주", "월요일", "-에"),
    "next weekend": ("다음", "주말", "-에"),
    "last weekend": ("지난", "주말", "-에"),
}
TIME |= {f"in {m}": (f"{k}월", "-에") for k, m in enumerate(english.MONTHS, start=1)}
# native numbers before 시간 and 달, Sino-Korean before 분 and 주, and the days' own words (이틀, 사흘)
_DURATIONS = {
    "minute": {"two": ("이", "분"), "three": ("삼", "분")},
    "hour": {"two": ("두", "시간"), "three": ("세", "시간")},
    "day": {"two": ("이틀",), "three": ("사흘",)},
    "week": {"two": ("이", "주"), "three": ("삼", "주")},
    "month": {"two": ("두", "달"), "three": ("세", "달")},
}
for _unit, _by_number in _DURATIONS.items():
    for _n, _words in _by_number.items():
        TIME[f"{_n} {_unit}s ago"] = (*_words, "전", "-에")
        TIME[f"for {_n} {_unit}s"] = (*_words, "동안")
WEATHER = {"cold": ("A", "춥다"), "hot": ("A", "덥다"), "nice": ("A", "날씨가 좋다")}
WEATHER |= {"rain": ("V", "비가 오다"), "snow": ("V", "눈이 오다")}
# How a clause joined by each conjunction ends, the words after it, and whether it goes first (subordinate).
CONJUNCTIONS = {
    "and": ("and", (), False),
    "but": ("but", (), False),
    "because": ("gi", ("때문", "-에"), True),
    "while": ("while", ("동안",), True),
    "when": ("when", ("때",), True),
    "if": ("if", (), True),
    "as soon as": ("asap", (), True),
    "so": ("gi", ("때문", "-에"), False),  # "it rains, so we stay" → 비가 오기 때문에, 우리는 머물러요
    "since": ("gi", ("때문", "-에"), True),
    "then": ("and", ("그다음", "-에"), False),  # "and then": 먹고 그다음에 잤어요
}
OPENERS = {"yes": ("네",), "no": ("아니요",), "oh": ("아",), "yeah": ("네",), "okay": ("좋아요",), "ok": ("좋아요",)}
OPENERS |= {"hey": ("저기요",), "well": ("글쎄요",), "so": ("그래서",), "maybe": ("아마",)}
OPENERS |= {"however": ("하지만",), "sir": ("선생님",), "of course": ("물론",), "indeed": ("정말",)}
OPENERS |= {"obviously": ("당연히",), "apparently": ("듣자", "하니"), "unfortunately": ("안타깝게도",)}
OPENERS |= {"luckily": ("다행히",), "honestly": ("솔직히",), "seriously": ("진짜",), "clearly": ("분명히",)}
OPENERS |= {"suddenly": ("갑자기",), "first": ("먼저",), "finally": ("마침내",), "now": ("이제",)}
OPENERS |= {"anyway": ("어쨌든",), "basically": ("기본적으로",), "in fact": ("사실",)}
OPENERS |= {"exactly": ("맞아요",), "whatever": ("아무튼",), "oh my god": ("맙소사",)}
OPENERS |= {"once upon a time": ("옛날", "옛적", "-에")}
OPENERS |= {"thank you": ("고마워요",), "thank you very much": ("정말", "고마워요"), "hello": ("안녕하세요",)}
OPENERS |= {"hi": ("안녕하세요",), "good morning": ("안녕하세요",), "excuse me": ("실례해요",), "sorry": ("미안해요",)}
OPENERS |= {"nice to meet you": ("만나서", "반가워요"), "goodbye": ("안녕히", "가세요"), "good night": ("잘", "자요")}
OPENERS |= {"good evening": ("안녕하세요",), "see you tomorrow": ("내일", "봐요"), "see you later": ("나중에", "봐요")}
OPENERS |= {"let us go": ("같이", "가요")}
# should: 먹어야 해요, 먹으면 안 돼요; might: 먹을지도 몰라요, 먹지 않을지도 몰라요 (would is the future: 먹을 거예요)
MODALS = {
    "should": KoVerb("하다", "eoya", ("myeon", "안 되다")),
    "might": KoVerb("모르다", "eul -지도", ("ji 않 -을 -지도", "모르다")),
}
OWNERS = {"I": ("제", "거"), "you": ("당신", "거"), "he": ("그", "-의", "거"), "she": ("그녀", "-의", "거")}
OWNERS |= {"we": ("우리", "거"), "they": ("그들", "-의", "거")}
DO_KO = KoVerb("하다", "을")  # what are you doing? 무엇을 하고 있어요?
BORN_KO = KoVerb("태어나다", "에서")  # was born in Lyon: Lyon에서 태어났어요
QUESTION_WORDS = {"where": "어디", "when": "언제", "why": "왜", "what": "무엇"}


def form_key(ending: str, tense: str) -> str:
    """The forms.tsv column of a clause ending (final, attr, quote, and, but, gi, when, if, while, asap, or a
    complement: go, neun, eul, eoya, ryeogo, ji, myeon) in a tense (pres, past, fut, prog; perf, the present
    perfect, is the past: "she has seen" → 봤어요)."""
    tense = "past" if tense == "perf" else tense
    if ending == "final":
        return tense
    if ending in ("attr", "quote", "and", "but", "gi"):
        return f"{ending}.{tense}"
    if ending == "when":
        return {"past": "eul.past", "prog": "eul.prog"}.get(tense, "attr.fut")
    if ending == "if":
        return {"past": "if.past", "prog": "if.prog"}.get(tense, "if.pres")
    if ending == "while":
        return "attr.prog" if tense == "prog" else "attr.pres"
    complements = {"go": "and.pres", "neun": "attr.pres", "eul": "attr.fut", "gi": "gi.pres", "myeon": "if.pres"}
    return complements.get(ending, ending)


@dataclass(slots=True)
class Pair:
    en: list[str]
    ko: list[str]
    alignment: list[tuple[int, int]]
    particles: list[int] = field(default_factory=list)  # Korean positions of particles
    source: str = ""
    target: str = ""

    def __post_init__(self) -> None:
        self.source, self.target = word_detok(self.en), morph_detok(self.ko)


@dataclass(slots=True)
class Ending:
    """How a clause's verb ends, and the ids its last token also renders (that, who, because …)."""

    kind: str = "final"
    ids: set[int] = field(default_factory=set)
    embedded: bool = False  # subjects take 이/가


class Renderer(PhraseRenderer):
    """Renders a whole derivation into English (as en-fr's renderer writes it) and Korean: clauses, verb
    phrases, relative clauses and sentences, in Korean order, on PhraseRenderer's noun phrases and forms."""

    def subject(self, np: NP, ending: Ending) -> list[K]:
        indefinite = (np.det in INDEFINITE_SUBJECT and np.noun is not None) or (
            np.pron is not None and not np.pron.clitic
        )
        return self.with_particle(np, "이" if ending.embedded or indefinite else "은")

    @staticmethod
    def _subject_agreement(subj: NP, head_only: bool = False) -> tuple[int, bool]:
        """(person, plural) of the English verb, as en-fr's renderer counts them."""
        items = [subj] if head_only else subj.items()
        plural = len(items) > 1 or subj.plural
        person = (5 if subj.plural else 2) if head_only and not subj.pron else subj.person()
        return person, plural

    def clause(self, clause: Clause, ending: Ending) -> list[K]:
        q = clause.question
        vp = clause.vp
        if vp.kind == "bare":  # "thank you.": 고마워요, the opener alone
            return []
        if q == "whereis":
            where = self.en_atom(["where"])
            be = self.en_atom([EN_BE[clause.subj.person()]])
            subj = self.subject(clause.subj, ending)
            return [*subj, ["어디", {where}], ["-에", {where}], *self.verb("A", "있다", "pres", be, be)]
        if q == "howold":  # 당신은 몇 살이에요? 당신의 여동생은 몇 살이에요?
            wh = self.en_atom(["how", "old"])
            be = self.en_atom([EN_BE[clause.subj.person()]])
            subj = self.subject(clause.subj, ending)
            age = self.copula("살", form_key(ending.kind, "pres")).tokens
            return [*subj, ["몇", {wh}], ["살", {wh}], *([t, {be}] for t in age)]
        if q == "whattime":  # 몇 시예요? ("it" has no Korean word, as in the weather's 비가 와요)
            wh, be = self.en_atom(["what", "time"]), self.en_atom(["is"])
            self.en_atom(["it"])
            return [
                ["몇", {wh}],
                ["시", {wh}],
                *([t, {be}] for t in self.copula("시", form_key(ending.kind, "pres")).tokens),
            ]
        if q in ("howare", "wherefrom"):  # 당신은 어떻게 지내요? 그는 어디에서 왔어요?
            wh = self.en_atom(["how"] if q == "howare" else ["where"])
            be = self.en_atom([EN_BE[clause.subj.person()]])
            subj = self.subject(clause.subj, ending)
            if q == "howare":
                return [*subj, ["어떻게", {wh}], *self.verb("V", "지내다", form_key(ending.kind, "pres"), be, be)]
            from_ = self.en_atom(["from"])
            came = self.verb("V", "오다", form_key(ending.kind, "past"), be, be)
            return [*subj, ["어디", {wh}], ["-에서", {from_}], *came]
        if q in ("whatthis", "howmuch"):  # 이것은 무엇이에요? 이 신발은 얼마예요?
            wh = self.en_atom(["what"] if q == "whatthis" else ["how", "much"])
            be = self.en_atom([EN_BE[clause.subj.person()]])
            subj = self.subject(clause.subj, ending)
            word = "무엇" if q == "whatthis" else "얼마"
            return [*subj, [word, {wh}], *([t, {be}] for t in self.copula(word, form_key(ending.kind, "pres")).tokens)]
        if q in ("whatis", "whois"):  # 당신의 이름은 무엇이에요? 당신의 선생님은 누구예요?
            wh = self.en_atom([q[:-2]])
            be = self.en_atom([EN_BE[clause.subj.person()]])
            subj = self.subject(clause.subj, ending)
            word = "누구" if q == "whois" else "무엇"
            return [*subj, [word, {wh}], *([t, {be}] for t in self.copula(word, form_key(ending.kind, "pres")).tokens)]
        if vp.kind == "exist":
            return self.vp(vp, clause.subj, ending)
        if q == "who":
            who = self.en_atom(["who"])
            return self.vp(vp, clause.subj, ending, subj_ko=[["누가", {who}]])
        wh = None
        if q in ("where", "when", "why", "what"):
            wh = (q, self.en_atom([q]))
        elif q == "howmany":
            gap = vp.gap.noun
            count = counter(gap.tags, nouns()[gap.en[0]])
            wh = ("howmany", self.en_atom(["how", "many"]), self._gap_noun(vp.gap), "개" if count == "*" else count)
        if q:
            return self.vp(vp, clause.subj, ending, subject=clause.subj, wh=wh)
        if vp.imperative:  # "open the door.": 문을 여세요, no subject
            return self.vp(vp, clause.subj, ending, subj_ko=[])
        if clause.subj.pron is IT and vp.kind == "weather":
            self.en_atom(["it"])  # the weather's "it" has no Korean word
            return self.vp(vp, clause.subj, ending, subj_ko=[])
        return self.vp(vp, clause.subj, ending, subj_ko=self.subject(clause.subj, ending))

    def _gap_noun(self, gap: NP) -> list[K]:
        """The noun of "how many (big) apples": Korean 사과 (the number comes after it: 몇 개)."""
        ids = {slot: self.new_id() for slot in ("pre", "post", "noun")}
        if gap.pre:
            self.en.append((gap.pre.en, ids["pre"]))
        if gap.post:
            self.en.append((gap.post.en, ids["post"]))
        self.en.append((gap.noun.en[1], ids["noun"]))
        animate = "h" in gap.noun.tags or "a" in gap.noun.tags
        adjs = [
            t
            for adj, slot in ((gap.pre, "pre"), (gap.post, "post"))
            if adj
            for t in self.attributive(adj, animate, ids[slot])
        ]
        return [*adjs, *([w, {ids["noun"]}] for w in nouns()[gap.noun.en[0]].ko.split())]

    def vp(
        self,
        vp: VP,
        agree: NP,
        ending: Ending,
        subject: NP | None = None,
        subj_ko: list[K] | None = None,
        head_only: bool = False,
        wh: tuple | None = None,
    ) -> list[K]:
        """The clause of `vp` in Korean order. `subject` (questions) is written in English after the fronted
        auxiliary; `subj_ko` is an already written subject; a relative clause on its subject has neither."""
        person, plural = self._subject_agreement(agree, head_only)
        items = [agree] if head_only else agree.items()
        gender = "f" if all(item.gender() == "f" for item in items) else "m"
        emphatic = emphatic_words(person, gender, plural)[0] if vp.emphatic else ""  # before any clause inside
        front, rest = english_verb_group(vp, person)
        aux = self.new_id() if front else None
        self.en.extend((w, aux) for w in front)
        if subject is not None:
            subj_ko = self.subject(subject, ending)
        freq = None
        if vp.freq:
            freq = self.new_id()
            self.en.append((vp.freq[0], freq))
        # English words after the auxiliary: not, the modal, the verb (or adjective, weather word)
        neg = self.new_id() if vp.neg else None
        if vp.freq is not None and vp.freq[0] == "never":
            neg = freq  # 절대 안 먹어요: "never" is 안 too
        verb_id, modal_id = self.new_id(), self.new_id() if vp.modal else None
        main = 1 + len(vp.verb.particles) if vp.verb is not None else 0
        inner_id, inner = (self.new_id(), 1 + len(vp.inner.particles)) if vp.inner else (None, 0)
        for k, w in enumerate(rest):
            if w == "not":
                self.en.append((w, neg))
            elif vp.modal and k < len(rest) - main - inner:
                self.en.append((w, modal_id))
            elif vp.inner and k < len(rest) - main:
                self.en.append((w, inner_id))
            elif vp.kind in ("cop", "age", "exist") or (vp.kind == "weather" and w == "be"):
                self.en.append((w, aux if aux is not None else verb_id))
            else:
                self.en.append((w, verb_id))
        if vp.modal and not vp.modal.particles and aux is not None:  # can, must: the front word is the modal
            modal_id, aux = aux, None
        infl = aux if aux is not None else modal_id if vp.modal else verb_id
        out = list(subj_ko or [])
        if vp.kind == "weather":
            word, _, _ = vp.weather
            family, lemma = WEATHER[word]
            pred = self.verb(family, lemma, form_key(ending.kind, vp.tense), verb_id, infl, neg)
            time = self._time(vp) if vp.time else []
            return self._finish(out + time, pred, ending)
        if vp.kind == "exist":
            there = self.new_id()
            self.en.insert(len(self.en) - len(rest) - 1, ("there", there))
            if neg is not None:
                self.no_id = neg  # "there is no milk": "no" is 없 too
            obj = self.with_particle(vp.obj, "이", negated=vp.negative())
            loc = self.pp_adverbial(vp.loc, "에") if vp.loc else []
            time = self._time(vp) if vp.time else []
            be = id_set(aux, verb_id)
            pred = self.verb("A", "있다", form_key(ending.kind, vp.tense), id_set(be, there), be, neg)
            return self._finish(out + time + loc + obj, pred, ending)
        if vp.kind in ("cop", "age"):
            return self._copula_vp(vp, agree, plural, ending, out, infl, neg, freq)
        return self._verb_vp(vp, ending, out, verb_id, modal_id, infl, neg, freq, wh, emphatic, inner_id)

    def _copula_vp(self, vp: VP, agree: NP, plural: bool, ending: Ending, out, infl, neg, freq) -> list[K]:
        key = form_key(ending.kind, vp.tense)
        body: list[K] = []
        if vp.kind == "age":
            number = self.en_atom(number_words(vp.age)[0])
            years = self.en_atom(["years" if vp.age > 1 else "year", "old"])
            body = [*([t, {number}] for t in native_number(vp.age)), ["살", {years}]]
            pred = self._noun_predicate(body, vp, key, infl, neg)
        elif vp.owner:  # 제 거예요, 그녀의 거가 아니에요
            i = self.en_atom([english.OWNERS[vp.owner][0]])
            body = [[w, {i}] for w in OWNERS[vp.owner]]
            pred = self._noun_predicate(body, vp, key, infl, neg)
        elif vp.pred:
            noun = vp.pred
            words = [("an" if english.an(noun.en[0]) else "a"), noun.en[0]] if not plural else [noun.en[1]]
            i = self.en_atom(words)
            body = [[w, {i}] for w in nouns()[noun.en[0]].ko.split()]
            pred = self._noun_predicate(body, vp, key, infl, neg)
        elif vp.pred_np:  # 아주 좋은 친구예요
            body, _, _ = self.np(vp.pred_np)
            pred = self._noun_predicate(body, vp, key, infl, neg)
        elif vp.adjs:
            pred = self._adjectives(vp, agree, ending, infl, neg)
        else:  # "is in the garden": 정원에 있어요
            pred = self.verb("A", "있다", key, infl, infl, neg)
        loc = self.pp_adverbial(vp.loc, "에") if vp.loc else []
        time = self._time(vp) if vp.time else []
        often = self._adverb(vp, freq)
        return self._finish(out + time + often + loc, pred, ending)

    def _noun_predicate(self, body: list[K], vp: VP, key: str, infl, neg) -> list[K]:
        """의사예요; 의사가 아니에요; 의사가 될 거예요 ("will be" is "become")."""
        last = word_of(body[-1][0])
        if neg is not None or vp.tense == "fut":
            particle = self.particle(body, "이", infl)
            if vp.tense == "fut":
                return [*body, particle, *self.verb("V", "되다", key, infl, infl, neg)]
            return [*body, particle, *self.verb("A", "아니다", key, id_set(infl, neg), id_set(infl, neg))]
        return [*body, *([t, id_set(infl)] for t in self.copula(last, key).tokens)]

    def _adjectives(self, vp: VP, agree: NP, ending: Ending, infl, neg) -> list[K]:
        """작아요, 아주 작고 빨개요, 초록색이에요, 프랑스 사람이에요, 문이 열렸어요 (past-state verbs)."""
        animate = "h" in agree.head_tags() or "a" in agree.head_tags()
        out: list[K] = []
        for k, adj in enumerate(vp.adjs):
            and_id = self.en_atom(["and"]) if k else None
            if and_id is not None:
                out[-1][1].add(and_id)  # the -고 of the adjective before
            best = one_word(adj.en, vp.degree) if k == 0 and vp.very else ""  # better, bigger, the biggest
            degree = None
            if k == 0 and vp.very:  # not very: 별로 안
                words = vp.degree.split()[: -1 if best else None]  # "better": 더 좋아요; "the best": 가장 좋아요
                degree = self.en_atom(words) if words else None
            i = self.en_atom([best or adj.en])
            if k == 0 and vp.very:
                if vp.than:  # "than the car": 차보다 (더 비싸요)
                    than = self.en_atom(["than"])
                    tokens, _, _ = self.np(vp.than)
                    out += [*tokens, ["-보다", {than}]]
                word = DEGREES[vp.degree] if not vp.neg else "별로"
                out += [[w, {degree if degree is not None else i}] for w in word.split()]
            last = k == len(vp.adjs) - 1
            kind_ = ending.kind if last else "and"
            tense = vp.tense
            ko, kind = adjectives()[adj.en].for_head(animate)
            if kind == "past" and tense == "pres":
                tense = "past"  # 열렸어요: the state is the verb's past
            key = form_key(kind_, tense)
            if kind in ("noun", "cop", "nat"):
                words = [[w, {i}] for w in ko.split()]
                if kind == "nat":
                    words.append(["사람" if "h" in agree.head_tags() else "것", {i}])
                out += (
                    self._noun_predicate(words, vp, key, infl, neg) if last else self._noun_and(words, key, infl, neg)
                )
            else:
                out += self.verb("A" if kind == "adj" else "V", ko, key, i, infl, neg)
        return out

    def _noun_and(self, words: list[K], key: str, infl, neg) -> list[K]:
        if neg is not None:
            return [*words, self.particle(words, "이", infl), *self.verb("A", "아니다", key, id_set(infl, neg), infl)]
        return [*words, *([t, id_set(infl)] for t in self.copula(word_of(words[-1][0]), key).tokens)]

    def _verb_vp(
        self, vp: VP, ending: Ending, out, verb_id, modal_id, infl, neg, freq, wh, emphatic_en="", inner_id=None
    ) -> list[K]:
        verb = vp.verb
        have = verb is HAVE
        if have or verb is DO or verb is BORN:
            ko = None if have else DO_KO if verb is DO else BORN_KO
        else:  # "would like a coffee" as want: 커피를 원해요
            ko = verbs()[verb.kind, "want" if verb is LIKE_TO_HAVE else verb.en, verb.particles]
        kind = vp.kind
        if kind == "prep":  # the English particle ("to" in "talk to") renders the Korean postposition
            particle_id = self.new_id()
            n = len(verb.particles)
            for k in range(len(self.en) - n, len(self.en)):
                self.en[k] = (self.en[k][0], particle_id)
        manner = []  # goes right before the verb proper: 공부 잘 해요
        if vp.manner:
            manner_id = self.en_atom(vp.manner[0].split())
            manner = [[t, {manner_id}] for t in MANNER[vp.manner[0]]]
        obj, obj2, comp = [], [], []
        # have: 개가 있어요; in a relative clause 제가 가지고 있는 개; after a modal 개를 가지고 싶어요
        lemma = (
            ("가지다" if vp.modal else "가지고 있다" if vp.gapped and ending.kind == "attr" else "있다")
            if have
            else ko.ko
        )
        if vp.obj is not None and not vp.gapped:
            if vp.obj.pron:
                i = self.en_atom([vp.obj.pron.en_obj])
                # "them" for things (the verb takes no people as object) is 그것들, not 그들
                things = vp.obj.pron is IT or ("h" not in verb.obj and vp.obj.pron.en == "they")
                things = things or vp.obj.pron in THING_INDEFINITES
                word = "그것들" if things and vp.obj.pron.en == "they" else PRONOUNS[vp.obj.pron.en]
                tokens, head, animate = [[w, {i}] for w in word.split()], {i}, not things
                if vp.obj.other:  # someone else: 다른 사람을
                    tokens = [["다른", {self.en_atom(["else"])}], ["사람" if animate else "것", {i}]]
                if vp.obj.pron is NOTHING:
                    neg = i  # 아무것도 안 봐요: "nothing" is 안 too
            else:
                # have a house in Madrid: Madrid에 작은 집이 있어요, the place said of the having, not 있는 … 있어요
                place = lemma == "있다" and wh is None and vp.loc is None and self._place_of(vp.obj)
                obj_np = replace(vp.obj, pp=None) if place else vp.obj
                tokens, head, animate = self.np(obj_np, negated=vp.negative() and kind != "prep")
                if place:
                    tokens = [*self.pp_adverbial(vp.obj.pp, "에"), *tokens]
            if kind == "prep":
                obj = self._frame(tokens, ko.frame, {particle_id}, animate)
            elif vp.obj.pron in (NOTHING, ANYTHING, ANYONE):
                obj = tokens  # 아무것도, 아무도: no particle
                if kind == "tr" and not have:
                    lemma = self._object_verb(verb, ko, vp.obj)
            elif lemma == "있다":
                obj = [*tokens, self.particle(tokens, "이", head)]
            else:
                obj = self._frame(tokens, "을" if have else ko.frame, head, animate)
                if kind == "tr" and not have:
                    lemma = self._object_verb(verb, ko, vp.obj)
        elif vp.gapped and not have and kind == "tr":
            lemma = ko.for_object(vp.gap.tags if vp.gap is not None else "")
        if vp.obj2:
            if vp.obj2.pron:
                to = self.new_id()
                self.en.append(("to", to))
                self.en.append((vp.obj2.pron.en_obj, to))
                obj2 = [[PRONOUNS[vp.obj2.pron.en], {to}], ["-에게", {to}]]
            else:
                to = self.en_atom(["to"])
                tokens, _, animate = self.np(vp.obj2)
                obj2 = [*tokens, ["-에게" if animate else "-에", {to}]]
        if vp.comp:
            that = self.en_atom(["that"])
            comp = self._complement(vp.comp, ko.frame, that)
        emphatic = []
        if emphatic_en:  # "herself": 직접, right before the verb
            emphatic = [["직접", {self.en_atom([emphatic_en])}]]
        at = "에" if ko is not None and ko.frame == "에" and kind == "intr" else "에서"  # live in: 에; eat in: 에서
        loc = self.pp_adverbial(vp.loc, at) if vp.loc else []
        time = self._time(vp) if vp.time else []
        if wh is not None and wh[0] in ("what", "howmany"):
            particle = "이" if lemma == "있다" else "을" if have else ko.frame
            if particle in ("에게", "에"):  # 에게 for people and animals: 아이 몇 명에게; 무엇에
                gap = vp.gap.noun.tags if vp.gap is not None else ""
                particle = "에게" if "h" in gap or "a" in gap else "에"
            obj = self._wh_object(wh, particle)
        adverbs = self._adverb(vp, freq) + emphatic
        if vp.please:  # "please": 좀, before the verb; the comma has no Korean
            comma = self.en_atom([","])
            adverbs.append(["좀", {self.en_atom(["please"]), comma}])
        key = form_key(ending.kind, vp.tense)
        if vp.imperative and neg is not None:  # "do not run": 뛰지 마세요
            pred = [*self.verb("V", lemma, "ji", verb_id, verb_id, None, manner), ["마세요", id_set(neg, infl)]]
        elif vp.lets:  # "let us go to the park": 같이 공원에 가요, the present said as a suggestion
            pred = self.verb("V", lemma, key, verb_id, infl, None, manner)
        elif vp.imperative:  # "open the door": 문을 여세요
            pred = self.verb("V", lemma, "imp", verb_id, infl, None, manner)
        elif vp.modal and vp.modal.en == "would":  # "would eat": 먹을 거예요; "would like a coffee": 커피를 원해요
            tense = "pres" if verb is LIKE_TO_HAVE else "fut"
            pred = self.verb(
                "A" if lemma == "있다" else "V", lemma, form_key(ending.kind, tense), verb_id, infl, neg, manner
            )
        elif vp.modal:
            pred = self._modal(vp, lemma, ending, verb_id, modal_id, infl, neg, inner_id)
        elif kind == "that" and ko.frame == "attr":  # dream that: 고양이가 자는 꿈을 꿔요
            pred = self.verb("V", lemma, key, verb_id, infl, neg)
        else:
            pred = self.verb("A" if lemma == "있다" else "V", lemma, key, verb_id, infl, neg, manner)
        front = out + time
        if vp.lets:  # 같이 first, for the "let us" of english_verb_group (infl)
            front = [["같이", {infl}], *front]
        if wh is not None and wh[0] in ("where", "when", "why"):  # after the subject and the time
            front += [[QUESTION_WORDS[wh[0]], {wh[1]}]] + ([[f"-{at}", {wh[1]}]] if wh[0] == "where" else [])
        return self._finish(front + loc + obj2 + obj + comp + adverbs, pred, ending)

    def _place_of(self, obj: NP) -> bool:
        """Whether the object ends in a place phrase that can go before it on its own (no relative clause,
        coordination or apposition after the place)."""
        return obj.pp is not None and self.is_place(obj.pp) and not (obj.rel or obj.conj or obj.appos)

    def _object_verb(self, verb, ko, obj: NP) -> str:
        """The verb for this object: 모자를 쓰다 (wear), 버스를 타다 (take), 옷을 빨다 (wash), 피아노를 치다 (play)."""
        if verb.en == "wear" and obj.noun is not None:
            return nouns()[obj.noun.en[0]].wear
        if verb.en == "play" and obj.noun is not None:  # 축구를 해요, 피아노를 쳐요 (phrases.py: PLAY_OBJECTS)
            return nouns()[obj.noun.en[0]].play or ko.ko
        if obj.pron is not None and not obj.pron.clitic:  # something, everything: no class, the verb's own lemma
            return ko.ko
        return ko.for_object(obj.head_tags() if obj.noun is None else obj.noun.tags)

    def _frame(self, tokens: list[K], frame: str, ids: set[int], animate: bool) -> list[K]:
        """The object and its particle(s): 을 → 를/을; 에게 → 에 for things; "에 대해" → -에 대해."""
        first, *words = frame.split()
        if first in ("에게", "에") and not words:  # 에게 for people and animals, 에 for things
            first = "에게" if animate else "에"
        return [*tokens, self.particle(tokens, first, ids), *([w, id_set(ids)] for w in words)]

    def _wh_object(self, wh: tuple, particle: str) -> list[K]:
        """무엇을, 무엇이 (have), 무엇에; 사과를 몇 개 and 고양이가 몇 마리 (the number floats after its noun),
        아이 몇 명에게 (other particles follow the counter)."""
        if wh[0] == "what":
            tokens = [["무엇", {wh[1]}]]
            return [*tokens, self.particle(tokens, particle, {wh[1]})]
        _, i, noun, count = wh
        if particle in ("을", "이"):
            return [*noun, self.particle(noun, particle, noun[-1][1]), ["몇", {i}], [count, {i}]]
        counted = [*noun, ["몇", {i}], [count, {i}]]
        return [*counted, self.particle(counted, particle, noun[-1][1])]

    def _complement(self, comp: Clause, frame: str, that: int) -> list[K]:
        """A that-clause: 고양이가 잔다고 (quote), 고양이가 자는 것을 (fact), 자는 (attr, before 꿈을 꾸다),
        자기를 (gi, hope), 자기로 (giro, decide)."""
        kind = {"quote": "quote", "fact": "attr", "attr": "attr", "gi": "gi", "giro": "gi"}[frame]
        tokens = self.clause(comp, Ending(kind, {that}, embedded=True))
        glue = {"fact": ["것", "-을"], "gi": ["-를"], "giro": ["-로"]}.get(frame, [])
        return tokens + [[t, {that}] for t in glue]

    def _modal(self, vp: VP, lemma: str, ending: Ending, verb_id, modal_id, infl, neg, inner_id=None) -> list[K]:
        """먹고 싶어요, 먹는 것을 좋아해요, 먹을 수 있어요; negated: 먹고 싶지 않아요, 먹을 수 없어요; with an inner
        to-verb, 수영하는 법을 배우고 싶어요 (wants to learn to swim)."""
        ko = MODALS.get(vp.modal.en) or verbs()["inf", vp.modal.en, vp.modal.particles]
        if vp.modal is WOULD_LIKE:  # would like to visit: 방문하고 싶어요, as want
            ko = verbs()["inf", "want", ("to",)]
        frame, modal_lemma = ko.negation if neg is not None else (ko.frame, ko.ko)
        complement, *glue = frame.split()
        family = "A" if lemma == "있다" else "V"
        if vp.inner:  # the verb in the inner verb's form, the inner verb in the modal's
            inner = verbs()["inf", vp.inner.en, vp.inner.particles]
            inner_complement, *inner_glue = inner.frame.split()
            main = self.verb(family, lemma, form_key(inner_complement, "pres"), verb_id, inner_id)
            main += [[t, {inner_id}] for t in inner_glue]
            main += self.verb("V", inner.ko, form_key(complement, "pres"), inner_id, modal_id)
        else:
            main = self.verb(family, lemma, form_key(complement, "pres"), verb_id, modal_id)
        modal_ids = id_set(modal_id, neg)
        tokens = self.verb("V", modal_lemma, form_key(ending.kind, vp.tense), modal_ids, infl)
        return [*main, *([t, id_set(modal_ids)] for t in glue), *tokens]

    @staticmethod
    def _adverb(vp: VP, freq) -> list[K]:
        """The frequency adverb's tokens, right before the predicate: 자주, 이미; 절대 (안) and 한 번도 (안) for never."""
        if freq is None:
            return []
        words = NEVER[vp.tense if vp.tense in NEVER else "pres"] if vp.freq[0] == "never" else FREQUENCY[vp.freq[0]]
        return [[t, {freq}] for t in words]

    def _time(self, vp: VP) -> list[K]:
        i = self.en_atom(list(vp.time[0]))
        if vp.time[0][-1].isdigit():  # a year: in 1990 → 1990년에
            return [[vp.time[0][-1], {i}], ["-년", {i}], ["-에", {i}]]
        return [[t, {i}] for t in TIME[" ".join(vp.time[0])]]

    @staticmethod
    def _finish(before: list[K], pred: list[K], ending: Ending) -> list[K]:
        """The clause: what comes before the predicate, then the predicate, whose last token also renders what
        the clause's ending stands for (who, that, because …)."""
        pred[-1][1] |= ending.ids
        return before + pred

    # -- relative clauses and sentences ------------------------------------------------------------------

    def rel(self, rel: Rel, head: NP) -> list[K]:
        """A relative clause, before its noun: 사과를 먹는 (who eats an apple), 소년이 먹는 (that the boy
        eats), 남자가 일하는 (where the man works)."""
        i = self.en_atom([rel.word])
        ending = Ending("attr", {i}, embedded=True)
        if rel.kind == "subj":
            return self.vp(rel.vp, head, ending, subj_ko=[], head_only=True)
        return self.clause(rel.clause, ending)

    def sentence(self, parts: list[tuple[tuple, Clause]], exclaim: bool = False) -> Pair:
        # Endings first: "and"/"but" end the clause whose verb ends the Korean so far, a subordinate clause
        # ("because ...") goes first; the ids of the conjunctions are made now, their words written in turn.
        conj_ids = [[self.new_id() for _ in atoms] for atoms, _ in parts]
        endings = [Ending() for _ in parts]
        order = [0]
        glue: dict[int, list[K]] = {}
        for k, (atoms, _) in enumerate(parts[1:], start=1):
            word = atoms[-1][0]
            kind, words, subordinate = CONJUNCTIONS[" ".join(word)]
            ids = {conj_ids[k][-1]}
            if subordinate:
                endings[k] = Ending(kind, ids, embedded=True)
                glue[k] = [[w, set(ids)] for w in words]
                order.insert(0, k)
            else:
                comma = atoms[0][0] == (",",)
                if len(atoms) > 1 and not comma:  # "and then": -고 is "and", 그다음에 "then"
                    ids = {conj_ids[k][0]}
                endings[order[-1]] = Ending(kind, ids)
                glue[order[-1]] = [[w, {conj_ids[k][-1]}] for w in words]
                if comma:  # ", but": the comma follows the -지만 clause
                    glue[order[-1]].append([",", {conj_ids[k][0]}])
                order.append(k)
        opener = []  # "yes, ...": 네, ...
        for (en, _), i in zip(parts[0][0], conj_ids[0], strict=True):
            opener += [[w, {i}] for w in (OPENERS[" ".join(en)] if en != (",",) else (",",))]
        clauses = []
        for k, (atoms, clause) in enumerate(parts):
            for (en, _), i in zip(atoms, conj_ids[k], strict=True):
                self.en.extend((w, i) for w in en)
            clauses.append(self.clause(clause, endings[k]))
        end = "?" if parts[0][1].question else "!" if exclaim else "."
        end_id = self.en_atom([end])
        ko = opener + [tok for k in order for tok in clauses[k] + glue.get(k, [])] + [[end, {end_id}]]
        positions: dict[int, list[int]] = {}
        for j, (_, ids) in enumerate(ko):
            for i in ids:
                positions.setdefault(i, []).append(j)
        alignment = [(i, j) for i, (_, a) in enumerate(self.en) for j in positions.get(a, ())]
        particles = [j for j, tok in enumerate(ko) if isinstance(tok, Particle)]
        return Pair([w for w, _ in self.en], [t for t, _ in ko], alignment, particles)
