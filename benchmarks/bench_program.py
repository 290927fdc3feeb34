"""The training programme's costs: committing a turn, reading progress from a long history, linking a
situation to a scene, and the analyzer's cost with the thinking-trap component in its pipeline.

    .venv/bin/python benchmarks/bench_program.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from voice_coach import progress
from voice_coach.roleplay import library  # noqa: F401  (imported up front: the report is timed, not the import)
from voice_coach.store import Store

from results_io import report

SITUATIONS, SESSIONS, TURNS = 20, 30, 5  # a heavy user: 3,000 turns


def ms(xs):
    xs = sorted(xs)
    return statistics.median(xs) * 1000, xs[int(0.95 * (len(xs) - 1))] * 1000


def main() -> int:
    measures = {}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp)) as store:
        commits = []
        for i in range(SITUATIONS):
            sid = store.add_situation(f"situation {i}", "someone", "something", (i * 7) % 100, "fridays-off", None).id
            for _ in range(SESSIONS):
                session = store.start_session(sid, "fridays-off")
                for t in range(TURNS):
                    start = time.perf_counter()
                    store.add_attempt(session, "fridays-off", f"turn{t}", "Go on.", "I'd like Fridays off. " * 3,
                                      "assertive", 85, {"elements": {"request": True}, "feedback": "Clear."})
                    commits.append(time.perf_counter() - start)
                store.end_session(session, "success", 85, "assertive", "summary")
                store.rate(sid, 20, kind="after", session_id=session)
        med, p95 = ms(commits)
        measures["commit one completed turn (median / p95 ms)"] = f"{med:.2f} / {p95:.2f}"
        start = time.perf_counter()
        data = progress.report(store)
        measures[f"progress report, {SITUATIONS * SESSIONS * TURNS} turns (s)"] = round(time.perf_counter() - start, 3)
        start = time.perf_counter()
        progress.plot(data, Path(tmp) / "p.png")
        measures[f"progress plot, {SITUATIONS} situations (s)"] = round(time.perf_counter() - start, 3)
        measures["database size for that history (MB)"] = round((Path(tmp) / "voice-coach.db").stat().st_size / 1e6, 2)

    from voice_coach.analysis import Analyzer
    from voice_coach.program.matching import best_scene
    from voice_coach.roleplay.library import load_library

    analyzer = Analyzer()
    scenes = load_library()
    asks = [("asking my boss for a raise", "my boss", "a raise"),
            ("my flatmate never does the dishes", "my flatmate", "to wash up"),
            ("telling my mother I won't host Christmas", "my mother", "to accept it")]
    start = time.perf_counter()
    best_scene(analyzer.nlp, *asks[0], 50, scenes)
    measures["link the first situation of a run: parses the 30 scenes once (ms)"] = \
        round((time.perf_counter() - start) * 1000)
    times = []
    for _ in range(5):
        for a in asks:
            start = time.perf_counter()
            best_scene(analyzer.nlp, *a, 50, scenes)
            times.append(time.perf_counter() - start)
    med, p95 = ms(times)
    measures["link each further situation (median / p95 ms)"] = f"{med:.0f} / {p95:.0f}"
    texts = (Path(__file__).resolve().parent.parent / "tests" / "data" / "thought-traps.jsonl").read_text().splitlines()
    import json

    texts = [json.loads(t)["text"] for t in texts] * 5
    with analyzer.nlp.select_pipes(disable=["vc_traps"]):
        start = time.perf_counter()
        list(analyzer.nlp.pipe(texts))
        without = time.perf_counter() - start
    start = time.perf_counter()
    list(analyzer.nlp.pipe(texts))
    with_traps = time.perf_counter() - start
    measures["vc_traps share of the pipeline on fear statements (ms per text)"] = \
        f"{(with_traps - without) / len(texts) * 1000:.2f} of {with_traps / len(texts) * 1000:.2f}"
    report("program", measures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
