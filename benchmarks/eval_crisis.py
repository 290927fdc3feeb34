"""Crisis detection on the labelled statements, written and in recogniser form, and false alarms on
ordinary answers (README numbers).

    .venv/bin/python benchmarks/eval_crisis.py
"""

from __future__ import annotations

import json
from pathlib import Path

from voice_coach.analysis import Analyzer
from voice_coach.analysis.textform import to_recognizer_form

from results_io import report

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "tests" / "data" / "crisis-statements.jsonl", ROOT / "tests" / "data" / "crisis-statements-fresh.jsonl"]
ORDINARY = [ROOT.parent / "shared" / "data" / "dev-utterances.jsonl", ROOT / "tests" / "data" / "holdout-utterances.jsonl",
            ROOT / "tests" / "data" / "fresh-utterances.jsonl", ROOT / "tests" / "data" / "thought-traps.jsonl"]


def lines(path):
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]


def main() -> int:
    analyzer = Analyzer()
    m = {}
    for path in SETS:
        rows = lines(path)
        for form in ("written", "recognizer"):
            tp = fp = fn = 0
            for r in rows:
                text = r["text"] if form == "written" else to_recognizer_form(r["text"])
                found = analyzer.crisis(text)
                tp, fp, fn = tp + (found and r["crisis"]), fp + (found and not r["crisis"]), fn + (r["crisis"] and not found)
            m[f"{path.stem} {form} (n={len(rows)}, {sum(r['crisis'] for r in rows)} crises) recall"] = round(tp / (tp + fn), 3)
            m[f"{path.stem} {form} precision"] = round(tp / max(1, tp + fp), 3)
    ordinary = [r["text"] for p in ORDINARY if p.exists() for r in lines(p)]
    alarms = sum(analyzer.crisis(t) or analyzer.crisis(to_recognizer_form(t)) for t in ordinary)
    m[f"false alarms on ordinary answers and fears ({len(ordinary)} texts, both forms)"] = alarms
    report("crisis", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
