"""Switching the positions off (models.net.transformer.without_positions): the Transformer then reads a bag of
words, the fast decoding agrees with the recorded pass, and the switch belongs to one thread."""

import threading

import pytest
import torch

from models.net.decoding import encode_source, greedy_ids, translate
from models.net.transformer import GPT, GPTConfig, Transformer, TransformerConfig, pe_rows, without_positions
from models.text.vocab import SOS_ID, Vocab

SOURCE = [5, 6, 7, 8, 9, 10, 11]  # seven different tokens: every permutation moves something


def untrained(family: str, seed: int = 0) -> Transformer | GPT:
    """An untrained model with dropout 0, in eval mode: its passes are deterministic functions of the input."""
    torch.manual_seed(seed)
    kind, config = (Transformer, TransformerConfig) if family == "transformer" else (GPT, GPTConfig)
    cfg = config(20, 15, d_model=16, n_heads=4, n_layers=2, d_ff=24, dropout=0.0, max_source_len=8, max_output_len=6)
    return kind(cfg).eval()


@torch.inference_mode()
def first_step_logits(model, source: list[int]) -> torch.Tensor:
    """The logits (V,) of decoding step 0 (the prediction of y_1 after <sos>), by the fast path `step`."""
    memory = model.encode(torch.tensor([source]), torch.tensor([len(source)]))
    logits, _ = model.step(torch.tensor([SOS_ID]), model.start(memory), memory)
    return logits[0]


def permutations(n: int, count: int = 5) -> list[list[int]]:
    g = torch.Generator().manual_seed(1)
    found = []
    while len(found) < count:
        perm = torch.randperm(n, generator=g).tolist()
        if perm != list(range(n)):
            found.append(perm)
    return found


def test_without_positions_the_transformer_reads_a_bag_of_words():
    model = untrained("transformer")
    src = torch.tensor([SOURCE])
    lens = torch.tensor([len(SOURCE)])
    tgt_in = torch.tensor([[SOS_ID, 4, 9, 3]])
    with without_positions():
        logits = first_step_logits(model, SOURCE)
        states = model.encode(src, lens).states  # (1, S, d_model)
        forced = model(src, lens, tgt_in)  # (1, T, V) every step of a teacher-forced pass
    for perm in permutations(len(SOURCE)):
        shuffled = [SOURCE[j] for j in perm]
        with without_positions():
            # the encoder is permutation-equivariant: each word's vector is the same, only moved
            moved = model.encode(torch.tensor([shuffled]), lens).states
            assert torch.allclose(moved, states[:, perm], atol=1e-5)
            # cross-attention sums over the source: the decoder's logits do not move at all
            assert torch.allclose(first_step_logits(model, shuffled), logits, atol=1e-5)
            assert torch.allclose(model(torch.tensor([shuffled]), lens, tgt_in), forced, atol=1e-5)
        # with its positions, the model sees the order
        assert (first_step_logits(model, shuffled) - first_step_logits(model, SOURCE)).abs().max() > 1e-3


def test_the_gpt_still_sees_some_order_through_its_causal_mask():
    """Not a bag of words even without positions: each source word averages only over the words before it."""
    model = untrained("gpt")
    shuffled = [SOURCE[j] for j in permutations(len(SOURCE))[0]]
    with without_positions():
        assert (first_step_logits(model, shuffled) - first_step_logits(model, SOURCE)).abs().max() > 1e-4


@pytest.mark.parametrize("family", ["transformer", "gpt"])
def test_decoding_without_positions_is_the_recorded_pass_without_positions(family):
    model = untrained(family)
    src, lens = torch.tensor([SOURCE]), torch.tensor([len(SOURCE)])
    with without_positions(), torch.inference_mode():
        ids = greedy_ids(model, SOURCE)
        memory = model.encode(src, lens)  # the fast path, step by step, with its KV cache
        state, prev, stepped = model.start(memory), torch.tensor([SOS_ID]), []
        for token in ids:
            logits, state = model.step(prev, state, memory)
            stepped.append(logits[0])
            prev = torch.tensor([token])
        rec = model.record(src, lens, torch.tensor([[SOS_ID, *ids[:-1]]]))
    assert torch.allclose(torch.stack(stepped), rec.logits[0], atol=1e-5)
    assert rec.logits[0].argmax(-1).tolist() == ids  # the recorded pass chooses what greedy decoding chose
    positions = rec.readout["source_positions" if family == "transformer" else "positions"]
    assert positions.abs().max() == 0  # the PE added was 0
    # and the switch is off again after the block: the same pass adds the sinusoids and computes other logits
    with torch.inference_mode():
        again = model.record(src, lens, torch.tensor([[SOS_ID, *ids[:-1]]]))
    assert again.readout["source_positions" if family == "transformer" else "positions"].abs().max() > 0.5
    assert not torch.allclose(again.logits, rec.logits, atol=1e-4)


@pytest.mark.parametrize("family", ["transformer", "gpt"])
def test_translate_without_positions_traces_its_own_decoding(family):
    """What the page shows: `translate` inside the block, its trace's tokens the recorded pass's own argmax."""
    model = untrained(family)
    src_vocab = Vocab.build(["abcdefghijklmnop"], "char")
    tgt_vocab = Vocab.build(["0123456789-"], "char")
    with without_positions():
        trace = translate(model, src_vocab, tgt_vocab, "badcfe")
        ids = greedy_ids(model, encode_source("badcfe", src_vocab, 8).ids)
    assert trace.output_tokens == tgt_vocab.decode(ids)
    assert [top[0] for top in trace.topk_tokens] == trace.output_tokens  # each step's most likely token, recorded


def test_the_switch_belongs_to_one_thread():
    """Sessions decode in their own threads while the models are shared: switching one off leaves the others."""
    pe = torch.randn(10, 4)
    inside = threading.Event()
    done = threading.Event()
    seen = {}

    def other_session() -> None:
        inside.wait(timeout=10)
        seen["other"] = pe_rows(pe, 5)
        done.set()

    thread = threading.Thread(target=other_session)
    thread.start()
    with without_positions():
        inside.set()
        done.wait(timeout=10)
        seen["mine"] = pe_rows(pe, 5)
    thread.join()
    assert torch.equal(seen["other"], pe) and seen["mine"].abs().max() == 0
    assert torch.equal(pe_rows(pe, 5), pe)
