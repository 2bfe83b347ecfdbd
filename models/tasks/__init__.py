"""Task packs: generators of parallel data, each described by one `TaskSpec` (models/tasks/spec.py).

A task module exposes `SPEC: TaskSpec`. Register it in `TASKS` below, by module name: a task module is
imported only when its task is asked for (their data and libraries, babel, num2words, are not small), and
an error while importing it is the caller's to see.
"""

from __future__ import annotations

from importlib import import_module

from models.tasks.spec import TaskSpec

__all__ = ["TASKS", "TaskSpec", "get_task", "task_names"]

TASKS = {
    "dates": "models.tasks.dates",
    "en-fr": "models.tasks.enfr",
    "en-ko": "models.tasks.enko",
    "numbers": "models.tasks.numbers",
}


def get_task(name: str) -> TaskSpec:
    if name not in TASKS:
        raise KeyError(f"unknown task {name!r}; known: {', '.join(sorted(TASKS))}")
    return import_module(TASKS[name]).SPEC


def task_names() -> list[str]:
    return list(TASKS)
