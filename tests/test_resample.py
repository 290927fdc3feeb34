"""Resampling a stream block by block gives what resampling the whole recording gives."""

from __future__ import annotations

from math import gcd

import numpy as np
import pytest
from scipy.signal import resample_poly

from voice_coach.audio.resample import StreamResampler
from voice_coach.audio.types import to_int16


def whole(x: np.ndarray, rate: int) -> np.ndarray:
    g = gcd(rate, 16_000)
    return to_int16(resample_poly(x.astype(np.float32) / 32768.0, 16_000 // g, rate // g))


def streamed(x: np.ndarray, rate: int, sizes) -> np.ndarray:
    r = StreamResampler(rate)
    parts, i = [], 0
    for size in sizes:
        if i >= len(x):
            break
        parts.append(r.push(x[i:i + size]))
        i += size
    parts.append(r.push(x[i:]))
    parts.append(r.flush())
    return np.concatenate(parts)


@pytest.mark.parametrize("rate", [48_000, 44_100, 32_000, 96_000, 22_050, 16_000])
def test_any_block_sizes_give_the_whole_signal_resampled(rate):
    rng = np.random.default_rng(rate)
    x = to_int16(rng.normal(0, 0.2, rate * 2).astype(np.float32))
    sizes = rng.integers(1, rate // 20, 2_000)  # from one sample to 50 ms, in no pattern
    got, want = streamed(x, rate, sizes), whole(x, rate)
    assert len(got) == len(want) == 32_000
    assert np.abs(got.astype(np.int32) - want).max() <= 1  # one step of 16 bits at most


def test_a_device_at_48k_is_heard_as_well_as_a_file(hibari, sphinx):
    """Speech as a 48 kHz microphone would deliver it, in 30 ms blocks, transcribes as the 16 kHz original."""
    from voice_coach.audio.files import resample

    text = "Could you turn the music down after eleven, please? I start work at seven."
    speech = hibari.synthesize(text)
    at48 = to_int16(resample(speech.samples, speech.rate, 48_000))
    blocks = [1_440] * (len(at48) // 1_440 + 1)
    got = streamed(at48, 48_000, blocks)
    direct = to_int16(resample(speech.samples, speech.rate))
    assert abs(len(got) - len(direct)) <= 2
    assert sphinx.transcribe(got).text == sphinx.transcribe(direct).text


def test_nothing_in_nothing_out_and_16k_passes_through():
    r = StreamResampler(48_000)
    assert len(r.push(np.zeros(0, np.int16))) == 0 and len(r.flush()) == 0
    same = StreamResampler(16_000)
    x = np.arange(-100, 100, dtype=np.int16)
    assert same.passthrough and np.array_equal(same.push(x), x)
