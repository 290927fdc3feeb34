"""The pitch track (YIN, from librosa) and whether the end of an answer rises like a question."""

from __future__ import annotations

import warnings

import numpy as np

from voice_coach.audio.files import resample

RATE = 8000          # pitch lives below 400 Hz: tracking at 8 kHz is four times cheaper than at 16
FRAME = 512          # 64 ms: two periods of the lowest voice
HOP = 160            # 20 ms
FMIN, FMAX = 70.0, 400.0
END_SHARE = 0.2      # the last fifth of the voiced frames …
BODY = (0.2, 0.6)    # … against the voiced frames of the middle
MAX_CHANGE = 9.0  # a rise or fall beyond this is the tracker jumping an octave, not the voice
MIN_VOICED = 15      # fewer voiced frames than this (0.3 s) and there is no pitch to judge


def track(samples: np.ndarray, rate: int = 16000, active: np.ndarray | None = None) -> np.ndarray:
    """f0 in Hz every 20 ms, NaN where unvoiced. active: a per-frame mask of loud-enough frames (20 ms)."""
    import librosa

    x = samples.astype(np.float32) / (32768.0 if samples.dtype == np.int16 else 1.0)
    y = resample(x, rate, RATE).astype(np.float32)
    if len(y) < FRAME:
        return np.full(0, np.nan)
    f0 = librosa.yin(y, fmin=FMIN, fmax=FMAX, sr=RATE, frame_length=FRAME, hop_length=HOP, center=True)
    voiced = (f0 > FMIN * 1.05) & (f0 < FMAX * 0.95)
    if active is not None:
        n = min(len(active), len(f0))
        voiced[:n] &= active[:n]
        voiced[n:] = False
    # YIN jumps an octave now and then; a frame far from its neighbours' median is not trusted.
    smooth = _median(np.where(voiced, f0, np.nan), 5)
    voiced &= np.abs(12 * np.log2(np.where(voiced, f0, 1) / np.where(np.isnan(smooth), 1, smooth))) < 3
    return np.where(voiced, f0, np.nan)


def end_rise(f0: np.ndarray) -> float | None:
    """Semitones from the middle of the answer to its end (> 0: it rises). None when too little is voiced."""
    voiced = f0[~np.isnan(f0)]
    if len(voiced) < MIN_VOICED:
        return None
    n = len(voiced)
    end = voiced[int(n * (1 - END_SHARE)):]
    body = voiced[int(n * BODY[0]):max(int(n * BODY[1]), int(n * BODY[0]) + 1)]
    rise = float(12 * np.log2(np.median(end) / np.median(body)))
    return rise if abs(rise) <= MAX_CHANGE else None


def _median(x: np.ndarray, width: int) -> np.ndarray:
    pad = width // 2
    padded = np.pad(x, pad, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-unvoiced window has no median: NaN is right
        return np.nanmedian(windows, axis=1)


def warm() -> None:
    """Load librosa and its compiled YIN now (about 2 s in a new process), not at the first answer."""
    track((np.sin(np.arange(RATE) / 4) * 8000).astype(np.int16), RATE * 2)
