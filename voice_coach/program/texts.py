"""The coach's words for the training programme, read from data/texts.yaml (data, not code)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from voice_coach.analysis.lexicon import read_yaml

DATA = Path(__file__).parent / "data"


@cache
def data(name: str) -> dict:
    """One of the programme's data files (texts, relax, skills, traps, personal-scene…)."""
    return read_yaml(DATA / f"{name}.yaml")


def text(section: str, key: str, **values) -> str:
    """A phrase from texts.yaml with its {placeholders} filled."""
    return data("texts")[section][key].format(**values).strip()
