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


def test_a_scene_rehearsed_by_voice_through_the_microphone_and_speaker(sound_server, hibari, sphinx, analyzer,
                                                                       tmp_path):
    """Voice mode for real: the partner plays to the speaker, the answer comes in through the microphone,
    and two silences end the session instead of counting as answers. What came out of the speaker is
    recorded: the opening line, as long as it should be, and recognisable as its words."""
    import threading

    from voice_coach.asr.select import make_recognizer
    from voice_coach.audio.endpoint import EndpointSettings
    from voice_coach.roleplay.library import find
    from voice_coach.roleplay.runner import Runner, Stage
    from voice_coach.roleplay.turns import SpokenAnswers

    from soundserver import as_16k, spans

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
    scene = find("wrong-coffee-order")
    room = tmp_path / "room.raw"
    rec = sound_server.record_room(room)
    time.sleep(0.3)
    try:
        session = Runner(analyzer, stage, answers).run(scene)
    finally:
        answers.close()
        rec.terminate()
        rec.wait()
    assert len(session.records) == 1, lines
    user_side, speaker = sound_server.sides(room)
    answered = spans(user_side)[0][0]
    before = [(a, b) for a, b in spans(speaker, -60.0) if b < answered]  # the partner's opening line
    played = speaker[int(before[0][0] * 16000):int(before[-1][1] * 16000)]
    opening, voice = scene.turns[scene.start].says, scene.characters["barista"].voice
    expected = spans(as_16k(hibari.synthesize(opening, rate=voice.rate)), -60.0)
    length = expected[-1][1] - expected[0][0]  # measured as the recording is: first to last sound
    assert abs(len(played) / 16000 - length) < 0.15, (len(played) / 16000, length)
    assert wer([(opening, sphinx.transcribe(played).text)]) <= 0.35  # speech, and the right words
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


def test_devices_are_chosen_by_name_or_index(sound_server):
    from voice_coach.audio.devices import devices, resolve
    from voice_coach.errors import UserError

    found = {d.name: d for d in devices()}
    assert "pulse" in found and found["pulse"].inputs and found["pulse"].outputs
    assert resolve("pulse", "input") == found["pulse"].index
    assert resolve("PULSE", "output") == found["pulse"].index          # names ignore case …
    assert resolve(str(found["pulse"].index), "input") == found["pulse"].index  # … and numbers are indexes
    assert resolve(None, "input") is None                               # the system's default
    for spec, problem in (("nosuch", "no microphone has that name"), ("999", "there is no device 999"),
                          ("ul", "matches 2 devices")):                 # "pulse" and "default" both hold "ul"
        with pytest.raises(UserError, match=problem) as e:
            resolve(spec, "input")
        assert "pulse" in str(e.value)  # the message lists what there is


def test_a_device_given_on_the_command_line_is_used_and_a_wrong_one_is_one_line(sound_server, tmp_path):
    import os
    import subprocess
    import sys

    def say(*args):
        return subprocess.run([sys.executable, "-m", "voice_coach", "say", "Testing the speaker.", *args],
                              capture_output=True, text=True, timeout=120, env=dict(os.environ))

    rec = sound_server.record_speaker(tmp_path / "spk.raw")
    time.sleep(0.3)
    ok = say("--output-device", "pulse")
    time.sleep(0.5)
    rec.terminate()
    rec.wait()
    assert ok.returncode == 0, ok.stderr
    assert loud_span(tmp_path / "spk.raw") > 0.8  # it came out of the chosen device
    bad = say("--output-device", "nosuch")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1, bad.stderr
    assert "--output-device 'nosuch': no speaker has that name; speakers here:" in bad.stderr


@pytest.mark.parametrize("rate", [48_000, 44_100])
def test_a_microphone_running_at_its_own_rate_is_resampled_to_16k(sound_server, hibari, sphinx, tmp_path, rate):
    """Devices that only run at 44.1 or 48 kHz: capture at that rate, resample as the audio streams in."""
    speech = hibari.synthesize(ANSWER)
    wav = write_wav(tmp_path / "answer.wav", speech.samples, speech.rate)
    with MicrophoneSource(max_seconds=20, rate=rate) as mic:
        player = sound_server.play_into_mic(wav)
        segment = Endpointer().listen(mic.chunks())
        player.wait(10)
        assert mic.rate == rate
    assert segment is not None
    assert abs(segment.duration - speech.duration) < 1.0  # nothing lost or doubled at the block seams
    heard = sphinx.transcribe(segment.samples).text
    assert wer([(ANSWER, heard)]) <= 0.2, heard


