"""Metrics and buckets, on hand-made cases."""

import numpy as np

from models.evaluation.evaluate import alignment_counts, alignment_error_rate, token_accuracy
from models.packs.data import bucket_labels, bucket_of


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


def test_subset_scores_equal_sacrebleu_corpus_scores(dates_pack):
    import sacrebleu

    from models.evaluation.evaluate import SentenceStats

    examples = dates_pack.test[:60]
    outputs = [e.target if i % 3 else e.target[:-2] + "19" for i, e in enumerate(examples)]  # some wrong
    stats = SentenceStats(outputs, examples, dates_pack.models["dot"])
    idx = list(range(10, 50, 2))
    got = stats.score(idx)
    hyps, refs = [outputs[i] for i in idx], [examples[i].target for i in idx]
    chrf = sacrebleu.corpus_chrf(hyps, [refs]).score
    bleu = sacrebleu.corpus_bleu([" ".join(h) for h in hyps], [[" ".join(r) for r in refs]], tokenize="none").score
    assert got["chrf"] == round(chrf, 3) and got["bleu"] == round(bleu, 3)
    assert 0 < got["exact"] < 1


def test_shared_references_score_like_fresh_ones(dates_pack):
    from models.evaluation.evaluate import References, evaluate_outputs

    examples = dates_pack.test[:80]
    refs = References(examples, dates_pack.models["dot"].tgt_vocab.tokenization)
    for i, name in enumerate(["none", "dot"]):
        # different wrong outputs per model, so a stale hypothesis cache would show
        outputs = [e.target if (j + i) % 4 else e.target[:-1] + "0" for j, e in enumerate(examples)]
        shared = evaluate_outputs(outputs, examples, [1, 20], dates_pack.models[name], refs)
        fresh = evaluate_outputs(outputs, examples, [1, 20], dates_pack.models[name])
        assert shared == fresh
        assert 0 < shared.overall.exact < 1
    assert References.reuse(refs, examples, dates_pack.models["additive"]) is refs
    assert References.reuse(refs, examples[:10], dates_pack.models["additive"]) is not refs
