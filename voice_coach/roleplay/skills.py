"""Short spoken lessons on the template and the special techniques (data/skills.yaml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from voice_coach.analysis.lexicon import read_yaml

LESSONS = Path(__file__).parent / "data" / "skills.yaml"


@lru_cache(maxsize=1)
def lessons() -> dict:
    return read_yaml(LESSONS)


def lesson(skill: str | None) -> str:
    """What the skill is and an example, ready to be said aloud; the template when the skill is unknown."""
    entry = lessons().get(skill or "template") or lessons()["template"]
    return f"About {entry['name']}: {' '.join(entry['explain'].split())} For example: {entry['example'].strip()}"
