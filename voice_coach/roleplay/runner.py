"""Running a scene: the partner speaks, the user answers, the analyzer judges, the scene branches.

The coach speaks up after a turn only when it helps (a non-assertive answer, or a called-for part of
the template missing), not after every line, and sums up at the end.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from voice_coach.analysis.types import Analysis
from voice_coach.delivery import measure
from voice_coach.delivery.coach import lead_for, with_delivery
from voice_coach.roleplay import skills, techniques
from voice_coach.roleplay.scene import Scene
from voice_coach.roleplay.stage import Stage
from voice_coach.roleplay.turns import Answer
from voice_coach.safety import stop_for_safety

COACH = ("espeak", "gmw/en-us")
MAX_STEPS = 40  # a scene that loops on unclear answers still ends
MAX_SILENCES = 2
INTERRUPTING = Path(__file__).parent / "data" / "interrupting.yaml"


@dataclass
class TurnRecord:
    """One exchange, as saved."""

    turn: str
    partner: str
    answer: str
    style: str
    elements: dict
    score: int
    feedback: str
    tip: str | None
    technique: str | None = None
    technique_used: bool | None = None
    delivery: dict | None = None  # how it was said, when it was heard (delivery.Delivery.to_contract)
    interrupted: bool = False     # the answer began over the partner's line (barge-in)


@dataclass
class Session:
    """A whole rehearsal, as saved and summed up."""

    scene: str
    records: list[TurnRecord] = field(default_factory=list)
    ending: str = "unfinished"
    summary: str = ""
    store_id: int | None = None  # the session's row in the store, once saved

    @property
    def score(self) -> int:
        scored = [r.score for r in self.records]
        return round(sum(scored) / len(scored)) if scored else 0

    @property
    def style(self) -> str | None:
        """The style most answers had; a tie counts against assertive (mastery needs a clear majority)."""
        if not self.records:
            return None
        counts = Counter(r.style for r in self.records)
        top = max(counts.values())
        leaders = [s for s, n in counts.items() if n == top]
        return next((s for s in leaders if s != "assertive"), leaders[0])


class Runner:
    """Plays one scene with an analyzer, a stage and a source of answers."""

    def __init__(self, analyzer, stage: Stage, answers, on_turn=None, calibration=None):
        self.analyzer = analyzer
        self.stage = stage
        self.answers = answers
        self.calibration = calibration  # the user's voice reference for delivery (defaults when None)
        self.on_turn = on_turn  # called with each TurnRecord and its Answer as soon as the turn is complete

    def coach(self, text: str) -> None:
        self.stage.say("Coach", text, *COACH, mic=getattr(self.answers, "mic", None))

    def partner(self, scene: Scene, turn_id: str) -> None:
        turn = scene.turns[turn_id]
        who = scene.characters[turn.speaker]
        v = who.voice
        self.stage.say(who.name, turn.says, v.engine, v.variant, v.rate, v.volume,
                       mic=getattr(self.answers, "mic", None), interruptible=True)

    def run(self, scene: Scene) -> Session:
        session = Session(scene.id)
        current = scene.start
        assertive_here: Counter[str] = Counter()
        self.stage.out(f"Scene: {scene.title} (level {scene.level}). {scene.situation.strip()}")
        self.stage.out(f"Your goal: {scene.goal.strip()}")
        for _ in range(MAX_STEPS):
            turn = scene.turns[current]
            self.partner(scene, current)
            if turn.end:
                session.ending = turn.end
                break
            answer = self._answer(scene, current)
            if answer is None or answer.command == "stop":
                break
            cut_in = self.stage.interrupted is not None  # the answer began over the partner's line
            if cut_in:
                answer = replace(answer, start_delay_s=0.0)  # no hesitation: they did not wait at all
            if self.stage.record is not None:
                self.stage.record.add(answer.audio)  # the user's side of --record-to
            if answer.command == "skip":
                current = turn.next.assertive
                continue
            result = self.analyzer.analyze(answer.text, f"{scene.characters[turn.speaker].name}: {turn.says}") \
                if answer.text.strip() else self.analyzer.nothing_heard()
            if result.crisis:
                stop_for_safety(self.coach)  # no more role-play, and the words are not kept
            if answer.audio is not None and answer.words:
                result = with_delivery(result, measure(answer.audio, list(answer.words), calibration=self.calibration,
                                                       start_delay_s=answer.start_delay_s))
            technique_used = techniques.used(turn.technique, answer.text, result)
            tip = self._tip(turn, result, technique_used)
            if tip is None and result.delivery is not None:
                tip = result.delivery.tip(lead_for(result))  # the words were right: coach the voice
            record = TurnRecord(current, turn.says, answer.text, result.style, result.elements, result.score,
                                result.feedback, tip, turn.technique, technique_used,
                                result.delivery.to_contract() if result.delivery is not None else None, cut_in)
            session.records.append(record)
            if self.on_turn is not None:
                self.on_turn(record, answer)
            if cut_in and sum(r.interrupted for r in session.records) == 1:
                self.coach(interrupting_note("first", scene, scene.characters[turn.speaker].name))
            if tip:
                self.coach(tip)
            if result.style == "assertive":
                assertive_here[current] += 1
                if turn.give_way_after and assertive_here[current] >= turn.give_way_after:
                    current = turn.gives_way_to
                    continue
            current = getattr(turn.next, result.style)
        session.summary = self.summary(scene, session)
        for line in session.summary.split("\n"):
            self.coach(line)
        return session

    def _answer(self, scene: Scene, turn_id: str) -> Answer | None:
        """An answer, handling the voice commands that are not answers."""
        turn = scene.turns[turn_id]
        silent = 0
        while True:
            answer = self.answers.next()
            if answer is None:
                return None
            if not answer.text.strip() and answer.command is None:
                # Nothing heard is not a passive answer: invite one, and stop after two silences.
                silent += 1
                if silent >= MAX_SILENCES:
                    self.coach("I haven't heard an answer, so let's stop here. Come back to it whenever you like.")
                    return None
                self.coach("I didn't hear an answer. Take your time, then answer out loud.")
                continue
            if answer.command in (None, "stop", "skip"):
                return answer
            if answer.command in ("repeat", "try again"):
                self.partner(scene, turn_id)
            elif answer.command == "slower":
                self.stage.rate = max(0.6, self.stage.rate * 0.85)
                self.partner(scene, turn_id)
            elif answer.command == "help":
                self.coach(skills.lesson(turn.technique or "template"))
                if turn.tip:
                    self.coach(turn.tip)
            elif answer.command == "pause":
                self.coach("Paused. Say anything when you're ready to go on.")

    @staticmethod
    def _tip(turn, result: Analysis, technique_used: bool | None = None) -> str | None:
        """One short tip, only when it helps: the answer was not assertive, it missed what the turn called
        for, or it did not use the technique the turn asks for."""
        missing = [e for e in turn.calls_for if not result.elements.get(e)]
        if result.style == "assertive" and not missing and technique_used is not False:
            return None
        return turn.tip or result.feedback.split(" Try:")[0]

    @staticmethod
    def summary(scene: Scene, session: Session) -> str:
        """What went well, the one thing to work on, a model answer, the score."""
        if not session.records:
            return "No answers this time. Whenever you're ready, try the scene again."
        best = max(session.records, key=lambda r: r.score)
        styles = Counter(r.style for r in session.records)
        lines = []
        if best.style == "assertive":
            lines.append(f"What went well: \"{best.answer}\" was clear and direct.")
        else:
            lines.append("What went well: you stayed in the conversation to the end.")
        if styles.most_common(1)[0][0] != "assertive":
            worst = styles.most_common(1)[0][0].replace("_", "-")
            lines.append(f"To work on: most answers came across as {worst}; say what you want plainly and calmly.")
        else:
            missing = Counter(e for r in session.records for e, present in r.elements.items() if not present)
            if missing:
                lines.append(f"To work on: add the {missing.most_common(1)[0][0]} part of the template.")
        skills = sorted({r.technique.replace("_", " ") for r in session.records if r.technique and r.technique_used})
        if skills:
            lines.append(f"Techniques you used: {', '.join(skills)}.")
        voice = _voice_summary(session)
        if voice:
            lines.append(voice)
        cut_ins = sum(r.interrupted for r in session.records)
        if cut_ins:
            lines.append(interrupting_note("summary", scene, count=cut_ins, times="time" if cut_ins == 1 else "times"))
        consistency = _broken_record(session)
        if consistency:
            lines.append(consistency)
        lines.append(f"A model answer: \"{scene.model_answer or best.answer}\"")
        ending = {"success": "You reached your goal", "partial": "You got part of the way",
                  "stalemate": "The conversation stalled", "unfinished": "The session ended early"}[session.ending]
        lines.append(f"{ending}. Your score: {session.score} of 100.")
        return "\n".join(lines)


def interrupting_note(kind: str, scene: Scene, name: str = "", **fields) -> str:
    """What cutting in meant in this scene (data/interrupting.yaml), the first time or in the summary."""
    from voice_coach.analysis.lexicon import read_yaml

    return read_yaml(INTERRUPTING)[kind][scene.interrupting].format(name=name, **fields)


def _voice_summary(session: Session) -> str | None:
    """How the answers sounded, when they were heard: the most frequent delivery issue, or that it was steady."""
    from voice_coach.delivery.types import VERDICTS, settings

    heard = [r.delivery for r in session.records if r.delivery is not None]
    if not heard:
        return None
    counts = Counter(v for d in heard for v in d["verdicts"])
    if not counts:
        return "Your voice: steady, clear and at an even pace throughout."
    top = max(counts, key=lambda v: (counts[v], -VERDICTS.index(v)))
    tip = settings()["tips"][top]
    return f"Your voice, in {counts[top]} of {len(heard)} answers: {tip[0].upper() + tip[1:]}"


def _broken_record(session: Session) -> str | None:
    """Broken record: when the partner pushed back again, did the request stay the same?"""
    by_turn: dict[str, list[str]] = {}
    for r in session.records:
        if r.style == "assertive" and r.elements.get("request"):
            by_turn.setdefault(r.turn, []).append(r.answer.lower())
    repeats = [asks for asks in by_turn.values() if len(asks) >= 2]
    if not repeats:
        return None
    same = min(SequenceMatcher(None, a, b).ratio() for asks in repeats for a, b in zip(asks, asks[1:]))
    if same >= 0.5:
        return "You kept your request steady across turns: that is the broken record working."
    return "Your request changed between turns; repeating the same words makes it easier to hold."


def save(session: Session, folder: Path) -> Path:
    """Keep the session as JSON (the SQLite store replaces this with the training programme)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{session.scene}.json"
    path.write_text(json.dumps({"scene": session.scene, "ending": session.ending, "score": session.score,
                                "summary": session.summary, "turns": [asdict(r) for r in session.records]},
                               indent=1, ensure_ascii=False))
    return path
