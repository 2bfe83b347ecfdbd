"""Attention Explorer engine: tasks, tokenizers, GRU seq2seq models, decoding traces, packs.

The data flow is one way: sentence -> tokens -> a trained model -> one `Trace` -> figures/tables.
"""
