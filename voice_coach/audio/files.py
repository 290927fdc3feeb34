"""Reading sound files of any common layout into 16 kHz mono int16, properly resampled."""

from __future__ import annotations

from math import gcd
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from voice_coach.audio.types import RATE, Audio, to_int16
from voice_coach.errors import UserError

RAW_SUFFIXES = {".raw", ".pcm", ".s16", ".s16le"}
MAX_SECONDS = 60 * 60  # an hour: far beyond a spoken answer, small enough to hold in memory
BLOCK_FRAMES = 1 << 20


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """Polyphase resampling with an anti-aliasing filter (never dropping or repeating samples)."""
    if rate == target:
        return samples
    g = gcd(rate, target)
    return resample_poly(samples.astype(np.float32), target // g, rate // g).astype(np.float32)


def check_audio(path: str | Path):
    """Refuse a file that cannot be a recording, from its header alone; soundfile's info (None for raw)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a sound file")
    if path.suffix.lower() in RAW_SUFFIXES:
        if path.stat().st_size == 0:
            raise UserError(f"{path}: is empty")
        return None
    import soundfile as sf

    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, TypeError) as e:
        raise UserError(f"{path}: not a sound file that can be read ({_reason(e)}); "
                        f"save it as WAV or FLAC, or give raw 16 kHz 16-bit PCM as .raw") from None
    if info.frames <= 0 or info.samplerate <= 0 or info.channels <= 0:
        raise UserError(f"{path}: has no audio in it")
    return info


def load_audio(path: str | Path, raw_rate: int = RATE) -> Audio:
    """A WAV, FLAC, OGG or raw 16-bit PCM file as 16 kHz mono int16; one clear error otherwise."""
    path = Path(path)
    info = check_audio(path)
    if info is None:
        return _load_raw(path, raw_rate)
    import soundfile as sf

    if info.frames / info.samplerate > MAX_SECONDS:
        raise UserError(f"{path}: is {info.frames / info.samplerate / 60:.0f} minutes long; "
                        f"split it into pieces under {MAX_SECONDS // 60} minutes")
    mono = []
    try:
        for block in sf.blocks(str(path), blocksize=BLOCK_FRAMES, dtype="float32", always_2d=True):
            mono.append(block.mean(axis=1))  # mix down block by block: a long stereo file stays small
    except (sf.LibsndfileError, RuntimeError) as e:
        raise UserError(f"{path}: the file is damaged ({_reason(e)}); record or export it again") from None
    samples = np.concatenate(mono) if mono else np.zeros(0, np.float32)
    if len(samples) == 0:
        raise UserError(f"{path}: has no audio in it")
    return Audio(to_int16(resample(samples, info.samplerate)), RATE, str(path))


def _load_raw(path: Path, rate: int) -> Audio:
    data = path.read_bytes()
    if len(data) % 2:
        data = data[:-1]  # a torn last sample is dropped, not a reason to refuse the file
    samples = np.frombuffer(data, dtype="<i2")
    if len(samples) / rate > MAX_SECONDS:
        raise UserError(f"{path}: is too long; split it into pieces under {MAX_SECONDS // 60} minutes")
    if rate != RATE:
        samples = to_int16(resample(samples.astype(np.float32) / 32768.0, rate))
    return Audio(samples.copy(), RATE, str(path))


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
    return text.split(": ", 1)[-1] if ": " in text else text
