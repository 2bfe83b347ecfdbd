"""models/evaluation/heads.py: the head-removal table on the shipped dates pack."""

import json

import pytest

from models.evaluation.heads import head_removal, main
from models.net.views import all_heads
from models.packs.pack import PRETRAINED, load_pack


@pytest.fixture(scope="module")
def dates():
    return load_pack(PRETRAINED / "dates")


def test_every_head_is_removed_once_and_ranked_by_bleu_lost(dates):
    model = dates.models["transformer"]
    result = head_removal(model, dates.test[:20])
    rows = result["heads"]
    assert sorted((r["site"], r["layer"], r["head"]) for r in rows) == sorted(all_heads(model.model))
    assert result["sample"] == 20
    for r in rows:
        assert r["bleu_lost"] == pytest.approx(result["bleu"] - r["bleu"], abs=0.011)
    lost = [r["bleu_lost"] for r in rows]
    assert lost == sorted(lost, reverse=True)
    # a trained model needs some head: removing the worst one costs BLEU
    assert lost[0] > 0


def test_write_and_clear_errors(dates, tmp_path, capsys):
    root = tmp_path / "packs"
    root.mkdir()
    (root / "dates").symlink_to(dates.path)
    assert main(["--pack", "dates", "--root", str(root), "--model", "dot"]) == 2
    assert "no model 'dot' with heads" in capsys.readouterr().err
    assert main(["--pack", "nowhere", "--root", str(root)]) == 2
    assert main(["--pack", "dates", "--root", str(root), "--sample", "0"]) == 2
    assert "--sample" in capsys.readouterr().err


@pytest.mark.parametrize("pack_name", ["dates", "numbers"])
def test_shipped_heads_tables_match_the_models(pack_name):
    """Each shipped heads.json lists every head of its model once, with the model's BLEU on the sample."""
    pack = load_pack(PRETRAINED / pack_name)
    for name in ("transformer", "gpt"):
        table = json.loads((pack.path / name / "heads.json").read_text())
        heads = all_heads(pack.models[name].model)
        assert sorted((r["site"], r["layer"], r["head"]) for r in table["heads"]) == sorted(heads)
        assert table["sample"] == min(300, len(pack.test))
        assert all(r["bleu_lost"] == pytest.approx(table["bleu"] - r["bleu"], abs=0.011) for r in table["heads"])
