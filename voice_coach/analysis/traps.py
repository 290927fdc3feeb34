"""spaCy component `vc_traps`: the thinking traps in what someone fears will happen if they speak up.

Rules over words and the parse (lexicon in lexicons/traps.yaml): mind reading (someone else's thoughts
about me), fortune telling (a bad outcome stated as certain), catastrophising, should statements,
all-or-nothing words, labelling (a name for a whole person) and personalising (blame taken for others).
Negation and hedges count: "it wouldn't be the end of the world" and "she might say no" are not traps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from voice_coach.analysis.lexicon import read_yaml

LEXICON = Path(__file__).parent / "lexicons" / "traps.yaml"
TRAPS = ("mind_reading", "fortune_telling", "catastrophising", "should_statements", "all_or_nothing",
         "labelling", "personalising")
FIRST_PERSON = {"i", "me", "my", "myself", "mine"}
NEGATIONS = {"not", "never", "no"}


@dataclass(frozen=True)
class Trap:
    """One thinking trap and the words that show it."""

    name: str
    words: str


@lru_cache(maxsize=1)
def lexicon() -> dict:
    lex = read_yaml(LEXICON)
    for key, value in lex.items():
        if isinstance(value, list):
            lex[key] = [v.lower() for v in value]
    return lex


def _norms(tokens) -> list[str]:
    return [t.norm_ if t.norm_ not in ("'", "") else t.lower_ for t in tokens]


@lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, list[list[str]]]:
    index: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        words = phrase.split()
        index.setdefault(words[0], []).append(words)
    return index


def _find_phrases(doc: Doc, phrases: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans where a phrase occurs, matched on normalised words; phrases are looked up
    by their first word, so the cost grows with the text, not with the lexicon."""
    words = _norms(doc)
    index = _by_first_word(tuple(phrases))
    found = []
    for i, w in enumerate(words):
        for p in index.get(w, ()):
            if words[i:i + len(p)] == p:
                found.append((i, i + len(p)))
    return found


def _negated(tok: Token) -> bool:
    """The word, or the verb it hangs from, is negated ("wouldn't be the end of the world"), or the speaker
    denies it ("I don't think it's my fault")."""
    for t in [tok, *tok.ancestors][:4]:
        if any(c.dep_ == "neg" or c.norm_ in ("never",) and c.dep_ in ("neg", "advmod") for c in t.children):
            return True
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            break
    for a in list(tok.ancestors)[:4]:
        if a.lemma_.lower() in ("think", "believe", "feel", "suppose") and any(c.dep_ == "neg" for c in a.children) \
                and any(c.dep_ == "nsubj" and c.norm_ == "i" for c in a.children):
            return True
    return False


def _subject(verb: Token) -> Token | None:
    for t in [verb, *verb.ancestors][:3]:
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass", "expl"):
                return c
    return None


def _clause(tok: Token) -> Token:
    """The verb (or predicate) heading the clause a word sits in."""
    t = tok
    while t.dep_ not in ("ROOT", "ccomp", "advcl", "conj", "xcomp", "relcl", "csubj") and t.head.i != t.i:
        t = t.head
    return t


def _about_me(verb: Token, subj: Token) -> list[Token]:
    """First-person words in what follows the verb: the thought is about the speaker."""
    return [t for t in verb.subtree if t.norm_ in FIRST_PERSON and t.i > verb.i and t.i != subj.i]


def _mind_reading(doc: Doc, lex: dict) -> list[Trap]:
    out = []
    verbs = set(lex["cognition_verbs"]) | set(lex["attitude_verbs"])
    for tok in doc:
        if tok.lemma_.lower() not in verbs or tok.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject(tok)
        if subj is None or subj.norm_ in ("i", "we", "it", "this", "that") or subj.tag_ in ("WP",):
            continue
        about_me = _about_me(tok, subj)
        if about_me and not any(c.dep_ == "mark" and c.norm_ in ("if", "whether") for c in tok.children):
            out.append(Trap("mind_reading", doc[min(subj.i, tok.i):max(t.i for t in about_me) + 1].text))
    return out


def _predictions(doc: Doc, lex: dict) -> list[Trap]:
    """A bad outcome stated as certain: will/'ll/going to/bound to, not hedged, not in an if-clause."""
    out = []
    outcomes = set(lex["bad_outcomes"])
    cognition = set(lex["cognition_verbs"])
    for tok in doc:
        n = tok.norm_
        if n == "will" and tok.dep_ == "aux":
            pred = tok.head
        elif n in lex["future_markers"] and any(c.dep_ == "xcomp" for c in tok.children):
            if n == "sure" and not any(c.norm_ == "to" for c in doc[tok.i + 1:tok.i + 2]):
                continue  # "I'm sure the neighbours…" is certainty about now, not a prediction
            pred = next(c for c in tok.children if c.dep_ == "xcomp")
        else:
            continue
        subj = _subject(pred)
        if pred.lemma_.lower() in cognition and subj is not None and _about_me(pred, subj):
            continue  # "she'll think I'm lazy" is mind reading
        if any(c.norm_ in lex["hedges"] for c in [*pred.children, *tok.children]):
            continue
        if any(c.dep_ == "mark" and c.norm_ in ("if", "when", "whether", "what", "how", "unless")
               for c in pred.children):
            continue
        if any(a.lemma_.lower() in lex["hedging_heads"] or a.lower_ in lex["hedging_heads"]
               or (a.lemma_.lower() in ("sure", "know", "certain") and _negated(a)) for a in pred.ancestors):
            continue  # "I'm afraid my voice will shake", "I'm not sure what she will say"
        region = [t for t in pred.subtree if _clause(t).i == pred.i or t.head.i == pred.i]
        words = {t.lemma_.lower() for t in region} | {t.norm_ for t in region}
        if words & outcomes or any(c.dep_ == "neg" for c in [*pred.children, *tok.children]):
            out.append(Trap("fortune_telling", doc[min(t.i for t in region):max(t.i for t in region) + 1].text))
    return out


