"""Score models on a pack's test split, by source-length bucket.

    python -m models.evaluation.evaluate --pack dates              # print the table for every model
    python -m models.evaluation.evaluate --pack dates --write      # also rewrite each model's eval.json

Metrics: exact match (whole output string), token accuracy (reference tokens matched position by position),
chrF on the detokenized strings and BLEU on the token sequences (sacrebleu, tokenize="none", so a
character-level task gets character BLEU), all on a 0-1 scale except chrF and BLEU (0-100). Where test sentences
carry gold word alignments (en-fr, en-ko), the AER of the attention's argmax and, unless --no-views, that of each
view of the map (raw, value-weighted, rollout, gradient; per layer and head for a stack: views_aer.py).

Outputs and references are compared in one form: the text the target tokenizer writes (`Vocab.detokenize`), which
is how test.json stores the references. For Korean (morph) that form binds particles to their word with the joiner
U+2060, so an output splits back into exactly the model's tokens; what the app shows is the same text without it
(`Vocab.output_text`).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF
from tqdm import tqdm

from models.evaluation.alignment import alignment_counts, alignment_error_rate
from models.evaluation.copying import copy_rate
from models.evaluation.views_aer import format_views, views_aer
from models.net.decoding import forced_weights_many, greedy_many_tokens
from models.packs.data import Example, bucket_labels, bucket_of
from models.packs.pack import PRETRAINED, LoadedModel, PackError, load_pack, write_json
from models.packs.records import Evaluation, ViewsAER
from models.text.tokenize import tokenizer


def token_accuracy(hyp_tokens: list[str], ref_tokens: list[str]) -> tuple[int, int]:
    """(matched, total) reference tokens: position i is right when the output has the same token there."""
    return sum(h == r for h, r in zip(hyp_tokens, ref_tokens, strict=False)), len(ref_tokens)


class References:
    """The reference side of the scores for a list of examples, read once and shared by every model.

    The references' n-grams (sacrebleu's reference cache) and tokens do not depend on the model, so scoring
    four models on one sample reads the references once, not four times. `tokenization` is the target
    vocabulary's scoring tokenization: BLEU runs on its tokens (character BLEU for a character-level task,
    word BLEU for a subword one).
    """

    def __init__(self, examples: list[Example], tokenization: str):
        self.examples = examples
        self.tokenization = tokenization
        tok = tokenizer(tokenization)
        self.tokens = [tok(e.target) for e in examples]
        # force: the token sequences are tokenized on purpose
        self.bleu = BLEU(tokenize="none", force=True, references=[[" ".join(r) for r in self.tokens]])
        self.chrf = CHRF(references=[[e.target for e in examples]])
        # (sentence, output) -> its (BLEU, chrF) statistics: models that write the same output for a sentence
        # (the attention models agree on most) share them instead of scoring it again.
        self.memo: dict[tuple[int, str], tuple] = {}

    def fits(self, examples: list[Example], model: LoadedModel) -> bool:
        return examples is self.examples and model.tgt_vocab.scoring_tokenization == self.tokenization

    @classmethod
    def reuse(cls, previous: References | None, examples: list[Example], model: LoadedModel) -> References:
        """`previous` when it was built for these examples and this model's tokenization, else a new one."""
        if previous is not None and previous.fits(examples, model):
            return previous
        return cls(examples, model.tgt_vocab.scoring_tokenization)


def _segment_statistics(metric, hypotheses: list[str], idx: list[int]) -> list:
    """sacrebleu's statistics of each hypotheses[k] against the metric's cached reference idx[k]: the loop
    inside its `_extract_corpus_statistics`, for any subset of the cached references."""
    cache = metric._ref_cache
    return [
        metric._compute_segment_statistics(metric._preprocess_segment(h), cache[i])
        for h, i in zip(hypotheses, idx, strict=True)
    ]


def corpus_chrf(outputs: list[str], references: list[str]) -> float:
    """sacrebleu's corpus chrF (0-100) of `outputs` against one reference each: the score eval.json's chrF is, on
    strings in the same form (the text the target tokenizer writes, as test.json stores the references). Training
    scores its validation sample with it (models/training/forward.py)."""
    return CHRF().corpus_score(outputs, [references]).score


