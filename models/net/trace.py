"""The trace: everything one decoding of one sentence computed, step by step, as numpy arrays.

Every page of the app reads a `Trace`. The only recomputation is a check: `context_error` rebuilds a_i from
the weights and the keys, to show that the context is the weighted average it claims to be.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.text.vocab import EOS


@dataclass
class Trace:
    model: str  # attention kind: none, dot, general, additive
    source_tokens: list[str]  # after cutting to the model's limit
    source_known: list[bool]  # False where the token maps to <unk>
    output_tokens: list[str]  # one per decoder step; ends with <eos> unless the step limit was reached
    token_probs: np.ndarray  # (T,) probability of each chosen token
    topk_tokens: list[list[str]]  # (T, k) the k most likely next tokens at each step
    topk_probs: np.ndarray  # (T, k)
    queries: np.ndarray  # (T, H) decoder states s_i
    keys: np.ndarray  # (S, H) encoder states h_j (also the values)
    final_state: np.ndarray  # (H,) the encoder's summary of the sentence: the no-attention context vector
    contexts: np.ndarray  # (T, H) context a_i; for `none` every row is the final encoder state
    outputs: np.ndarray  # (T, O) o_i = tanh(FC [a_i ; s_i]), O = output_size or H
    scores: np.ndarray | None  # (T, S) raw scores e_ij; None without attention
    weights: np.ndarray | None  # (T, S) softmax weights c_ij; None without attention
    text: str  # detokenized output without <eos>
    truncated: bool = False  # the input was longer than the model's limit and was cut
    original_length: int = 0  # source tokens before cutting

    @property
    def uses_attention(self) -> bool:
        return self.weights is not None

    @property
    def context_vector(self) -> np.ndarray:
        """The single fixed context vector of a model without attention (the encoder's final state)."""
        return self.final_state

    @property
    def finished(self) -> bool:
        return bool(self.output_tokens) and self.output_tokens[-1] == EOS

    @property
    def unknown_tokens(self) -> list[str]:
        return [t for t, k in zip(self.source_tokens, self.source_known, strict=True) if not k]

    def context_error(self, step: int) -> float:
        """max |sum_j c_ij h_j - a_i| at one step: a_i recomputed from the weights (0 up to float rounding)."""
        return float(np.abs(self.weights[step] @ self.keys - self.contexts[step]).max())

    @property
    def concat(self) -> np.ndarray:
        """(T, 2H) the FC layer's input [a_i ; s_i]."""
        return np.concatenate([self.contexts, self.queries], axis=1)
