"""Text forms: offset-keeping clean-up and conversion to recogniser form."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from voice_coach.analysis.textform import clean, number_words, to_recognizer_form


def test_numbers_are_spelled_like_a_recogniser():
    assert number_words(0) == "zero"
    assert number_words(24) == "twenty four"
    assert number_words(300) == "three hundred"
    assert number_words(1905) == "one thousand nine hundred five"


def test_recogniser_form_is_lowercase_words_without_punctuation():
    out = to_recognizer_form("It was still loud after 1 a.m. — I'm on my 3rd night, 24 hours' notice!")
    assert out == "it was still loud after one am i'm on my third night twenty four hours notice"


def test_clean_capitalises_a_recognisers_i_without_moving_offsets():
    assert clean("i said i'm fine and it's i") == "I said I'm fine and it's I"
    assert clean("iPhone ideas") == "iPhone ideas"


@given(st.text())
def test_clean_never_changes_the_length(text):
    assert len(clean(text)) == len(text)


@given(st.text())
def test_recogniser_form_has_only_lowercase_letters_apostrophes_and_spaces(text):
    out = to_recognizer_form(text)
    assert all(c.islower() and c.isascii() or c in "' " for c in out)
