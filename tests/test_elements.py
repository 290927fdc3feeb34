"""Template elements, including the parse-based rules where words alone mislead (issue 2)."""

from __future__ import annotations

import pytest

from voice_coach.analysis.textform import to_recognizer_form


def judge(analyzer, text):
    return analyzer.analyze(text)


@pytest.mark.parametrize("form", [str, to_recognizer_form])
def test_i_feel_that_you_is_a_judgment_not_a_feeling(analyzer, form):
    r = judge(analyzer, form("I feel that you are lazy and careless."))
    assert not r.elements["feeling"]
    assert "judgment_as_feeling" in {m.category for m in r.markers}
    assert r.style == "aggressive"


@pytest.mark.parametrize("form", [str, to_recognizer_form])
def test_a_named_feeling_is_a_feeling(analyzer, form):
    r = judge(analyzer, form("I feel really anxious about the deadline."))
    assert r.elements["feeling"]


@pytest.mark.parametrize("form", [str, to_recognizer_form])
def test_a_neutral_you_statement_is_a_situation_not_blame(analyzer, form):
    r = judge(analyzer, form("You said you'd call at five and you didn't."))
    assert r.elements["situation"]
    assert "blame" not in {m.category for m in r.markers}
    assert r.style != "aggressive"


@pytest.mark.parametrize("form", [str, to_recognizer_form])
def test_could_you_please_is_a_request_not_passivity(analyzer, form):
    r = judge(analyzer, form("Could you please send it by Thursday?"))
    assert r.elements["request"]
    assert r.style == "assertive"


def test_negated_feeling_is_not_a_feeling(analyzer):
    assert not judge(analyzer, "I'm not upset about it.").elements["feeling"]
    assert judge(analyzer, "I'm upset about it.").elements["feeling"]


def test_im_not_asking_you_to_is_not_a_request(analyzer):
    assert not judge(analyzer, "I'm not asking you to change everything.").elements["request"]
    assert judge(analyzer, "I'm asking you to change the date.").elements["request"]


def test_a_single_sorry_that_keeps_the_need_stays_assertive(analyzer):
    r = judge(analyzer, "Sorry to interrupt, I need two minutes before you go.")
    assert r.style == "assertive"


@pytest.mark.parametrize("text", ["No, I can't lend money.", "no i can't lend money", "No."])
def test_a_firm_refusal_needs_no_excuse(analyzer, text):
    r = judge(analyzer, text)
    assert r.style == "assertive" and r.elements["request"]


def test_no_that_reassures_is_not_a_refusal(analyzer):
    assert not judge(analyzer, "No, no, it's fine, don't worry about it.").elements["request"]


def test_a_request_taken_back_in_the_same_breath_is_not_a_request(analyzer):
    assert not judge(analyzer, "Could you turn it down a bit? Actually never mind.").elements["request"]
    assert judge(analyzer, "Could you turn it down after eleven?").elements["request"]


def test_a_blame_reason_is_not_a_reason(analyzer):
    assert not judge(analyzer, "I'm cross because you're lazy.").elements["reason"]
    assert judge(analyzer, "I'm cross because I had to cook alone again.").elements["reason"]


def test_compliance_is_not_a_request_but_a_plan_is(analyzer):
    assert not judge(analyzer, "Okay, I'll do it.").elements["request"]
    assert judge(analyzer, "I'll bring the report to your office at nine.").elements["request"]


def test_sarcasm_does_not_give_a_reason(analyzer):
    r = judge(analyzer, "Oh sure, because I have nothing better to do.")
    assert not r.elements["reason"]
    assert r.style == "passive_aggressive"


def test_evidence_points_at_the_words(analyzer):
    text = "When the bins were left out on Monday, I felt embarrassed because the street saw them. Please bring them in."
    r = judge(analyzer, text)
    assert {e.element for e in r.evidence} == {"situation", "feeling", "reason", "request"}
    for e in r.evidence:
        assert text[e.start:e.end] == e.text
