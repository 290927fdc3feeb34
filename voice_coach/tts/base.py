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


class Voice(Protocol):
    """A text-to-speech voice: synthesis only; playback is the speaker's job."""

    name: str

    def synthesize(self, text: str, rate: float = 1.0, volume: float = 1.0) -> Speech:
        """Speak text at a relative rate (1.0 normal) and volume (0..1)."""
