"""How right the delivery measures are, on speech with a known truth (README numbers).

    .venv/bin/python benchmarks/eval_delivery.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from voice_coach.asr.select import make_recognizer
from voice_coach.audio.files import load_audio, resample
from voice_coach.audio.types import to_int16
from voice_coach.delivery import measure
from voice_coach.delivery.measure import frame_levels
from voice_coach.tts import make_voice

from results_io import report

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
RATE = 16000


def span(samples):
    levels = frame_levels(samples)
    loud = np.where(levels > levels.max() - 40)[0]
    return loud[0] * 0.02, (loud[-1] + 1) * 0.02


def gain(x, db):
    return np.clip(x.astype(np.float64) * 10 ** (db / 20), -32768, 32767).astype(np.int16)


def main() -> int:
    import librosa

    voice, rec = make_voice("hibari"), make_recognizer("pocketsphinx")[0]
    texts = [json.loads(line)["text"] for line in (SHARED / "dev-utterances.jsonl").read_text().splitlines()[:40]]
    texts = [t for t in texts if len(t.split()) >= 6][:24]

    def say(t, speed=0.9):
        s = voice.synthesize(t, rate=speed)
        return to_int16(resample(s.samples, s.rate))

    m = {}
    errors = {0.7: [], 1.0: [], 1.4: []}
    flags = {"fading": 0, "uptalk": 0, "rushed": 0, "long_pause": 0, "quiet": 0, "fillers": 0}
    fades, rises, faded, risen = [], [], [], []
    for t in texts:
        for speed in errors:
            x = say(t, speed)
            a, b = span(x)
            d = measure(x, rec.transcribe(x).words)
            errors[speed].append(abs(d.wpm / (len(t.split()) / (b - a) * 60) - 1) if d.wpm else 1.0)
        x = say(t)
        d = measure(x, rec.transcribe(x).words)
        for v in d.verdicts:
            flags[v] = flags.get(v, 0) + 1
        if d.fade_db is not None:
            fades.append(d.fade_db)
        if d.pitch_end_semitones is not None:
            rises.append(d.pitch_end_semitones)
        a, b = span(x)
        cut = int((a + 0.6 * (b - a)) * RATE)
        y = np.concatenate([x[:cut], gain(x[cut:], -15)])
        faded.append("fading" in measure(y, rec.transcribe(y).words).verdicts)
        cut = int((a + 0.7 * (b - a)) * RATE)
        f = x.astype(np.float32) / 32768
        z = (np.concatenate([f[:cut], librosa.effects.pitch_shift(f[cut:], sr=RATE, n_steps=5)]) * 32767).astype(np.int16)
        risen.append(measure(z, rec.transcribe(z).words).uptalk)
    for speed, e in errors.items():
        m[f"wpm error at hibari speed {speed}, median / max (%)"] = f"{np.median(e) * 100:.1f} / {max(e) * 100:.1f}"
    n = len(texts)
    m["statements (speed 0.9)"] = n
    for v, k in flags.items():
        m[f"plain statements flagged {v}"] = f"{k}/{n}"
    m["fade_db on plain statements, median / max"] = f"{np.median(fades):.1f} / {max(fades):.1f}"
    m["pitch end on plain statements, median / max (semitones)"] = f"{np.median(rises):.1f} / {max(rises):.1f}"
    m["last 40% 15 dB down: flagged fading"] = f"{sum(faded)}/{n}"
    m["last 30% shifted up 5 semitones: flagged uptalk"] = f"{sum(risen)}/{n}"
    human = sorted((SHARED / "speech" / "cards").glob("*.wav")) + [SHARED / "speech" / f for f in
                                                                  ("goforward.raw", "numbers.raw", "something.raw")]
    hv = [measure(a.samples, rec.transcribe(a.samples).words).verdicts for a in map(load_audio, human)]
    m["human recordings (8): verdicts"] = "; ".join(",".join(v) or "none" for v in hv)
    report("delivery_quality", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
