"""Feedback: short, kind, specific, quoting the user, with a rewrite built from their own words."""

from __future__ import annotations

import re


def sentences_before_try(feedback: str) -> list[str]:
    # Quotes are the user's own words: their full stops are not the coach's sentences.
    head = re.sub(r'"[^"]*"', "QUOTE", feedback.split("Try")[0])
    return [s for s in re.split(r"(?<=[.!?])\s+", head.strip()) if s]


def test_passive_feedback_quotes_the_softening_words(analyzer):
    r = analyzer.analyze("Sorry, sorry, I was just wondering if maybe you could move your van?")
    assert r.style == "passive"
    assert '"sorry" twice' in r.feedback
    assert '"just"' in r.feedback or '"maybe"' in r.feedback


def test_missing_elements_get_a_rewrite_that_reuses_the_users_words(analyzer):
    r = analyzer.analyze("the printer has been jammed since monday and i need it to print the contracts")
    assert r.elements["situation"] and r.elements["reason"] and not r.elements["request"]
    assert "Try:" in r.feedback
    rewrite = r.feedback.split("Try:")[1]
    assert "the printer has been jammed since monday" in rewrite
    assert "because I need it to print the contracts" in rewrite


def test_an_order_is_rewritten_as_a_request(analyzer):
    r = analyzer.analyze("Give me back my charger, you thief.")
    assert r.style == "aggressive"
    assert '"thief"' in r.feedback or "thief" in r.feedback.split("Try")[0]
    rewrite = r.feedback.split("Try:")[1]
    assert "Please give me back my charger" in rewrite and "thief" not in rewrite


def test_a_complete_assertive_answer_is_praised_without_a_lecture(analyzer):
    r = analyzer.analyze("When the rent came in late again this month, I felt worried, because my mortgage "
                         "payment bounced. Please pay on the first from now on.")
    assert all(r.elements.values())
    assert "Try" not in r.feedback
    assert r.score == 100


def test_feedback_is_short_enough_to_say_aloud(analyzer, dev_rows):
    for r in analyzer.analyze_many_texts(row["text"] for row in dev_rows):
        assert 1 <= len(sentences_before_try(r.feedback)) <= 2, r.feedback
        assert len(r.feedback) < 400, r.feedback
