"""A voice is pitched and noise is not: the periodicity that keeps a cough from counting as barge-in."""

from __future__ import annotations

import numpy as np
import soundfile as sf

from voice_coach.audio.types import dbfs
from voice_coach.audio.voicing import periodicity, pitched

import noises
from conftest import SPEECH

RATE = 16_000


def harmonic(f0: float, seconds: float = 0.03) -> np.ndarray:
    """A vowel-like tone: a fundamental and falling harmonics."""
    t = np.arange(int(seconds * RATE)) / RATE
    return (sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 8)) * 5000).astype(np.int16)


def test_voiced_tones_across_the_range_of_voices_are_pitched():
    for f0 in (75, 110, 180, 260, 390):
        assert periodicity(harmonic(f0)) > 0.9, f0


def test_silence_and_noises_are_not_pitched():
    """Now and then one frame of noise scores high by chance; barge-in wants two in one loud stretch."""
    assert periodicity(np.zeros(480, np.int16)) == 0.0 and not pitched(np.zeros(480, np.int16))
    rng = np.random.default_rng(5)
    for kind, make in noises.KINDS.items():
        flags = []
        for _ in range(20):
            sound = make(rng)
            run = [pitched(sound[i:i + 480]) for i in range(0, len(sound) - 479, 480)]
            assert sum(run) <= 1, kind
            flags += run
        assert np.mean(flags) < 0.02, (kind, np.mean(flags))


def test_most_of_real_speech_is_pitched():
    for path in sorted((SPEECH / "cards").glob("*.wav")):
        audio = sf.read(path, dtype="int16")[0]
        frames = [audio[i:i + 480] for i in range(0, len(audio) - 479, 480)]
        levels = np.array([dbfs(f) for f in frames])
        loud = [f for f, level in zip(frames, levels) if level > np.percentile(levels, 10) + 12]
        share = np.mean([pitched(f) for f in loud])
        assert share > 0.5, (path.name, share)
