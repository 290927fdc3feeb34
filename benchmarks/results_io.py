"""How every benchmark reports: one line a measure on stdout, and the same in benchmarks/results/NAME.json."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def report(name: str, measures: dict) -> None:
    for key, value in measures.items():
        print(f"{key:60} {value}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(measures, indent=2) + "\n")
