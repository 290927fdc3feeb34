"""The worrying thought behind not speaking up: spot its thinking trap, question it, record a better one."""

from __future__ import annotations

from dataclasses import dataclass

from voice_coach.analysis.traps import trap_name
from voice_coach.program.texts import data, text
from voice_coach.store import Situation, Store

QUESTIONS_PER_TRAP = 2


@dataclass(frozen=True)
class ThoughtRecord:
    """One worked-through thought, as stored."""

    fear: str
    traps: list[str]
    answers: list[str]
    alternative: str


def _names(traps) -> str:
    names = [trap_name(t.name) for t in traps]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def exercise(talk, store: Store, analyzer, situation: Situation | None = None) -> ThoughtRecord:
    """Ask for the feared outcome, name its traps kindly, ask one or two questions, keep the alternative."""
    about = f" in this situation: {situation.title}" if situation else ""
    fear = talk.ask(text("thoughts", "fear", about=about), text("thoughts", "fear_help"))
    traps = analyzer.traps(fear)
    guide = data("thoughts")
    answers = []
    if traps:
        talk.say(text("thoughts", "found", names=_names(traps)) + " " + guide[traps[0].name]["explain"].capitalize()
                 + ".")
        questions = guide[traps[0].name]["questions"][:QUESTIONS_PER_TRAP]
    else:
        talk.say(text("thoughts", "none"))
        questions = [text("thoughts", "general_question")]
    for q in questions:
        answers.append(talk.ask(q))
    alternative = talk.ask(text("thoughts", "alternative"))
    store.add_thought(situation.id if situation else None, fear, [t.name for t in traps], answers, alternative)
    talk.say(text("thoughts", "noted", alternative=alternative))
    return ThoughtRecord(fear, [t.name for t in traps], answers, alternative)
