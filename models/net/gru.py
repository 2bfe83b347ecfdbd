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

Copying (`copy`, attention models only: models/net/pointer.py). The output mixes p(y_i) with the attention row:

    p_gen_i = σ(w · [a_i ; s_i ; embed(y_{i-1})] + b)
    P_i(w)  = p_gen_i · p(y_i = w) + (1 − p_gen_i) · Σ_{j: x_j = w} c_ij

over the sentence's extended vocabulary, so a source word the target vocabulary lacks can be written. The model
without attention has no c_ij, so nothing to copy with: it has no copy head.

The family interface (models/net/family.py): `encode` once per sentence, `step` for decoding (the one hand-fused
fast path), `forward` for training and `record` for the pages, the last two one teacher-forced pass (`_pass`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

import torch
import torch.nn.functional as F
from torch import nn

from models.net.family import RecordedMap, Recording
from models.net.pointer import CopyParts, CopySwitch, fed_ids, mix, source_ids, target_log_probs
from models.text.vocab import PAD_ID

ATTENTION_KINDS = ("none", "dot", "general", "additive")


def tanh(x: torch.Tensor) -> torch.Tensor:
    """tanh(x) = 2 sigmoid(2x) - 1, for additive attention's (B, T, S, A) tensor, the largest the models compute.

    The same function (the two differ by at most 2e-7), several times faster than torch.tanh on this machine's
    torch build: its vectorised tanh uses a slow accurate routine, its sigmoid a fast one (bench/decode_speed.py).
    """
    return torch.sigmoid(2 * x) * 2 - 1


FAMILY = "gru"


@dataclass
class ModelConfig:
    """Every size of a GRU encoder-decoder; saved next to its weights as config.json (with its family's name)."""

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
    copy: bool = False  # a copy head (models/net/pointer.py); attention models only. Older configs: no copy
    copied: int = 0  # a copy model trained with an order: the <copied:k> tokens it is fed (models/text/unknown.py)
    family: str = FAMILY  # config.json names the family; packs written before families read as this one

    def __post_init__(self) -> None:
        if self.family != FAMILY:
            raise ValueError(f"a GRU config must name the family {FAMILY!r}, got {self.family!r}")
        if self.attention not in ATTENTION_KINDS:
            raise ValueError(f"attention must be one of {ATTENTION_KINDS}, got {self.attention!r}")
        if self.copy is True and self.attention == "none":
            raise ValueError("a model without attention has no attention weights to copy with: copy needs attention")
        if self.copied and self.copy is not True:
            raise ValueError("copied tokens are fed back by a copy head: copied needs copy")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "bool" and not isinstance(value, bool):
                raise ValueError(f"{f.name} must be true or false, got {value!r}")
            minimum = 0 if f.name in ("attention_size", "output_size", "copied") else 1
            if f.type == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < minimum):
                raise ValueError(f"{f.name} must be an integer >= {minimum}, got {value!r}")

    @property
    def batch_rows(self) -> int:
        """Rows of one batch of batched greedy decoding (greedy_many's default): 65,536 // hidden_size, about
        0.75 MB of GRU gates per step, the fastest size measured (bench/decode_speed.py says how)."""
        return max(32, 65_536 // self.hidden_size)

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


@dataclass
class Memory:
    """What the encoder hands to every decoder step of a batch of sentences."""

    keys: torch.Tensor  # (B, S, H) encoder states h_j: the keys, and the values too
    final: torch.Tensor  # (B, H) h_S: the decoder's first state, and the one context vector of `none`
    mask: torch.Tensor | None  # (B, S) True on real tokens; None when no row has padding
    projected: torch.Tensor | None  # the key side of the scores (h_j, W h_j or U h_j), once per sentence; None: `none`
    src_ext: torch.Tensor | None = None  # copy models: (B, S) the extended target id of each source token
    n_ext: int = 0  # copy models: extended ids past the target vocabulary

    def select(self, rows: torch.Tensor) -> Memory:
        """These batch rows, in this order (a row may repeat: beams of one sentence)."""
        return Memory(
            self.keys[rows],
            self.final[rows],
            None if self.mask is None else self.mask[rows],
            None if self.projected is None else self.projected[rows],
            None if self.src_ext is None else self.src_ext[rows],
            self.n_ext,
        )


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

    def scores(self, query: torch.Tensor, keys: torch.Tensor, projected: torch.Tensor | None = None) -> torch.Tensor:
        """Raw scores e_ij for queries (B, T, H) against keys (B, S, H) -> (B, T, S).

        dot: e_ij = s_i^T h_j;  general: e_ij = s_i^T W h_j;  additive: e_ij = v^T tanh(W s_i + U h_j).
        """
        projected = self.project_keys(keys) if projected is None else projected
        if self.kind in ("dot", "general"):
            return query @ projected.transpose(1, 2)  # (B, T, H) @ (B, H, S) -> (B, T, S)
        hidden = tanh(self.W(query).unsqueeze(2) + projected.unsqueeze(1))  # (B, T, S, A)
        return self.v(hidden).squeeze(-1)  # (B, T, S)

    def forward(self, query: torch.Tensor, keys: torch.Tensor, mask: torch.Tensor | None, projected=None):
        """Scores, weights c_ij = softmax_j(e_ij) with padding masked out, and context a_i = sum_j c_ij h_j.

        query (B, T, H), keys = values (B, S, H), mask (B, S) True on real tokens (None: no padding).
        Returns scores (B, T, S), weights (B, T, S), context (B, T, H).
        """
        scores = self.scores(query, keys, projected)  # (B, T, S)
        masked = scores if mask is None else scores.masked_fill(~mask.unsqueeze(1), float("-inf"))
        weights = F.softmax(masked, dim=-1)  # (B, T, S)
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
        self.copy = CopySwitch(2 * H + E) if config.copy else None  # p_gen from [a_i ; s_i ; embed(y_{i-1})]

    @property
    def uses_attention(self) -> bool:
        return self.attention is not None

    @property
    def copies(self) -> bool:
        """Whether the output mixes in the attention row (a copy head); its logits are then log P_i."""
        return self.copy is not None

    def encode(
        self, src, src_lens, embedded: torch.Tensor | None = None, src_ext: torch.Tensor | None = None
    ) -> Memory:
        """src (B, S) ids, src_lens (B,) -> the Memory every decoder step reads: keys h_j, final state, mask.

        The final state is the encoder's summary of the whole sentence: h_S reading left to right, or, with a
        bidirectional encoder, [forward h_S ; backward h_1] (each direction's state after its last token).
        `embedded` (B, S, E) replaces the source embeddings (models/net/gradients.py differentiates through them).
        `src_ext` (B, S): a copy model's extended ids of the source tokens (models/net/pointer.py; None: <unk>).
        """
        S = src.shape[1]
        mask = torch.arange(S).unsqueeze(0) < src_lens.unsqueeze(1)  # (B, S)
        embedded = self.src_embed(src) if embedded is None else embedded  # (B, S, E)
        padded = not bool(mask.all())
        if padded:
            # Each row is read up to its last real token only: the backward direction must start there, and
            # neither direction runs over the padding (a quarter of a length-sorted decoding batch of 512 rows).
            lens = src_lens.cpu()
            packed = nn.utils.rnn.pack_padded_sequence(embedded, lens, batch_first=True, enforce_sorted=False)
            out, last = self.encoder(packed)
            keys, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=S)  # (B, S, H), 0 on padding
        else:
            keys, last = self.encoder(embedded)  # (B, S, H)
        final = torch.cat(list(last), dim=-1)  # (B, H): h_S, or [forward h_S ; backward h_1] (last: directions x B)
        projected = None if self.attention is None else self.attention.project_keys(keys)
        src_ext, n_ext = source_ids(src_ext, src, self.config.tgt_vocab_size) if self.copy else (None, 0)
        return Memory(keys, final, mask if padded else None, projected, src_ext, n_ext)

    def start(self, memory: Memory) -> torch.Tensor:
        """s_0 = h_S: the decoder starts from the encoder's summary of the sentence (B, H)."""
        return memory.final

    @staticmethod
    def select_state(state: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        return state[rows]

    def _pass(self, memory: Memory, tgt_in, weights=None, at_steps=None, queries=None, targets=None) -> dict:
        """The decoder over a whole target at once (teacher forcing): the pipeline of the module docstring.

        tgt_in (B, T) = <sos> y_1 ... y_{T-1}. `weights` (B, T, S) replaces the weights c_ij the context is formed
        from (models/net/whatif.py); `at_steps` (B,) keeps one step per row (models/net/gradients.py); `queries`
        (B, T, H) are the decoder's states s_i when the caller has them (see `record`).
        Returns queries s_i (B, T, H), scores and weights (B, T, S) or None, contexts a_i (B, T, H),
        outputs o_i (B, T, O), logits (B, T, V); T = 1 with at_steps. A copy model's logits are log P_i over the
        extended vocabulary (B, T, V + n_ext), and it adds its CopyParts ("copy"); with `targets` (B, T) (training),
        only log P_i(y_i) (B, T) (models/net/pointer.py: target_log_probs).
        """
        embedded = self.tgt_embed(fed_ids(tgt_in, self.config.tgt_vocab_size, self.config.copied))  # (B, T, E)
        if queries is None:
            queries, _ = self.decoder(embedded, memory.final.unsqueeze(0))  # (B, T, H)
        if at_steps is not None:
            queries = queries[torch.arange(len(at_steps)), at_steps].unsqueeze(1)  # (B, 1, H)
            embedded = embedded[torch.arange(len(at_steps)), at_steps].unsqueeze(1)  # (B, 1, E)
        if self.attention is None:
            scores = None
            contexts = memory.final.unsqueeze(1).expand_as(queries)  # the one fixed context vector, every step
        else:
            scores, weights_own, contexts = self.attention(queries, memory.keys, memory.mask, memory.projected)
            if weights is None:
                weights = weights_own
            else:
                contexts = weights @ memory.keys  # a_i = sum_j c_ij h_j with the given weights
        outputs = torch.tanh(self.combine(torch.cat([contexts, queries], dim=-1)))  # (B, T, 2H) -> (B, T, O)
        logits = self.out(outputs)  # (B, T, V)
        copy = None
        if self.copy is not None:
            p_gen = self.copy(contexts, queries, embedded)  # (B, T, 1) σ(w · [a_i ; s_i ; embed(y_{i-1})] + b)
            if targets is not None:
                logits = target_log_probs(logits, weights, p_gen, memory.src_ext, targets)  # (B, T) log P_i(y_i)
            else:
                copy = CopyParts(p_gen.squeeze(-1), torch.softmax(logits, -1), weights)
                logits = mix(logits, weights, p_gen, memory.src_ext, memory.n_ext)  # (B, T, V + n_ext) log P_i
        return {
            "queries": queries,
            "scores": scores,
            "weights": weights,
            "contexts": contexts,
            "outputs": outputs,
            "logits": logits,
            "copy": copy,
        }

    def forward(self, src, src_lens, tgt_in, embedded=None, at_steps=None, src_ext=None, targets=None) -> torch.Tensor:
        """Teacher-forced logits (B, T, V) for decoder inputs tgt_in (B, T) = <sos> y_1 ... y_{T-1};
        with `at_steps` (B,), the logits (B, V) of step at_steps[b] of row b only. `src_ext`: see `encode`;
        `targets` (a copy model, training): log P_i(y_i) (B, T) of these extended target ids only."""
        memory = self.encode(src, src_lens, embedded, src_ext)
        logits = self._pass(memory, tgt_in, at_steps=at_steps, targets=targets)["logits"]
        return logits if at_steps is None else logits[:, 0]

    def record(
        self,
        src,
        src_lens,
        tgt_in,
        weights=None,
        memory: Memory | None = None,
        step_states=None,
        src_ext=None,
        targets=None,
    ):
        """`forward`, keeping what the pages show: one cross map of 1 layer x 1 head (none without attention),
        and the readout: s_i "query", a_i "context", o_i "output" (B, T, .), h_j "keys" (B, S, H), h_S "final".
        `memory`: these sentences' encoding, and `step_states`: the states s_i (B, H) that greedy steps over tgt_in
        reached, when decoding has them already: the decoder GRU is not run again (at batch 1 it is most of the
        pass). `weights` (B, 1, 1, T, S), laid out as the cross map: the weights c_ij to form the contexts from
        instead of the model's own (what-if, models/net/whatif.py). A copy model's readout adds "p_gen" (B, T),
        "vocab_probs" P_vocab (B, T, V) and "copy_weights" c_ij (B, T, S); `src_ext`: see `encode`."""
        memory = self.encode(src, src_lens, src_ext=src_ext) if memory is None else memory
        queries = None if step_states is None else torch.stack(step_states, 1)  # (B, T, H)
        p = self._pass(memory, tgt_in, None if weights is None else weights[:, 0, 0], queries=queries, targets=targets)
        readout = {
            "query": p["queries"],
            "context": p["contexts"],
            "output": p["outputs"],
            "keys": memory.keys,
            "final": memory.final,
        }
        if p["copy"] is not None:
            readout.update(p["copy"].readout())
        if self.attention is None:
            return Recording(p["logits"], (), readout)

        def one_head(x: torch.Tensor) -> torch.Tensor:  # (B, Q, .) -> (B, 1 layer, 1 head, Q, .)
            return x[:, None, None]

        cross = RecordedMap(
            "cross",
            "output",
            "source",
            one_head(p["weights"]),
            one_head(p["scores"]),
            queries=one_head(p["queries"]),
            keys=one_head(memory.keys),
            values=one_head(memory.keys),  # values = keys = h_j
            contexts=one_head(p["contexts"]),
        )
        return Recording(p["logits"], (cross,), readout)

    def step(self, prev: torch.Tensor, state: torch.Tensor, memory: Memory, reweight=None):
        """One greedy step for B sentences: `_pass` at T = 1, written with plain tensor ops (the fast path).

        Greedy decoding is a loop of these; at batch 1 the nn.Module call machinery costs more than the arithmetic
        (bench/decode_speed.py). The operations are _pass's own, in the same order, except that additive attention's
        v^T tanh(x) is rearranged as 2 v^T sigmoid(2x) - sum(v) (the (B, S, A) tensor read twice, not five times);
        tests check that the numbers match. prev (B,) previous token ids; state s_{i-1} (B, H); `reweight(scores,
        weights, 0)` (its one layer) may return other weights c_ij (B, S) to form the context from
        (models/net/whatif.py), or None.
        Returns the logits (B, V) and s_i (B, H), the next step's state (a copy model: log P_i (B, V + n_ext)).
        """
        gru = self.decoder
        fed = fed_ids(prev, self.config.tgt_vocab_size, self.config.copied)  # (B,)
        embedded = F.embedding(fed, self.tgt_embed.weight)  # (B, E)
        query = torch.gru_cell(embedded, state, gru.weight_ih_l0, gru.weight_hh_l0, gru.bias_ih_l0, gru.bias_hh_l0)
        if self.attention is None:
            context = memory.final  # the one fixed context vector
        else:
            a = self.attention
            if a.kind == "additive":  # v^T tanh(x), x = W s_i + U h_j, as 2 v^T sigmoid(2x) - sum(v) (see `tanh`)
                doubled = torch.add(F.linear(query, 2 * a.W.weight).unsqueeze(1), memory.projected, alpha=2)  # 2x
                scores = F.linear(doubled.sigmoid_(), 2 * a.v.weight).squeeze(-1) - a.v.weight.sum()  # (B, S)
            else:  # s_i^T h_j, or s_i^T W h_j
                scores = torch.bmm(query.unsqueeze(1), memory.projected.transpose(1, 2)).squeeze(1)  # (B, S)
            masked = scores if memory.mask is None else scores.masked_fill(~memory.mask, float("-inf"))
            weights = F.softmax(masked, dim=-1)  # (B, S)
            if reweight is not None and (replaced := reweight(scores, weights, 0)) is not None:
                weights = replaced
            context = torch.bmm(weights.unsqueeze(1), memory.keys).squeeze(1)  # a_i = sum_j c_ij h_j, (B, H)
        output = torch.tanh(F.linear(torch.cat([context, query], dim=-1), self.combine.weight, self.combine.bias))
        logits = F.linear(output, self.out.weight, self.out.bias)  # (B, V)
        if self.copy is not None:  # log(p_gen P_vocab + (1 - p_gen) copy), over the extended vocabulary
            logits = mix(logits, weights, self.copy(context, query, embedded), memory.src_ext, memory.n_ext)
        return logits, query


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
