"""Text forms: clean-up that keeps character offsets, and conversion to speech-recogniser form."""

from __future__ import annotations

import re
import unicodedata

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_ENDINGS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                    "nine": "ninth", "twelve": "twelfth"}

# A lone lowercase "i" (or i'm, i'll, i'd, i've) is what recognisers print for "I"; the tagger reads
# it far better capitalised. Same length, so offsets still point into the user's own text.
_LOWER_I = re.compile(r"(?<![\w'’])i(?=$|[\s'’.,!?;:)\"-])")


def number_words(n: int) -> str:
    """Spell a whole number below one million the way a recogniser prints it."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return number_words(thousands) + " thousand" + ("" if rest == 0 else " " + number_words(rest))
    return " ".join(_ONES[int(d)] for d in str(n))


def _ordinal_words(n: int) -> str:
    words = number_words(n).split()
    last = words[-1]
    if last in _ORDINAL_ENDINGS:
        words[-1] = _ORDINAL_ENDINGS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def _spell_numbers(text: str) -> str:
    text = re.sub(r"(\d+)(st|nd|rd|th)\b", lambda m: _ordinal_words(int(m.group(1))), text)
    text = re.sub(r"\b(\d{1,2}):(\d{2})\b",
                  lambda m: number_words(int(m.group(1))) + ("" if m.group(2) == "00" else " " + number_words(int(m.group(2)))),
                  text)
    text = re.sub(r"(\d+),(\d{3})\b", r"\1\2", text)
    return re.sub(r"\d+", lambda m: " " + number_words(int(m.group(0))) + " ", text)


def to_recognizer_form(text: str) -> str:
    """Lowercase, numbers as words, no punctuation but the apostrophes inside words."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\b([ap])\.m\.", r"\1m", text, flags=re.IGNORECASE)
    text = _spell_numbers(text.lower())
    text = re.sub(r"(?<![a-z])'|'(?![a-z])", " ", text)
    text = re.sub(r"[^a-z' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def clean(text: str) -> str:
    """Make text safe for the pipeline without moving a single character offset."""
    # Control characters (but not ordinary whitespace) become spaces; so do other invisible separators.
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return _LOWER_I.sub("I", "".join(out).replace("’", "'"))
