import shutil

import pytest
import torch

from bench.liveapp import apptest_in_navigation_mode
from models.net.decoding import translate
from models.net.gru import ModelConfig, Seq2Seq
from models.packs.pack import PRETRAINED, Pack, load_pack
from models.text.vocab import Vocab

apptest_in_navigation_mode()


@pytest.fixture(scope="session")
def dates_pack():
    return load_pack(PRETRAINED / "dates")


@pytest.fixture
def pack_copy(tmp_path):
    """A copy of the shipped dates pack that a test may break."""
    dest = tmp_path / "dates"
    shutil.copytree(PRETRAINED / "dates", dest)
    return dest


@pytest.fixture
def tiny_vocabs():
    src = Vocab.build(["abc def", "xyz 123"], "char")
    tgt = Vocab.build(["0123456789-"], "char")
    return src, tgt


def tiny_model(attention: str, src_size: int = 20, tgt_size: int = 15, hidden: int = 8, seed: int = 0) -> Seq2Seq:
    torch.manual_seed(seed)
    cfg = ModelConfig(
        attention, src_size, tgt_size, embed_size=6, hidden_size=hidden, max_source_len=12, max_output_len=7
    )
    return Seq2Seq(cfg).eval()


def app_outputs(pack: Pack, sentences: list[str]) -> dict[str, list[str]]:
    """Each model's output for each sentence, as the app decodes it (the pack's normalized input, greedy)."""
    read = [pack.read(s).text for s in sentences]
    return {
        name: [translate(lm.model, lm.src_vocab, lm.tgt_vocab, s).text for s in read]
        for name, lm in pack.models.items()
    }
