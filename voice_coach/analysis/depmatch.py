"""Dependency patterns for the cases where word order misleads and the parse does not.

- "I'm not asking you to …", "I won't tell you what to do": a negated ask verb, no request and no refusal.
- "I feel that my boss never listens", "I felt as if they didn't care": "feel" governing a clause about
  someone else is a judgment dressed as a feeling, whatever words sit in between.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span

ASK_VERBS = ["ask", "tell", "say", "suggest", "demand", "expect", "try", "accuse", "blame", "want", "beg", "order"]
OTHERS = ["you", "he", "she", "they", "everyone", "nobody", "people"]


def dependency_matcher(nlp: Language) -> DependencyMatcher:
    m = DependencyMatcher(nlp.vocab)
    m.add("negated_ask", [[
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ASK_VERBS}}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "neg", "RIGHT_ATTRS": {"DEP": "neg"}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subj", "RIGHT_ATTRS": {"DEP": "nsubj", "NORM": {"IN": ["i", "we"]}}},
    ]])
    judged = {"DEP": "nsubj"}
    for rel in ("ccomp", "advcl"):
        m.add("judgment_as_feeling", [[
            {"RIGHT_ID": "feel", "RIGHT_ATTRS": {"LEMMA": "feel"}},
            {"LEFT_ID": "feel", "REL_OP": ">", "RIGHT_ID": "me", "RIGHT_ATTRS": {"DEP": "nsubj", "NORM": "i"}},
            {"LEFT_ID": "feel", "REL_OP": ">", "RIGHT_ID": "clause", "RIGHT_ATTRS": {"DEP": rel, "POS": {"IN": ["VERB", "AUX"]}}},
            {"LEFT_ID": "clause", "REL_OP": ">", "RIGHT_ID": "mark", "RIGHT_ATTRS": {"DEP": "mark", "NORM": {"IN": ["that", "like", "as", "if"]}}},
            {"LEFT_ID": "clause", "REL_OP": ">", "RIGHT_ID": "who", "RIGHT_ATTRS": judged},
        ]])
    return m


def find(doc: Doc, matcher: DependencyMatcher, label: str) -> list[Span]:
    """Spans from the first to the last matched token of each match with this label."""
    out = []
    for match_id, tokens in matcher(doc):
        if doc.vocab.strings[match_id] != label:
            continue
        if label == "judgment_as_feeling":
            who = doc[tokens[-1]]
            # "I feel like I'm failing" is about the speaker; only a judgment of someone else counts
            if who.norm_ in ("i", "we", "it", "this", "that", "there"):
                continue
        out.append(Span(doc, min(tokens), max(tokens) + 1, label=label))
    return out
