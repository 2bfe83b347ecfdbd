"""The typed records of a pack's JSON files (models/packs/records.py): every shipped file reads and writes back byte for
byte, a wrong type is a PackError naming the file and the key, and keys the code does not read are kept."""

import dataclasses
import json
import re

import pytest

from models.evaluation.metrics import METRICS
from models.packs.pack import PRETRAINED, load_model, load_pack, read_task, write_json
from models.packs.records import Evaluation, History, PackError, Probe, Scores, Task

SHIPPED = [
    *((p, Task) for p in sorted(PRETRAINED.glob("*/task.json"))),
    *((p, History) for p in sorted(PRETRAINED.glob("*/*/history.json"))),
    *((p, Evaluation) for p in sorted(PRETRAINED.glob("*/*/eval.json"))),
]
PROBE = {"source": "x", "source_tokens": ["x"], "output_tokens": ["y"], "weights": None}


def test_every_shipped_file_is_covered():
    kinds = [cls for _, cls in SHIPPED]
    assert kinds.count(Task) >= 4 and kinds.count(History) >= 16 and kinds.count(Evaluation) >= 16


@pytest.mark.parametrize(("path", "cls"), SHIPPED, ids=[str(p.relative_to(PRETRAINED)) for p, _ in SHIPPED])
def test_shipped_files_round_trip_byte_for_byte(path, cls, tmp_path):
    raw = json.loads(path.read_text("utf-8"))
    record = cls.from_dict(raw, path)
    assert record.to_dict() == raw
    assert list(record.to_dict()) == list(raw)  # in the file's key order
    write_json(tmp_path / path.name, record.to_dict())  # as training and evaluation write it
    assert (tmp_path / path.name).read_bytes() == path.read_bytes()


def test_typed_keys_read_as_attributes_and_unknown_keys_are_kept():
    task = read_task(PRETRAINED / "en-fr")
    raw = json.loads((PRETRAINED / "en-fr" / "task.json").read_text("utf-8"))
    assert task.length_edges == raw["length_edges"] and task.examples == raw["examples"]
    assert task.examples[task.default_example] == raw["examples"][raw["default_example"]]
    assert task.lexicon["noun"] == raw["lexicon"]["noun"] and task.src_tokenization == raw["src_tokenization"]
    assert task.description == raw["description"] and "description" not in task.extra  # the Data panel shows it
    assert "input" not in task.extra
    made = Task.from_dict({"title": "x", "future_key": {"a": [1, 2]}})
    assert made.extra == {"future_key": {"a": [1, 2]}} and made.to_dict() == {"title": "x", "future_key": {"a": [1, 2]}}


def test_missing_optional_keys_read_as_the_old_defaults_and_are_not_written():
    task = Task.from_dict({})
    assert task.length_edges == [1] and task.examples == [] and task.default_example == 0 and task.lexicon == {}
    assert task.title == "" and task.example_languages is None and task.to_dict() == {}
    history = History.from_dict({})
    assert history.train_seconds == 0 and history.tokens_per_second == 0 and history.snapshots == []
    assert history.probe_sources() == [] and history.loss_curve() == ((), ())
    assert history.to_dict() == {}
    scores = Scores.from_dict({"n": 0})
    assert scores.to_dict() == {"n": 0} and scores.metric("bleu") is None
    # a null the file holds stays (an empty bucket's metrics, AER without gold links); an absent key stays absent
    assert Scores.from_dict({"n": 3, "aer": None}).to_dict() == {"n": 3, "aer": None}


def test_a_value_set_in_code_is_written_after_the_files_keys():
    task = dataclasses.replace(Task.from_dict({"title": "t", "extra_key": 1}), examples=["a b"])
    assert list(task.to_dict().items()) == [("title", "t"), ("extra_key", 1), ("examples", ["a b"])]


@pytest.mark.parametrize(
    ("cls", "data", "key"),
    [
        (Task, {"length_edges": "1,11"}, "length_edges"),
        (Task, {"length_edges": []}, "length_edges"),
        (Task, {"examples": ["a", 3]}, "examples"),
        (Task, {"default_example": "0"}, "default_example"),
        (Task, {"default_example": True}, "default_example"),
        (Task, {"lexicon": {"noun": "cat"}}, "lexicon"),
        (Task, {"title": None}, "title"),
        (History, {"train_seconds": "12 s"}, "train_seconds"),
        (History, {"loss": [[10, "0.5"]]}, "loss"),
        (History, {"valid": [[10, 0.5, 0.1, 20.0, 1.0]]}, "valid"),
        (History, {"best_valid_chrf": "high"}, "best_valid_chrf"),
        (History, {"snapshots": [{"step": 0, "epoch": 0.0, "probes": [{"source": "x"}]}]}, "snapshots[0].probes[0]"),
        (
            History,
            {"snapshots": [{"step": 0, "epoch": 0.0, "probes": [PROBE | {"weights": [["high"]]}]}]},
            "snapshots[0].probes[0].weights",
        ),
        (Evaluation, {"buckets": {}}, "overall"),
        (Evaluation, {"overall": {"n": 1, "bleu": "99"}}, "overall.bleu"),
        (Evaluation, {"overall": {"n": 1}, "buckets": {"1-10": {"n": 1.5}}}, "buckets.1-10.n"),
        (Evaluation, {"overall": {"n": 1}, "buckets": [1]}, "buckets"),
    ],
)
def test_a_wrong_type_is_a_pack_error_naming_the_file_and_the_key(cls, data, key):
    with pytest.raises(PackError, match=rf"^somewhere/{re.escape(cls.FILE)}: {re.escape(key)}[ .\[]") as e:
        cls.from_dict(data, f"somewhere/{cls.FILE}")
    assert e.value.template in ("{path}: {key} should be {expected}", "{path}: {key} is missing")


