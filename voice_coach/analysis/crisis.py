"""spaCy component `vc_crisis`: talk of suicide, self-harm, or being hurt or in danger at home.

It errs towards safety: a crisis stops the exercise, and a practice tool saying "please call for help"
to someone who was joking costs little. Negation and other people's stories are still handled: "I'd
never hurt myself", "my character is angry", "a film about a man who kills himself" are not crises.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from voice_coach.analysis.lexicon import read_yaml
from voice_coach.analysis.traps import _find_phrases, _subject

LEXICON = Path(__file__).parent / "lexicons" / "crisis.yaml"


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return {k: [str(v).lower() for v in vals] for k, vals in read_yaml(LEXICON).items()}


def _denied(tok: Token) -> bool:
    """The verb, or a verb it hangs from (want, going, would), is negated: "I'm not going to kill myself"."""
    for t in [tok, *tok.ancestors][:4]:
        if any(c.dep_ == "neg" or (c.norm_ == "never" and c.dep_ in ("advmod", "neg")) for c in t.children):
            return True
        if t.dep_ not in ("xcomp", "aux", "auxpass", "dobj", "acomp", "pobj", "prep", "ccomp") or t.head.i == t.i:
            break
    return False


def _phrase_hits(doc: Doc, phrases: list[str]) -> list[str]:
    hits = []
    for start, end in _find_phrases(doc, phrases):
        words = [t.norm_ for t in doc[start:end]]
        verb = next((t for t in doc[start:end] if t.pos_ in ("VERB", "AUX", "ADJ")), doc[start])
        if {"not", "no", "nobody", "never"} & set(words) or not _denied(verb):
            hits.append(doc[start:end].text)
    return hits


def _denied_hits(doc: Doc, phrases: list[str]) -> list[str]:
    """Phrases that signal a crisis when negated: "I can't stay alive", "I don't want to wake up"."""
    out = []
    for start, end in _find_phrases(doc, phrases):
        verb = next((t for t in doc[start:end] if t.pos_ in ("VERB", "AUX")), doc[start])
        if _denied(verb):
            out.append(doc[start:end].text)
    return out


def _self_harm(doc: Doc, lex: dict) -> list[str]:
    """The speaker hurting their own body: "if I killed myself", "I cut my arms"; and "ending it" with
    nothing after it (not "ending it with him")."""
    out = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB":
            continue
        if lemma in lex["self_harm_verbs"]:
            for c in tok.children:
                own_body = c.lower_ in lex["body_parts"] and any(p.norm_ == "my" for p in c.children)
                if c.dep_ == "dobj" and (c.norm_ == "myself" or own_body) and not _denied(tok):
                    subj = _subject(tok)
                    if subj is None or subj.norm_ == "i":
                        out.append(doc[tok.i:c.i + 1].text)
        if lemma == "end" and any(c.dep_ == "dobj" and c.norm_ == "it" for c in tok.children) \
                and not any(c.dep_ in ("prep", "advcl", "ccomp") for c in tok.children) and not _denied(tok):
            subj = _subject(tok)
            if subj is None or subj.norm_ == "i":
                out.append(doc[tok.i:tok.i + 2].text)
    return out


def _violence(doc: Doc, lex: dict) -> list[str]:
    hits = []
    for tok in doc:
        if tok.lemma_.lower() not in lex["violence_verbs"] or tok.pos_ != "VERB":
            continue
        victims = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.norm_ in lex["victims"]
                   or c.dep_ == "dobj" and c.lemma_.lower() in lex["victims"]]
        passive = any(c.dep_ == "nsubjpass" and c.norm_ == "i" for c in tok.children) or (
            tok.tag_ == "VBN" and any(c.dep_ in ("nsubj", "nsubjpass") and c.norm_ == "i" for c in tok.children)
            and any(c.lemma_ in ("get", "be") and c.dep_ in ("auxpass", "aux") for c in tok.children))
        if not victims and not passive:
            continue
        if any(c.dep_ == "prep" and c.norm_ in lex["competition"] and tok.lemma_ == "beat" for c in tok.children):
            continue  # "she beat me at chess"
        if not passive:
            subj = _subject(tok)
            if subj is None or subj.norm_ not in lex["persons"] and subj.lemma_.lower() not in lex["persons"]:
                continue  # "this deadline is killing me": not a person; "you" is the role-play partner
        if _denied(tok):
            continue
        hits.append(doc[tok.i:tok.i + 2].text)
    return hits


def _suicide(doc: Doc, lex: dict) -> list[str]:
    hits = []
    for tok in doc:
        if tok.lower_ in lex["suicide_words"] and tok.dep_ != "compound":  # "suicide prevention" is a topic
            for a in list(tok.ancestors)[:3]:
                subj = _subject(a)
                if a.lemma_.lower() in lex["suicide_verbs"] and subj is not None and subj.norm_ == "i" \
                        and not _denied(a):
                    hits.append(tok.text)
                    break
    return hits


def find_crisis(doc: Doc) -> list[str]:
    """The words that signal a crisis (empty when there is none)."""
    lex = lexicon()
    return (_phrase_hits(doc, lex["self_harm"]) + _phrase_hits(doc, lex["danger"])
            + _denied_hits(doc, lex["crisis_when_denied"]) + _self_harm(doc, lex) + _violence(doc, lex)
            + _suicide(doc, lex))


@Language.factory("vc_crisis")
def make_crisis(nlp: Language, name: str):
    """Register the crisis detector: sets doc._.vc_crisis to the words that signal one."""
    if not Doc.has_extension("vc_crisis"):
        Doc.set_extension("vc_crisis", default=None)

    def component(doc: Doc) -> Doc:
        doc._.vc_crisis = find_crisis(doc)
        return doc

    return component
