"""spaCy component `vc_clauses`: split a response into clauses, with or without punctuation.

Recognisers print no punctuation, so the boundaries come from words as much as from commas:
conjunctions ("because", "so", "but"), a fresh subject ("… at six i pick up my son"), an interjection
("… fine no it's okay"). Every element rule works on these clauses, so written and spoken forms of
the same words are cut the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from voice_coach.analysis.lexicon import LEXICON_DIR, load_cues

BREAK_PUNCT = {".", "!", "?", ";", ":", "…", "...", "—", "–", "--", ",", "(", ")", '"'}
ALWAYS_LEADS = {"but", "because", "if", "when", "although", "though", "unless", "whereas", "whenever"}
SOMETIMES_LEADS = {"and", "or", "so", "since", "then"}
NOMINATIVE = {"i", "we", "he", "she", "they"}
THING_SUBJECTS = {"it", "that", "this", "there"}
CLAUSE_OPENERS_BLOCK = {"what", "where", "how", "why", "who", "whom", "that", "which", "than", "if", "when",
                        "whether", "because", "as", "like", "so", "and", "or", "but", "since", "until",
                        "till", "before", "after", "while", "whatever", "whenever", "wherever", "once"}
FINITE_NEXT = {"am", "is", "are", "was", "were", "will", "would", "have", "has", "had", "do", "did", "does",
               "can", "could", "should", "shall", "must", "might", "may", "not", "just", "really", "already",
               "still", "also", "never", "always", "kind", "sort", "only", "actually", "obviously", "even",
               "said", "told", "forgot", "need", "get", "got", "feel", "felt", "think", "thought", "want"}
INTERJECTIONS = {"oh", "okay", "yes", "yeah", "yep", "well", "um", "uh", "umm", "er", "erm", "wow", "ha",
                 "hey", "anyway", "no", "nope", "right", "sure", "fine", "look", "listen", "honestly",
                 "thanks", "sorry", "please", "hmm", "hi", "hello", "so", "now", "then", "just", "also",
                 "again", "like", "mean"}
FILLERS = {"um", "uh", "umm", "er", "erm", "hmm", "like", "well", "oh"}
# "all I want", "the one time we get to talk": a relative clause, not a new sentence.
RELATIVE_HOSTS = {"all", "everything", "anything", "something", "nothing", "way", "time", "one", "person",
                  "thing", "things", "stuff", "reason", "much", "kind", "sort", "place", "day", "night"}


@dataclass(frozen=True)
class Clause:
    """A run of tokens [start, end) with the conjunction that opened it, if any."""

    start: int
    end: int
    lead: str | None

    def span(self, doc: Doc) -> Span:
        """The clause's tokens as a spaCy span."""
        return doc[self.start:self.end]


