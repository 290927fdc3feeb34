"""Soak: an hour of audio (speech, silence and noise mixed) streamed through the endpointer and the
recogniser as fast as they go; memory at start and end, and whether every utterance came out.

    taskset -c 0 .venv/bin/python benchmarks/soak.py [--minutes 60]
"""

from __future__ import annotations

import sys
import time

import numpy as np

from voice_coach.asr.select import make_recognizer
from voice_coach.audio.endpoint import EndpointSettings
from voice_coach.audio.files import resample
from voice_coach.audio.types import RATE, AudioChunk, to_int16
from voice_coach.listen import hear
from voice_coach.tts import make_voice

from results_io import report

SENTENCES = ["I would like to move to four days a week.", "Could you please turn the music down after eleven?",
             "No, thank you, just the laptop, please.", "I feel frustrated when the meeting runs late.",
             "Please let me finish my point.", "I'd like a refund for this kettle.",
             "That doesn't work for me, I'm afraid.", "Can we agree on a date to decide?",
             "I understand, and I'd still like Fridays off.", "I'm not able to stay until nine tonight."]
CHUNK = int(RATE * 0.03)


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timeline(minutes: float, seed: int = 7):
    """(kind, samples) pieces adding up to the duration: a sentence, 1-4 s of silence, 1-3 s of noise."""
    voice = make_voice("hibari")
    speech = [to_int16(resample(s.samples, s.rate)) for s in (voice.synthesize(t, rate=0.9) for t in SENTENCES)]
    rng = np.random.default_rng(seed)
    t, total = 0.0, minutes * 60
    while t < total:
        k = rng.choice(["speech", "silence", "noise"], p=[0.45, 0.35, 0.2])
        if k == "speech":
            x = speech[rng.integers(len(speech))]
            yield "speech", t, x
        elif k == "silence":
            x = (rng.standard_normal(int(RATE * rng.uniform(1, 4))) * 30).astype(np.int16)  # a quiet room
            yield "silence", t, x
        else:
            x = (rng.standard_normal(int(RATE * rng.uniform(1, 3))) * 180).astype(np.int16)  # fan, traffic
            yield "noise", t, x
        t += len(x) / RATE
        if k == "speech":  # people pause after speaking before anything else happens
            gap = np.zeros(int(RATE * 0.8), np.int16)
            yield "silence", t, gap
            t += len(gap) / RATE


def main(argv: list[str]) -> int:
    minutes = float(argv[argv.index("--minutes") + 1]) if "--minutes" in argv else 60.0
    rec = make_recognizer("pocketsphinx")[0]
    spoken: list[tuple[float, float]] = []

    def chunks():
        for kind, t, x in timeline(minutes):
            if kind == "speech":
                spoken.append((t, t + len(x) / RATE))
            for i in range(0, len(x), CHUNK):
                yield AudioChunk(x[i:i + CHUNK].tobytes(), timestamp=t + i / RATE)

    stream = chunks()
    settings = EndpointSettings(no_speech_timeout_s=1e9)
    heard: list[tuple[float, float, str]] = []
    start, mem_start, last_report = time.perf_counter(), None, 0.0
    while True:
        h = hear(stream, rec, settings)
        if h is None:
            break
        heard.append((h.segment.start, h.segment.end, h.utterance.text))
        if mem_start is None and h.segment.end > 60:  # after the first minute: models and caches are loaded
            mem_start = rss_mb()
        if h.segment.end - last_report > 600:
            last_report = h.segment.end
            print(f"  {h.segment.end / 60:.0f} min of audio, {len(heard)} utterances, {rss_mb():.0f} MB", flush=True)
    elapsed = time.perf_counter() - start
    mem_end = rss_mb()
    found = sum(any(a < e and s < b and text for s, e, text in heard) for a, b in spoken)
    report("soak", {
        "audio_minutes": minutes, "wall_seconds": round(elapsed, 1),
        "faster_than_real_time": round(minutes * 60 / elapsed, 1),
        "sentences_spoken": len(spoken), "sentences_heard": found,
        "utterances_out": len(heard), "from_noise_alone": sum(
            not any(a < e and s < b for a, b in spoken) for s, e, _ in heard),
        "rss_mb_after_first_minute": round(mem_start or 0, 1), "rss_mb_at_end": round(mem_end, 1),
        "rss_growth_percent": round((mem_end / mem_start - 1) * 100, 1) if mem_start else None,
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
