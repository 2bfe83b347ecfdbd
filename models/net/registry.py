"""The families a pack's models can belong to, and the model names a pack uses for them.

A model's config.json names its family (`"family": "gru"`; a config without the field is a GRU's, as every pack
written before families was). The *name* of a model in a pack (`none`, `dot`, ...) is a separate thing: it says
which settings `python -m models.training` trains it with, and the order and colour the pages give it.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from models.net import gru, transformer


@dataclass(frozen=True)
class Family:
    name: str
    config: type  # a dataclass with from_dict(raw) and to_json()
    network: type  # an nn.Module implementing models.net.family.Model, built from that config
    summary: str  # one line, for --help and the docs


FAMILIES = {
    gru.FAMILY: Family(gru.FAMILY, gru.ModelConfig, gru.Seq2Seq, "GRU encoder-decoder, with or without attention"),
    transformer.TRANSFORMER: Family(
        transformer.TRANSFORMER,
        transformer.TransformerConfig,
        transformer.Transformer,
        "Transformer encoder-decoder (Vaswani et al. 2017): multi-head self- and cross-attention",
    ),
    transformer.GPT_FAMILY: Family(
        transformer.GPT_FAMILY,
        transformer.GPTConfig,
        transformer.GPT,
        "decoder-only GPT (Radford et al. 2018): source <sos> target under one causal mask",
    ),
}


@dataclass(frozen=True)
class ModelName:
    """A model a pack ships under this name: its family and the settings that make it this model."""

    name: str
    family: str
    settings: dict


# In the order the pages list them: the bottleneck first, then the score functions of the study note, then the
# Transformer families (their names need no settings: a family has one model per pack).
MODEL_NAMES = (
    ModelName("none", gru.FAMILY, {"attention": "none"}),
    ModelName("dot", gru.FAMILY, {"attention": "dot"}),
    ModelName("general", gru.FAMILY, {"attention": "general"}),
    ModelName("additive", gru.FAMILY, {"attention": "additive"}),
    ModelName("transformer", transformer.TRANSFORMER, {}),
    ModelName("gpt", transformer.GPT_FAMILY, {}),
)
NAMES = tuple(m.name for m in MODEL_NAMES)


def model_name(name: str) -> ModelName:
    for m in MODEL_NAMES:
        if m.name == name:
            return m
    raise ValueError(f"no model named {name!r}: the names are {', '.join(NAMES)}")


def family_of_name(name: str) -> str | None:
    """The family of the pack model called `name`, or None for a name that is not one of MODEL_NAMES."""
    return next((m.family for m in MODEL_NAMES if m.name == name), None)


def name_order(name: str) -> int:
    """Where a model of this name is listed: the known names in their order, any other name after them."""
    return NAMES.index(name) if name in NAMES else len(NAMES)


def name_of(config) -> str:
    """The pack name of a model with this config: the first name whose family and settings it has, else its family."""
    for m in MODEL_NAMES:
        if m.family == config.family and all(getattr(config, k, None) == v for k, v in m.settings.items()):
            return m.name
    return config.family


def family_of(raw: dict) -> Family:
    """The family a config.json (as a dict) belongs to. Raises ValueError for an unknown one."""
    name = raw.get("family", gru.FAMILY)
    if name not in FAMILIES:
        raise ValueError(f"unknown model family {name!r} (known: {', '.join(FAMILIES)})")
    return FAMILIES[name]


def config_from_dict(raw: object):
    """A model config from config.json's contents, of the family it names. Raises ValueError when it is not valid."""
    if not isinstance(raw, dict):
        raise ValueError("config must be a JSON object")
    return family_of(raw).config.from_dict(raw)


def build(config) -> nn.Module:
    """An untrained network of the config's family."""
    return FAMILIES[config.family].network(config)
