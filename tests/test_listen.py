"""Hearing an answer as it is spoken: endpointer and streaming recogniser together."""

from __future__ import annotations

import numpy as np

from voice_coach.asr.wer import wer
from voice_coach.audio.endpoint import EndpointSettings
from voice_coach.audio.sources import ArraySource
from voice_coach.audio.types import Audio
from voice_coach.listen import hear

ANSWER = "I can't stay until nine, I pick up my son at six."


def test_an_answer_at_real_time_pace_is_final_soon_after_the_silence(speak, sphinx):
    x = np.concatenate([np.zeros(12000, np.int16), speak(ANSWER), np.zeros(32000, np.int16)])
    partials = []
    heard = hear(ArraySource(Audio(x), realtime=True).chunks(), sphinx, on_partial=partials.append)
    assert heard is not None and wer([(ANSWER, heard.utterance.text)]) <= 0.2
    assert partials, "partial results arrive while the person is still speaking"
    # times count from the start of listening: the first word comes after the leading 0.75 s of quiet
    assert heard.utterance.words[0].start >= 0.75
    assert heard.segment.reason == "silence"


def test_nobody_speaking_gives_nothing_after_the_timeout(sphinx):
    x = np.zeros(16000 * 5, np.int16)
    assert hear(ArraySource(Audio(x)).chunks(), sphinx, EndpointSettings(no_speech_timeout_s=2.0)) is None
