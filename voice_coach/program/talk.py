"""A spoken interview: the coach asks, the user answers by voice, typing or script; numbers and yes/no
are understood in words or digits."""

from __future__ import annotations

import re

from voice_coach.analysis.textform import number_words
from voice_coach.program.texts import text
from voice_coach.safety import stop_for_safety

NUMBER_PHRASES = [number_words(n) for n in range(101)] + ["a hundred"]
YES = ("yes", "yeah", "yep", "sure", "okay", "ok", "please", "yes please", "of course", "let's do it", "go ahead",
       "alright", "all right", "i would", "i do")
NO = ("no", "nope", "no thanks", "no thank you", "not now", "not today", "skip", "skip it", "maybe later",
      "i'm fine", "i don't", "i would not", "i wouldn't")
YES_NO_PHRASES = ["yes", "no", "yes please", "no thanks", "not now", "skip"]
_UNITS = {w: i for i, w in enumerate(NUMBER_PHRASES[:20])}
_TENS = {number_words(n): n for n in range(20, 100, 10)}
MAX_TRIES = 3
MAX_NUMBER_WORDS = 6  # "I'd say about forty five" is a number; a longer sentence is something else


class Stopped(Exception):
    """The user said stop, or the answers ran out."""


def parse_number(said: str) -> int | None:
    """'40', '40%', 'forty', 'forty-five', 'about a hundred', 'sixty percent' → the number; else None."""
    t = said.lower().replace("-", " ")
    if len(t.split()) > MAX_NUMBER_WORDS:
        return None  # "it shrank after one wash" is an answer, not a rating
    digits = re.search(r"\b(\d{1,3})(?:\s*%|\b)", t)
    if digits:
        return int(digits.group(1))
    words = re.findall(r"[a-z]+", t)
    for i, w in enumerate(words):
        if w == "hundred" and i > 0 and words[i - 1] in ("a", "one"):
            return 100
        if w in _TENS:
            nxt = words[i + 1] if i + 1 < len(words) else ""
            return _TENS[w] + (_UNITS[nxt] if nxt in _UNITS and 0 < _UNITS[nxt] < 10 else 0)
        if w in _UNITS:
            return _UNITS[w]
    return None


def parse_yes_no(said: str) -> bool | None:
    t = " ".join(re.findall(r"[a-z']+", said.lower()))
    if not t:
        return None
    if any(t == p or t.startswith(p + " ") for p in NO):
        return False
    if any(t == p or t.startswith(p + " ") for p in YES):
        return True
    return None


class Talk:
    """Asks and listens. Everything said is printed (and spoken in voice mode, through the Stage)."""

    def __init__(self, stage, answers, voice: tuple[str, str | None] = ("espeak", "gmw/en-us"), guard=None):
        self.stage = stage
        self.answers = answers
        self.voice = voice
        self.guard = guard  # text -> True when it is crisis language: the exercise stops (safety.py)

    def say(self, words: str) -> None:
        for line in words.strip().split("\n"):
            self.stage.say("Coach", line, *self.voice, mic=getattr(self.answers, "mic", None))

    def _listen(self, question: str, help_text: str | None, expect: list[str] | None = None) -> str:
        """One answer's words; handles repeat, help and silence; raises Stopped on stop or end of input."""
        self.say(question)
        silent = 0
        while True:
            answer = self.answers.next(expect) if expect else self.answers.next()
            if answer is None or answer.command == "stop":
                raise Stopped
            if answer.command in ("repeat", "try again", "slower"):
                self.say(question)
                continue
            if answer.command == "help":
                self.say(help_text or question)
                continue
            if answer.command == "pause":
                self.say(text("talk", "paused"))
                continue
            if not answer.text.strip():
                silent += 1
                if silent >= MAX_TRIES:
                    raise Stopped
                self.say(text("talk", "no_answer"))
                continue
            if self.guard is not None and self.guard(answer.text):
                stop_for_safety(self.say)
            return answer.text.strip()

    def ask(self, question: str, help_text: str | None = None) -> str:
        return self._listen(question, help_text)

    def ask_number(self, question: str, lo: int = 0, hi: int = 100, help_text: str | None = None) -> int:
        for _ in range(MAX_TRIES):
            said = self._listen(question, help_text, NUMBER_PHRASES)
            n = parse_number(said)
            if n is not None and lo <= n <= hi:
                return n
            question = text("talk", "number_again", lo=lo, hi=hi)
        raise Stopped

    def ask_yes_no(self, question: str, help_text: str | None = None) -> bool:
        for _ in range(MAX_TRIES):
            said = self._listen(question, help_text, YES_NO_PHRASES)
            if said.lower().strip(" .!") == "skip":
                return False
            yes = parse_yes_no(said)
            if yes is not None:
                return yes
            question = text("talk", "yes_no_again")
        raise Stopped
