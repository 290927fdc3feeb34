"""The live path on a real sound server: the microphone hears, the speaker plays and stops mid-sentence."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from voice_coach.asr.wer import wer
from voice_coach.audio.endpoint import Endpointer
from voice_coach.audio.playback import Player, write_wav
from voice_coach.audio.sources import MicrophoneSource

ANSWER = "I need the report by Friday because the client meets on Monday."


def test_the_microphone_hears_an_answer_and_the_endpointer_cuts_it(sound_server, hibari, sphinx, tmp_path):
    speech = hibari.synthesize(ANSWER)
    wav = write_wav(tmp_path / "answer.wav", speech.samples, speech.rate)
    with MicrophoneSource(max_seconds=20) as mic:
        time.sleep(0.3)
        player = sound_server.play_into_mic(wav)
        segment = Endpointer().listen(mic.chunks())
        player.wait(10)
    assert segment is not None and segment.reason == "silence"
    heard = sphinx.transcribe(segment.samples).text
    assert wer([(ANSWER, heard)]) <= 0.2, heard


def loud_span(raw: Path) -> float:
    x = np.fromfile(raw, dtype="<i2")
    loud = np.where(np.abs(x) > 300)[0]
    return (loud[-1] - loud[0]) / 16000 if len(loud) else 0.0


def test_speech_plays_to_the_speaker_and_stops_mid_sentence(sound_server, hibari, tmp_path):
    speech = hibari.synthesize(ANSWER)
    player = Player()
    rec = sound_server.record_speaker(tmp_path / "full.raw")
    time.sleep(0.4)
    player.play(speech.samples, speech.rate)
    time.sleep(0.5)
    rec.terminate()
    rec.wait()
    full = loud_span(tmp_path / "full.raw")
    assert full > 2.5  # the whole sentence came out of the speaker

    rec = sound_server.record_speaker(tmp_path / "cut.raw")
    time.sleep(0.4)
    player.play(speech.samples, speech.rate, wait=False)
    time.sleep(2.0)
    started = time.monotonic()
    player.stop()
    assert time.monotonic() - started < 0.5 and not player.playing
    time.sleep(1.5)
    rec.terminate()
    rec.wait()
    assert 0.2 < loud_span(tmp_path / "cut.raw") < full - 1.0
