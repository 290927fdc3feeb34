"""What a voice produces, and the protocol every voice follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Speech:
    """Synthesised speech: float32 mono samples in [-1, 1] at their own rate, and the words said."""

    samples: np.ndarray
    rate: int
    text: str = ""

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0

    def trimmed(self, lead_s: float = 0.03, tail_s: float = 0.05, below_peak_db: float = 50.0) -> Speech:
        """Without the silence a voice puts before and after the words: played, it would delay the line's
        start (the response gap) and keep the microphone deaf after its end (half-duplex)."""
        x = np.abs(np.asarray(self.samples, np.float32))
        if not len(x) or not x.max():
            return self
        loud = np.flatnonzero(x > x.max() * 10 ** (-below_peak_db / 20))
        start = max(0, loud[0] - int(lead_s * self.rate))
        end = min(len(x), loud[-1] + 1 + int(tail_s * self.rate))
        return Speech(self.samples[start:end], self.rate, self.text)


class Voice(Protocol):
    """A text-to-speech voice: synthesis only; playback is the speaker's job."""

    name: str

    def synthesize(self, text: str, rate: float = 1.0, volume: float = 1.0) -> Speech:
        """Speak text at a relative rate (1.0 normal) and volume (0..1)."""
