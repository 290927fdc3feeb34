"""Bad input: a clear result or one clear error, never a traceback (issue 2, "Bad input")."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voice_coach.analysis.types import ELEMENTS, STYLES
from voice_coach.errors import UserError


def assert_valid(result, text):
    assert result.style in STYLES
    assert set(result.elements) == set(ELEMENTS)
    assert 0 <= result.score <= 100
    assert result.feedback.strip()
    for m in result.markers:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01"])
def test_empty_text_is_one_clear_error(analyzer, text):
    with pytest.raises(UserError, match="empty"):
        analyzer.analyze(text)


def test_a_single_word_gets_a_clear_result(analyzer):
    for word in ("No.", "whatever", "sorry", "okay"):
        assert_valid(analyzer.analyze(word), word)


def test_five_thousand_words_are_analysed(analyzer):
    text = " ".join(["I need the report by Friday because the client meets on Monday."] * 420)
    assert len(text.split()) >= 5000
    r = analyzer.analyze(text)
    assert_valid(r, text)
    assert r.elements["request"] and r.elements["reason"]


def test_a_pasted_book_is_refused_with_the_limit(analyzer):
    with pytest.raises(UserError, match="characters long"):
        analyzer.analyze("word " * 60_000)


@pytest.mark.parametrize("text", ["🙂🙂🙂", "I can't 😤 not this weekend 🙅", "👍"])
def test_emoji_are_handled(analyzer, text):
    assert_valid(analyzer.analyze(text), text)


@pytest.mark.parametrize("text", ["Je ne veux pas travailler samedi, j'ai des projets.",
                                  "Ich kann am Samstag nicht arbeiten.", "我这个周末不能来。"])
def test_other_languages_get_a_clear_answer(analyzer, text):
    r = analyzer.analyze(text)
    assert_valid(r, text)
    assert "English" in r.feedback and r.score == 0


def test_control_characters_keep_offsets_true(analyzer):
    text = "Sorry\x07, I\x1b just\u200b need\r\nthe car\x00 back."
    r = analyzer.analyze(text)
    assert_valid(r, text)
    assert {"apology", "minimizer"} <= {m.category for m in r.markers}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_gives_a_result_or_the_empty_error(analyzer, text):
    try:
        r = analyzer.analyze(text)
    except UserError as e:
        assert "empty" in str(e)
        return
    assert_valid(r, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["i", "you", "no", "sorry", "maybe", "never", "please", "could", "because", "so",
                                 "when", "if", "not", "feel", "like", "idiot", "'s", "'ll", "n't", "?", ",", ".", "um",
                                 "just", "always", "want", "need", "the", "it", "again", "or", "and"]),
                min_size=1, max_size=40))
def test_arbitrary_word_salad_from_the_lexicon(analyzer, words):
    text = " ".join(words)
    try:
        r = analyzer.analyze(text)
    except UserError:
        return
    assert_valid(r, text)