def _catastrophes(doc: Doc, lex: dict) -> list[Trap]:
    out = []
    for start, end in _find_phrases(doc, lex["catastrophes"]):
        if not _negated(doc[start]) or doc[start].norm_ == "never":
            out.append(Trap("catastrophising", doc[start:end].text))
    for tok in doc:
        if tok.lemma_.lower() in lex["catastrophic_verbs"] and tok.pos_ == "VERB" and not _negated(tok):
            out.append(Trap("catastrophising", doc[tok.i:tok.i + 3].text))
        if tok.lemma_.lower() in lex["cannot_verbs"] and tok.pos_ == "VERB" and _negated(tok):
            out.append(Trap("catastrophising", doc[max(0, tok.i - 2):tok.i + 2].text))
    return out


def _shoulds(doc: Doc, lex: dict) -> list[Trap]:
    out = []
    for tok in doc:
        if tok.norm_ not in lex["should_words"] or tok.tag_ != "MD":
            continue
        after = [t.norm_ for t in doc[tok.i + 1:tok.i + 4]]
        subj = _subject(tok.head)
        guess = "have" in after[:2] or (after[:1] == ["be"] and tok.i + 2 < len(doc) and doc[tok.i + 2].tag_ == "VBG")
        if tok.norm_ == "must" and (guess or (subj is not None and subj.norm_ in ("it", "that", "there"))):
            continue  # "I must have done something", "he must be thinking", "it must be me": guesses, not rules
        out.append(Trap("should_statements", doc[tok.i:tok.i + 3].text))
    for start, end in _find_phrases(doc, lex["should_phrases"]):
        out.append(Trap("should_statements", doc[start:end + 1].text))
    return out


def _absolutes(doc: Doc, lex: dict) -> list[Trap]:
    out = []
    for start, end in _find_phrases(doc, lex["absolutes"]):
        if start and doc[start - 1].norm_ == "not":
            continue  # "not always" is a qualification, not an absolute
        out.append(Trap("all_or_nothing", doc[start:end].text))
    return out


def _labels(doc: Doc, lex: dict) -> list[Trap]:
    out = []
    cognition = set(lex["cognition_verbs"])
    for tok in doc:
        word = tok.lemma_.lower()
        named = word in lex["labels"] or (
            word in lex["person_nouns"] and any(c.lemma_.lower() in lex["label_adjectives"] for c in tok.children))
        if not named or tok.pos_ not in ("NOUN", "ADJ", "PROPN") \
                or tok.dep_ not in ("attr", "acomp", "pobj", "dobj", "ROOT", "conj", "oprd"):
            continue
        head = tok.head if tok.dep_ != "pobj" else tok.head.head
        if tok.dep_ == "conj":
            head = tok.head.head
        if head.lemma_.lower() not in ("be", "look", "seem", "sound", "feel", "become", "call", "like") \
                and not (tok.dep_ == "ROOT"):
            continue
        subj = _subject(head)
        if subj is not None and subj.norm_ in ("it", "this", "that", "there", "what"):
            continue  # a label is for a person: "it's worthless" is about the work
        thinkers = [a for a in head.ancestors if a.lemma_.lower() in cognition]
        if _negated(tok) or any((_subject(a) is None or _subject(a).norm_ not in ("i", "we")) for a in thinkers):
            continue  # "I'm not an idiot"; "they'll think I'm selfish" is mind reading
        out.append(Trap("labelling", doc[max(0, tok.i - 3):tok.i + 1].text))
    return out


def _personal(doc: Doc, lex: dict) -> list[Trap]:
    out = []
    for start, end in _find_phrases(doc, lex["personal_blame"]):
        if not _negated(doc[start]):
            out.append(Trap("personalising", doc[start:end].text))
    return out


RULES = (_mind_reading, _predictions, _catastrophes, _shoulds, _absolutes, _labels, _personal)


def find_traps(doc: Doc) -> list[Trap]:
    """Each trap once (the first words that show it), in the order of TRAPS."""
    lex = lexicon()
    first: dict[str, Trap] = {}
    for rule in RULES:
        for trap in rule(doc, lex):
            first.setdefault(trap.name, trap)
    return [first[name] for name in TRAPS if name in first]


def trap_name(name: str) -> str:
    return lexicon()["names"][name]


@Language.factory("vc_traps")
def make_traps(nlp: Language, name: str):
    """Register the trap finder: sets doc._.vc_traps to a list of Trap."""
    if not Doc.has_extension("vc_traps"):
        Doc.set_extension("vc_traps", default=None)

    def component(doc: Doc) -> Doc:
        doc._.vc_traps = find_traps(doc)
        return doc

    return component
