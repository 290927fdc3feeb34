"""The user's own voice as reference: speaking level, background noise and usual pace, kept in the store."""

from __future__ import annotations

import json

import numpy as np

from voice_coach.asr.types import Word
from voice_coach.delivery.measure import measure
from voice_coach.delivery.types import Calibration
from voice_coach.errors import UserError

KEY = "calibration"
PASSAGE = ("When the sun shines after rain, the light is split into colours, and we see a rainbow. "
           "I would like to take a walk before dinner, because the evening is calm.")
RECORD_S = 8.0
MIN_WORDS = 8


def from_sample(samples: np.ndarray, words: list[Word], rate: int = 16000) -> Calibration:
    """Measure a sample of the user reading at their ordinary level and pace."""
    if len(words) < MIN_WORDS:
        raise UserError(f"heard only {len(words)} words in the calibration sample; read the whole passage aloud, "
                        "at your usual level, and try again")
    d = measure(samples, words, rate, Calibration.default())
    return Calibration(round(d.loudness_dbfs, 1), round(d.noise_dbfs, 1), round(d.wpm or 160.0, 1))


def saved(store) -> Calibration | None:
    """The calibration kept in an open store, if the user has made one."""
    raw = store.setting(KEY)
    return Calibration(**json.loads(raw)) if raw else None


def load() -> Calibration:
    """The saved calibration, or the defaults; reading never creates the data folder."""
    from voice_coach.store import DB_NAME, Store, data_dir

    if not (data_dir() / DB_NAME).exists():
        return Calibration.default()
    with Store() as store:
        return saved(store) or Calibration.default()


def save(calibration: Calibration) -> None:
    from dataclasses import asdict

    from voice_coach.store import Store

    with Store() as store:
        store.set_setting(KEY, json.dumps(asdict(calibration)))


def record(seconds: float = RECORD_S, device: str | int | None = None) -> np.ndarray:
    """The microphone (--input-device, else the default) for a few seconds, as 16 kHz int16."""
    from voice_coach.audio.sources import MicrophoneSource

    with MicrophoneSource(device, max_seconds=seconds) as mic:
        parts = [chunk.samples for chunk in mic.chunks()]
    return np.concatenate(parts) if parts else np.zeros(0, np.int16)


def calibrate(samples: np.ndarray, recognizer) -> Calibration:
    """Hear the sample, measure it, keep it as the user's reference."""
    from voice_coach.audio.types import Audio
    from voice_coach.transcribe import transcribe_audio

    utterance = transcribe_audio(recognizer, Audio(samples))
    calibration = from_sample(samples, utterance.words)
    save(calibration)
    return calibration
