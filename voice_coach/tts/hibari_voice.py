"""The natural voice: hibari, a small neural English voice that ships inside its wheel."""

from __future__ import annotations

import numpy as np

from voice_coach.errors import UserError
from voice_coach.tts.base import Speech

# A calm coaching pace: a touch slower than hibari's own 1.0, and clearer to recognisers too.
DEFAULT_SPEED = 0.9


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
        audio = self._tts(text, speed=DEFAULT_SPEED * rate, seed=self.seed) if text.strip() else np.zeros(0, np.float32)
        return Speech(np.asarray(audio, np.float32) * max(0.0, min(1.0, volume)), self._tts.sample_rate, text)
