"""Checking a command heard in grammar mode before acting on it.

Grammar mode makes a recogniser choose among the phrases even when something else was said, so a
match is accepted only when the free transcript of the same audio says it too (fuzzily), or when the
grammar decoder itself is confident and the free decoder heard nothing to contradict it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

MIN_SIMILARITY = 0.75

# How a text sounds: letters by default; an engine with a pronunciation dictionary gives phones.
Sound = Callable[[str], Sequence[str]]


def letters(text: str) -> Sequence[str]:
    return list(text.lower().strip())


def similarity(a: str, b: str, sound: Sound = letters) -> float:
    return SequenceMatcher(None, sound(a), sound(b), autojunk=False).ratio()


def best_command(heard: str, phrases: list[str], sound: Sound = letters) -> tuple[str, float]:
    """The phrase closest to what was heard (as a whole or as a run of its words) and how close."""
    words = heard.lower().split()
    best, score = "", 0.0
    for phrase in phrases:
        n = len(phrase.split())
        candidates = [" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))] or [heard]
        s = max(similarity(c, phrase, sound) for c in candidates)
        # a command buried in a long answer is no command: "stop" inside "I can't stop working late"
        if len(words) > n + 2:
            s *= 0.5
        if s > score or (s == score and len(phrase) > len(best)):  # "forty five" over the "five" inside it
            best, score = phrase, s
    return best, score


def confirm(grammar_heard: str, free_heard: str, phrases: list[str], sound: Sound = letters,
            min_similarity: float = MIN_SIMILARITY) -> tuple[str, float] | None:
    """The command if the free transcript of the same audio sounds like it too, else None."""
    if not grammar_heard or grammar_heard == "[unk]":
        return None
    command, score = best_command(grammar_heard, phrases)
    if score < MIN_SIMILARITY:
        return None
    free_command, free_score = best_command(free_heard, phrases, sound)
    if free_command != command or free_score < min_similarity:
        return None
    return command, free_score
