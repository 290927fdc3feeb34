"""Guided relaxation before a hard conversation: paced breathing, progressive muscle relaxation, STOP."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from voice_coach.errors import UserError
from voice_coach.program.texts import data, text

EXERCISES = ("breathing", "muscles", "stop")


@dataclass(frozen=True)
class BreathSettings:
    """Paced breathing: seconds in, seconds out, for how long."""

    minutes: float = 2.0
    inhale_s: float = 4.0
    exhale_s: float = 6.0

    def __post_init__(self):
        if not 0 < self.minutes <= 30:
            raise UserError(f"--minutes {self.minutes}: choose more than 0 and at most 30")
        for name, v in (("--in", self.inhale_s), ("--out", self.exhale_s)):
            if not 2 <= v <= 12:
                raise UserError(f"{name} {v}: a breath phase of 2 to 12 seconds works best")

    @property
    def cycles(self) -> int:
        return max(1, round(self.minutes * 60 / (self.inhale_s + self.exhale_s)))


class Pacer:
    """Holds each phase to its length: the time spent speaking the cue counts towards it."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.sleep = sleep
        self.clock = clock

    def phase(self, talk, cue: str, seconds: float) -> None:
        start = self.clock()
        talk.say(cue)
        left = seconds - (self.clock() - start)
        if left > 0:
            self.sleep(left)


def breathing(talk, settings: BreathSettings, pacer: Pacer | None = None) -> int:
    """Spoken cues timed to the breath; returns the number of breaths guided."""
    pacer = pacer or Pacer()
    words = data("relax")["breathing"]
    talk.say(words["intro"].format(inhale=_secs(settings.inhale_s), exhale=_secs(settings.exhale_s)))
    for _ in range(settings.cycles):
        pacer.phase(talk, words["inhale"], settings.inhale_s)
        pacer.phase(talk, words["exhale"], settings.exhale_s)
    talk.say(words["outro"])
    return settings.cycles


def muscles(talk, pacer: Pacer | None = None) -> int:
    """Tense and release each muscle group in turn; returns the number of groups."""
    pacer = pacer or Pacer()
    words = data("relax")["muscles"]
    talk.say(words["intro"])
    for group in words["groups"]:
        pacer.phase(talk, group, words["hold_s"])
        pacer.phase(talk, words["release"], words["release_s"])
    talk.say(words["outro"])
    return len(words["groups"])


def stop_skill(talk, pacer: Pacer | None = None) -> int:
    """The STOP skill, one step at a time with room to do it; returns the number of steps."""
    pacer = pacer or Pacer()
    words = data("relax")["stop"]
    talk.say(words["intro"])
    for step in words["steps"]:
        pacer.phase(talk, step, words["pause_s"])
    talk.say(words["outro"])
    return len(words["steps"])


def run(talk, exercise: str | None, settings: BreathSettings, pacer: Pacer | None = None) -> str:
    """`voice-coach relax`: the exercise named, or the one the user chooses when asked."""
    if exercise is None:
        said = talk.ask(text("relax", "choose"), text("relax", "choose_help")).lower()
        exercise = next((e for e in EXERCISES if e in said or (e == "muscles" and "muscle" in said)), None)
        if exercise is None:
            exercise = "breathing"
    {"breathing": lambda: breathing(talk, settings, pacer), "muscles": lambda: muscles(talk, pacer),
     "stop": lambda: stop_skill(talk, pacer)}[exercise]()
    talk.say(text("relax", "done"))
    return exercise


def _secs(s: float) -> str:
    return f"{s:g} seconds" if s != 1 else "1 second"
