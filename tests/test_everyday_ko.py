"""The sentences people actually type, into Korean: the 243 hand-written everyday English sentences of the en-fr
set (tests/data/everyday_enfr.tsv) with Korean references written and checked by hand, through the shipped
en-ko pack exactly as the app reads them.

The references follow the pack's conventions (models/tasks/enko.py): 해요체, 저 and 당신, pronouns kept, 은/는
for the subject of a main clause, 이/가 for what exists or is had, native numbers with counters, 안 negation.
"there is a cat in the garden" has two derivations in the grammar (the place said of the verb or of the cat);
the references take the first, "정원에 고양이가 있어요". They are stored as plain Korean, without the WORD
JOINER (U+2060) the morph detokenizer puts between a word and its particles; outputs are compared with the
joiners removed, so like is compared with like."""

import re
from pathlib import Path

import pytest
from conftest import app_outputs, read_everyday

from models.packs.pack import load_pack, pretrained_root
from models.text.tokenize import JOINER

DATA = Path(__file__).resolve().parent / "data" / "everyday_enko.tsv"
ENFR = DATA.with_name("everyday_enfr.tsv")
ATTENTION = ("dot", "general", "additive", "transformer", "gpt")


def everyday() -> list[tuple[str, str]]:
    return read_everyday(DATA, "ko")


@pytest.fixture(scope="module")
def pack():
    return load_pack(pretrained_root() / "en-ko")


@pytest.fixture(scope="module")
def outputs(pack):
    """Each model's output for each sentence, as the app decodes it (normalized input, greedy), without joiners."""
    outputs = app_outputs(pack, [en for en, _ in everyday()])
    return {name: [o.replace(JOINER, "") for o in out] for name, out in outputs.items()}


def test_the_set_is_the_en_fr_everyday_english_with_a_korean_reference_each():
    pairs = everyday()
    assert [en for en, _ in pairs] == [en for en, _ in read_everyday(ENFR, "fr")]
    for en, ko in pairs:
        assert JOINER not in ko, en  # stored as plain Korean
        assert ko[-1] in ".?" and (ko[-1] == "?" or not en.endswith("?")), en
        assert any("\uac00" <= c <= "\ud7a3" for c in ko), en
        # the only Latin letters are the source's names, kept as written (Paul과 Sophie는): the grammar's convention
        # since the copy models (the three references with names were 폴과 소피는, 토마는, 마리는 before that)
        assert set(re.findall(r"[A-Za-z]+", ko)) <= {w for w in re.findall(r"[A-Za-z]+", en) if w[0].isupper()}, en


@pytest.mark.slow  # loads the pack
def test_almost_every_sentence_has_only_known_words_after_normalization(pack):
    vocab = pack.models["dot"].src_vocab
    unknown = [en for en, _ in everyday() if any(not vocab.is_known(t) for t in vocab.tokenize(pack.read(en).text))]
    assert len(unknown) <= 0.05 * len(everyday()), unknown  # none today


# The shipped models (copy heads, the any-sentence grammar with names in Latin letters, unknown words read by their
# last sound, the place of what one has before it, 2026-12-07), exactly right of 243: gpt 236 (97.1 %), transformer
# 232 (95.5 %), additive 225, dot 224, general 224, none 142 (58.4 %). The Transformer's eleven misses: "there is X
# in Y" (and "I see birds in the garden") read as a relative clause, five times (정원에 있는 고양이가 있어요), "how
# many ... have?" twice, "fifteen hens" counted as people (암탉 열다섯 명), "I read in the morning" in the past, "she
# loves them" → 그것들을. The pack before had transformer 237, gpt 234; the one before that (known names in Hangul)
# transformer 235, gpt 233, general 230, dot 223, additive 219, none 141. The bar is 95 % for the best
# attention model.
EXACT_FLOOR = 0.95


@pytest.mark.slow  # decodes every sentence with every model of the long pack
def test_the_best_attention_model_translates_nearly_all_exactly(outputs):
    refs = [ko for _, ko in everyday()]
    exact = {m: sum(o == r for o, r in zip(outputs[m], refs, strict=True)) / len(refs) for m in ATTENTION}
    assert max(exact.values()) >= EXACT_FLOOR, exact
    # the model without attention is far behind the best one (38.7 points today)
    none = sum(o == r for o, r in zip(outputs["none"], refs, strict=True)) / len(refs)
    assert max(exact.values()) - none >= 0.15, (none, exact)