def test_junk_where_the_code_reads_leniently_still_reads_as_not_stated():
    task = Task.from_dict({"input": ["junk"], "data": 3, "length_histogram": {"width": "x"}, "sizes": "many"})
    assert task.to_dict() == {"input": ["junk"], "data": 3, "length_histogram": {"width": "x"}, "sizes": "many"}


def test_scores_hold_exactly_the_registrys_metrics():
    metric_fields = {f.name for f in dataclasses.fields(Scores)} - {"n", "extra", "order"}
    assert metric_fields == set(METRICS)
    assert Scores.from_dict({"n": 1, "bleu": 50.0}).metric("bleu") == 50.0
    with pytest.raises(KeyError):
        Scores.from_dict({"n": 1}).metric("n")


def test_a_broken_history_or_eval_file_is_named_and_the_other_models_still_load(pack_copy):
    history = json.loads((pack_copy / "dot" / "history.json").read_text("utf-8"))
    history["snapshots"][2]["step"] = "late"
    (pack_copy / "dot" / "history.json").write_text(json.dumps(history))
    evaluation = json.loads((pack_copy / "general" / "eval.json").read_text("utf-8"))
    evaluation["buckets"]["11-15"]["bleu"] = "n/a"
    (pack_copy / "general" / "eval.json").write_text(json.dumps(evaluation))
    shipped = {p.parent.name for p in pack_copy.glob("*/config.json")}
    pack = load_pack(pack_copy)
    assert str(pack.errors["dot"]) == f"{pack_copy / 'dot' / 'history.json'}: snapshots[2].step should be int"
    assert str(pack.errors["general"]).startswith(f"{pack_copy / 'general' / 'eval.json'}: buckets.11-15.bleu")
    assert set(pack.models) == shipped - {"dot", "general"} and "none" in pack.models


def test_a_model_without_history_or_eval_loads_with_an_empty_history_and_no_evaluation(pack_copy):
    (pack_copy / "none" / "history.json").unlink()
    (pack_copy / "none" / "eval.json").unlink()
    m = load_model(pack_copy / "none")
    assert m.history == History() and m.evaluation is None


def test_a_wrong_type_in_task_json_fails_the_pack_with_the_files_name(pack_copy):
    task = json.loads((pack_copy / "task.json").read_text("utf-8"))
    task["length_edges"] = "short, long"
    (pack_copy / "task.json").write_text(json.dumps(task))
    with pytest.raises(PackError, match=r"task\.json: length_edges should be a non-empty list\[int\]"):
        load_pack(pack_copy)


def test_validation_rows_read_with_or_without_chrf():
    """history.json written before the chrF rule holds [step, loss, exact]; now [step, loss, exact, chrF]."""
    old = History.from_dict({"valid": [[10, 2.5, 0.0], [20, 2.4, 0.1]]})
    assert old.chrf_curve() == ((), ()) and old.to_dict() == {"valid": [[10, 2.5, 0.0], [20, 2.4, 0.1]]}
    new = History.from_dict({"valid": [[10, 2.5, 0.0, 12.5], [20, 2.6, 0.1, 14.0]], "best_valid_chrf": 14.0})
    assert new.chrf_curve() == ((10, 20), (12.5, 14.0)) and new.kept_on_chrf and not old.kept_on_chrf


def test_probe_weights_read_in_both_forms():
    """history.json written before attention maps holds (steps, source); now (layers, heads, steps, source)."""
    old = Probe.from_dict(PROBE | {"weights": [[0.25, 0.75], [1.0, 0.0]]}, "h.json")
    assert old.weights_4d == [[[[0.25, 0.75], [1.0, 0.0]]]] and old.weights_2d() == [[0.25, 0.75], [1.0, 0.0]]
    assert old.to_dict()["weights"] == [[0.25, 0.75], [1.0, 0.0]]  # written back as read
    two_heads = Probe.from_dict(PROBE | {"weights": [[[[0.5, 0.5]], [[1.0, 0.0]]]]}, "h.json")
    assert two_heads.weights_2d() == [[0.75, 0.25]] and two_heads.weights_2d(head=1) == [[1.0, 0.0]]
    with pytest.raises(PackError, match="weights"):
        Probe.from_dict(PROBE | {"weights": [[[0.5]]]}, "h.json")  # three dimensions: neither form
