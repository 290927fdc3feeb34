"""Barge-in against a room's noises: how often a cough, a clap or a rustle would stop the partner, and how
much later a real voice is noticed now that two of the first frames must be pitched.

    .venv/bin/python benchmarks/eval_barge_in.py

Offline, on audio time: the endpointer is fed 16 kHz audio in 20 ms chunks, as the microphone feeds it.
The noises are synthetic (tests/noises.py); the voices are the real recordings in shared/data/speech and
hibari saying lines that begin with every kind of sound (vowels, plosives, hisses).
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import soundfile as sf

from results_io import report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from voice_coach.audio.endpoint import Endpointer  # noqa: E402
from voice_coach.audio.types import AudioChunk  # noqa: E402
from voice_coach.roleplay.stage import BARGE_IN  # noqa: E402

import noises  # noqa: E402

SPEECH = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech"
PER_KIND = 200
LINES = ["Sorry, can I stop you there?", "Hold on.", "So what you are saying is not fair.", "Stop, please.",
         "Fine, but I need an answer.", "Hey, listen to me.", "Thanks, but no.", "Just a second.",
         "Sure, if you want.", "Please let me finish.", "I need to say something.", "Actually, no.",
         "Wait a moment.", "Can I say something?", "Excuse me.", "That is not what I said.",
         "Shall we talk about it later?", "Five minutes, please.", "Okay, stop.", "Really? No."]


def first_start(audio: np.ndarray, settings) -> float | None:
    ep = Endpointer(settings)
    for i in range(0, len(audio), 320):
        for ev in ep.push(AudioChunk(audio[i:i + 320], 16_000, 2, 1, i / 16_000)):
            if ev.kind == "start":
                return (i + 320) / 16_000
    return None


def voices() -> list[np.ndarray]:
    from voice_coach.audio.files import resample
    from voice_coach.audio.types import to_int16
    from voice_coach.tts import make_voice

    out = [sf.read(f, dtype="int16")[0] for f in sorted((SPEECH / "cards").glob("*.wav"))]
    out += [np.fromfile(SPEECH / f"{name}.raw", np.int16) for name in ("goforward", "numbers", "something")]
    hibari = make_voice("hibari")
    for line in LINES:
        speech = hibari.synthesize(line)
        out.append(to_int16(resample(speech.samples, speech.rate)))
    return out


def main() -> None:
    rng = np.random.default_rng(7)
    loud_only = replace(BARGE_IN, min_pitched_s=0.0)
    measures = {}
    false_now = false_before = 0
    for kind, make in noises.KINDS.items():
        now = before = 0
        for _ in range(PER_KIND):
            audio = np.concatenate([noises.room(rng, 0.5), make(rng), noises.room(rng, 0.5)])
            now += first_start(audio, BARGE_IN) is not None
            before += first_start(audio, loud_only) is not None
        measures[f"false barge-ins on {kind} ({PER_KIND}): pitched rule / loudness alone"] = f"{now} / {before}"
        false_now, false_before = false_now + now, false_before + before
    total = PER_KIND * len(noises.KINDS)
    measures[f"false barge-ins, all {total} noises: pitched rule / loudness alone"] = f"{false_now} / {false_before}"
    added, missed = [], 0
    for speech in voices():
        audio = np.concatenate([noises.room(rng, 0.5), speech])
        now, before = first_start(audio, BARGE_IN), first_start(audio, loud_only)
        if now is None:
            missed += 1
        else:
            added.append((now - before) * 1000)
    measures[f"voices noticed ({len(added) + missed})"] = len(added)
    measures["delay the pitched rule adds to noticing a voice, median / max (ms)"] = \
        f"{statistics.median(added):.0f} / {max(added):.0f}"
    report("barge_in_noise", measures)


if __name__ == "__main__":
    main()
