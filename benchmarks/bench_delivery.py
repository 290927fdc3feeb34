"""What the delivery measures cost: per 10 s of speech, after the first call, and the first call itself.

    taskset -c 0 .venv/bin/python benchmarks/bench_delivery.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np

from results_io import report

SENTENCES = ["I would like to move to four days a week because I care for my father on Fridays.",
             "I feel frustrated when the meeting runs late, because I collect my son at six.",
             "Please let me finish my point before you come in with yours.",
             "I understand it's a busy time, and I would still like a decision by Friday."]
FIRST_CALL = ("import time, numpy as np; t = time.perf_counter(); from voice_coach.delivery import measure; "
              "measure((np.sin(np.arange(32000) / 8) * 8000).astype(np.int16), []); "
              "print(time.perf_counter() - t)")


def main() -> int:
    from voice_coach.asr.select import make_recognizer
    from voice_coach.audio.files import resample
    from voice_coach.audio.types import to_int16
    from voice_coach.delivery import measure
    from voice_coach.tts import make_voice

    voice, rec = make_voice("hibari"), make_recognizer("pocketsphinx")[0]
    parts = [to_int16(resample(s.samples, s.rate)) for s in (voice.synthesize(t, rate=0.9) for t in SENTENCES)]
    samples = np.concatenate(parts)[:160_000]
    samples = np.concatenate([samples, np.zeros(160_000 - len(samples), np.int16)])  # exactly 10 s
    words = rec.transcribe(samples).words
    measure(samples, words)  # warm: librosa's compiled YIN is loaded on first use
    times = []
    for _ in range(30):
        start = time.perf_counter()
        d = measure(samples, words)
        times.append(time.perf_counter() - start)
    times.sort()
    first = [float(subprocess.run([sys.executable, "-c", FIRST_CALL], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(3)]
    report("delivery", {
        "audio_s": 10.0, "words": len(words), "wpm_measured": round(d.wpm or 0, 1),
        "delivery_ms_per_10s_median": round(statistics.median(times) * 1000, 2),
        "delivery_ms_per_10s_p95": round(times[int(0.95 * (len(times) - 1))] * 1000, 2),
        "first_call_in_a_new_process_s_median": round(statistics.median(first), 2),
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
