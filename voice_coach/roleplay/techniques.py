"""Did an answer use the special skill the turn asked for? Cue phrases (data/techniques.yaml) plus the
analysis: fogging and compromise must keep a request, saying no must be a refusal without a speech."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from voice_coach.analysis.lexicon import read_yaml
from voice_coach.analysis.textform import to_recognizer_form
from voice_coach.analysis.types import Analysis

CUES = Path(__file__).parent / "data" / "techniques.yaml"
SAYING_NO_MAX_WORDS = 25  # a no that needs more words than this is over-explaining


@lru_cache(maxsize=1)
def cues() -> dict[str, list[str]]:
    raw = read_yaml(CUES)
    return {k: [to_recognizer_form(p) for p in v] for k, v in raw.items()}


def _says(answer: str, technique: str) -> bool:
    words = f" {to_recognizer_form(answer)} "
    return any(f" {p} " in words for p in cues().get(technique, []))


def used(technique: str | None, answer: str, analysis: Analysis) -> bool | None:
    """True or False for the techniques we can recognise; None when the turn asks for none (or one we can't)."""
    if technique is None:
        return None
    request = analysis.elements.get("request", False)
    assertive = analysis.style == "assertive"
    if technique == "fogging":
        return _says(answer, "fogging") and request and assertive
    if technique in ("negative_inquiry", "negative_assertion"):
        return _says(answer, technique) and analysis.style in ("assertive", "passive")
    if technique == "workable_compromise":
        return _says(answer, technique) and request and assertive
    if technique == "saying_no":
        return assertive and request and len(to_recognizer_form(answer).split()) <= SAYING_NO_MAX_WORDS
    if technique in ("broken_record", "escalating_assertion", "setting_limits"):
        return assertive and request
    return None
