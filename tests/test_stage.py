"""The stage on a real sound server: half-duplex ignores the speaker's echo; barge-in cuts the partner off."""

from __future__ import annotations

import threading
import time

import pytest

from voice_coach.asr.wer import wer
from voice_coach.audio.endpoint import EndpointSettings
from voice_coach.audio.playback import write_wav
from voice_coach.roleplay.library import find
from voice_coach.roleplay.runner import Runner
from voice_coach.roleplay.stage import Stage
from voice_coach.roleplay.turns import SpokenAnswers

from soundserver import as_16k, silent_from, spans

pytestmark = pytest.mark.live_audio

ANSWER = "I need to take Fridays off for my studies. Could we try it for a month?"


def user_after(stage: Stage, sound_server, wav, delay_s: float, lines: list[str], who: str) -> threading.Thread:
    """The user: speaks delay_s after the partner's first line starts playing."""
    def run():
        while not any(line.startswith(f"{who}:") for line in lines) or stage.player is None \
                or not stage.player.playing:
            time.sleep(0.005)
        time.sleep(delay_s)
        sound_server.play_into_mic(wav).wait(20)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def rehearse_live(scene_id, stage, sphinx, analyzer, lines):
    answers = SpokenAnswers(sphinx, EndpointSettings(no_speech_timeout_s=2.5))
    try:
        return Runner(analyzer, stage, answers).run(find(scene_id))
    finally:
        answers.close()


def test_barge_in_stops_the_partner_within_300_ms_and_the_interruption_is_the_answer(
        sound_server, hibari, sphinx, analyzer, tmp_path):
    speech = hibari.synthesize(ANSWER)
    wav = write_wav(tmp_path / "answer.wav", speech.samples, speech.rate)
    # Speak up in the middle of the partner's longest stretch of speech, not in a pause between sentences.
    opening = find("fridays-off").turns["open"].says
    partner_spans = spans(as_16k(hibari.synthesize(opening).trimmed()))
    longest = max(partner_spans, key=lambda s: s[1] - s[0])
    lead = spans(as_16k(speech))[0][0]
    lines: list[str] = []
    stage = Stage(True, None, lines.append, barge_in=True)
    room = tmp_path / "room.raw"
    rec = sound_server.record_room(room)
    time.sleep(0.3)
    user_after(stage, sound_server, wav, (longest[0] + longest[1]) / 2 - lead, lines, "Dana")
    try:
        session = rehearse_live("fridays-off", stage, sphinx, analyzer, lines)
    finally:
        rec.terminate()
        rec.wait()
    user, partner = sound_server.sides(room)
    onset = spans(user)[0][0]                 # the user's voice is clearly there (-40 dBFS) …
    stop_s = silent_from(partner, onset) - onset  # … and this long after, the speaker is silent
    assert 0.0 < stop_s < 0.3, (stop_s, lines)  # above 0: the partner was still sounding when the user began
    cut = stage.interruptions[0]
    assert cut.who == "Dana" and cut.said_fraction < 0.8 and cut.reaction_s < 0.3
    first = session.records[0]
    assert first.interrupted and wer([(ANSWER, first.answer)]) <= 0.3, first.answer  # no words lost to the cut
    assert first.delivery["start_delay_s"] == 0.0
    assert any(line.startswith("Coach: You cut in on Dana") for line in lines), lines
    assert "You spoke over the other person 1 time" in "\n".join(lines)


def test_a_fit_of_coughing_over_the_partner_does_not_stop_them(sound_server, hibari, sphinx, analyzer, tmp_path):
    """Barge-in on: coughs are loud, but not a voice, so the partner speaks on; the answer after is heard."""
    import numpy as np

    import noises

    rng = np.random.default_rng(3)
    cough = write_wav(tmp_path / "coughs.wav", noises.coughs(rng), 16_000)
    speech = hibari.synthesize(ANSWER)
    wav = write_wav(tmp_path / "answer.wav", speech.samples, speech.rate)
    lines: list[str] = []
    stage = Stage(True, None, lines.append, barge_in=True)
    coughed: list[float] = []

    def user():
        while not any(line.startswith("Dana:") for line in lines) or stage.player is None \
                or not stage.player.playing:
            time.sleep(0.005)
        time.sleep(1.0)
        coughed.append(time.monotonic())
        sound_server.play_into_mic(cough).wait(20)
        while stage.player.playing:
            time.sleep(0.01)  # the line is played to its end …
        time.sleep(0.4)
        sound_server.play_into_mic(wav).wait(20)  # … and then the user answers

    threading.Thread(target=user, daemon=True).start()
    session = rehearse_live("fridays-off", stage, sphinx, analyzer, lines)
    assert coughed and stage.interruptions == [], stage.interruptions
    first = session.records[0]
    assert not first.interrupted and wer([(ANSWER, first.answer)]) <= 0.3, (first.answer, lines)


def test_half_duplex_never_hears_the_partner_through_the_speakers(sound_server, hibari, sphinx, analyzer, tmp_path):
    """No headset: the microphone hears the speaker. Without barge-in, the partner's own line is never taken
    as the answer, and the answer given after the line is heard."""
    speech = hibari.synthesize(ANSWER)
    wav = write_wav(tmp_path / "answer.wav", speech.samples, speech.rate)
    echo = sound_server.echo_speaker_into_mic()
    lines: list[str] = []
    stage = Stage(True, None, lines.append)
    try:
        def user():
            while stage.player is None or stage.player.started is None or stage.player.playing:
                time.sleep(0.01)  # until the partner's first line has been played to the end
            time.sleep(0.4)
            sound_server.play_into_mic(wav).wait(20)

        threading.Thread(target=user, daemon=True).start()
        session = rehearse_live("fridays-off", stage, sphinx, analyzer, lines)
    finally:
        sound_server.unload(echo)
    opening = find("fridays-off").turns["open"].says
    heard = [r.answer for r in session.records]
    assert heard and wer([(ANSWER, heard[0])]) <= 0.3, (heard, lines)
    assert wer([(opening, heard[0])]) > 0.7  # not the partner's words
    assert not any(r.interrupted for r in session.records)
