"""How it was said: pace, loudness, fading, pauses, fillers and pitch, on speech with a known truth."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_cli import run

from voice_coach.asr.types import Word
from voice_coach.audio.playback import write_wav
from voice_coach.delivery import Calibration, measure
from voice_coach.delivery.calibration import from_sample
from voice_coach.delivery.measure import _restarts, frame_levels

RATE = 16000
SENTENCES = ["I would like to move to four days a week because I care for my father on Fridays.",
             "I feel frustrated when the meeting runs late, because I collect my son at six.",
             "Please let me finish my point before you come in with yours."]


def gain(samples, db):
    return np.clip(samples.astype(np.float64) * 10 ** (db / 20), -32768, 32767).astype(np.int16)


def speech_span(samples):
    """First to last frame within 40 dB of the loudest: the truth for pace, from the audio alone."""
    levels = frame_levels(samples)
    loud = np.where(levels > levels.max() - 40)[0]
    return (loud[-1] + 1 - loud[0]) * 0.02, loud[0] * 0.02, (loud[-1] + 1) * 0.02


@pytest.mark.parametrize("speed", [0.7, 1.0, 1.4])
@pytest.mark.parametrize("text", SENTENCES)
def test_words_per_minute_within_15_percent_of_the_truth(speak, sphinx, speed, text):
    samples = speak(text, speed)
    truth = len(text.split()) / speech_span(samples)[0] * 60
    d = measure(samples, sphinx.transcribe(samples).words)
    assert d.wpm == pytest.approx(truth, rel=0.15)


def test_speech_20_db_below_the_calibration_is_quiet(speak, sphinx):
    samples = speak(SENTENCES[0], 0.9)
    words = sphinx.transcribe(samples).words
    cal = from_sample(samples, words)  # calibrated on this very voice at 0 dB
    assert "quiet" not in measure(samples, words, calibration=cal).verdicts
    quiet = gain(samples, -20)
    d = measure(quiet, sphinx.transcribe(quiet).words, calibration=cal)
    assert "quiet" in d.verdicts and d.loudness_dbfs == pytest.approx(cal.speech_dbfs - 20, abs=1.0)


@pytest.mark.parametrize("text", SENTENCES)
def test_the_last_40_percent_15_db_down_is_fading(speak, sphinx, text):
    samples = speak(text, 0.9)
    words = sphinx.transcribe(samples).words
    assert "fading" not in measure(samples, words).verdicts
    _, start, end = speech_span(samples)
    cut = int((start + 0.6 * (end - start)) * RATE)
    faded = np.concatenate([samples[:cut], gain(samples[cut:], -15)])
    d = measure(faded, sphinx.transcribe(faded).words)
    assert "fading" in d.verdicts and d.fade_db >= 12


def test_an_inserted_two_second_silence_is_a_long_pause(speak, sphinx):
    samples = speak(SENTENCES[2], 0.9)
    words = sphinx.transcribe(samples).words
    before = measure(samples, words)
    assert "long_pause" not in before.verdicts and before.longest_pause_s < 1.0
    middle = words[len(words) // 2]
    cut = int(middle.start * RATE)  # between two words
    paused = np.concatenate([samples[:cut], np.zeros(2 * RATE, np.int16), samples[cut:]])
    d = measure(paused, sphinx.transcribe(paused).words)
    assert "long_pause" in d.verdicts and d.longest_pause_s == pytest.approx(2.0, abs=0.4)


def harmonic_tone(f0_curve, rate=RATE):
    """A voice-like tone: a fundamental with falling harmonics, following an f0 curve (Hz per sample)."""
    phase = 2 * np.pi * np.cumsum(f0_curve) / rate
    x = sum(np.sin(k * phase) / k for k in range(1, 9))
    return (x / np.abs(x).max() * 0.3 * 32767).astype(np.int16)


@pytest.mark.parametrize("end_hz, rises", [(180, True), (80, False), (120, False)])
def test_a_pitch_sweep_at_the_end_is_uptalk_only_when_it_rises(end_hz, rises):
    flat, sweep = np.full(int(1.5 * RATE), 120.0), np.linspace(120.0, end_hz, int(0.5 * RATE))
    d = measure(harmonic_tone(np.concatenate([flat, sweep])), [])
    assert d.uptalk is rises and ("uptalk" in d.verdicts) is rises
    assert d.pitch_end_semitones == pytest.approx(0.0 if end_hz == 120 else np.sign(end_hz - 120) * 4, abs=2.5)


@pytest.mark.parametrize("text", SENTENCES)
def test_a_statement_resynthesised_to_rise_at_the_end_is_uptalk(speak, sphinx, text):
    import librosa

    samples = speak(text, 0.9)
    words = sphinx.transcribe(samples).words
    plain = measure(samples, words)
    assert not plain.uptalk  # the voice ends a statement falling or level
    _, start, end = speech_span(samples)
    cut = int((start + 0.7 * (end - start)) * RATE)
    x = samples.astype(np.float32) / 32768
    for steps, rises in ((5, True), (-3, False)):
        tail = librosa.effects.pitch_shift(x[cut:], sr=RATE, n_steps=steps)
        shifted = (np.concatenate([x[:cut], tail]) * 32767).astype(np.int16)
        d = measure(shifted, sphinx.transcribe(shifted).words)
        assert d.uptalk is rises, (steps, d.pitch_end_semitones)


def test_fillers_and_restarts_are_counted():
    said = "um i i would like uh i would like a refund er please".split()
    words = [Word(w, i * 0.3, i * 0.3 + 0.25, 0.9) for i, w in enumerate(said)]
    samples = (np.random.default_rng(0).standard_normal(int(RATE * 4)) * 3000).astype(np.int16)
    d = measure(samples, words)
    assert d.fillers == 5 and "fillers" in d.verdicts  # um, uh, er; "i i"; "i would like i would like"
    assert _restarts("i want i want to go".split()) == 1 and _restarts("no no no".split()) == 1


def test_a_slow_start_is_flagged(speak, sphinx):
    samples = np.concatenate([np.zeros(5 * RATE, np.int16), speak(SENTENCES[1], 0.9)])
    d = measure(samples, sphinx.transcribe(samples).words)
    assert "slow_start" in d.verdicts and d.start_delay_s == pytest.approx(5.0, abs=0.5)


def test_rushing_is_judged_against_the_users_own_pace(speak, sphinx):
    fast = speak(SENTENCES[0], 1.4)
    words = sphinx.transcribe(fast).words
    assert "rushed" in measure(fast, words, calibration=Calibration(-25, -70, 150)).verdicts
    assert "rushed" not in measure(fast, words, calibration=Calibration(-25, -70, 260)).verdicts


def test_analyze_audio_json_carries_delivery_and_the_coach_speaks_to_it(speak, sphinx, tmp_path):
    samples = speak("I would like a refund for this kettle, please, because it stopped working.", 0.9)
    _, start, end = speech_span(samples)
    cut = int((start + 0.6 * (end - start)) * RATE)
    wav = write_wav(tmp_path / "faded.wav", np.concatenate([samples[:cut], gain(samples[cut:], -18)]), RATE)
    out = json.loads(run("analyze", "--audio", str(wav), "--json", check_rc=0).stdout)
    d = out["delivery"]
    assert set(d) >= {"wpm", "loudness_dbfs", "fade_db", "longest_pause_s", "fillers", "uptalk", "verdicts"}
    assert "fading" in d["verdicts"] and d["wpm"] > 100
    assert out["feedback"].endswith("Your request was clear — say the last part as loud as the first.")
    typed = json.loads(run("analyze", "--json", "I would like a refund.", check_rc=0).stdout)
    assert "delivery" not in typed  # typed words have no voice


def test_calibration_from_a_file_is_kept_and_used(speak, tmp_path, private_home):
    from voice_coach.delivery import calibration

    samples = speak(calibration.PASSAGE, 0.9)
    wav = write_wav(tmp_path / "me.wav", gain(samples, -12), RATE)
    proc = run("doctor", "--calibrate", "--from", str(wav), check_rc=0)
    assert "calibrated: you speak at -37 dBFS" in proc.stdout or "calibrated: you speak at -38 dBFS" in proc.stdout
    assert calibration.load().speech_dbfs == pytest.approx(-37.5, abs=1.5)
    short = write_wav(tmp_path / "short.wav", speak("Hello there.", 0.9), RATE)
    bad = run("doctor", "--calibrate", "--from", str(short))
    assert bad.returncode == 2 and "read the whole passage" in bad.stderr


def test_a_spoken_rehearsal_keeps_delivery_with_each_turn(analyzer, sphinx, hibari, tmp_path):
    from voice_coach.roleplay.library import find
    from voice_coach.roleplay.runner import Runner, Stage
    from voice_coach.roleplay.turns import ScriptedAnswers

    s = hibari.synthesize("No, thank you. Just the laptop, please.", rate=0.9)
    (tmp_path / "s.txt").write_text(f"{write_wav(tmp_path / 'a.wav', s.samples, s.rate)}\nstop\n")
    said = []
    session = Runner(analyzer, Stage(False, None, said.append),
                     ScriptedAnswers(tmp_path / "s.txt", sphinx, echo=said.append)).run(find("high-pressure-salesperson"))
    d = session.records[0].delivery
    assert d is not None and d["wpm"] and d["loudness_dbfs"] > -40
