"""The live loop on a real sound server: how fast barge-in stops the partner, how soon half-duplex listens
again, and what resampling a 44.1 / 48 kHz microphone costs.

    .venv/bin/python benchmarks/bench_live.py        (needs pulseaudio; ./dev test installs it)

Both sides are recorded from one stereo sink (tests/soundserver.py), so "the user began" and "the partner
went quiet" are read off the same clock, outside the product.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

from results_io import report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from soundserver import SoundServer, as_16k, silent_from, spans  # noqa: E402

LINES = ["Fridays are when the client reports go out. I really don't see how that works for the team.",
         "I was trying to do something nice for us, and now you're making me feel terrible about it.",
         "Everyone else on the street has signed it already, so it will only take a moment of your time.",
         "We've always had the whole family round for Christmas, and your father would be heartbroken."]
ANSWER = "Please let me finish. I need a decision by Friday."
# Cutting in starts with every kind of sound; a hiss ("sorry", "hold on") is not pitched, so is noticed later.
INTERRUPTIONS = [ANSWER, "Sorry, can I stop you there?", "Hold on, that is not fair.", "Actually, let me say something."]
BARGE_TRIALS = 12
NOISE_TRIALS = 10
RESUME_GAPS_S = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)


def speak_once_partner_plays(stage, server, wav: Path, delay_s: float) -> None:
    """In the background: once the partner's line is playing, wait delay_s, then play WAV into the mic."""
    def run():
        while stage.player is None or not stage.player.playing:
            time.sleep(0.002)
        time.sleep(max(0.0, delay_s))
        server.play_into_mic(wav).wait(20)

    threading.Thread(target=run, daemon=True).start()


def barge_in(server, voice, tmp: Path) -> dict:
    from voice_coach.audio.playback import write_wav
    from voice_coach.audio.sources import MicrophoneSource
    from voice_coach.roleplay.stage import Stage

    stops, reactions = [], []
    stage = Stage(True, None, lambda _: None, barge_in=True)
    with MicrophoneSource() as mic:
        for i in range(BARGE_TRIALS):
            answer = voice.synthesize(INTERRUPTIONS[i % len(INTERRUPTIONS)])
            wav = write_wav(tmp / "answer.wav", answer.samples, answer.rate)
            lead = spans(as_16k(answer))[0][0]
            line = LINES[i % len(LINES)]
            longest = max(spans(as_16k(voice.synthesize(line).trimmed())), key=lambda s: s[1] - s[0])
            # somewhere in the middle half of the partner's longest stretch of speech
            at = longest[0] + (longest[1] - longest[0]) * (0.25 + 0.5 * i / BARGE_TRIALS) - lead
            room = tmp / f"room{i}.raw"
            rec = server.record_room(room)
            time.sleep(0.3)
            speak_once_partner_plays(stage, server, wav, at)
            stage.say("Partner", line, "hibari", "heart", mic=mic, interruptible=True)
            time.sleep(answer.duration + 0.5)
            rec.terminate()
            rec.wait()
            mic.drain()
            user_side, partner = SoundServer.sides(room)
            onset = spans(user_side)[0][0]
            if stage.interrupted is None:
                print(f"trial {i}: not interrupted", file=sys.stderr)
                continue
            stops.append(float(silent_from(partner, onset) - onset))
            reactions.append(stage.interrupted.reaction_s)
    stops.sort()
    return {"barge_in_trials": BARGE_TRIALS, "barge_in_stopped": len(stops),
            "barge_in_stop_ms_median": round(statistics.median(stops) * 1000),
            "barge_in_stop_ms_max": round(max(stops) * 1000),
            "barge_in_under_300ms": int(sum(s < 0.3 for s in stops)),
            "barge_in_product_reaction_ms_median": round(statistics.median(reactions) * 1000)}


def noises_over_the_partner(server, voice, tmp: Path) -> dict:
    """Barge-in on, and the room coughs, claps or rustles over the partner: how often do they stop?"""
    from voice_coach.audio.playback import write_wav
    from voice_coach.audio.sources import MicrophoneSource
    from voice_coach.roleplay.stage import Stage

    import noises

    rng = np.random.default_rng(5)
    kinds = list(noises.KINDS)
    stopped = 0
    stage = Stage(True, None, lambda _: None, barge_in=True)
    with MicrophoneSource() as mic:
        for i in range(NOISE_TRIALS):
            wav = write_wav(tmp / "noise.wav", noises.KINDS[kinds[i % len(kinds)]](rng), 16_000)
            speak_once_partner_plays(stage, server, wav, 1.0)
            stage.say("Partner", LINES[i % len(LINES)], "hibari", "heart", mic=mic, interruptible=True)
            stopped += stage.interrupted is not None
            mic.drain()
    return {"noise_trials": NOISE_TRIALS, "noise_stopped_the_partner": stopped}


