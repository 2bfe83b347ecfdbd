"""Unknown words by class (models/text/unknown.py): en-ko's source reads a word it lacks by its last sound's class,
so a model can pick the particle after a copied name (Tom은, Anna는, Lyon으로); en-fr's reads every one as <unk>."""

import numpy as np
import pytest
from conftest import app

from models.tasks import get_task
from models.text.unknown import CONSONANT, RIEUL_FINAL, VOWEL
from models.text.vocab import SOS_ID, SPECIALS, UNK_ID, Vocab

TEXTS = ["my friend lives in the city .", "she is happy ."]


def test_a_vocabulary_with_classes_reads_an_unknown_word_by_its_last_sound():
    vocab = Vocab.build(TEXTS, "word", unknown="latin-final")
    assert vocab.tokens[:7] == [*SPECIALS, VOWEL, RIEUL_FINAL, CONSONANT]
    ids = vocab.encode(["Tom", "Anna", "Paul", "Jack", "Mark", "1990", "friend", "<unk>"])
    assert vocab.decode(ids) == [CONSONANT, VOWEL, RIEUL_FINAL, CONSONANT, VOWEL, "<unk>", "friend", "<unk>"]
    # a class is not a word: not known, and its letters are not the vocabulary's characters
    assert not any(vocab.is_known(c) for c in (VOWEL, RIEUL_FINAL, CONSONANT))
    assert not vocab.knows_char("ㄹ") and not vocab.knows_char(":")
    assert vocab.is_known("friend")
    assert vocab.words[0] == "." and not set(vocab.words) & set(vocab.classes)  # no "did you mean <unk:ㄹ>"


def test_without_classes_every_unknown_word_is_unk_as_before():
    vocab = Vocab.build(TEXTS, "word")
    assert vocab.encode(["Tom", "Anna", "friend"])[:2] == [UNK_ID, UNK_ID]
    assert "unknown" not in vocab.to_json()


def test_the_classes_round_trip_through_json_and_are_checked():
    vocab = Vocab.build(TEXTS, "word", unknown="latin-final")
    again = Vocab.from_json(vocab.to_json())
    assert again.unknown == "latin-final" and again.encode(["Tom", "Anna"]) == vocab.encode(["Tom", "Anna"])
    with pytest.raises(ValueError, match="must hold"):
        Vocab([*SPECIALS, "a"], "word", unknown="latin-final")
    with pytest.raises(ValueError, match="unknown kind"):
        Vocab([*SPECIALS, "a"], "word", unknown="soundex")
    with pytest.raises(ValueError, match="'unknown' must be a string"):
        Vocab.from_json({"tokenization": "word", "tokens": SPECIALS, "unknown": 3})


def test_en_ko_reads_unknown_words_by_class_and_en_fr_does_not():
    assert get_task("en-ko").source_unknown == "latin-final"
    assert get_task("en-fr").source_unknown is None


@pytest.mark.slow  # the shipped en-ko pack through AppTest
def test_the_translate_page_says_how_en_ko_reads_a_name_it_never_saw():
    at = app("Where is Tom?", pack="en-ko", models="none,transformer").run()
    at.switch_page("pages/translate.py").run()
    assert not at.exception, [e.message for e in at.exception]
    warnings = "\n".join(w.value for w in at.warning).replace("\\", "")
    assert "'Tom' → <unk:consonant>" in warnings
    assert "by its last sound" in "\n".join(e.value for e in at.info)
    assert any(c.value.startswith("Tom은 ") for c in at.code), [c.value for c in at.code]  # the particle fits


# Unknown words by order (models/text/unknown.py; TrainConfig.unknown_order)


def test_with_an_order_the_unknown_words_of_a_sentence_are_numbered_by_first_occurrence():
    vocab = Vocab.build(TEXTS, "word", order=2)
    assert vocab.tokens[4:6] == ["<unk:1>", "<unk:2>"] and vocab.classes == ("<unk:1>", "<unk:2>")
    tokens = ["Germana", "Cabezas", "and", "Germana", "see", "Oslo", "friend"]
    assert vocab.decode(vocab.encode(tokens)) == ["<unk:1>", "<unk:2>", "<unk>", "<unk:1>", "<unk>", "<unk>", "friend"]
    # the numbers count within one sentence: the next one starts again
    assert vocab.decode(vocab.encode(["Oslo", "."])) == ["<unk:1>", "."]
    assert vocab.unknown_tokens(tokens) == {
        "Germana": "<unk:1>",
        "Cabezas": "<unk:2>",
        "and": "<unk>",
        "see": "<unk>",
        "Oslo": "<unk>",
    }
    assert not vocab.is_known("<unk:1>") and "<unk:1>" not in vocab.words


def test_an_order_numbers_each_class_of_a_kind_and_plain_unknowns():
    vocab = Vocab.build(TEXTS, "word", unknown="latin-final", order=2)
    assert vocab.classes[:3] == (VOWEL, RIEUL_FINAL, CONSONANT) and len(vocab.classes) == 3 + 2 * 4
    assert vocab.decode(vocab.encode(["1990", "Anna", "Paul", "Tom", "friend"])) == [
        "<unk:1>",
        "<unk:vowel:2>",
        RIEUL_FINAL,  # third: past the order, the class alone
        CONSONANT,
        "friend",
    ]


