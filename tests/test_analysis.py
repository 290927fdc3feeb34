"""The analyzer as a whole: the quality bars of issue 2, measured on labelled responses in both forms."""

from __future__ import annotations

import pytest

from voice_coach.analysis.evaluate import evaluate, load_labelled
from voice_coach.analysis.types import ELEMENTS, MARKER_CATEGORIES, STYLES

from conftest import DATA


@pytest.fixture(scope="module")
def dev_scores(analyzer, dev_rows):
    return {form: evaluate(analyzer, dev_rows, form) for form in ("written", "recognizer")}


@pytest.mark.parametrize("form", ["written", "recognizer"])
def test_dev_style_macro_f1_at_least_085(dev_scores, form):
    assert dev_scores[form].style_macro_f1 >= 0.85, dev_scores[form].errors


@pytest.mark.parametrize("form", ["written", "recognizer"])
def test_dev_element_micro_f1_at_least_090(dev_scores, form):
    assert dev_scores[form].element_micro_f1 >= 0.90, dev_scores[form].errors


def test_recognizer_form_within_003_of_written(dev_scores):
    w, r = dev_scores["written"], dev_scores["recognizer"]
    assert r.style_macro_f1 >= w.style_macro_f1 - 0.03
    assert r.element_micro_f1 >= w.element_micro_f1 - 0.03


@pytest.mark.parametrize("name", ["holdout-utterances.jsonl", "fresh-utterances.jsonl"])
@pytest.mark.parametrize("form", ["written", "recognizer"])
def test_own_labelled_sets_generalise(analyzer, name, form):
    # Responses written for this project, none of them in the dev file.
    scores = evaluate(analyzer, load_labelled(DATA / name), form)
    assert scores.style_macro_f1 >= 0.85, scores.errors
    assert scores.element_micro_f1 >= 0.88, scores.errors


def test_every_result_has_the_contract_shape(analyzer, dev_rows):
    for row, res in zip(dev_rows[:30], analyzer.analyze_many_texts([r["text"] for r in dev_rows[:30]])):
        out = res.to_contract()
        assert list(out) == ["transcript", "style", "elements", "markers", "score", "feedback", "crisis"]
        assert out["style"] in STYLES
        assert list(out["elements"]) == list(ELEMENTS)
        assert all(isinstance(v, bool) for v in out["elements"].values())
        assert 0 <= out["score"] <= 100
        assert out["feedback"].strip()
        for m in out["markers"]:
            assert m["category"] in MARKER_CATEGORIES
            assert row["text"][m["start"]:m["end"]] == m["text"]


def test_context_is_optional_and_accepted(analyzer):
    a = analyzer.analyze("No, I can't lend money.")
    b = analyzer.analyze("No, I can't lend money.", context="Friend: Can you lend me fifty?")
    assert a.style == b.style == "assertive"
    assert a.elements["request"] and b.elements["request"]


def test_a_full_template_answer_scores_higher_than_a_hedged_one(analyzer):
    full = analyzer.analyze("When the report came in late on Friday, I felt stressed, because I had to redo "
                            "the client deck overnight. Could you send it by Thursday noon from now on?")
    hedged = analyzer.analyze("Um, sorry, I was just wondering if maybe, possibly, the report could come a bit "
                              "earlier? But it's fine, never mind.")
    assert full.style == "assertive" and all(full.elements.values())
    assert hedged.style == "passive"
    assert full.score > hedged.score + 40
