"""Metrics and buckets, on hand-made cases."""

import numpy as np

from models.data import bucket_labels, bucket_of
from models.evaluate import alignment_counts, alignment_error_rate, token_accuracy


def test_buckets():
    edges = [1, 11, 21]
    assert bucket_labels(edges) == ["1-10", "11-20", "21+"]
    assert [bucket_of(n, edges) for n in (1, 10, 11, 20, 21, 500)] == ["1-10", "1-10", "11-20", "11-20", "21+", "21+"]


def test_token_accuracy_counts_positions_against_the_reference():
    assert token_accuracy(list("2019-03-03"), list("2019-03-03")) == (10, 10)
    assert token_accuracy(list("2019-03-0"), list("2019-03-03")) == (9, 10)
    assert token_accuracy(list("x2019-03-03"), list("2019-03-03"))[0] < 3  # a shift is punished


def test_alignment_error_rate():
    gold = [[0, 0], [1, 2], [2, 1]]  # source j -> target i, with a swap
    perfect = np.eye(3)[[0, 2, 1]]  # target 0 looks at 0, target 1 at source 2, target 2 at source 1
    assert alignment_counts(perfect, gold) == (3, 3, 3)
    assert alignment_error_rate([alignment_counts(perfect, gold)]) == 0.0
    diagonal = np.eye(3)
    hit, a, g = alignment_counts(diagonal, gold)
    assert (hit, a, g) == (1, 3, 3)
    assert alignment_error_rate([(hit, a, g)]) == round(1 - 2 / 6, 5)
    assert alignment_error_rate([]) is None
