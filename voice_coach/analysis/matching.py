"""Helpers shared by the components: phrase matchers over normalised words, clause lookups."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from voice_coach.analysis.norms import normalize

SECOND_PERSON = {"you", "your", "yours", "yourself", "yourselves", "ya", "u"}


def norm_words(nlp: Language, text: str) -> tuple[str, ...]:
    """A phrase as the tuple of normalised words the pipeline would see."""
    return tuple(t.norm_ for t in normalize(nlp.make_doc(text)))


def phrase_matcher(nlp: Language, groups: dict[str, list[str]]) -> PhraseMatcher:
    """One PhraseMatcher over NORM with a label per group of phrases."""
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    for label, phrases in groups.items():
        docs = [normalize(nlp.make_doc(p)) for p in phrases if p.strip()]
        if docs:
            matcher.add(label, docs)
    return matcher


def matched_spans(doc: Doc, matcher, label: str | None = None) -> list[Span]:
    """Spans a matcher finds, optionally only those of one label."""
    out = []
    for match_id, start, end in matcher(doc):
        name = doc.vocab.strings[match_id]
        if label is None or name == label:
            out.append(Span(doc, start, end, label=name))
    return out


def contains_seq(words: list[str], seq: tuple[str, ...]) -> bool:
    """Whether a run of words contains the sequence seq."""
    n = len(seq)
    return any(tuple(words[i:i + n]) == seq for i in range(len(words) - n + 1))


def overlaps(span: Span | tuple[int, int], others) -> bool:
    """Whether a token range overlaps any span in others."""
    s, e = (span.start, span.end) if isinstance(span, Span) else span
    return any(o.start < e and s < o.end for o in others)
