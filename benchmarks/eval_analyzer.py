"""Quality of the analyzer on labelled sets, in written and recogniser form (numbers for the README).

    .venv/bin/python benchmarks/eval_analyzer.py [FILE.jsonl ...] [--errors]
"""

from __future__ import annotations

import sys
from pathlib import Path

from voice_coach.analysis import Analyzer
from voice_coach.analysis.evaluate import FORMS, evaluate, load_labelled

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [ROOT.parent / "shared" / "data" / "dev-utterances.jsonl",
                ROOT / "tests" / "data" / "holdout-utterances.jsonl",
                ROOT / "tests" / "data" / "fresh-utterances.jsonl"]


def main(argv: list[str]) -> int:
    show_errors = "--errors" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or [p for p in DEFAULT_SETS if p.exists()]
    analyzer = Analyzer()
    print(f"{'set':34} {'form':10} {'n':>4} {'style F1':>9} {'elem F1':>8} {'marker P':>9} {'marker R':>9}")
    for path in paths:
        rows = load_labelled(path)
        for form in FORMS:
            s = evaluate(analyzer, rows, form)
            print(f"{path.name:34} {form:10} {s.n:4d} {s.style_macro_f1:9.3f} {s.element_micro_f1:8.3f} "
                  f"{s.marker_precision:9.3f} {s.marker_recall:9.3f}")
            if show_errors:
                for e in s.errors:
                    print(f"    {e['id']} style {e['style'][0]}->{e['style'][1]} {' '.join(e['elements'])} | {e['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
