"""Clause splitting: the same cuts with and without punctuation."""

from __future__ import annotations

from voice_coach.analysis.textform import clean, to_recognizer_form


def cut(nlp, text):
    doc = nlp(clean(text))
    return [(c.lead, c.span(doc).text.lower()) for c in doc._.vc_clauses]


def test_punctuated_and_spoken_forms_cut_alike(nlp):
    text = "I can't stay until nine, I pick up my son at six. Could we finish tomorrow?"
    written = [t for _, t in cut(nlp, text)]
    spoken = [t for _, t in cut(nlp, to_recognizer_form(text))]
    assert written == ["i can't stay until nine", "i pick up my son at six", "could we finish tomorrow"]
    assert spoken == written


def test_conjunctions_open_clauses_and_are_remembered(nlp):
    clauses = cut(nlp, "i felt stressed because i had to stay late so i need a day off")
    assert [lead for lead, _ in clauses] == [None, "because", "so"]


def test_and_inside_a_list_does_not_cut(nlp):
    assert cut(nlp, "you can have monday wednesday and friday") == [(None, "you can have monday wednesday and friday")]
    assert len(cut(nlp, "you can have monday and i will take friday")) == 2
