"""spaCy component `vc_norms`: one spelling for contractions, so "it's", "it is" and "its" match alike."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

# Pronouns after which a clitic 's is "is", not a possessive.
_IS_HOSTS = {"it", "that", "there", "what", "here", "who", "he", "she", "where", "how", "this", "everything",
             "nothing", "something", "everyone", "nobody", "one", "which", "let"}
_IS_FOLLOWERS = {"a", "an", "not", "so", "too", "very", "really", "fine", "okay", "ok", "tight", "ready", "late",
                 "gone", "been", "going", "still", "just", "always", "never", "all", "only", "getting", "sort",
                 "kind", "over", "out", "done", "broken", "empty", "cold"}
_D_HOSTS = {"i", "you", "we", "they", "he", "she", "it", "that", "who", "there"}
_CLITICS = {"'m": "am", "m": "am", "'re": "are", "re": "are", "'ve": "have", "ve": "have", "'ll": "will",
            "ll": "will", "n't": "not", "nt": "not", "ca": "can", "wo": "will", "sha": "shall",
            "gon": "going", "wan": "want", "cause": "because", "'cause": "because", "cos": "because",
            "coz": "because", "ok": "okay", "okey": "okay", "alright": "okay", "its": "it", "youre": "you", "thats": "that", "dont": "do", "cant": "can",
            "wont": "will", "didnt": "did", "doesnt": "does", "isnt": "is"}


def normalize(doc: Doc) -> Doc:
    """Set NORM so that spoken and written spellings of the same words compare equal."""
    for i, tok in enumerate(doc):
        low = tok.lower_
        prev = doc[i - 1].lower_ if i else ""
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if low == "'s" and i and prev not in _IS_HOSTS and (nxt in _IS_FOLLOWERS or doc[i + 1:i + 2].text and doc[i + 1].tag_ in ("VBG", "VBN", "RB", "JJ")):
            tok.norm_ = "is"  # "reading's a struggle", "dinner's ready"; "mum's car" stays possessive
        elif low in ("'s", "s") and i and prev in _IS_HOSTS:
            # "let's" is "let us"; otherwise "it's" is "it is".
            tok.norm_ = "us" if prev == "let" else "is"
        elif low in ("'d", "d") and i and prev in _D_HOSTS:
            # "I'd (sort of) planned" is had; "I'd like" is would.
            ahead = [t for t in doc[i + 1:i + 4] if t.lower_ not in ("sort", "kind", "of", "already", "just", "really", "never")]
            tok.norm_ = "had" if ahead and ahead[0].tag_ == "VBN" and ahead[0].lower_ not in ("been", "better") else "would"
        elif low == "na" and prev in ("gon", "wan"):
            tok.norm_ = "to"
        elif low == "its" and i + 1 < len(doc) and doc[i + 1].pos_ in ("ADJ", "DET", "ADV", "ADP"):
            # Recognisers often drop the apostrophe of "it's"; "its own" stays possessive.
            tok.norm_ = "it"
        elif low in _CLITICS and low != "its":
            tok.norm_ = _CLITICS[low]
        elif low in ("’", "`"):
            tok.norm_ = "'"
    return doc


@Language.factory("vc_norms")
def make_norms(nlp: Language, name: str):
    """Register the normaliser as a pipeline component."""
    return normalize
