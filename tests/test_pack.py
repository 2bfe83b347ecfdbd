"""Saving and loading packs: identical outputs after a round trip, clear errors for broken files."""

import json
import shutil

import pytest
import torch
from conftest import tiny_model

from models.net.decoding import translate
from models.packs.pack import PackError, load_model, load_pack, save_model


def test_safetensors_round_trip_gives_identical_outputs(tmp_path, tiny_vocabs):
    src, tgt = tiny_vocabs
    model = tiny_model("additive", len(src), len(tgt))
    save_model(tmp_path / "additive", model, src, tgt)
    loaded = load_model(tmp_path / "additive")
    a = translate(model, src, tgt, "abc xyz")
    b = translate(loaded.model, loaded.src_vocab, loaded.tgt_vocab, "abc xyz")
    assert a.output_tokens == b.output_tokens
    assert (a.cross.weights == b.cross.weights).all() and (a.token_probs == b.token_probs).all()
    for k, v in model.state_dict().items():
        assert torch.equal(v, loaded.model.state_dict()[k])


def test_truncated_weights_are_named_and_other_models_still_load(pack_copy):
    weights = pack_copy / "dot" / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    pack = load_pack(pack_copy)
    assert "dot" not in pack.models and "model.safetensors" in str(pack.errors["dot"])
    assert {"none", "general", "additive"} <= set(pack.models)


def test_config_that_disagrees_with_weights(pack_copy):
    cfg_path = pack_copy / "general" / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["hidden_size"] = 64
    cfg_path.write_text(json.dumps(cfg))
    with pytest.raises(PackError, match="shape"):
        load_model(pack_copy / "general")


def test_config_with_wrong_types(pack_copy):
    cfg_path = pack_copy / "general" / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["hidden_size"] = "big"
    cfg_path.write_text(json.dumps(cfg))
    with pytest.raises(PackError, match=r"config\.json"):
        load_model(pack_copy / "general")


def test_missing_vocabulary(pack_copy):
    (pack_copy / "none" / "vocab.json").unlink()
    with pytest.raises(PackError, match=r"vocab\.json"):
        load_model(pack_copy / "none")


def test_vocabulary_size_mismatch(pack_copy):
    path = pack_copy / "none" / "vocab.json"
    raw = json.loads(path.read_text())
    raw["source"]["tokens"].append("NEW")
    path.write_text(json.dumps(raw))
    with pytest.raises(PackError, match="vocabulary has"):
        load_model(pack_copy / "none")


def test_junk_in_pack_folder_is_ignored(pack_copy):
    (pack_copy / "notes").mkdir()
    (pack_copy / "notes" / "readme.txt").write_text("hello")
    (pack_copy / "stray.bin").write_bytes(b"\x00\x01")
    pack = load_pack(pack_copy)
    shipped = {p.parent.name for p in pack_copy.glob("*/config.json")}
    assert {"none", "dot"} <= shipped
    assert set(pack.models) == shipped and not pack.errors


def test_missing_pack_and_unreadable_task(tmp_path, pack_copy):
    with pytest.raises(PackError, match="missing"):
        load_pack(tmp_path / "nope")
    (pack_copy / "task.json").write_text("{not json")
    with pytest.raises(PackError, match=r"task\.json"):
        load_pack(pack_copy)


def test_comparison_pair_is_asked_of_the_models_not_their_names(pack_copy):
    """A pack whose folders are renamed still opens on its bottleneck and its first attention model."""
    (pack_copy / "none").rename(pack_copy / "baseline")
    shutil.rmtree(pack_copy / "dot")
    pack = load_pack(pack_copy)
    assert pack.comparison_pair == ["baseline", pack.attention_models[0]]
    assert not pack.models["baseline"].uses_attention and pack.models[pack.comparison_pair[1]].uses_attention
    shutil.rmtree(pack_copy / "baseline")
    assert load_pack(pack_copy).comparison_pair == [pack.attention_models[0]]


def test_every_shipped_config_names_its_family_and_a_config_without_one_reads_as_a_gru(pack_copy):
    from models.packs.pack import PRETRAINED

    configs = sorted(PRETRAINED.glob("*/*/config.json"))
    assert len(configs) >= 20
    # the stack families ship under their own names; every other model is a GRU
    families = {p.parent.name: json.loads(p.read_text("utf-8")).get("family") for p in configs}
    assert {families[p.parent.name] for p in configs} == {"gru", "transformer", "gpt"}
    for p in configs:
        name = p.parent.name
        assert families[name] == (name if name in ("transformer", "gpt") else "gru"), p
    path = pack_copy / "dot" / "config.json"
    raw = json.loads(path.read_text("utf-8"))
    del raw["family"]  # as every pack written before model families
    path.write_text(json.dumps(raw), "utf-8")
    loaded = load_model(pack_copy / "dot")
    assert loaded.config.family == "gru" and loaded.model.uses_attention


def test_an_unknown_family_is_named(pack_copy):
    path = pack_copy / "dot" / "config.json"
    path.write_text(json.dumps(json.loads(path.read_text("utf-8")) | {"family": "lstm"}), "utf-8")
    with pytest.raises(PackError, match="unknown model family 'lstm'"):
        load_model(pack_copy / "dot")
