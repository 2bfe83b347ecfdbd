"""Training a pack from your own TSV corpus: bad lines are counted, never fatal; the pack is complete."""

import json
import subprocess
import sys

import pytest

from models.packs.corpus import MIN_PAIRS, CorpusError, check_corpus, read_corpus, split_corpus
from models.packs.data import Example
from models.packs.pack import load_pack, pack_names
from models.tasks.dates import generate


def _write_tsv(path, n=600):
    splits = generate(seed=7, sizes={"train": n, "valid": 0, "test": 0})
    lines = [f"{e.source}\t{e.target}\tCC-BY attribution #{i}".encode() for i, e in enumerate(splits.train)]
    bad = [b"no tab on this line", b"\tempty source", b"empty target\t", b"\xff\xfe broken \xc3\x28\tx", b"", b"   "]
    path.write_bytes(b"\n".join(lines[:300] + bad + lines[300:]) + b"\n")
    return splits.train


def test_read_corpus_counts_bad_lines(tmp_path):
    tsv = tmp_path / "pairs.tsv"
    good = _write_tsv(tsv)
    examples, report = read_corpus(tsv, "char", "char", max_len=64)
    assert report.lines == len(good) + 6
    assert report.skipped == {"no tab": 1, "empty side": 2, "invalid UTF-8": 1, "blank": 2}
    assert report.kept == len(examples) == len(good)
    assert examples[0].source == good[0].source and examples[0].target == good[0].target
    splits = split_corpus(examples, seed=0)
    assert not {e.source for e in splits.test} & {e.source for e in splits.train}
    assert sum(splits.sizes().values()) == len(examples)


@pytest.mark.slow
def test_train_cli_on_a_corpus_makes_a_pack_the_app_can_list(tmp_path):
    tsv = tmp_path / "mine.tsv"
    _write_tsv(tsv)
    out = tmp_path / "packs"
    cmd = [
        sys.executable,
        "-m",
        "models.training",
        "--corpus",
        str(tsv),
        "--src-lang",
        "xx",
        "--tgt-lang",
        "iso",
        "--tokenization",
        "char",
        "--model",
        "dot",
        "--epochs",
        "1",
        "--hidden-size",
        "16",
        "--out",
        str(out),
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "skipped: 2 blank, 2 empty side, 1 invalid UTF-8, 1 no tab" in run.stdout
    assert pack_names(out) == ["xx-iso-mine"]
    pack = load_pack(out / "xx-iso-mine")
    assert list(pack.models) == ["dot"] and pack.test
    ev = json.loads((out / "xx-iso-mine" / "dot" / "eval.json").read_text())
    assert ev["overall"]["n"] == len(pack.test)


def test_train_cli_rejects_a_missing_or_useless_corpus(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "models.training", "--corpus", str(tmp_path / "nope.tsv")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "no such file" in run.stderr
    junk = tmp_path / "junk.tsv"
    junk.write_bytes(b"just words\n\xff\xff\n")
    run = subprocess.run(
        [sys.executable, "-m", "models.training", "--corpus", str(junk), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "usable pairs" in run.stderr and "Traceback" not in run.stderr


EN = [
    "the cat is on the table.",
    "I want to go to the station.",
    "he was in the garden with his dog.",
    "it is a very good idea.",
    "you and I are friends.",
]
ES = [
    "el gato está en la mesa.",
    "quiero ir a la estación.",
    "él estaba en el jardín con su perro.",
    "es una muy buena idea.",
    "tú y yo somos amigos.",
]


def _examples(pairs):
    return [Example(s, t, len(s.split())) for s, t in pairs]


def test_a_corpus_in_the_wrong_column_order_gets_a_warning():
    right = _examples(zip(EN * 30, ES * 30, strict=True))
    swapped = _examples(zip(ES * 30, EN * 30, strict=True))
    assert check_corpus(right, "en", "es") == []
    warnings = check_corpus(swapped, "en", "es")
    assert len(warnings) == 1 and "columns look swapped" in warnings[0] and "'es'" in warnings[0]
    # declared the other way round, the swapped file is right
    assert check_corpus(swapped, "es", "en") == []
    # a language the table does not know is not judged
    assert check_corpus(swapped, "en", "xx") == []
    # scripts: Korean declared as the target but found in the source
    ko = ["고양이가 탁자 위에 있다.", "나는 역에 가고 싶다.", "좋은 생각이다.", "우리는 친구다.", "그는 정원에 있었다."]
    assert "columns look swapped" in check_corpus(_examples(zip(ko * 10, EN * 10, strict=True)), "en", "ko")[0]
    assert check_corpus(_examples(zip(EN * 10, ko * 10, strict=True)), "en", "ko") == []


def test_a_corpus_with_mostly_identical_sides_gets_a_warning():
    copied = _examples((s, s.upper() if i % 3 else t) for i, (s, t) in enumerate(zip(EN * 30, ES * 30, strict=True)))
    warnings = check_corpus(copied, "en", "es")
    assert any("67% of the pairs have the same text on both sides" in w for w in warnings)
    few = _examples((s, s if i < 30 else t) for i, (s, t) in enumerate(zip(EN * 30, ES * 30, strict=True)))
    assert not any("same text" in w for w in check_corpus(few, "en", "es"))  # 20 %: a few names and numbers


def test_a_corpus_too_small_to_train_is_a_clear_error():
    with pytest.raises(CorpusError, match=f"only {MIN_PAIRS - 1} usable pairs: need at least {MIN_PAIRS}"):
        split_corpus(_examples(zip(EN * 30, ES * 30, strict=True))[: MIN_PAIRS - 1])
    splits = split_corpus(_examples((f"{s} {i}", t) for i, (s, t) in enumerate(zip(EN * 20, ES * 20, strict=True))))
    assert sum(splits.sizes().values()) == MIN_PAIRS


def test_test_split_per_length_bucket_and_train_length_limit():
    examples = [Example(f"w{i} " + "x " * (i % 80), "y", i % 80 + 1) for i in range(4000)]
    edges = [1, 11, 21, 31, 41, 51, 61]
    splits = split_corpus(examples, seed=1, train_max_len=50, test_per_bucket=30, edges=edges)
    from collections import Counter

    from models.packs.data import bucket_of

    per_bucket = Counter(bucket_of(e.src_len, edges) for e in splits.test)
    assert per_bucket == {"1-10": 30, "11-20": 30, "21-30": 30, "31-40": 30, "41-50": 30, "51-60": 30, "61+": 30}
    assert max(e.src_len for e in splits.train + splits.valid) == 50
    assert not {e.source for e in splits.test} & {e.source for e in splits.train + splits.valid}
    with pytest.raises(CorpusError, match="left to train on after the test and validation splits"):
        split_corpus(examples[:600], seed=1, train_max_len=50, test_per_bucket=300, edges=edges)


def test_a_swapped_file_is_read_then_flagged(tmp_path):
    tsv = tmp_path / "swapped.tsv"
    tsv.write_text("".join(f"{t}\t{s}\n" for s, t in zip(EN * 30, ES * 30, strict=True)), "utf-8")
    examples, report = read_corpus(tsv)
    assert report.skipped == {"duplicate source": 145}  # 5 distinct pairs, each written 30 times
    assert check_corpus(examples, "en", "es")
