"""Input that forgives: what a person types, turned into what a pack's models were trained to read.

Every step only changes a word the model would not know otherwise, so a sentence the model already reads
is left exactly as it is:
- typography: curly quotes and apostrophes become straight ones, runs of spaces one space (NFC); for a pack
  whose sources are written with curly quotes (real text such as the Bible pack's), the other way round:
  straight quotes become the curly ones its vocabulary knows;
- English contractions expand to the forms the grammar writes ("don't" → "do not", "I'm" → "I am"), for
  packs whose source language is English;
- for a grammar pack that asks for it (`"phrases": true` in task.json's "input"), the compounds and synonyms
  of models/text/english_phrases.tsv become the one word its grammar writes ("train station" → "station",
  "bike" → "bicycle", "colour" → "color"): the grammar has no noun + noun compounds, so "train station" is a
  sentence it never wrote even though it knows both words. A rewrite is made only when the pack knows the
  word it gives, and a single typed word only when the pack does not know it already;
- case: a word the vocabulary does not know, in any capitalisation ("The", "CAT"), becomes the form it
  does know ("the", "cat"); names keep their capital because the vocabulary knows them that way;
- a sentence without final punctuation gets the pack's own ("." or, for a question, "?").

`normalize_input` returns the text the model reads and a list of the changes, which the pages show.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from models.messages import N_, Message
from models.packs.records import Task
from models.text.textnorm import normalize as normalize_spaces

_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
# Straight quotes to curly ones, for a vocabulary that knows only the curly ones: an opening quote at the start
# or after a space or bracket, a closing one (for ' also the apostrophe, "didn’t") everywhere else.
_CURLY = {"'": ("‘", "’"), '"': ("“", "”")}
_OPENS_AFTER = " ([{“‘-—"

# English contractions as data: the contracted word (lower case) → the words the grammar writes.
CONTRACTIONS = {
    "don't": "do not",
    "doesn't": "does not",
    "didn't": "did not",
    "isn't": "is not",
    "aren't": "are not",
    "wasn't": "was not",
    "weren't": "were not",
    "haven't": "have not",
    "hasn't": "has not",
    "hadn't": "had not",
    "can't": "can not",
    "cannot": "can not",
    "wanna": "want to",  # spoken English, written as said: "I wanna eat" → "I want to eat"
    "couldn't": "could not",
    "won't": "will not",
    "wouldn't": "would not",
    "shouldn't": "should not",
    "i'm": "I am",
    "you're": "you are",
    "we're": "we are",
    "they're": "they are",
    "he's": "he is",
    "she's": "she is",
    "it's": "it is",
    "that's": "that is",
    "there's": "there is",
    "there're": "there are",
    "what's": "what is",
    "where's": "where is",
    "who's": "who is",
    "how's": "how is",
    "i've": "I have",
    "you've": "you have",
    "we've": "we have",
    "they've": "they have",
    "i'll": "I will",
    "you'll": "you will",
    "he'll": "he will",
    "she'll": "she will",
    "it'll": "it will",
    "we'll": "we will",
    "they'll": "they will",
    "i'd": "I would",
    "let's": "let us",
}
_CONTRACTION = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(CONTRACTIONS, key=len, reverse=True)) + r")\b", re.I
)
# Words that open an English question: a sentence starting with one ends with "?" when its mark is added.
QUESTION_OPENERS = {"do", "does", "did", "is", "are", "am", "was", "were", "will", "can", "where", "what", "who"}
QUESTION_OPENERS |= {"when", "why", "how", "which", "whose"}
_SENTENCE_END = ".?!"


def _read_phrases(path: Path) -> dict[str, str]:
    """models/text/english_phrases.tsv: typed (lower case) → the words the grammar writes for it."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {row["typed"]: row["reads_as"] for row in rows}


PHRASES = _read_phrases(Path(__file__).with_name("english_phrases.tsv"))
# "Please open the door." → "open the door, please.": the grammar says please last, after a comma
_PLEASE_FIRST = re.compile(r"^please\s*,?\s+(?P<rest>[^,].*?)\s*(?P<end>[.!?]?)$", re.I)
# "Thanks!", "Thanks, Paul.": the greeting, said first and alone, is "thank you" in the grammar ("he thanks me" stays)
_THANKS_FIRST = re.compile(r"^thanks(?=\s*(?:[,.!?]|$))", re.I)
_PHRASE = re.compile(
    # whole words (the text's spaces are single by then), longest first: "train stations" before "train station"
    r"(?<![\w'])(" + "|".join(re.escape(k) for k in sorted(PHRASES, key=len, reverse=True)) + r")(?![\w'])",
    re.I,
)


