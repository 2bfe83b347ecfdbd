"""models/evaluation/views_aer.py: a view equal to the gold alignment has AER 0; one that misses every link has 1."""

import numpy as np

from models.evaluation.views_aer import aer_of_maps

GOLD = [[0, 0], [2, 1], [1, 2]]  # (source index, target index)


def one_hot(links, T=3, S=3):
    z = np.zeros((T, S))
    for j, i in links:
        z[i, j] = 1.0
    return z


def test_a_map_equal_to_the_gold_alignment_has_aer_0():
    assert aer_of_maps([one_hot(GOLD)], [GOLD]) == 0.0


def test_a_map_missing_every_gold_link_has_aer_1_and_half_right_is_between():
    wrong = [[1, 0], [0, 1], [2, 2]]
    assert aer_of_maps([one_hot(wrong)], [GOLD]) == 1.0
    half = aer_of_maps([one_hot(GOLD), one_hot(wrong)], [GOLD, GOLD])
    assert half == 0.5
