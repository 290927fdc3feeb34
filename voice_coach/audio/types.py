"""Plain audio data passed between stages: a chunk that knows its format and its place in time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE = 16_000  # what every recogniser here expects: 16 kHz, mono, 16-bit
WIDTH = 2
CHANNELS = 1


@dataclass(frozen=True)
class AudioChunk:
    """A run of signed 16-bit little-endian PCM samples."""

    audio: bytes
    rate: int = RATE
    width: int = WIDTH
    channels: int = CHANNELS
    timestamp: float = 0.0  # seconds from the start of its source
    captured: float | None = None  # time.monotonic() when a live device delivered it (for timing barge-in)

    @property
    def samples(self) -> np.ndarray:
        return np.frombuffer(self.audio, dtype="<i2")

    @property
    def duration(self) -> float:
        return len(self.audio) / (self.width * self.channels * self.rate)


@dataclass(frozen=True)
class Audio:
    """A whole recording, already 16 kHz mono int16, and where it came from."""

    samples: np.ndarray
    rate: int = RATE
    source: str = ""

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate

    def chunks(self, chunk_s: float = 0.03) -> list[AudioChunk]:
        step = max(1, int(self.rate * chunk_s))
        return [AudioChunk(self.samples[i:i + step].astype("<i2").tobytes(), self.rate, timestamp=i / self.rate)
                for i in range(0, len(self.samples), step)]


def to_int16(audio: np.ndarray) -> np.ndarray:
    """Float audio in [-1, 1] (or int16 already) as int16, clipped; NaN and inf become silence."""
    if audio.dtype == np.int16:
        return audio
    audio = np.nan_to_num(np.asarray(audio, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    # 32768 is the scale soundfile and most tools use, so int16 → float → int16 is exact.
    return np.clip(np.round(audio * 32768.0), -32768, 32767).astype(np.int16)


def dbfs(samples: np.ndarray) -> float:
    """RMS level in dB relative to full scale (-120 for digital silence)."""
    if len(samples) == 0:
        return -120.0
    x = samples.astype(np.float64) / 32768.0
    rms = float(np.sqrt(np.mean(x * x)))
    return max(-120.0, 20.0 * np.log10(rms)) if rms > 0 else -120.0
