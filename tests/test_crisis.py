"""Crisis language: recognised in written and recogniser form, with negation and other people's stories."""

from __future__ import annotations

import json

import pytest

from voice_coach.analysis.textform import to_recognizer_form

from conftest import DATA


def rows(name):
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]


def test_the_labelled_set_is_big_enough_and_holds_both_kinds():
    main = rows("crisis-statements.jsonl")
    assert len(main) >= 80
    assert sum(r["crisis"] for r in main) >= 40 and sum(not r["crisis"] for r in main) >= 40


@pytest.mark.parametrize("form", ["written", "recognizer"])
@pytest.mark.parametrize("name", ["crisis-statements.jsonl", "crisis-statements-fresh.jsonl"])
def test_recall_and_precision(analyzer, name, form):
    tp = fp = fn = 0
    missed = []
    for r in rows(name):
        text = r["text"] if form == "written" else to_recognizer_form(r["text"])
        found = analyzer.crisis(text)
        tp += found and r["crisis"]
        fp += found and not r["crisis"]
        fn += r["crisis"] and not found
        if found != r["crisis"]:
            missed.append(text)
    recall, precision = tp / (tp + fn), tp / max(1, tp + fp)
    assert recall >= 0.95 and precision >= 0.8, (recall, precision, missed)


def test_ordinary_answers_are_not_crises(analyzer, dev_rows):
    for r in dev_rows:
        assert not analyzer.crisis(r["text"]), r["text"]


@pytest.mark.parametrize("text, crisis", [
    ("I'd never hurt myself.", False), ("I'm not going to kill myself over a grade.", False),
    ("My character in the scene is angry.", False), ("She beat me at chess again.", False),
    ("This deadline is killing me.", False), ("I don't want to be here at nine on a Saturday.", False),
    ("I don't want to be here anymore.", True), ("i dont want to be here anymore", True),
    ("He hits me when he's drunk.", True), ("I can't stay alive much longer.", True),
])
def test_negation_idioms_and_other_peoples_stories(analyzer, text, crisis):
    assert analyzer.crisis(text) is crisis


def test_the_analysis_json_carries_crisis(analyzer):
    said = analyzer.analyze("I want to die.").to_contract()
    assert said["crisis"] is True and "988" in said["feedback"] and "not a crisis service" in said["feedback"]
    assert analyzer.analyze("I'd like Friday off.").to_contract()["crisis"] is False