class SentenceStats:
    """Per-sentence sufficient statistics, extracted once, summed for any subset (a bucket, or all).

    sacrebleu's corpus scores are sums of per-sentence statistics; extracting them (`_segment_statistics`)
    and `_aggregate_and_compute` are its own split of `corpus_score` (used for its significance tests), so a
    subset's score equals `corpus_score` on that subset while every sentence is read only once. A sentence
    another model already wrote the same way reuses that model's statistics (`References.memo`).
    """

    def __init__(
        self, outputs: list[str], examples: list[Example], model: LoadedModel, references: References | None = None
    ):
        references = References.reuse(references, examples, model)
        tok = tokenizer(references.tokenization)  # words for a subword pack, not its pieces
        hyp_toks = [tok(o) for o in outputs]
        self.token_counts = [token_accuracy(h, r) for h, r in zip(hyp_toks, references.tokens, strict=True)]
        self.exact = [o == e.target for o, e in zip(outputs, examples, strict=True)]
        self.bleu, self.chrf = references.bleu, references.chrf
        memo = references.memo
        todo = [i for i, o in enumerate(outputs) if (i, o) not in memo]
        bleu = _segment_statistics(self.bleu, [" ".join(hyp_toks[i]) for i in todo], todo)
        chrf = _segment_statistics(self.chrf, [outputs[i] for i in todo], todo)
        for i, b, c in zip(todo, bleu, chrf, strict=True):
            memo[i, outputs[i]] = (b, c)
        self.bleu_stats = [memo[i, o][0] for i, o in enumerate(outputs)]
        self.chrf_stats = [memo[i, o][1] for i, o in enumerate(outputs)]

    def score(self, idx: list[int]) -> dict:
        """Metrics of the sentences at `idx`."""
        if not idx:
            return {"n": 0, "exact": None, "token_acc": None, "chrf": None, "bleu": None}
        matched = sum(self.token_counts[i][0] for i in idx)
        total = sum(self.token_counts[i][1] for i in idx)
        bleu = self.bleu._aggregate_and_compute([self.bleu_stats[i] for i in idx])
        chrf = self.chrf._aggregate_and_compute([self.chrf_stats[i] for i in idx])
        return {
            "n": len(idx),
            "exact": round(sum(self.exact[i] for i in idx) / len(idx), 5),
            "token_acc": round(matched / max(total, 1), 5),
            "chrf": round(chrf.score, 3),
            "bleu": round(bleu.score, 3),
        }


def evaluate_outputs(
    outputs: list[str],
    examples: list[Example],
    edges: list[int],
    model: LoadedModel,
    references: References | None = None,
) -> Evaluation:
    """Overall and per-bucket metrics of `outputs` written as `scored_outputs` writes them; pass
    `References(examples, ...)` to share the reference side across models."""
    return Evaluation.from_dict(_scores(outputs, examples, edges, model, references))


def _scores(
    outputs: list[str],
    examples: list[Example],
    edges: list[int],
    model: LoadedModel,
    references: References | None = None,
) -> dict:
    """evaluate_outputs' result as eval.json holds it."""
    by_bucket: dict[str, list[int]] = defaultdict(list)
    for i, ex in enumerate(examples):
        by_bucket[bucket_of(ex.src_len, edges)].append(i)
    stats = SentenceStats(outputs, examples, model, references)
    buckets = {label: stats.score(by_bucket.get(label, [])) for label in bucket_labels(edges)}
    return {"overall": stats.score(list(range(len(examples)))), "buckets": buckets, "length_edges": edges}


def scored_outputs(model: LoadedModel, sources: list[str]) -> list[str]:
    """The model's greedy outputs in the form the metrics compare with test.json's references (`Vocab.detokenize`)."""
    tokens = greedy_many_tokens(model.model, model.src_vocab, model.tgt_vocab, sources)
    return [model.tgt_vocab.detokenize(t) for t in tokens]


def evaluate_models(
    models: dict[str, LoadedModel],
    examples: list[Example],
    edges: list[int],
    on_scored: Callable[[int, str], None] | None = None,
) -> dict[str, Evaluation]:
    """Decode `examples` with every model (batched greedy) and score each by length bucket, reading the
    references once for all of them. This is the app's "recompute now"; `on_scored(done, name)` follows it."""
    sources = [e.source for e in examples]
    results, references = {}, None
    for done, (name, lm) in enumerate(models.items(), start=1):
        outputs = scored_outputs(lm, sources)
        references = References.reuse(references, examples, lm)
        results[name] = evaluate_outputs(outputs, examples, edges, lm, references)
        if on_scored is not None:
            on_scored(done, name)
    return results


