"""Outputs are plain text: the Korean joiner (U+2060) and every other format character (Unicode category Cf) stay
inside token handling, never in a trace's text, a beam's texts, a batch's outputs or a what-if's text."""

import json
import unicodedata

import pytest

from models.evaluation.evaluate import scored_outputs
from models.net.decoding import beam_search, greedy_many, translate
from models.net.whatif import whatif_decode
from models.packs.pack import load_pack, pretrained_root
from models.text.tokenize import JOINER, morph_detok, morph_tokens, plain_text
from models.text.vocab import SPECIALS, Vocab


def format_characters(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"]


def test_plain_text_drops_format_characters_only():
    assert plain_text("사과\u2060를 먹\u2060어요.") == "사과를 먹어요."
    assert plain_text("a\u200bb\u200dc\u200ed\ufeff") == "abcd"
    assert plain_text("27 septembre 2023 — ok") == "27 septembre 2023 — ok"


def test_the_tokens_still_round_trip_and_the_reader_gets_plain_text():
    tokens = ["사과", "-를", "먹", "-어요", "."]
    assert morph_tokens(morph_detok(tokens)) == tokens  # token handling keeps its joiner
    vocab = Vocab([*SPECIALS, *tokens], "morph")
    assert vocab.detokenize(tokens) == "사과\u2060를 먹\u2060어요."
    assert vocab.output_text(tokens) == "사과를 먹어요."


@pytest.fixture(scope="module")
def enko():
    return load_pack(pretrained_root() / "en-ko")


@pytest.mark.slow  # loads the en-ko pack and decodes its probes and examples with every model
def test_no_en_ko_output_carries_a_format_character(enko):
    task = json.loads((enko.path / "task.json").read_text("utf-8"))
    sentences = list(dict.fromkeys([*task["probes"], *task["examples"]]))
    assert sentences and list(enko.models) == ["none", "dot", "general", "additive", "transformer", "gpt"]
    found = {}
    for name, lm in enko.models.items():
        texts = greedy_many(lm.model, lm.src_vocab, lm.tgt_vocab, sentences)
        for sentence in sentences:
            trace = translate(lm.model, lm.src_vocab, lm.tgt_vocab, sentence)
            beam = beam_search(lm.model, lm.src_vocab, lm.tgt_vocab, sentence, width=2)
            texts += [trace.text, beam.trace.text, *(text for text, _ in beam.outputs)]
            if lm.model.uses_attention:
                texts.append(whatif_decode(lm.model, lm.src_vocab, lm.tgt_vocab, sentence, "uniform").trace.text)
        assert any(any("\uac00" <= c <= "\ud7a3" for c in t) for t in texts)  # Korean came out
        found[name] = sorted({c for t in texts for c in format_characters(t)})
    assert found == {name: [] for name in enko.models}


@pytest.mark.slow
def test_the_scores_compare_like_with_like(enko):
    """The metrics read outputs as test.json writes its references (joined); a reader gets them plain."""
    lm = enko.models["general"]
    examples = enko.test[:40]
    scored = scored_outputs(lm, [e.source for e in examples])
    plain = greedy_many(lm.model, lm.src_vocab, lm.tgt_vocab, [e.source for e in examples])
    assert [plain_text(s) for s in scored] == plain
    assert any(JOINER in s for s in scored) and not any(JOINER in p for p in plain)
    exact = [s == e.target for s, e in zip(scored, examples, strict=True)]
    assert exact == [p == plain_text(e.target) for p, e in zip(plain, examples, strict=True)] and any(exact)