def resume(server, voice, recognizer, tmp: Path) -> dict:
    """Half-duplex: the user answers this long after the partner's last sound; is the first word heard?"""
    from voice_coach.asr.wer import wer
    from voice_coach.audio.endpoint import EndpointSettings
    from voice_coach.audio.playback import write_wav
    from voice_coach.roleplay.stage import Stage
    from voice_coach.roleplay.turns import SpokenAnswers

    answer = voice.synthesize(ANSWER)
    wav = write_wav(tmp / "answer.wav", answer.samples, answer.rate)
    lead = spans(as_16k(answer))[0][0]
    line = LINES[0]
    tail = spans(as_16k(voice.synthesize(line).trimmed()))[-1][1]  # the stage plays it trimmed
    out = {}
    answers = SpokenAnswers(recognizer, EndpointSettings(no_speech_timeout_s=3.0), echo=None)
    stage = Stage(True, None, lambda _: None)
    try:
        for gap in RESUME_GAPS_S:
            stage.player = None
            room = tmp / f"resume{gap}.raw"
            rec = server.record_room(room)
            time.sleep(0.3)
            speak_once_partner_plays(stage, server, wav, tail + gap - lead)
            stage.say("Partner", line, "hibari", "heart", mic=answers.mic)
            heard = answers.next()
            time.sleep(0.5)
            rec.terminate()
            rec.wait()
            user_side, partner = SoundServer.sides(room)
            onset = spans(user_side)[0][0]
            last = max(b for a, b in spans(partner, -60.0, 0.0) if a < onset)
            out[f"resume_gap_{int(round((onset - last) * 1000))}ms_wer"] = round(wer([(ANSWER, heard.text)]), 2)
            time.sleep(1.0)
    finally:
        answers.close()
    return out


def response_gap(server, voice, recognizer, tmp: Path, trials: int = 5) -> dict:
    """A whole scene through the devices: from the end of the user's answer to the first sound of the reply
    (the endpointer's 0.6 s of silence, recognition, analysis, synthesis and the device), as heard."""
    from voice_coach.analysis import Analyzer
    from voice_coach.audio.endpoint import EndpointSettings
    from voice_coach.audio.playback import write_wav
    from voice_coach.delivery import pitch
    from voice_coach.roleplay.library import find
    from voice_coach.roleplay.runner import Runner
    from voice_coach.roleplay.stage import Stage
    from voice_coach.roleplay.turns import SpokenAnswers

    analyzer = Analyzer()
    pitch.warm()  # as rehearse does, in a thread while the partner speaks its first line
    answer = voice.synthesize("I need Fridays off because I have started a course. Can we try it for a month?")
    wav = write_wav(tmp / "gap.wav", answer.samples, answer.rate)
    gaps = []
    for i in range(trials):
        stage = Stage(True, None, lambda _: None)
        answers = SpokenAnswers(recognizer, EndpointSettings(no_speech_timeout_s=2.0), echo=None)

        def user(stage=stage):
            while stage.player is None or stage.player.started is None or stage.player.playing:
                time.sleep(0.005)
            time.sleep(0.3)
            server.play_into_mic(wav).wait(20)

        room = tmp / f"gap{i}.raw"
        rec = server.record_room(room)
        time.sleep(0.3)
        threading.Thread(target=user, daemon=True).start()
        try:
            Runner(analyzer, stage, answers).run(find("fridays-off"))
        finally:
            answers.close()
            rec.terminate()
            rec.wait()
        user_side, partner = SoundServer.sides(room)
        said_until = spans(user_side)[-1][1]
        gaps.append(min(a for a, b in spans(partner, -60.0, 0.0) if a > said_until) - said_until)
    gaps.sort()
    return {"live_response_gap_ms_median": round(statistics.median(gaps) * 1000),
            "live_response_gap_ms_max": round(max(gaps) * 1000)}


def resampling_cost() -> dict:
    from voice_coach.audio.resample import StreamResampler

    out = {}
    rng = np.random.default_rng(0)
    for rate in (48_000, 44_100):
        x = (rng.normal(0, 0.1, rate * 10) * 32767).astype(np.int16)
        blocks = [x[i:i + int(rate * 0.03)] for i in range(0, len(x), int(rate * 0.03))]
        times = []
        for _ in range(5):
            r = StreamResampler(rate)
            start = time.perf_counter()
            for b in blocks:
                r.push(b)
            times.append(time.perf_counter() - start)
        out[f"resample_{rate}_ms_per_10s"] = round(min(times) * 1000, 1)
    return out


def main() -> int:
    import tempfile

    from voice_coach.asr.select import make_recognizer
    from voice_coach.tts import make_voice

    why = SoundServer.missing()
    if why:
        print(f"bench_live: no sound server ({why})", file=sys.stderr)
        return 1
    server = SoundServer().start()
    try:
        voice = make_voice("hibari")
        with tempfile.TemporaryDirectory() as tmp:
            results = barge_in(server, voice, Path(tmp))
            results |= noises_over_the_partner(server, voice, Path(tmp))
            results |= resume(server, voice, make_recognizer("pocketsphinx")[0], Path(tmp))
            results |= response_gap(server, voice, make_recognizer("pocketsphinx")[0], Path(tmp))
        results |= resampling_cost()
    finally:
        server.stop()
    report("live", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
