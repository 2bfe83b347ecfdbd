"""Training a pack from your own TSV corpus: bad lines are counted, never fatal; the pack is complete."""

import json
import subprocess
import sys

import pytest

from models.corpus import read_corpus, split_corpus
from models.pack import load_pack, pack_names
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
        "models.train",
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
        [sys.executable, "-m", "models.train", "--corpus", str(tmp_path / "nope.tsv")], capture_output=True, text=True
    )
    assert run.returncode == 2 and "no such file" in run.stderr
    junk = tmp_path / "junk.tsv"
    junk.write_bytes(b"just words\n\xff\xff\n")
    run = subprocess.run(
        [sys.executable, "-m", "models.train", "--corpus", str(junk), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "usable pairs" in run.stderr and "Traceback" not in run.stderr