@dataclass(frozen=True)
class InputRules:
    """What a pack's sources look like: their language (contractions are expanded for "en") and the
    punctuation every source ends with ("" when sources carry none, like dates)."""

    language: str = ""
    sentence_end: str = ""
    phrases: bool = False  # rewrite models/text/english_phrases.tsv's compounds and synonyms (English grammar packs)

    @classmethod
    def from_task(cls, task: Task) -> InputRules:
        """The rules in task.json's "input"; anything malformed there reads as no rule."""
        raw = task.input if isinstance(task.input, dict) else {}
        language = raw.get("language", "") if isinstance(raw.get("language", ""), str) else ""
        end = raw.get("sentence_end", "") if isinstance(raw.get("sentence_end", ""), str) else ""
        return cls(language, end, raw.get("phrases") is True)


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str  # what the model reads
    changes: list[Message] = field(default_factory=list)  # what was changed, for a person (English as str)

    @property
    def changed(self) -> bool:
        return self.text != normalize_spaces(self.original)


def _expand(match: re.Match) -> str:
    return _expand_word(match.group(0))


def _expand_word(word: str) -> str:
    expanded = CONTRACTIONS[word.lower()]
    if word[0].isupper() and not expanded.startswith("I "):
        expanded = expanded[0].upper() + expanded[1:]
    return expanded


def _rewrite_phrases(text: str, is_known: Callable[[str], bool]) -> tuple[str, list[tuple[str, str]]]:
    """`text` with each compound or synonym of PHRASES replaced by the grammar's word, and the pairs replaced.
    A single typed word the pack knows already is kept (in any case), and so is a phrase whose replacement
    the pack does not know."""
    found: dict[str, str] = {}

    def swap(match: re.Match) -> str:
        typed = match.group(0)
        reads_as = PHRASES[typed.lower()]
        if " " not in typed and (is_known(typed) or is_known(typed.lower())):
            return typed
        if not all(map(is_known, reads_as.split())):
            return typed
        found[typed] = reads_as
        return reads_as

    return _PHRASE.sub(swap, text), list(found.items())


def _known_form(word: str, is_known: Callable[[str], bool]) -> str:
    """The capitalisation of `word` the vocabulary knows, or `word` itself."""
    if is_known(word) or not any(c.isalpha() for c in word):
        return word
    for candidate in (word.lower(), word.capitalize(), word.title()):
        if is_known(candidate):
            return candidate
    return word


def looks_like_name(token: str) -> bool:
    """Whether an unknown `token` reads as a name, a place or a number, which a copy model passes through rather
    than a word to correct: capitalised and not all capitals (Jack, Lyon, McDonald), or digits (1990)."""
    return token.isdigit() or (token[:1].isupper() and (len(token) == 1 or not token.isupper()))


def unknown_names(tokens: list[str], is_known: Callable[[str], bool]) -> list[list[str]]:
    """The names, places and numbers among `tokens` that `is_known` lacks (`looks_like_name`), in order, each once;
    capitalised words side by side are one name of several words ("New York": [["New", "York"]]), a number is
    always one of its own."""
    names: list[list[str]] = []
    after_word = False  # the previous token was a capitalised unknown word
    for token in tokens:
        if is_known(token) or not looks_like_name(token):
            after_word = False
            continue
        word = not token.isdigit()
        if word and after_word:
            names[-1].append(token)
        else:
            names.append([token])
        after_word = word
    return [list(n) for n in dict.fromkeys(map(tuple, names))]


@cache
def _two_word_cities() -> frozenset[str]:
    from models.tasks.grammar.copyable import multiword_cities  # the cities the copy packs learned to copy

    return frozenset(multiword_cities())


def _fix_case(tokens: list[str], is_known: Callable[[str], bool]) -> list[str]:
    """Each token in the capitalisation the vocabulary knows (`_known_form`), except the first word of a name of
    two: "New" stays as typed before "York" (not "new York"), as a capitalised word does inside a sentence when a
    capitalised word the vocabulary knows in no form follows it; at a sentence's start, where a capital says
    nothing, only before the rest of a listed two-word city ("New York is big")."""
    out = []
    for i, token in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        name_follows = after[:1].isupper() and after == after.capitalize() and _known_form(after, is_known) == after
        if token[:1].isupper() and token == token.capitalize() and name_follows and not is_known(after):
            start = i == 0 or tokens[i - 1] in _SENTENCE_END
            if not start or f"{token} {after}" in _two_word_cities():
                out.append(token)
                continue
        out.append(_known_form(token, is_known))
    return out


