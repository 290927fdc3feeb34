"""Measuring the analyzer on labelled responses: style macro-F1, element micro-F1, marker P/R."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from voice_coach.analysis.analyzer import Analyzer, Response
from voice_coach.analysis.textform import to_recognizer_form
from voice_coach.analysis.types import ELEMENTS, STYLES

FORMS = ("written", "recognizer")


@dataclass
class Scores:
    """How well predictions match labels for one data set in one text form."""

    form: str
    n: int
    style_macro_f1: float
    style_f1: dict[str, float]
    element_micro_f1: float
    element_f1: dict[str, float]
    marker_precision: float
    marker_recall: float
    errors: list[dict] = field(default_factory=list)


def load_labelled(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(analyzer: Analyzer, rows: list[dict], form: str = "written") -> Scores:
    """Run the analyzer over the rows (as written, or turned into recogniser form) and score it."""
    texts = [r["text"] if form == "written" else to_recognizer_form(r["text"]) for r in rows]
    results = list(analyzer.analyze_many(Response(t, r.get("context"), r["id"]) for t, r in zip(texts, rows)))
    style_counts = {s: [0, 0, 0] for s in STYLES}
    el_counts = {e: [0, 0, 0] for e in ELEMENTS}
    m_tp = m_fp = m_fn = 0
    errors = []
    for row, res in zip(rows, results):
        gold, pred = row["style"], res.style
        if gold == pred:
            style_counts[gold][0] += 1
        else:
            style_counts[pred][1] += 1
            style_counts[gold][2] += 1
        wrong = []
        for e in ELEMENTS:
            g, p = bool(row["elements"][e]), bool(res.elements[e])
            el_counts[e][0] += g and p
            el_counts[e][1] += p and not g
            el_counts[e][2] += g and not p
            if g != p:
                wrong.append(("+" if p else "-") + e)
        if "markers" in row:
            got = {m.category for m in res.markers}
            want = set(row["markers"])
            m_tp += len(got & want)
            m_fp += len(got - want)
            m_fn += len(want - got)
        if gold != pred or wrong:
            errors.append({"id": row["id"], "text": res.transcript, "style": [gold, pred], "elements": wrong})
    style_f1 = {s: _f1(*c) for s, c in style_counts.items()}
    tp, fp, fn = (sum(c[i] for c in el_counts.values()) for i in range(3))
    return Scores(
        form=form, n=len(rows),
        style_macro_f1=sum(style_f1.values()) / len(STYLES), style_f1=style_f1,
        element_micro_f1=_f1(tp, fp, fn), element_f1={e: _f1(*c) for e, c in el_counts.items()},
        marker_precision=m_tp / (m_tp + m_fp) if m_tp + m_fp else 0.0,
        marker_recall=m_tp / (m_tp + m_fn) if m_tp + m_fn else 0.0,
        errors=errors,
    )


@dataclass
class TrapScores:
    """Thinking-trap detection on a labelled set: micro precision and recall, and per trap."""

    n: int
    precision: float
    recall: float
    per_trap: dict[str, tuple[int, int, int]]  # true positives, false positives, misses
    errors: list[dict] = field(default_factory=list)


def evaluate_traps(analyzer: Analyzer, rows: list[dict], form: str = "written") -> TrapScores:
    """rows: {"id", "text", "traps": [names]}; form: as written, or as a recogniser prints it."""
    from voice_coach.analysis.traps import TRAPS

    per = {t: [0, 0, 0] for t in TRAPS}
    errors = []
    for row in rows:
        text = row["text"] if form == "written" else to_recognizer_form(row["text"])
        got = {t.name for t in analyzer.traps(text)}
        gold = set(row["traps"])
        for t in TRAPS:
            if t in got or t in gold:
                per[t][0 if t in got and t in gold else 1 if t in got else 2] += 1
        if got != gold:
            errors.append({"id": row["id"], "text": text, "expected": sorted(gold), "found": sorted(got)})
    tp, fp, fn = (sum(v[i] for v in per.values()) for i in range(3))
    return TrapScores(len(rows), tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0,
                      {t: tuple(v) for t, v in per.items()}, errors)
