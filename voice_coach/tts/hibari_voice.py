"""The natural voice: hibari, a small neural English voice that ships inside its wheel."""

from __future__ import annotations

import numpy as np

from voice_coach.errors import UserError
from voice_coach.tts.base import Speech

# A calm coaching pace: a touch slower than hibari's own 1.0, and clearer to recognisers too.
DEFAULT_SPEED = 0.9
SENTENCE_PAUSE_S = 0.35
EDGE_S = 0.2


class HibariVoice:
    """hibari's default voice works offline; its other voices download on first use."""

    name = "hibari"

    def __init__(self, variant: str = "heart", seed: int | None = 0):
        try:
            from hibari import Hibari
        except ImportError:
            raise UserError("the hibari voice is not installed; run ./dev setup or use --voice espeak") from None
        try:
            self._tts = Hibari(voice=variant)
        except (RuntimeError, KeyError) as e:
            raise UserError(f"hibari voice '{variant}' is not available offline ({e}); use the default 'heart'") from None
        self.seed = seed  # fixed noise: the same text always sounds the same

    def synthesize(self, text: str, rate: float = 1.0, volume: float = 1.0) -> Speech:
        sr = self._tts.sample_rate
        parts = [_trim(np.asarray(p, np.float32), sr) for p in self._tts.stream(text, speed=DEFAULT_SPEED * rate,
                                                                                  seed=self.seed)] if text.strip() else []
        parts = [p for p in parts if len(p)]
        if not parts:
            return Speech(np.zeros(0, np.float32), sr, text)
        # hibari pads every sentence at both ends (0.9 s between sentences, longer than an endpointer's
        # silence window); people pause about a third of a second.
        pause = np.zeros(int(SENTENCE_PAUSE_S * sr), np.float32)
        edge = np.zeros(int(EDGE_S * sr), np.float32)
        joined = [edge]
        for k, p in enumerate(parts):
            joined += [pause, p] if k else [p]
        joined.append(edge)
        return Speech(np.concatenate(joined) * max(0.0, min(1.0, volume)), sr, text)


def _trim(audio: np.ndarray, rate: int, threshold: float = 0.01, keep_s: float = 0.05) -> np.ndarray:
    """Cut the silence hibari pads a sentence with, keeping a few milliseconds either side."""
    loud = np.where(np.abs(audio) > threshold)[0]
    if len(loud) == 0:
        return audio[:0]
    keep = int(keep_s * rate)
    return audio[max(0, loud[0] - keep):loud[-1] + keep + 1]
