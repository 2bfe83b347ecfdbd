"""Training reports its progress to fit its sink: a tqdm bar on a terminal, plain lines in a log file."""

import io

import pytest

from models.tasks.dates import generate
from models.training.config import TrainConfig
from models.training.loop import PROGRESS_BAR, PROGRESS_LINES, progress_mode, train_model
from models.training.packs import build_vocabs

TINY = {"train": 200, "valid": 40, "test": 40}


def _tiny_run(progress, capsys) -> str:
    splits = generate(seed=0, sizes=TINY)
    src, tgt = build_vocabs(splits, "char", "char")
    cfg = TrainConfig.from_dict(
        {"seed": 0, "epochs": 2, "batch_size": 50, "embed_size": 8, "hidden_size": 8, "snapshots": 2, "log_every": 2}
    )
    capsys.readouterr()
    train_model("dot", splits, src, tgt, cfg, ["March 3, 2019"], progress=progress)
    return capsys.readouterr().err


def test_lines_mode_writes_one_plain_line_per_epoch_and_validation(capsys):
    err = _tiny_run("lines", capsys)
    assert "\r" not in err
    lines = err.strip().splitlines()
    assert sum("epoch end" in line for line in lines) == 2
    assert sum("validation" in line for line in lines) == 2  # snapshots=2: two validations
    last = lines[-1]
    for word in ("epoch 2", "step 8/8", "loss ", "valid ", "chrF ", "elapsed "):
        assert word in last, last
    assert "valid -" not in last and "chrF -" not in last  # the validation's loss and chrF, both


def test_bar_mode_draws_a_bar(capsys):
    err = _tiny_run("bar", capsys)
    assert "\r" in err and "train dot" in err and "epoch end" not in err


def test_no_progress_is_silent(capsys):
    assert _tiny_run(False, capsys) == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_auto_is_the_bar_on_a_terminal_and_lines_in_a_file():
    assert progress_mode("auto", _Terminal()) == PROGRESS_BAR
    assert progress_mode("auto", io.StringIO()) == PROGRESS_LINES
    assert progress_mode(True, io.StringIO()) == PROGRESS_LINES
    assert progress_mode("lines", _Terminal()) == PROGRESS_LINES
    assert progress_mode(False) is None
    with pytest.raises(ValueError):
        progress_mode("dots")
