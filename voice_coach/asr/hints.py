"""Domain hints: teach a recogniser the words a scene expects that it does not know yet.

PocketSphinx can take new words at run time if it is given their phones, so a word missing from its
dictionary ("Priya", "Henderson") is spelled into phones with hibari's grapheme-to-phoneme model and
mapped to the ARPAbet the dictionary uses. Vosk's models change their vocabulary only in grammar mode,
which is used for commands, so Vosk takes no free-speech hints.
"""

from __future__ import annotations

from functools import lru_cache

# hibari's phonemes (misaki style: capitals are diphthongs) → CMUdict ARPAbet
_IPA = {
    "ɑ": "AA", "ɒ": "AA", "a": "AA", "æ": "AE", "ʌ": "AH", "ə": "AH", "ᵊ": "AH", "ɐ": "AH", "ɔ": "AO",
    "W": "AW", "I": "AY", "ɛ": "EH", "e": "EH", "ɜ": "ER", "ɚ": "ER", "A": "EY", "ɪ": "IH", "i": "IY",
    "O": "OW", "Q": "OW", "o": "OW", "Y": "OY", "ʊ": "UH", "u": "UW", "b": "B", "ʧ": "CH", "d": "D",
    "ð": "DH", "f": "F", "ɡ": "G", "g": "G", "h": "HH", "ʤ": "JH", "k": "K", "l": "L", "m": "M", "n": "N",
    "ŋ": "NG", "p": "P", "ɹ": "R", "r": "R", "s": "S", "ʃ": "SH", "t": "T", "ɾ": "T", "ʔ": "T", "θ": "TH",
    "v": "V", "w": "W", "j": "Y", "z": "Z", "ʒ": "ZH",
}
_VOWELS_BEFORE_R = {"ɜ", "ə", "ɚ"}


def arpabet(phonemes: str) -> list[str]:
    """Map a phoneme string to ARPAbet; "ɜɹ"/"əɹ" is one ER, stress and length marks are dropped."""
    out: list[str] = []
    chars = [c for c in phonemes if c not in "ˈˌː "]
    k = 0
    while k < len(chars):
        c = chars[k]
        if c in _VOWELS_BEFORE_R and k + 1 < len(chars) and chars[k + 1] == "ɹ":
            out.append("ER")
            k += 2
            continue
        if c in _IPA:
            out.append(_IPA[c])
        k += 1
    return out


@lru_cache(maxsize=1)
def _g2p():
    from hibari import Hibari

    return Hibari().g2p


def pronounce(word: str) -> list[str]:
    """ARPAbet phones for a word, from hibari's spelling-to-sound model."""
    return arpabet(_g2p()(word))
