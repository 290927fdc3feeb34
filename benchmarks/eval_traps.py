"""Thinking-trap detection on the labelled statements, written and in recogniser form (README numbers).

    .venv/bin/python benchmarks/eval_traps.py [FILE.jsonl ...] [--errors]
"""

from __future__ import annotations

import sys
from pathlib import Path

from voice_coach.analysis import Analyzer
from voice_coach.analysis.evaluate import FORMS, evaluate_traps, load_labelled

from results_io import report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [ROOT / "tests" / "data" / "thought-traps.jsonl", ROOT / "tests" / "data" / "thought-traps-fresh.jsonl"]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")] or DEFAULT_SETS
    analyzer = Analyzer()
    measures = {}
    for path in paths:
        rows = load_labelled(path)
        for form in FORMS:
            s = evaluate_traps(analyzer, rows, form)
            measures[f"{path.stem} {form} (n={s.n}) precision"] = round(s.precision, 3)
            measures[f"{path.stem} {form} (n={s.n}) recall"] = round(s.recall, 3)
            if form == "written":
                for trap, (tp, fp, fn) in s.per_trap.items():
                    measures[f"{path.stem} {trap} tp/fp/fn"] = f"{tp}/{fp}/{fn}"
            if "--errors" in argv:
                for e in s.errors:
                    print(f"  {e['id']} expected {e['expected']} found {e['found']} | {e['text']}")
    report("traps", measures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
