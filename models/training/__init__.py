"""Training: `python -m models.training` (models/training/__main__.py). The web app never imports this package
(tests/test_structure.py checks it).

    config.py     TrainConfig: every setting of a run, stored flat in task.json and history.json
    batches.py    examples -> token ids -> batches of similar length -> padded tensors
    alignment.py  guided alignment: the gold weights and the loss term that pulls attention towards them
    forward.py    every call into the model: the teacher-forced forward pass, greedy decoding of probes
    schedule.py   the learning-rate schedules and the rules that stop a run
    loop.py       train_model: one model, epoch by epoch
    packs.py      the vocabularies, and whole packs from a task or a corpus
"""