def normalize_input(
    text: str,
    is_known: Callable[[str], bool],
    tokenize: Callable[[str], list[str]],
    rules: InputRules,
    words: bool,
    knows_char: Callable[[str], bool] | None = None,
) -> Normalized:
    """`text` as the model should read it. `is_known` answers for one token; `words` says whether tokens
    are words (case fixing works word by word) or characters (then only typography is fixed). `knows_char`
    says whether a character occurs in the vocabulary: when it knows the curly quotes and not the straight
    ones, straight quotes are made curly instead of the other way round."""
    changes: list[Message] = []
    curly = [
        q for q, pair in _CURLY.items() if knows_char is not None and not knows_char(q) and all(map(knows_char, pair))
    ]
    if curly:
        clean = normalize_spaces(_to_curly(text, curly))
        if clean != normalize_spaces(text):
            changes.append(Message(N_("straight quotes → curly quotes")))
    else:
        clean = normalize_spaces(text.translate(_TYPOGRAPHY))
        if clean != normalize_spaces(text):
            changes.append(Message(N_("curly quotes → straight quotes")))
    out = clean
    if rules.language == "en":
        expanded = _CONTRACTION.sub(_expand, out)
        if expanded != out:
            found = sorted({m.group(0) for m in _CONTRACTION.finditer(out)}, key=str.lower)
            changes.append(Message(N_("expanded {words}"), words=", ".join(f"{w} → {_expand_word(w)}" for w in found)))
            out = expanded
        if rules.phrases:
            rewritten, found = _rewrite_phrases(out, is_known)
            thanks = _THANKS_FIRST.match(rewritten)
            if thanks and is_known("thank") and is_known("you"):
                rewritten = "thank you" + rewritten[thanks.end() :]
                found.append((thanks.group(0), "thank you"))
            if found:
                changes.append(
                    Message(N_("the grammar's word for {words}"), words=", ".join(f"{a} → {b}" for a, b in found))
                )
                out = rewritten
            please = _PLEASE_FIRST.match(out)
            if please and is_known("please") and not re.search(r",\s*please\b", out, re.I):
                out = f"{please['rest']}, please{please['end']}"
                changes.append(Message(N_("please last, as the grammar says it")))
    if words and out:
        tokens = tokenize(out)
        fixed = _fix_case(tokens, is_known)
        if fixed != tokens:
            pairs = [f"{a} → {b}" for a, b in zip(tokens, fixed, strict=True) if a != b]
            changes.append(Message(N_("capitals: {words}"), words=", ".join(dict.fromkeys(pairs))))
            out = _rejoin(out, tokens, fixed)
    if rules.sentence_end and out and out[-1] not in _SENTENCE_END:
        first = out.split()[0].lower()
        mark = "?" if "?" in rules.sentence_end and first in QUESTION_OPENERS else rules.sentence_end[0]
        out += mark
        changes.append(Message(N_("added the final {mark!r}"), mark=mark))
    return Normalized(text, out, changes)


def _to_curly(text: str, quotes: list[str]) -> str:
    """`text` with each straight quote in `quotes` made curly: opening where a quotation opens, else closing."""
    out = []
    for i, ch in enumerate(text):
        if ch in quotes:
            opening, closing = _CURLY[ch]
            ch = opening if i == 0 or text[i - 1] in _OPENS_AFTER or text[i - 1].isspace() else closing
        out.append(ch)
    return "".join(out)


def _rejoin(text: str, tokens: list[str], fixed: list[str]) -> str:
    """Replace each token in `text` by its fixed form, left to right, keeping the spacing as it was."""
    out, pos = [], 0
    for old, new in zip(tokens, fixed, strict=True):
        at = text.find(old, pos)
        if at < 0:  # the tokenizer changed the text (it should not, after normalize_spaces): rebuild it
            return " ".join(fixed)
        out.append(text[pos:at])
        out.append(new)
        pos = at + len(old)
    out.append(text[pos:])
    return "".join(out)


SYNONYMS_FILE = Path(__file__).with_name("english_synonyms.tsv")


@cache
def synonyms() -> dict[str, tuple[str, ...]]:
    """models/text/english_synonyms.tsv: a frequent English word the grammar does not know → the grammar's words of
    the same meaning, best first (WordNet synonyms and hypernyms, built by tools/lexicon/frequent_words.py)."""
    with SYNONYMS_FILE.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {row["typed"]: tuple(row["means"].split()) for row in rows}


def suggestions(word: str, known: list[str], n: int = 3) -> list[str]:
    """The known words to offer for an unknown one ("did you mean"): words of the same meaning first ("little" →
    small, "kid" → child, from english_synonyms.tsv), then the words spelt most alike, by difflib's similarity
    ratio ("tabel" → table)."""
    from difflib import get_close_matches

    lowered = {}
    for k in known:
        lowered.setdefault(k.lower(), k)
    by_meaning = [lowered[m] for m in synonyms().get(word.lower(), ()) if m in lowered]
    by_spelling = [lowered[m] for m in get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)]
    return list(dict.fromkeys(by_meaning + by_spelling))[:n]