def _is_clause_start(doc: Doc, i: int, order_verbs: frozenset[str]) -> bool:
    tok = doc[i]
    prev = doc[i - 1]
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    norm = tok.norm_
    if norm in ALWAYS_LEADS:
        return not (norm == "if" and prev.norm_ in ("as", "even", "what", "see"))
    if norm in SOMETIMES_LEADS:
        if nxt is None or nxt.is_punct:
            return False
        if norm == "so":
            return (prev.lemma_ not in ("say", "think", "hope", "do", "guess", "suppose", "tell", "be")
                    and nxt.pos_ in ("PRON", "DET", "PROPN", "AUX", "VERB", "NOUN")
                    and nxt.norm_ not in ("much", "many", "far", "long", "that"))
        if norm == "since":
            return nxt.pos_ == "PRON" or nxt.norm_ in ("the", "my", "we", "you")
        if norm == "then":
            return prev.is_punct or prev.norm_ in ("and",)
        # "and"/"or" join clauses when a subject or a verb follows, not in "Monday, Wednesday and Friday".
        if nxt.pos_ in ("PRON", "VERB", "AUX") or nxt.norm_ in ("then", "now", "today", "tonight", "please"):
            return True
        if nxt.pos_ == "DET":
            following = doc[i + 2:i + 6]
            return any(t.pos_ in ("AUX", "VERB") for t in following)
        return False
    if norm in NOMINATIVE or norm == "you" or norm in THING_SUBJECTS:
        if (prev.pos_ in ("ADP", "SCONJ", "CCONJ") and prev.tag_ != "RP" or prev.pos_ == "PART" and prev.tag_ != "RP"
                or prev.norm_ in CLAUSE_OPENERS_BLOCK | RELATIVE_HOSTS):
            return False
        if prev.pos_ == "AUX" or prev.tag_ == "MD" or prev.norm_ in ("not",):
            return False
        if nxt is None or not (nxt.pos_ in ("AUX", "VERB") or nxt.norm_ in FINITE_NEXT):
            return False
        if norm in NOMINATIVE:
            return True
        # "you" and "it" can be objects ("tell you", "make it"): only after a word that cannot take one.
        return prev.pos_ not in ("VERB",) and prev.norm_ not in ("thank", "make", "let", "tell")
    if norm in ("oh", "okay", "yes", "yeah", "um", "uh", "wow", "ha", "anyway", "please") and tok.pos_ in ("INTJ", "ADV", "X", "PROPN", "NOUN", "ADJ", "VERB"):
        return (not prev.is_punct and prev.norm_ not in ("oh", "um", "uh", "okay", "no", "yes", "yeah", "and", "but")
                and prev.pos_ != "AUX" and prev.lemma_ != "be")
    if norm == "no" and prev.pos_ not in ("AUX", "ADV", "VERB") and (nxt is None or nxt.pos_ not in ("NOUN", "ADJ", "PROPN") or nxt.norm_ in ("problem", "worries")):
        return prev.norm_ not in ("oh", "um", "uh", "said", "say", "is", "was", "say", "answer")
    # A bare verb straight after a finished clause: "no he isn't tell your boyfriend …",
    # "you people are useless put your manager on", "treat me properly write the prescription".
    if tok.tag_ == "VB" and prev.norm_ == "not" and i >= 2 and doc[i - 2].lemma_ == "be":
        return True
    if tok.lower_ in order_verbs and tok.tag_ == "VB" and prev.norm_ not in ("please", "just", "not", "never", "to", "also", "then") \
            and (prev.pos_ in ("ADJ", "ADV", "NOUN", "PROPN", "NUM") or prev.norm_ in ("it", "them", "this")
                 or prev.pos_ == "VERB" and prev.lemma_ in ("think", "say", "know", "mean", "want", "care")):
        return True
    # An open question starting mid-stream: "it sounds like you feel unheard what did I miss".
    if norm in ("what", "which", "where", "when", "how") and nxt is not None and (nxt.pos_ == "AUX" or nxt.tag_ == "MD") \
            and i + 2 < len(doc) and doc[i + 2].norm_ in ("you", "we", "i", "they") and prev.pos_ not in ("ADP", "VERB", "AUX"):
        return True
    # A question turned round with no question mark: "… on the order are you too thick to read".
    if tok.pos_ == "AUX" and tok.norm_ in ("are", "is", "can", "could", "would", "will", "do", "did", "have")  \
            and nxt is not None and nxt.norm_ in ("you", "we", "i", "they") and prev.pos_ in ("NOUN", "PROPN", "ADV", "ADJ", "NUM") \
            and prev.norm_ not in CLAUSE_OPENERS_BLOCK and not any(t.norm_ in ("what", "which", "how", "where", "when", "who") for t in doc[max(0, i - 3):i]):
        return True
    return False


def split_clauses(doc: Doc, order_verbs: frozenset[str] = frozenset()) -> list[Clause]:
    """Cut the doc into clauses at punctuation and at the word cues above."""
    clauses: list[Clause] = []
    start, lead = 0, None
    n = len(doc)

    carried: list[str | None] = [None]

    def close(end: int) -> None:
        s = start
        while s < end and doc[s].is_punct:
            s += 1
        e = end
        while e > s and doc[e - 1].is_punct:
            e -= 1
        if e <= s:
            return
        # "if, um, we talked …": a lead cut off by a filler still opens the clause after it.
        if all(t.norm_ in ALWAYS_LEADS | SOMETIMES_LEADS | FILLERS for t in doc[s:e]):
            carried[0] = lead if lead is not None else carried[0]
            return
        clauses.append(Clause(s, e, lead if lead is not None else carried[0]))
        carried[0] = None

    i = 0
    while i < n:
        tok = doc[i]
        if tok.is_punct and tok.text in BREAK_PUNCT or tok.is_space:
            close(i)
            start, lead = i + 1, None
        elif i > start and _is_clause_start(doc, i, order_verbs):
            close(i)
            start = i
            lead = tok.norm_ if tok.norm_ in ALWAYS_LEADS | SOMETIMES_LEADS else None
        elif i == start and tok.norm_ in ALWAYS_LEADS | SOMETIMES_LEADS:
            lead = tok.norm_
        i += 1
    close(n)
    return clauses


@Language.factory("vc_clauses", default_config={"cues_path": None})
def make_clauses(nlp: Language, name: str, cues_path: str | None):
    """Register the clause splitter; the clauses land in doc._.vc_clauses."""
    if not Doc.has_extension("vc_clauses"):
        Doc.set_extension("vc_clauses", default=None)
    order_verbs = frozenset(load_cues(Path(cues_path or LEXICON_DIR / "cues.yaml")).command_verbs)

    def component(doc: Doc) -> Doc:
        doc._.vc_clauses = split_clauses(doc, order_verbs)
        return doc

    return component
