"""Is a frame pitched? A voice repeats itself every pitch period; a cough's burst, a clap or a rustle does not."""

from __future__ import annotations

import numpy as np

LOWEST_HZ = 70     # a deep voice
HIGHEST_HZ = 400   # a high one, or a child's
PITCHED = 0.4      # normalised autocorrelation at the pitch period; noise bursts measured stay under 0.4


def periodicity(frame: np.ndarray, rate: int = 16_000) -> float:
    """The frame's highest normalised autocorrelation over voice pitch periods: near 1 for a vowel, low for noise."""
    x = np.asarray(frame, np.float64)
    x = x - x.mean()
    n = len(x)
    lo, hi = int(rate / HIGHEST_HZ), min(int(rate / LOWEST_HZ), n - n // 4)  # keep a quarter of the frame overlapping
    if hi < lo or not x.any():
        return 0.0
    spectrum = np.fft.rfft(x, 2 * n)
    auto = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    energy = np.cumsum(x * x)
    lags = np.arange(lo, hi + 1)
    # Normalise by the energy of the two overlapping parts, so a lag's score does not shrink with the overlap.
    head, tail = energy[n - 1 - lags], energy[-1] - energy[lags - 1]
    return float((auto[lags] / np.sqrt(np.maximum(head * tail, 1e-12))).max())


def pitched(frame: np.ndarray, rate: int = 16_000) -> bool:
    """Whether the frame sounds like voice rather than noise."""
    return periodicity(frame, rate) >= PITCHED