def test_the_rate_is_negotiated_with_the_device(sound_server):
    from voice_coach.audio.devices import negotiate_rate

    assert negotiate_rate(None, "input") == 16_000  # PulseAudio takes 16 kHz itself: no resampling needed
    assert negotiate_rate(None, "output", 24_000, dtype="float32") == 24_000


def test_a_speaker_and_microphone_that_run_only_at_48k_are_resampled_both_ways(jack_server, hibari, sphinx,
                                                                              tmp_path):
    """JACK runs every client at the server's rate (48 kHz here), so its 'system' device refuses 16 kHz, like
    many USB headsets. In a child process, the product's speaker plays a 24 kHz line on it while the product's
    microphone listens on it (the two wired together in JACK); the microphone hands on 16 kHz audio."""
    import json
    import subprocess
    import sys

    speech = hibari.synthesize(ANSWER)
    lead = np.zeros(int(0.8 * speech.rate), np.float32)  # time for the test to wire speaker to microphone
    wav = write_wav(tmp_path / "answer.wav", np.concatenate([lead, speech.samples]), speech.rate)
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("jackserver.py")), "probe", str(wav)],
                          env=jack_server.env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-1500:]
    probe = json.loads(proc.stdout)
    assert probe["refuses_16k"] and probe["input_rate"] == probe["mic_rate"] == 48_000
    assert probe["output_rate"] == 48_000  # the 24 kHz voice is resampled for the speaker too
    heard = np.array(probe["heard"] or [], np.int16)
    assert abs(len(heard) / 16_000 - speech.duration) < 1.0, len(heard) / 16_000
    text = sphinx.transcribe(heard).text
    assert wer([(ANSWER, text)]) <= 0.2, text


def test_the_rate_chosen_is_the_devices_own_then_a_usual_one_else_one_clear_error(monkeypatch):
    """The order of choice among refused rates. A device whose own rate is not 48 kHz and refuses 16 kHz, or
    one that refuses every rate, cannot be made here (JACK's own rate is 48 kHz, tested for real above), so
    PortAudio's check is replaced for this test: the one fake in this file."""
    import sounddevice as sd

    from voice_coach.audio.devices import negotiate_rate
    from voice_coach.errors import UserError

    def only(rates):
        def check(device=None, samplerate=None, **kw):
            if samplerate not in rates:
                raise sd.PortAudioError("Invalid sample rate")
        return check

    monkeypatch.setattr(sd, "query_devices", lambda device=None, kind=None: {"default_samplerate": 44_100.0})
    monkeypatch.setattr(sd, "check_input_settings", only({44_100, 48_000}))
    assert negotiate_rate(None, "input") == 44_100  # its own rate, before the usual ones
    monkeypatch.setattr(sd, "check_input_settings", only({48_000}))
    assert negotiate_rate(None, "input") == 48_000  # else a usual one
    monkeypatch.setattr(sd, "check_input_settings", only(set()))
    with pytest.raises(UserError, match="accepts none of the usual sample rates"):
        negotiate_rate(None, "input")


def test_audio_nobody_reads_is_dropped_and_counted_then_listening_goes_on(sound_server, hibari, sphinx, tmp_path):
    """The reader stalls (a slow machine): the queue keeps the newest audio, counts what it dropped, and the
    next answer is heard whole."""
    speech = hibari.synthesize(ANSWER)
    wav = write_wav(tmp_path / "answer.wav", speech.samples, speech.rate)
    with MicrophoneSource(max_seconds=30, max_queue_s=0.3) as mic:
        chunks = mic.chunks()
        next(chunks)
        time.sleep(1.5)  # nobody reads for 1.5 s
        assert mic.dropped >= 30
        mic.drain()
        player = sound_server.play_into_mic(wav)
        segment = Endpointer().listen(chunks)
        player.wait(10)
    heard = sphinx.transcribe(segment.samples).text
    assert wer([(ANSWER, heard)]) <= 0.2, heard


