"""Markers: the words behind a judgement, with the conditions a word list cannot express."""

from __future__ import annotations

import pytest

from voice_coach.analysis.textform import to_recognizer_form


def cats(analyzer, text):
    return {m.category for m in analyzer.analyze(text).markers}


@pytest.mark.parametrize("text, category", [
    ("Sorry, I was hoping you might maybe look at it?", "apology"),
    ("I guess it could kind of work.", "hedge"),
    ("It's just a tiny bit loud.", "minimizer"),
    ("Would it be okay if I left at four?", "permission_seeking"),
    ("I'm such an idiot with dates.", "self_deprecation"),
    ("Whatever you think is best.", "deferring"),
    ("Um, I, uh, need the car.", "filler"),
    ("It's your fault we missed the train.", "blame"),
    ("You never help with anything.", "absolute"),
    ("You're a selfish liar.", "insult"),
    ("Pay me back by Friday or I'll tell everyone.", "threat"),
    ("Give me the keys.", "command"),
    ("This is bloody ridiculous.", "profanity"),
    ("Oh great, another meeting. Thanks a lot.", "sarcasm"),
    ("I feel that you don't respect my time.", "judgment_as_feeling"),
])
def test_each_category_is_found_in_both_forms(analyzer, text, category):
    assert category in cats(analyzer, text)
    assert category in cats(analyzer, to_recognizer_form(text))


def test_negation_blocks_an_apology(analyzer):
    assert "apology" not in cats(analyzer, "I'm not sorry I said it.")
    assert "apology" in cats(analyzer, "I'm sorry I said it.")


def test_absolutes_count_only_when_aimed_at_the_listener(analyzer):
    assert "absolute" not in cats(analyzer, "I always walk to work.")
    assert "absolute" in cats(analyzer, "You always leave your shoes in the hall.")


def test_a_weak_sarcasm_cue_alone_is_not_sarcasm(analyzer):
    assert "sarcasm" not in cats(analyzer, "Great, see you at six then.")
    assert "sarcasm" in cats(analyzer, "Great. Another weekend at my desk, thanks a lot.")


def test_please_makes_an_imperative_a_request_not_a_command(analyzer):
    polite = analyzer.analyze("Please close the door when you leave.")
    bare = analyzer.analyze("Close the door.")
    assert "command" not in {m.category for m in polite.markers} and polite.elements["request"]
    assert "command" in {m.category for m in bare.markers} and bare.elements["request"]


def test_a_vocative_name_is_an_insult_but_you_guys_is_not(analyzer):
    assert "insult" in cats(analyzer, "Move your car, you muppet.")
    assert "insult" not in cats(analyzer, "See you tomorrow, you guys.")


def test_marker_offsets_point_into_the_users_own_text(analyzer):
    text = "Um, sorry… I was just wondering — maybe — if you’d mind?"
    for m in analyzer.analyze(text).markers:
        assert text[m.start:m.end] == m.text
