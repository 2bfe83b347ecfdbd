"""The synchronous grammar of the en-fr and en-ko packs (models/tasks/enfr.py, models/tasks/enko.py).

One derivation tree renders the English sentence and its translation at once, so the gold alignment is read
off the derivation:
- enfr_words.py, enfr_lexicon/: the lexicon (nouns, names, adjectives, verbs with their French) as data, and
  the pronouns and small tables the grammar keeps by hand; english.py: the grammar's own words (determiners,
  prepositions, conjunctions, numbers, adverbs, time words, the weather, tenses, a/an);
- trees.py: the derivation trees (NP, PP, VP, Clause, Rel), each knowing its English length;
- phrases.py, growth.py: drawing a minimal clause, then growing it to an exact English length;
- french.py: the French renderer (agreement, clitics, contraction, elision);
- korean_phrases.py, korean.py: the Korean renderer, with enko_words.py, enko_lexicon/ (the Korean lexicon
  and Kiwi's forms) and hangul.py (particles by the final consonant).
"""
