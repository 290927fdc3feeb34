"""The live path on a real sound server: the microphone hears, the speaker plays and stops mid-sentence."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from voice_coach.asr.wer import wer
from voice_coach.audio.endpoint import Endpointer
from voice_coach.audio.playback import Player, write_wav
from voice_coach.audio.sources import MicrophoneSource

pytestmark = pytest.mark.live_audio

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


def test_a_scene_rehearsed_by_voice_through_the_microphone_and_speaker(sound_server, hibari, analyzer, tmp_path):
    """Voice mode for real: the partner plays to the speaker, the answer comes in through the microphone,
    and two silences end the session instead of counting as answers."""
    import threading

    from voice_coach.asr.select import make_recognizer
    from voice_coach.audio.endpoint import EndpointSettings
    from voice_coach.roleplay.library import find
    from voice_coach.roleplay.runner import Runner, Stage
    from voice_coach.roleplay.turns import SpokenAnswers

    said = "Sorry, this is made with cow's milk and I ordered oat. Could you make it with oat milk, please?"
    answer = hibari.synthesize(said)
    wav = write_wav(tmp_path / "answer.wav", answer.samples, answer.rate)
    lines: list[str] = []
    answers = SpokenAnswers(make_recognizer("pocketsphinx")[0], EndpointSettings(no_speech_timeout_s=3.0))
    stage = Stage(speak_aloud=True, record=None, out=lines.append)

    def user():
        # answer once the partner's opening line has finished playing
        while stage.player is None or stage.player.started is None or stage.player.playing:
            time.sleep(0.05)
        time.sleep(0.5)
        sound_server.play_into_mic(wav).wait(20)

    threading.Thread(target=user, daemon=True).start()
    try:
        session = Runner(analyzer, stage, answers).run(find("wrong-coffee-order"))
    finally:
        answers.close()
    assert len(session.records) == 1, lines
    heard = session.records[0].answer
    assert wer([(said, heard)]) <= 0.25, heard
    assert session.records[0].style == "assertive"
    d = session.records[0].delivery  # how it was said, with the hesitation counted from the partner's end
    assert d is not None and 0.3 < d["start_delay_s"] < 2.5 and 120 < d["wpm"] < 300, d
    assert d["longest_pause_s"] < 1.0 and "long_pause" not in d["verdicts"]
    assert "Coach: I didn't hear an answer. Take your time, then answer out loud." in lines
    assert lines[-1].startswith("Coach: ") and "score" in lines[-1]


def test_calibration_records_the_microphone(sound_server, hibari, sphinx, tmp_path, private_home):
    """doctor --calibrate's path for real: the passage comes in through the microphone and is measured."""
    import threading

    from voice_coach.delivery import calibration

    speech = hibari.synthesize(calibration.PASSAGE, rate=0.9)
    wav = write_wav(tmp_path / "passage.wav", speech.samples, speech.rate)
    threading.Timer(0.5, lambda: sound_server.play_into_mic(wav)).start()
    samples = calibration.record(speech.duration + 2.0)
    cal = calibration.calibrate(samples, sphinx)
    assert 140 < cal.wpm < 260 and -45 < cal.speech_dbfs < -3 and cal.noise_dbfs < cal.speech_dbfs - 20
    assert calibration.load() == cal  # kept as the user's reference
