"""Input that forgives: what a person types becomes what the pack's models read."""

import pytest

from models.records import Task
from models.tokenize import char_tokens, word_tokens
from models.userinput import CONTRACTIONS, InputRules, normalize_input, suggestions

KNOWN = {"the", "cat", "is", "on", "table", ".", "?", "!", "I", "do", "not", "like", "tea", "Marie", "where"}
KNOWN |= {"station", "am", "happy", "you", "are", "can", "swim", "will", "come", ",", "'"}
EN = InputRules("en", ".?!")


def read(text: str, rules: InputRules = EN) -> str:
    return normalize_input(text, KNOWN.__contains__, word_tokens, rules, words=True).text


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("The cat is on the table.", "the cat is on the table."),
        ("THE CAT IS ON THE TABLE.", "the cat is on the table."),
        ("the cat is on the table", "the cat is on the table."),
        ("Where is the station", "where is the station?"),
        ("Can you swim", "can you swim?"),
        ("I don’t like tea.", "I do not like tea."),
        ("I DON'T like tea!", "I DO not like tea!".replace("DO", "do")),
        ("i'm happy", "I am happy."),
        ("You’re happy?", "you are happy?"),
        ("I can't swim", "I can not swim."),
        ("I cannot swim", "I can not swim."),
        ("You won't come.", "you will not come."),
        ("MARIE is happy", "Marie is happy."),
        ("the   cat\tis  on the table .", "the cat is on the table ."),
    ],
)
def test_what_people_type_becomes_what_the_model_knows(typed, read_as):
    assert read(typed) == read_as


def test_known_text_is_left_alone_and_reports_no_change():
    out = normalize_input("the cat is on the table.", KNOWN.__contains__, word_tokens, EN, words=True)
    assert out.text == "the cat is on the table." and out.changes == [] and not out.changed


def test_every_change_is_reported():
    out = normalize_input("The cat don’t", KNOWN.__contains__, word_tokens, EN, words=True)
    assert out.changed
    joined = " | ".join(out.changes)
    assert "curly" in joined and "don't → do not" in joined and "The → the" in joined and "'.'" in joined


def test_unknown_words_stay_unknown_and_names_keep_their_capital():
    assert read("The Zorblax is happy.") == "the Zorblax is happy."
    assert read("Marie is happy.") == "Marie is happy."


def test_rules_of_other_packs_are_respected():
    # no language: contractions are not expanded; no sentence end: nothing is appended
    none = InputRules()
    assert read("I don't like tea", none) == "I don't like tea"
    # character packs only get typography fixed
    out = normalize_input("3 MARCH 2019’", set("3 march2019'").__contains__, char_tokens, none, words=False)
    assert out.text == "3 MARCH 2019'"


def test_quotes_follow_the_vocabulary_a_corpus_written_with_curly_quotes_gets_curly_ones():
    # a corpus like the Bible pack's: its pieces hold ’ ‘ “ ” and never a straight quote
    curly = set("abcdefghijklmnopqrstuvwxyzJS ,.’‘“”")

    def read_real(text: str) -> str:
        return normalize_input(text, curly.__contains__, char_tokens, InputRules(), False, curly.__contains__).text

    assert read_real('Jonathan, Saul\'s son, said, "go."') == "Jonathan, Saul’s son, said, “go.”"
    assert read_real("she said 'yes' and didn't") == "she said ‘yes’ and didn’t"
    assert read_real("Saul’s “son”") == "Saul’s “son”"  # typed curly: left as it is
    # a vocabulary that knows the straight quotes (the grammar packs) still gets curly quotes made straight
    straight = set("abcdefghijklmnopqrstuvwxyz '\"")
    out = normalize_input("don’t “go”", straight.__contains__, char_tokens, InputRules(), False, straight.__contains__)
    assert out.text == 'don\'t "go"' and [str(c) for c in out.changes] == ["curly quotes → straight quotes"]


def test_contraction_table_expands_to_whole_words():
    for contracted, expanded in CONTRACTIONS.items():
        assert "'" not in expanded and len(expanded.split()) == 2, contracted


def test_rules_come_from_task_json_and_ignore_junk():
    def rules(task: dict) -> InputRules:
        return InputRules.from_task(Task.from_dict(task))

    assert rules({"input": {"language": "en", "sentence_end": ".?!"}}) == EN
    assert rules({}) == InputRules()
    assert rules({"input": ["junk"]}) == InputRules()
    assert rules({"input": {"language": 3, "sentence_end": None}}) == InputRules()


def test_did_you_mean_offers_close_known_words():
    known = ["table", "tablet", "cable", "cat", "station", "nation"]
    assert suggestions("tabel", known)[0] == "table"
    assert "station" in suggestions("Staton", known)
    assert suggestions("xyzzy", known) == []


def test_unknown_help_suggests_for_the_first_few_and_counts_the_rest():
    from models.pack import PRETRAINED, load_pack

    pack = load_pack(PRETRAINED / "numbers")
    junk = [f"zq{i}x" for i in range(50)]
    help_ = pack.unknown_help(["one", *junk], limit=8)
    assert list(help_) == junk  # every unknown token, in order; the known "one" is not there
    assert all(v == [] for v in list(help_.values())[8:])
