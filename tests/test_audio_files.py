"""Sound files in any common layout become 16 kHz mono int16; bad files are one clear error."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from voice_coach.audio.files import load_audio, resample
from voice_coach.errors import UserError

from conftest import SPEECH


def tone(freq: float, seconds: float, rate: int) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize("rate, channels", [(8000, 1), (16000, 1), (22050, 2), (44100, 2), (48000, 2)])
def test_any_rate_and_layout_becomes_16k_mono(tmp_path, rate, channels):
    x = tone(440, 1.0, rate)
    data = np.stack([x] * channels, axis=1) if channels > 1 else x
    path = tmp_path / f"t{rate}.wav"
    sf.write(path, data, rate)
    audio = load_audio(path)
    assert audio.rate == 16000 and audio.samples.dtype == np.int16
    assert abs(audio.duration - 1.0) < 0.01
    # a proper resampler keeps the tone's pitch: the spectrum peaks at 440 Hz
    spectrum = np.abs(np.fft.rfft(audio.samples.astype(np.float64)))
    assert abs(np.argmax(spectrum) * 16000 / len(audio.samples) - 440) < 3


def test_resampling_filters_instead_of_dropping_samples():
    # 7 kHz at 48 kHz is above the 8 kHz Nyquist limit of a 16 kHz result only when aliased: 9 kHz would fold to 7 kHz
    x = tone(9000, 1.0, 48000)
    y = resample(x, 48000)
    assert np.sqrt(np.mean(y ** 2)) < 0.02  # filtered away, not folded back into the speech band


def test_flac_and_raw_are_read(tmp_path):
    wav = load_audio(SPEECH / "cards" / "001.wav")
    flac = tmp_path / "a.flac"
    sf.write(flac, wav.samples, 16000)
    assert np.array_equal(load_audio(flac).samples, wav.samples)
    raw = load_audio(SPEECH / "goforward.raw")
    assert abs(raw.duration - 2.79) < 0.05


@pytest.mark.parametrize("name, needle", [("bad.wav", "not a sound file"), ("evil.wav", "not a sound file"),
                                          ("null.wav", "has no audio")])
def test_malformed_files_are_one_clear_error(name, needle):
    with pytest.raises(UserError, match=needle):
        load_audio(SPEECH / "malformed" / name)


def test_a_tiny_file_is_read_as_the_little_it_holds():
    assert load_audio(SPEECH / "malformed" / "awful.wav").duration < 0.01


def test_text_named_wav_missing_file_and_folder(tmp_path):
    fake = tmp_path / "notes.wav"
    fake.write_text("these are my notes, not sound")
    with pytest.raises(UserError, match="not a sound file"):
        load_audio(fake)
    with pytest.raises(UserError, match="no such file"):
        load_audio(tmp_path / "missing.wav")
    with pytest.raises(UserError, match="is a folder"):
        load_audio(tmp_path)
    empty = tmp_path / "empty.raw"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="is empty"):
        load_audio(empty)