def test_an_order_and_copied_tokens_round_trip_through_json_and_are_checked():
    src, tgt = Vocab.build(TEXTS, "word", order=3), Vocab.build(TEXTS, "word", copied=3)
    assert tgt.tokens[4:7] == ["<copied:1>", "<copied:2>", "<copied:3>"] and not tgt.is_known("<copied:1>")
    assert tgt.encode(["Oslo"]) == [UNK_ID]  # a target word it lacks is still <unk>: the copied tokens are only fed
    for vocab in (src, tgt):
        again = Vocab.from_json(vocab.to_json())
        assert (again.tokens, again.order, again.copied) == (vocab.tokens, vocab.order, vocab.copied)
    assert "order" not in Vocab.build(TEXTS, "word").to_json()
    with pytest.raises(ValueError, match="must hold"):
        Vocab([*SPECIALS, "a"], "word", order=1)
    with pytest.raises(ValueError, match="copied is for a target"):
        Vocab([*SPECIALS, "<copied:1>"], "word", order=1, copied=1)
    with pytest.raises(ValueError, match="whole numbers"):
        Vocab.from_json({"tokenization": "word", "tokens": SPECIALS, "order": "2"})


def test_a_copy_model_with_an_order_is_fed_the_number_of_the_word_it_copied():
    import torch

    from models.net.pointer import fed_ids

    V = 10
    ids = torch.tensor([[7, V, V + 1, V + 2, 3, V + 1]])
    assert fed_ids(ids, V).tolist() == [[7, UNK_ID, UNK_ID, UNK_ID, 3, UNK_ID]]  # without: every copy is <unk>
    # with 2 copied tokens (<copied:1> at id 4, <copied:2> at 5): the third copied word is <unk> again
    assert fed_ids(ids, V, copied=2).tolist() == [[7, 4, 5, UNK_ID, 3, 5]]


def test_the_training_setting_reaches_the_vocabularies_and_the_copy_models_only():
    from models.packs.data import Example, Splits
    from models.training.config import TrainConfig
    from models.training.packs import build_vocabs

    cfg = TrainConfig.from_dict({"copy": True, "unknown_order": 4})
    assert cfg.model_config("dot", 20, 30).copied == 4 and cfg.model_config("gpt", 20, 30).copied == 4
    assert cfg.model_config("none", 20, 30).copied == 0  # nothing to copy with, nothing fed
    assert TrainConfig.from_dict({"unknown_order": 4}).model_config("dot", 20, 30).copied == 0  # no copy head
    with pytest.raises(ValueError, match="unknown_order"):
        TrainConfig.from_dict({"unknown_order": -1})
    splits = Splits([Example("the cat .", "le chat .", 3)], [], [])
    src, tgt = build_vocabs(splits, "word", "word", order=4)
    assert (src.order, src.copied, tgt.order, tgt.copied) == (4, 0, 0, 4)


def test_reference_forcing_feeds_a_copy_model_with_an_order_its_copied_tokens():
    """AER reads the weights while feeding the reference (decoding.forced_weights_many): a copy model trained with an
    order must be fed <copied:k> after a name there too, as in training, not the <unk> it never read after one."""
    import torch

    from models.net.decoding import forced_weights_many
    from models.net.gru import ModelConfig, Seq2Seq
    from models.net.pointer import source_map, target_ids

    src = Vocab.build(["I know the cat ."], "word", order=2)
    tgt = Vocab.build(["je connais le chat ."], "word", copied=2)
    torch.manual_seed(0)
    config = ModelConfig("dot", len(src), len(tgt), embed_size=8, hidden_size=8, copy=True, copied=2)
    model = Seq2Seq(config).eval()
    source, target = "I know Ada Byron .", "je connais Ada Byron ."
    (weights,) = forced_weights_many(model, src, tgt, [(source, target)])
    tokens = source.split()
    fed = target_ids(target.split(), tgt, source_map(tokens, tgt, src))
    # the names are the first extended ids (I and know, which French lacks too, come after them): read as <copied:k>
    assert fed[2:4] == [len(tgt), len(tgt) + 1]

    def rows(prev):
        rec = model.record(torch.tensor([src.encode(tokens)]), torch.tensor([len(tokens)]), torch.tensor([prev]))
        return rec.map("cross").alignment()[0, : len(fed)].detach().numpy()

    assert np.allclose(weights, rows([SOS_ID, *fed]))
    assert not np.allclose(weights, rows([SOS_ID, *tgt.encode(target.split())]))  # fed <unk>: other weights


def test_the_word_read_as_unk_n_is_fed_back_as_copied_n():
    """The two numberings agree: the source reads the n-th word it lacks as <unk:n>, the source map gives that word
    the extended id V + n - 1 (before the English words French lacks too), and the decoder is fed <copied:n>."""
    import torch

    from models.net.pointer import fed_ids, source_map

    src = Vocab.build(["I know the cat in the city ."], "word", order=4)
    tgt = Vocab.build(["je connais le chat dans la ville ."], "word", copied=4)
    tokens = ["I", "know", "Ada", "Byron", "in", "Oslo", "and", "Ada", "."]
    read = src.decode(src.encode(tokens))
    ext = source_map(tokens, tgt, src).ids
    fed = tgt.decode(fed_ids(torch.tensor(ext), len(tgt), copied=4).tolist())
    names = [j for j, t in enumerate(tokens) if t in ("Ada", "Byron", "Oslo", "and")]
    assert [read[j] for j in names] == ["<unk:1>", "<unk:2>", "<unk:3>", "<unk:4>", "<unk:1>"]
    assert [fed[j] for j in names] == ["<copied:1>", "<copied:2>", "<copied:3>", "<copied:4>", "<copied:1>"]