def test_doctor_lists_devices_records_two_seconds_and_plays_a_test_phrase(sound_server, hibari, tmp_path):
    import os
    import subprocess
    import sys

    from voice_coach.doctor import TEST_PHRASE

    speech = hibari.synthesize(ANSWER)
    wav = write_wav(tmp_path / "answer.wav", speech.samples, speech.rate)
    rec = sound_server.record_speaker(tmp_path / "spk.raw")
    proc = subprocess.Popen([sys.executable, "-m", "voice_coach", "doctor"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    out = []
    for line in proc.stdout:
        out.append(line)
        if "recording 2 seconds" in line:
            sound_server.play_into_mic(wav)  # the user speaks while it records
    proc.wait(60)
    rec.terminate()
    rec.wait()
    text = "".join(out)
    assert proc.returncode == 0, proc.stderr
    assert "0: pulse (ALSA; input, output;" in text and "[default microphone, default speaker]" in text
    assert f'playing: "{TEST_PHRASE}"' in text and "ok       speaker:" in text
    mic = next(line for line in out if "microphone:" in line)
    assert mic.startswith("ok") and ": good" in mic, mic
    level, floor = (float(mic.split(key)[1].split()[0]) for key in ("level ", "noise floor "))
    assert -35 < level < -3 and floor < level - 20, mic  # speech well above a quiet room
    assert 2.0 < loud_span(tmp_path / "spk.raw") < 6.0  # the test phrase came out of the speaker


@pytest.mark.parametrize("moment, lost", [("speaking", "speaker"), ("listening", "microphone")])
def test_pulling_the_plug_mid_session_ends_with_one_line_and_the_session_saved(spare_sound_server, hibari, tmp_path,
                                                                              moment, lost):
    """The sound server dies (a headset pulled out) while the partner speaks, or while the product listens:
    one line naming what stopped, exit 2, and the answer already given is in the saved session."""
    import json
    import os
    import subprocess
    import sys
    import threading

    server = spare_sound_server
    speech = hibari.synthesize("I need Fridays off because I have started a course. Can we try it for a month?")
    wav = write_wav(tmp_path / "answer.wav", speech.samples, speech.rate)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(server.runtime), VOICE_COACH_HOME=str(tmp_path / "home"))
    room = tmp_path / "room.raw"
    rec = server.record_room(room)  # to know, from outside, when the product speaks and when it listens
    proc = subprocess.Popen([sys.executable, "-m", "voice_coach", "rehearse", "fridays-off"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.extend(proc.stdout), daemon=True)
    reader.start()

    def wait_for(pred, timeout=90):
        end = time.monotonic() + timeout
        while not pred():
            assert time.monotonic() < end and proc.poll() is None, out
            time.sleep(0.05)

    def quiet_for(since: int = 0) -> float | None:
        """Since that sample of the room recording: None if the speaker has not sounded, else how long it
        has been silent."""
        if not room.exists():
            return None  # parec has not connected yet
        x = server.sides(room)[1][since:]
        loud = np.flatnonzero(x)
        return (len(x) - loud[-1] - 1) / 16000 if len(loud) else None

    # A new data folder first hears the coach's statement of what this is, line by line, and the partner's voice
    # then loads: the partner's line is the sound after "Dana:" is printed, and the answer comes once it is over.
    wait_for(lambda: any(line.startswith("Dana:") for line in out))
    opened = len(server.sides(room)[1]) if room.exists() else 0
    wait_for(lambda: (quiet_for(opened) or 0) >= 0.5)  # the partner's opening line has been played
    server.play_into_mic(wav).wait(20)
    wait_for(lambda: any(line.startswith("You: ") for line in out))
    mark = len(server.sides(room)[1])  # what the speaker does from here on is the reply
    if moment == "speaking":
        wait_for(lambda: quiet_for(mark) is not None and quiet_for(mark) < 0.05)  # the reply is coming out
    else:
        wait_for(lambda: (quiet_for(mark) or 0) >= 1.5)  # the reply is over and it listens (for up to 10 s)
    server.pull_the_plug()
    rec.wait(10)
    proc.wait(30)
    err = proc.stderr.read()
    assert proc.returncode == 2, (err, out)
    problems = [line for line in err.splitlines() if not line.startswith("engine: ")]  # the engine note
    assert len(problems) == 1 and problems[0].startswith(f"voice-coach: the {lost} "), err  # and no library chatter
    assert "the session so far is saved" in err
    progress = subprocess.run([sys.executable, "-m", "voice_coach", "progress", "--json"], capture_output=True,
                              text=True, env=env, timeout=60)
    attempts = [a for s in json.loads(progress.stdout)["situations"] for a in s["attempts"]]
    assert [(a["scene"], a["ending"], a["turns"]) for a in attempts] == [("fridays-off", "unfinished", 1)], attempts
    subprocess.run([sys.executable, "-m", "voice_coach", "data", "export", str(tmp_path / "all.json")], env=env,
                   check=True, capture_output=True, timeout=60)
    assert "fridays" in (tmp_path / "all.json").read_text().lower()  # the answer's words were kept
