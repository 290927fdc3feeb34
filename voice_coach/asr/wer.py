"""Word error rate, for tests and benchmarks: edits needed to turn the reference into the hypothesis."""

from __future__ import annotations

import re

from voice_coach.analysis.textform import to_recognizer_form


def words(text: str) -> list[str]:
    """Compare as a recogniser writes: lowercase, numbers spelled, no punctuation."""
    return re.sub(r"\s+", " ", to_recognizer_form(text)).split()


def edits(reference: list[str], hypothesis: list[str]) -> int:
    row = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        prev, row[0] = row[:], i
        for j, h in enumerate(hypothesis, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (r != h))
    return row[-1]


def wer(pairs: list[tuple[str, str]]) -> float:
    """Corpus WER over (reference, hypothesis) pairs."""
    total = sum(len(words(r)) for r, _ in pairs)
    return sum(edits(words(r), words(h)) for r, h in pairs) / max(1, total)
