"""Sounds that are loud but are not a voice, made to order: a cough's burst, a clap, a rustle, a hiss.

They are what a room adds while the partner speaks, and what barge-in must not take for the user cutting
in. Each is 16 kHz int16 with its own random shape, so a test or benchmark can draw as many as it likes.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, lfilter

RATE = 16_000


def _shape(noise: np.ndarray, level: float) -> np.ndarray:
    return (noise / max(1e-9, np.abs(noise).max()) * level * 32767).astype(np.int16)


def cough(rng: np.random.Generator, seconds: float | None = None) -> np.ndarray:
    """A burst of breath noise through the throat's resonances: sharp attack, a decay of a few tenths."""
    seconds = seconds or rng.uniform(0.15, 0.6)
    n = int(seconds * RATE)
    y = lfilter(*butter(2, [300 / 8000, 3500 / 8000], "band"), rng.standard_normal(n))
    t = np.arange(n) / RATE
    return _shape(y * np.minimum(t / 0.01, 1) * np.exp(-t / (seconds / 3)), rng.uniform(0.1, 0.8))


def coughs(rng: np.random.Generator) -> np.ndarray:
    """A fit of two to four coughs."""
    return np.concatenate([cough(rng, rng.uniform(0.15, 0.3)) for _ in range(rng.integers(2, 5))])


def clap(rng: np.random.Generator) -> np.ndarray:
    """Hands or a door: a bright crack that dies in tens of milliseconds."""
    n = int(0.15 * RATE)
    y = lfilter(*butter(2, [800 / 8000, 6000 / 8000], "band"), rng.standard_normal(n))
    return _shape(y * np.exp(-np.arange(n) / RATE / rng.uniform(0.01, 0.03)), rng.uniform(0.3, 0.9))


def rustle(rng: np.random.Generator) -> np.ndarray:
    """Paper or clothes: hiss that swells and fades for up to a second."""
    n = int(rng.uniform(0.3, 1.0) * RATE)
    y = lfilter(*butter(2, 2000 / 8000, "high"), rng.standard_normal(n))
    swell = 0.5 + 0.5 * np.abs(np.sin(np.arange(n) / rng.uniform(500, 1500)))
    return _shape(y * swell, rng.uniform(0.05, 0.3))


def hiss(rng: np.random.Generator) -> np.ndarray:
    """White noise: a fan switched on, a sharp breath out."""
    return _shape(rng.standard_normal(int(rng.uniform(0.15, 0.8) * RATE)), rng.uniform(0.05, 0.3))


KINDS = {"cough": cough, "coughs": coughs, "clap": clap, "rustle": rustle, "hiss": hiss}


def room(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """A quiet room's background (about -65 dBFS), to put around the other sounds."""
    return (rng.standard_normal(int(seconds * RATE)) * 15).astype(np.int16)