def evaluate_model(
    model: LoadedModel,
    examples: list[Example],
    edges: list[int],
    progress: bool = False,
    names: list[Example] | None = None,
    views: bool = False,
) -> Evaluation:
    """The model's scores on `examples` (its eval.json): evaluate_outputs' with the number of parameters and,
    where examples carry gold word alignments and the model attends, the alignment error rate (with `views`, also
    that of each view of its map, "aer_by_view": models/evaluation/views_aer.py); with a names split (`names`:
    sentences whose names and places only copying can write), the copy score on it (models/evaluation/copying.py:
    every model gets one, so the model without attention shows what it cannot do)."""
    outputs = []
    chunk = 1024
    for start in tqdm(
        range(0, len(examples), chunk), desc=f"eval {model.name}", disable=not progress, file=sys.stderr, leave=False
    ):
        outputs += scored_outputs(model, [e.source for e in examples[start : start + chunk]])
    result = _scores(outputs, examples, edges, model)
    result["parameters"] = model.n_parameters
    aligned = [i for i, e in enumerate(examples) if e.meta.get("alignment")]
    if aligned and model.model.uses_attention:
        weights = forced_weights_many(
            model.model, model.src_vocab, model.tgt_vocab, [(examples[i].source, examples[i].target) for i in aligned]
        )
        counts = {i: alignment_counts(w, examples[i].meta["alignment"]) for i, w in zip(aligned, weights, strict=True)}
        result["overall"]["aer"] = alignment_error_rate(list(counts.values()))
        for label in result["buckets"]:
            idx = [i for i in counts if bucket_of(examples[i].src_len, edges) == label]
            result["buckets"][label]["aer"] = alignment_error_rate([counts[i] for i in idx])
        if views:
            result["aer_by_view"] = views_aer(model, [examples[i] for i in aligned], progress=progress).to_dict()
    if names:
        outputs = greedy_many_tokens(model.model, model.src_vocab, model.tgt_vocab, [e.source for e in names])
        result["copy"] = copy_rate(outputs, names, model.src_vocab, model.tgt_vocab, edges)
    return Evaluation.from_dict(result)


def format_table(name: str, result: Evaluation) -> str:
    lines = [
        f"{name}  ({result.parameters or 0:,} parameters)",
        f"{'bucket':>8} {'n':>6} {'exact':>7} {'tok acc':>8} {'chrF':>7} {'BLEU':>7}"
        + (f" {'AER':>6}" if result.has_aer else ""),
    ]
    rows = [*result.buckets.items(), ("all", result.overall)]
    for label, m in rows:
        if not m.n:
            lines.append(f"{label:>8} {0:>6}")
            continue
        aer = f" {m.aer:>6.3f}" if m.aer is not None else ""
        lines.append(f"{label:>8} {m.n:>6} {m.exact:>7.3f} {m.token_acc:>8.3f} {m.chrf:>7.1f} {m.bleu:>7.1f}{aer}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default="dates", help="pack folder name under --root (default: dates)")
    parser.add_argument("--root", type=Path, default=PRETRAINED)
    parser.add_argument("--model", default=None, help="only this model (default: every model of the pack)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N test examples")
    parser.add_argument("--write", action="store_true", help="rewrite each model's eval.json")
    parser.add_argument(
        "--no-views", action="store_true", help='skip the AER of each view of the map (eval.json\'s "aer_by_view")'
    )
    args = parser.parse_args(argv)
    try:
        pack = load_pack(args.root / args.pack)
    except PackError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for name, why in pack.errors.items():
        print(f"skipped {name}: {why}", file=sys.stderr)
    if not pack.test:
        print(f"error: {pack.path / 'test.json'} has no test examples", file=sys.stderr)
        return 2
    examples = pack.test[: args.limit] if args.limit else pack.test
    edges = pack.task.length_edges
    names = [args.model] if args.model else list(pack.models)
    for name in names:
        if name not in pack.models:
            print(f"error: pack {args.pack} has no model {name!r} (has: {', '.join(pack.models)})", file=sys.stderr)
            return 2
        model = pack.models[name]
        result = evaluate_model(model, examples, edges, progress=True, names=pack.names_test, views=not args.no_views)
        print(format_table(f"{args.pack}/{name}", result))
        if result.aer_by_view is not None:
            views = ViewsAER.VIEWS
            print(
                f"| model | {' | '.join(views)} |\n|---|{'---|' * len(views)}\n{format_views(name, result.aer_by_view)}"
            )
        if args.write:
            write_json(pack.path / name / "eval.json", result.to_dict())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
