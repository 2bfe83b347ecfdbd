"""GRU encoder-decoder, with or without attention: the whole model in one file.

The pipeline, one step at a time (decoder step i, source position j):

    query    s_i  = GRU(embed(y_{i-1}), s_{i-1}),   s_0 = h_S (the encoder's final state)
    keys     h_j  = encoder states (the values too)
    scores   e_ij = s_i^T h_j                         (dot)
                  = s_i^T W h_j                       (general, Luong)
                  = v^T tanh(W s_i + U h_j)           (additive, Bahdanau)
    weights  c_ij = softmax_j(e_ij)                   (padding gets weight 0)
    context  a_i  = sum_j c_ij h_j
    output   o_i  = tanh(FC [a_i ; s_i]),   p(y_i) = softmax(W_out o_i)

Without attention (`none`) the same decoder sees only the encoder's final state: a_i = h_S for every i,
the single fixed context vector. Everything else (sizes, FC, output layer) is identical, so the comparison
is fair.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

import torch
import torch.nn.functional as F
from torch import nn

from models.text.vocab import PAD_ID

ATTENTION_KINDS = ("none", "dot", "general", "additive")


@dataclass
class ModelConfig:
    attention: str  # one of ATTENTION_KINDS
    src_vocab_size: int
    tgt_vocab_size: int
    embed_size: int = 64
    hidden_size: int = 128
    max_source_len: int = 64  # longer inputs are cut (and the trace says so)
    max_output_len: int = 16
    attention_size: int = 0  # additive only: size of W s_i + U h_j (0 = hidden_size)
    bidirectional: bool = False  # encoder reads both ways; h_j = [forward_j ; backward_j], each hidden_size/2
    output_size: int = 0  # units of o_i = tanh(FC [a_i ; s_i]) (0 = hidden_size); W_o maps them to the vocabulary

    def __post_init__(self) -> None:
        if self.attention not in ATTENTION_KINDS:
            raise ValueError(f"attention must be one of {ATTENTION_KINDS}, got {self.attention!r}")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "bool" and not isinstance(value, bool):
                raise ValueError(f"{f.name} must be true or false, got {value!r}")
            minimum = 0 if f.name in ("attention_size", "output_size") else 1
            if f.type == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < minimum):
                raise ValueError(f"{f.name} must be an integer >= {minimum}, got {value!r}")

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_dict(cls, raw: object) -> ModelConfig:
        if not isinstance(raw, dict):
            raise ValueError("config must be a JSON object")
        names = {f.name for f in fields(cls)}
        unknown = set(raw) - names
        if unknown:
            raise ValueError(f"unknown config keys: {sorted(unknown)}")
        missing = {"attention", "src_vocab_size", "tgt_vocab_size"} - set(raw)
        if missing:
            raise ValueError(f"missing config keys: {sorted(missing)}")
        return cls(**raw)


class Attention(nn.Module):
    """Compare a query with every key, softmax over the source, aggregate the values."""

    def __init__(self, kind: str, hidden_size: int, attention_size: int = 0):
        super().__init__()
        self.kind = kind
        A = attention_size or hidden_size
        if kind == "general":
            self.W = nn.Linear(hidden_size, hidden_size, bias=False)
        elif kind == "additive":
            self.W = nn.Linear(hidden_size, A, bias=False)  # applied to the query s_i
            self.U = nn.Linear(hidden_size, A, bias=False)  # applied to the keys h_j
            self.v = nn.Linear(A, 1, bias=False)
        elif kind != "dot":
            raise ValueError(f"no attention of kind {kind!r}")

    def project_keys(self, keys: torch.Tensor) -> torch.Tensor:
        """The key-side half of the score, which does not depend on the step: computed once per sentence.

        dot: h_j itself;  general: W h_j (B, S, H);  additive: U h_j (B, S, A).
        """
        if self.kind == "dot":
            return keys
        return self.W(keys) if self.kind == "general" else self.U(keys)

    def scores(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """Raw scores e_ij for queries (B, T, H) against keys (B, S, H) -> (B, T, S).

        dot: e_ij = s_i^T h_j;  general: e_ij = s_i^T W h_j;  additive: e_ij = v^T tanh(W s_i + U h_j).
        """
        projected = self.project_keys(keys)
        if self.kind in ("dot", "general"):
            return query @ projected.transpose(1, 2)  # (B, T, H) @ (B, H, S) -> (B, T, S)
        hidden = torch.tanh(self.W(query).unsqueeze(2) + projected.unsqueeze(1))  # (B, T, S, A)
        return self.v(hidden).squeeze(-1)  # (B, T, S)

    def step(self, query: torch.Tensor, keys: torch.Tensor, mask: torch.Tensor | None, projected: torch.Tensor):
        """`forward` for one step: queries s_i (B, H) -> scores, weights (B, S), context (B, H).

        mask (B, S) is True on real tokens, or None when no row has padding; `projected` = project_keys(keys).
        The same operations as `forward`, called as plain tensor ops (see Seq2Seq.step).
        """
        if self.kind == "additive":  # v^T tanh(W s_i + U h_j)
            hidden = torch.tanh(F.linear(query, self.W.weight).unsqueeze(1) + projected)  # (B, S, A)
            scores = F.linear(hidden, self.v.weight).squeeze(-1)  # (B, S)
        else:  # s_i^T h_j, or s_i^T W h_j
            scores = torch.bmm(query.unsqueeze(1), projected.transpose(1, 2)).squeeze(1)  # (B, S)
        weights = F.softmax(scores if mask is None else scores.masked_fill(~mask, float("-inf")), dim=-1)
        context = torch.bmm(weights.unsqueeze(1), keys).squeeze(1)  # a_i = sum_j c_ij h_j, (B, H)
        return scores, weights, context

    def forward(self, query: torch.Tensor, keys: torch.Tensor, mask: torch.Tensor):
        """Scores, weights c_ij = softmax_j(e_ij) with padding masked out, and context a_i = sum_j c_ij h_j.

        query (B, T, H), keys = values (B, S, H), mask (B, S) True on real tokens.
        Returns scores (B, T, S), weights (B, T, S), context (B, T, H).
        """
        scores = self.scores(query, keys)  # (B, T, S)
        weights = F.softmax(scores.masked_fill(~mask.unsqueeze(1), float("-inf")), dim=-1)  # (B, T, S)
        context = weights @ keys  # (B, T, S) @ (B, S, H) -> (B, T, H); values = keys
        return scores, weights, context


class Seq2Seq(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.config = config
        E, H = config.embed_size, config.hidden_size
        self.src_embed = nn.Embedding(config.src_vocab_size, E, padding_idx=PAD_ID)
        if config.bidirectional and H % 2:
            raise ValueError("a bidirectional encoder needs an even hidden_size")
        # Bidirectional: two GRUs of H/2, so keys h_j keep size H and `dot` still compares s_i with h_j.
        self.encoder = nn.GRU(
            E, H // 2 if config.bidirectional else H, batch_first=True, bidirectional=config.bidirectional
        )
        self.tgt_embed = nn.Embedding(config.tgt_vocab_size, E, padding_idx=PAD_ID)
        self.decoder = nn.GRU(E, H, batch_first=True)
        self.attention = None if config.attention == "none" else Attention(config.attention, H, config.attention_size)
        O = config.output_size or H
        self.combine = nn.Linear(2 * H, O)  # FC over [a_i ; s_i]
        self.out = nn.Linear(O, config.tgt_vocab_size)  # a large vocabulary's cost is O x V per step

    @property
    def uses_attention(self) -> bool:
        return self.attention is not None

    def encode(self, src: torch.Tensor, src_lens: torch.Tensor):
        """src (B, S) ids, src_lens (B,) -> keys (B, S, H), final state (B, H), mask (B, S).

        The final state is the encoder's summary of the whole sentence: h_S reading left to right, or, with a
        bidirectional encoder, [forward h_S ; backward h_1] (each direction's state after its last token).
        """
        B, S = src.shape
        mask = torch.arange(S).unsqueeze(0) < src_lens.unsqueeze(1)  # (B, S)
        embedded = self.src_embed(src)  # (B, S, E)
        if not self.config.bidirectional:
            keys, _ = self.encoder(embedded)  # (B, S, H)
            # Reading left to right, the state at the last real token ignores the padding after it.
            final = keys[torch.arange(B), src_lens - 1]  # (B, H)
            return keys, final, mask
        # The backward direction must start at each sentence's last real token, not in its padding.
        packed = nn.utils.rnn.pack_padded_sequence(embedded, src_lens.cpu(), batch_first=True, enforce_sorted=False)
        out, last = self.encoder(packed)  # last: (2, B, H/2), forward then backward
        keys, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=S)  # (B, S, H)
        final = torch.cat([last[0], last[1]], dim=-1)  # (B, H) = [forward h_S ; backward h_1]
        return keys, final, mask

    def decode_steps(self, prev_tokens, hidden, keys, final, mask):
        """Run the decoder over T given previous tokens (teacher forcing; `step` is one step of greedy search).

        prev_tokens (B, T), hidden (1, B, H). Returns a dict with logits (B, T, V), queries s_i (B, T, H),
        scores and weights (B, T, S) or None, contexts a_i (B, T, H), outputs o_i (B, T, O), hidden (1, B, H).
        """
        queries, hidden = self.decoder(self.tgt_embed(prev_tokens), hidden)  # (B, T, H), (1, B, H)
        if self.attention is None:
            scores = weights = None
            contexts = final.unsqueeze(1).expand_as(queries)  # the one fixed context vector, every step
        else:
            scores, weights, contexts = self.attention(queries, keys, mask)
        outputs = torch.tanh(self.combine(torch.cat([contexts, queries], dim=-1)))  # (B, T, 2H) -> (B, T, O)
        logits = self.out(outputs)  # (B, T, V)
        return {
            "logits": logits,
            "queries": queries,
            "scores": scores,
            "weights": weights,
            "contexts": contexts,
            "outputs": outputs,
            "hidden": hidden,
        }

    def step(self, prev, hidden, keys, final, mask=None, projected=None, reweight=None):
        """One greedy step for B sentences: `decode_steps` at T = 1, written with plain tensor ops.

        Greedy decoding is a loop of these. At batch 1 (a traced sentence, ~30 steps) the nn.Module call
        machinery cost more than the arithmetic: en-fr, 30 tokens, ~10 ms -> ~5 ms a sentence (batched
        dates: ~13,000 -> ~15,000 sentences/s). The operations are decode_steps' own, in the same order;
        tests check that the numbers match, and every shipped model's test-split outputs were unchanged.
        prev (B,) previous token ids; hidden s_{i-1} (B, H); keys (B, S, H); final (B, H); mask (B, S) True on
        real tokens, or None when no row has padding; projected = attention.project_keys(keys), computed here when
        not given (decoders pass it, to compute it once per sentence, not once per step); `reweight(scores,
        weights)` may return other weights c_ij to form the context from (models/net/whatif.py), or None.
        Returns s_i (B, H), scores and weights (B, S) or None, context a_i (B, H), output o_i (B, H),
        logits (B, V).
        """
        gru = self.decoder
        embedded = F.embedding(prev, self.tgt_embed.weight)  # (B, E)
        query = torch.gru_cell(embedded, hidden, gru.weight_ih_l0, gru.weight_hh_l0, gru.bias_ih_l0, gru.bias_hh_l0)
        if self.attention is None:
            scores = weights = None
            context = final  # the one fixed context vector
        else:
            if projected is None:
                projected = self.attention.project_keys(keys)
            scores, weights, context = self.attention.step(query, keys, mask, projected)
            replaced = None if reweight is None else reweight(scores, weights)
            if replaced is not None:
                weights = replaced
                context = torch.bmm(weights.unsqueeze(1), keys).squeeze(1)  # a_i = sum_j c_ij h_j, (B, H)
        output = torch.tanh(F.linear(torch.cat([context, query], dim=-1), self.combine.weight, self.combine.bias))
        return query, scores, weights, context, output, F.linear(output, self.out.weight, self.out.bias)

    def forward(self, src, src_lens, tgt_in):
        """Teacher-forced logits (B, T, V) for decoder inputs tgt_in (B, T) = <sos> y_1 ... y_{T-1}."""
        keys, final, mask = self.encode(src, src_lens)
        return self.decode_steps(tgt_in, final.unsqueeze(0), keys, final, mask)["logits"]


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
