"""A scene: who the other party is, what they say, and where the conversation goes after each answer.

The format is documented in scenes/README.md. Validation names the file, the line and the field:
unknown turn ids, unreachable turns, no ending, bad levels and missing voices are all refused.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from voice_coach.analysis.types import ELEMENTS, STYLES
from voice_coach.errors import UserError
from voice_coach.roleplay.yamlpos import line_of, load_with_lines

AREAS = ("work", "family", "partner", "friends", "services", "neighbours", "school", "health care", "housing",
         "strangers")
SKILLS = ("template", "saying_no", "broken_record", "fogging", "negative_inquiry", "negative_assertion",
          "workable_compromise", "escalating_assertion", "setting_limits", "asking", "feedback")
ENDINGS = ("success", "partial", "stalemate")
INTERRUPTING = ("welcome", "neutral", "costly")  # what cutting in on the partner means in a scene (barge-in)


class Voice(BaseModel):
    """How a character sounds."""

    model_config = ConfigDict(extra="forbid")
    engine: Literal["espeak", "hibari"]
    variant: str | None = None
    rate: float = Field(1.0, ge=0.5, le=2.0)
    volume: float = Field(1.0, ge=0.0, le=1.0)


class Character(BaseModel):
    """The other party (or parties)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    role: str
    voice: Voice


class Next(BaseModel):
    """Where each style of answer leads."""

    model_config = ConfigDict(extra="forbid")
    assertive: str
    passive: str
    aggressive: str
    passive_aggressive: str


class Turn(BaseModel):
    """One line of the other party, and what follows it."""

    model_config = ConfigDict(extra="forbid")
    speaker: str
    says: str = Field(min_length=1)
    calls_for: list[Literal["situation", "feeling", "reason", "request"]] = Field(default_factory=list)
    technique: Literal[SKILLS] | None = None  # type: ignore[valid-type]
    tip: str | None = None                 # what the coach may say after this turn when it helps
    next: Next | None = None
    give_way_after: int | None = Field(None, ge=1, le=5)  # assertive answers at this turn before they give way
    gives_way_to: str | None = None
    end: Literal[ENDINGS] | None = None    # type: ignore[valid-type]


class Scene(BaseModel):
    """A whole rehearsal."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    area: Literal[AREAS]  # type: ignore[valid-type]
    level: int = Field(ge=1, le=10)
    situation: str
    goal: str
    skills: list[Literal[SKILLS]] = Field(min_length=1)  # type: ignore[valid-type]
    characters: dict[str, Character] = Field(min_length=1)
    start: str
    turns: dict[str, Turn] = Field(min_length=1)
    model_answer: str | None = None
    interrupting: Literal[INTERRUPTING] = "neutral"  # type: ignore[valid-type]

    @field_validator("turns")
    @classmethod
    def _turn_ids(cls, turns: dict[str, Turn]) -> dict[str, Turn]:
        for key in turns:
            if not key.replace("_", "").replace("-", "").isalnum():
                raise ValueError(f"turn id '{key}' may hold only letters, digits, '-' and '_'")
        return turns


class SceneError(UserError):
    """A scene file that does not hold together."""


def _fail(path: Path, lines: dict, loc: tuple, message: str) -> SceneError:
    field = ".".join(str(p) for p in loc) or "(file)"
    return SceneError(f"{path} line {line_of(lines, loc)}: field '{field}': {message}")


def check_graph(scene: Scene, path: Path, lines: dict) -> None:
    """Every link leads to a turn, every turn can be reached, and the scene can end."""
    if scene.start not in scene.turns:
        raise _fail(path, lines, ("start",), f"unknown turn '{scene.start}'")
    for tid, turn in scene.turns.items():
        if turn.speaker not in scene.characters:
            raise _fail(path, lines, ("turns", tid, "speaker"),
                        f"unknown character '{turn.speaker}' (characters: {', '.join(scene.characters)})")
        if turn.end is None and turn.next is None:
            raise _fail(path, lines, ("turns", tid), "a turn needs 'next' (where each answer leads) or 'end'")
        if turn.end is not None and turn.next is not None:
            raise _fail(path, lines, ("turns", tid, "next"), "an ending turn cannot lead anywhere")
        if (turn.give_way_after is None) != (turn.gives_way_to is None):
            raise _fail(path, lines, ("turns", tid), "'give_way_after' and 'gives_way_to' go together")
        links = [(("turns", tid, "next", s), getattr(turn.next, s)) for s in STYLES] if turn.next else []
        if turn.gives_way_to:
            links.append((("turns", tid, "gives_way_to"), turn.gives_way_to))
        for loc, target in links:
            if target not in scene.turns:
                raise _fail(path, lines, loc, f"unknown turn '{target}'")
    seen, queue = {scene.start}, deque([scene.start])
    while queue:
        turn = scene.turns[queue.popleft()]
        targets = [getattr(turn.next, s) for s in STYLES] if turn.next else []
        targets += [turn.gives_way_to] if turn.gives_way_to else []
        for t in targets:
            if t not in seen:
                seen.add(t)
                queue.append(t)
    for tid in scene.turns:
        if tid not in seen:
            raise _fail(path, lines, ("turns", tid), f"turn '{tid}' cannot be reached from '{scene.start}'")
    if not any(scene.turns[t].end for t in seen):
        raise _fail(path, lines, ("turns",), "the scene has no ending (no turn with 'end')")
    if not any(scene.turns[t].end == "success" for t in seen):
        raise _fail(path, lines, ("turns",), "no 'success' ending: an assertive answer must be able to win")


def load_scene(path: str | Path) -> Scene:
    """Parse and validate one scene file."""
    path = Path(path)
    data, lines = load_with_lines(path)
    if not isinstance(data, dict):
        raise SceneError(f"{path} line 1: a scene is a mapping of fields (id, title, …); see scenes/README.md")
    try:
        scene = Scene.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and p.startswith(("literal[", "function-"))))
        raise _fail(path, lines, loc, first["msg"]) from None
    if scene.id != path.stem:
        raise _fail(path, lines, ("id",), f"'{scene.id}' must match the file name '{path.stem}'")
    check_graph(scene, path, lines)
    return scene


__all__ = ["AREAS", "ELEMENTS", "ENDINGS", "INTERRUPTING", "SKILLS", "Scene", "SceneError", "Turn", "load_scene"]
