"""What the shipped packs say about themselves, in the reader's language.

A pack's title and description live in its task.json, which the catalogue extractor does not read: this table
holds the shipped packs' texts, marked with N_ so that tools/catalogue.sh extracts them, and the sidebar and the
Data panel translate a task.json text by looking it up in the catalogue (`_`). A pack of your own reads in the
language it was written in. tests/test_i18n.py checks that every shipped task.json text is in this table.
"""

from __future__ import annotations

from explorer.i18n import N_, _, message
from models.messages import Message

# (pack, title, description) as each shipped pretrained/*/task.json writes them
SHIPPED = [
    (
        "dates",
        N_("Dates → ISO 8601"),
        N_(
            "Human-written dates in English, Korean, French, German, Spanish and Japanese, character by character, to ISO 8601 (YYYY-MM-DD)."
        ),
    ),
    (
        "numbers",
        N_("Number words → digits"),
        N_(
            "Spelled-out numbers in English, Korean, French and German (from num2words) to their digits, from 0 to 13-digit numbers. Korean reads in groups of 10^4, French counts in twenties (quatre-vingt-dix-sept = 97) and German says the units before the tens (einundzwanzig = 21), so attention must jump around the source. Splits are disjoint by number."
        ),
    ),
    (
        "en-fr",
        N_("English → French"),
        N_(
            "Everyday English from a synchronous grammar (1076 nouns, 30 names, 310 adjectives, 258 verbs, pronouns, numbers 1-100, time words): statements and questions in the present, progressive, past and future, negation, object pronouns, 'want to' and 'can', 'there is', relative clauses. 3 to 60 words long, with gold word alignments. French moves object pronouns before the verb and most adjectives after the noun, agrees articles, adjectives, verbs and participles, and fuses words (du, au, j', l'). 'you' is always 'vous'; questions use 'est-ce que'. Training sentences have at most 40 words; the test set goes on to 60."
        ),
    ),
    (
        "en-ko",
        N_("English → Korean"),
        N_(
            "Everyday English into polite Korean (해요체) from the en-fr grammar: the same English sentences, 3 to 60 words, with gold word alignments. Korean puts the verb last (subject, object, verb), adjectives, numbers and relative clauses before the noun ('the boy who eats an apple' → '사과를 먹는 소년'), and marks roles with particles chosen by the final consonant: 은/는 for the subject of a main clause (이/가 after a, some, every or a number, and in every embedded clause), 을/를 for objects, 에/에서, 에게, 와/과, 의. Present, past, future (-(으)ㄹ 거예요) and progressive (-고 있어요), negation with 안 (없어요, 몰라요, 아니에요), questions with ?. Verb forms come from Kiwi. Tokens are morphemes: particles and endings are tokens of their own, so the heatmap shows which English word each one renders. 'you' is 당신; numbers before counters are native Korean. Training sentences have at most 40 words; the test set goes on to 60."
        ),
    ),
    (
        "en-es",
        N_("English → Spanish: Bible verses (World English Bible → Reina-Valera 1909)"),
        N_(
            "Real text: Bible verses, World English Bible → Reina-Valera 1909 (both public domain), cut into subword pieces (unigram, 8,000 per side). The models trained on 27,677 verses of at most 50 words for 28 minutes each on two CPU cores, so expect rough translations: what to look at is how much more the models with attention carry over (names, phrases) than the one without, at every length. Trained from the corpus en-es.tsv: 31044 lines read, 30747 pairs kept; skipped: 295 duplicate source, 2 longer than 80 words."
        ),
    ),
]

# The en-es card's data, written by tools/bible/build.py; the reasons a corpus line is skipped (models/packs/corpus.py)
DATA_TEXTS = [
    N_(
        "World English Bible (engWEB2015eb) and Reina-Valera 1909 (spaRV1909eb), Debian's SWORD modules sword-text-web and sword-text-sparv, aligned verse by verse by tools/bible/build.py"
    ),
    N_("Public domain (both texts)"),
    N_("duplicate source"),
    N_("longer than 80 words"),
]


def told(text: str) -> str:
    """A text of a pack (its title, description, a data card's line) in the reader's language: a Message's template
    translated and filled in, or a task.json string's catalogue translation, or the text as written."""
    if isinstance(text, Message):
        return message(text)
    return _(text) if text else text  # (the catalogue's "" is its header)
