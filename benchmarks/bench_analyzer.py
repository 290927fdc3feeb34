"""Speed and memory of the analyzer against bare spaCy (issue 2's goals; numbers for the README).

    ./dev bench            (or: .venv/bin/python benchmarks/bench_analyzer.py [--repeat N])

Reports, in one run on the same texts (the dev set, written and recogniser form, repeated):
load time of the analyzer; batch time of bare `nlp.pipe` with the same spaCy model vs the analyzer's
`analyze_many` (ratio: goal at most 1.5x); single-response latency after loading (goal under 20 ms);
peak resident memory.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from results_io import report

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "dev-utterances.jsonl"


def main(argv: list[str]) -> int:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 5
    t0 = time.perf_counter()
    import spacy  # noqa: F401  (timed with the analyzer: a process pays for both)

    from voice_coach.analysis import Analyzer, Response
    from voice_coach.analysis.textform import to_recognizer_form
    from voice_coach.settings import AnalyzerSettings

    analyzer = Analyzer()
    load_s = time.perf_counter() - t0

    rows = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    texts = [r["text"] for r in rows] + [to_recognizer_form(r["text"]) for r in rows]
    batch = texts * repeat
    bare = spacy.load(AnalyzerSettings().spacy_model)

    # warm both up so neither pays first-call costs in the timed run
    list(bare.pipe(texts[:20]))
    list(analyzer.analyze_many(Response(t) for t in texts[:20]))

    def best_of(fn, n=3):
        times = []
        for _ in range(n):
            s = time.perf_counter()
            fn()
            times.append(time.perf_counter() - s)
        return min(times)

    bare_s = best_of(lambda: list(bare.pipe(batch, batch_size=64)))
    ours_s = best_of(lambda: list(analyzer.analyze_many((Response(t) for t in batch), batch_size=64)))

    single = []
    for t in texts:
        s = time.perf_counter()
        analyzer.analyze(t)
        single.append((time.perf_counter() - s) * 1000)
    single.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    result = {
        "texts_in_batch": len(batch),
        "analyzer_load_s": round(load_s, 3),
        "bare_spacy_batch_s": round(bare_s, 3),
        "analyzer_batch_s": round(ours_s, 3),
        "ratio_vs_bare_spacy": round(ours_s / bare_s, 2),
        "bare_spacy_ms_per_text": round(bare_s / len(batch) * 1000, 2),
        "analyzer_ms_per_text_batched": round(ours_s / len(batch) * 1000, 2),
        "single_ms_median": round(statistics.median(single), 2),
        "single_ms_p95": round(single[int(len(single) * 0.95)], 2),
        "single_ms_max": round(single[-1], 2),
        "peak_rss_mb": round(peak_mb, 1),
    }
    report("analyzer", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
