"""The endpointer finds where speech starts and ends, caps long answers and gives up on silence."""

from __future__ import annotations

import numpy as np

from voice_coach.audio.endpoint import Endpointer, EndpointSettings
from voice_coach.audio.types import Audio

RATE = 16000


def silence(s: float) -> np.ndarray:
    return np.zeros(int(s * RATE), np.int16)


def hiss(s: float, level: float = 40) -> np.ndarray:
    return np.random.default_rng(1).normal(0, level, int(s * RATE)).astype(np.int16)


def trim(x: np.ndarray) -> np.ndarray:
    """The voice's clips carry silence at both ends; cut it so the test controls every pause."""
    loud = np.where(np.abs(x) > 200)[0]
    return x[loud[0]:loud[-1] + 1]


def test_two_answers_with_a_pause_between_are_two_segments(speak):
    a = speak("Could you please send it by Thursday?")
    b = speak("I need the figures for the client.")
    x = np.concatenate([hiss(1.0), a, hiss(1.5), b, hiss(1.0)])
    segs = list(Endpointer().segments(Audio(x).chunks()))
    assert len(segs) == 2
    assert abs(segs[0].start - 1.0) < 0.45 and segs[0].reason == "silence"
    # the utterance ends after the trailing-silence window, not before the last word
    assert segs[0].end >= 1.0 + len(a) / RATE
    assert abs(segs[1].start - (2.5 + len(a) / RATE)) < 0.45


def test_a_short_pause_inside_an_answer_does_not_end_it(speak):
    a = trim(speak("When the report came late,"))
    b = trim(speak("I felt stressed."))
    x = np.concatenate([silence(0.5), a, silence(0.3), b, silence(1.0)])
    segs = list(Endpointer(EndpointSettings(silence_s=0.7)).segments(Audio(x).chunks()))
    assert len(segs) == 1


def test_maximum_length_cuts_a_long_answer(speak):
    a = speak("I need the report by Friday because the client meets on Monday.")
    x = np.concatenate([a, a, a, silence(1.0)])
    segs = list(Endpointer(EndpointSettings(max_utterance_s=4.0)).segments(Audio(x).chunks()))
    assert segs[0].reason == "max_length" and segs[0].duration <= 4.05


def test_silence_and_noise_alone_time_out_with_nothing():
    settings = EndpointSettings(no_speech_timeout_s=3.0)
    assert Endpointer(settings).listen(Audio(silence(10)).chunks()) is None
    assert Endpointer(settings).listen(Audio(hiss(10, 300)).chunks()) is None


def test_speech_starting_before_the_timeout_is_kept_whole(speak):
    a = trim(speak("I can't stay late tonight."))
    x = np.concatenate([silence(2.9), a, silence(1.0)])
    seg = Endpointer(EndpointSettings(no_speech_timeout_s=3.0)).listen(Audio(x).chunks())
    assert seg is not None and seg.end - seg.start >= len(a) / RATE - 0.1


def _first_start(audio: np.ndarray, settings: EndpointSettings) -> float | None:
    ep = Endpointer(settings)
    for chunk in Audio(audio).chunks():
        for ev in ep.push(chunk):
            if ev.kind == "start":
                return chunk.timestamp + len(chunk.samples) / RATE
    return None


def test_barge_in_ignores_a_rooms_noises_but_notices_voices_as_soon_as_loudness_would(speak):
    """Barge-in wants two pitched frames: coughs, claps, rustles and hiss over the partner never count, and a
    real or synthetic voice is noticed at most 0.1 s later than loudness alone would notice it."""
    from dataclasses import replace

    import soundfile as sf

    from voice_coach.roleplay.stage import BARGE_IN

    import noises
    from conftest import SPEECH

    loud_only = replace(BARGE_IN, min_pitched_s=0.0)
    rng = np.random.default_rng(11)
    for kind, make in noises.KINDS.items():
        for _ in range(20):
            audio = np.concatenate([noises.room(rng, 0.5), make(rng), noises.room(rng, 0.5)])
            assert _first_start(audio, loud_only) is not None or kind == "clap"  # loud enough to matter
            assert _first_start(audio, BARGE_IN) is None, kind
    voices = [sf.read(f, dtype="int16")[0] for f in sorted((SPEECH / "cards").glob("*.wav"))]
    voices += [np.fromfile(SPEECH / "goforward.raw", np.int16)]
    voices += [speak(line) for line in ("Sorry, can I stop you there?", "Hold on.", "Stop, please.", "Excuse me.")]
    for voice in voices:
        audio = np.concatenate([noises.room(rng, 0.5), voice])
        now, before = _first_start(audio, BARGE_IN), _first_start(audio, loud_only)
        assert now is not None and now - before <= 0.1 + 1e-9, (now, before)
