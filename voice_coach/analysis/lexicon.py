"""Loading and validating the lexicon data files; errors name the file and the field."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from voice_coach.analysis.types import MARKER_CATEGORIES
from voice_coach.errors import UserError

LEXICON_DIR = Path(__file__).parent / "lexicons"
DATA_DIR = Path(__file__).parent / "data"


class MarkerGroup(BaseModel):
    """One group of phrases and token patterns for a marker category."""

    model_config = ConfigDict(extra="forbid")
    phrases: list[str] = Field(default_factory=list)
    patterns: list[list[dict]] = Field(default_factory=list)
    needs: Literal["second_person"] | None = None
    unless_after: list[str] = Field(default_factory=list)
    unless_before: list[str] = Field(default_factory=list)
    strength: Literal["strong", "weak"] = "strong"


class Cues(BaseModel):
    """Word lists behind the element and style rules."""

    model_config = ConfigDict(extra="forbid")
    emotions: list[str]
    emotion_verbs: list[str]
    feeling_links: list[str]
    commitment_nouns: list[str]
    capacity_phrases: list[str]
    plan_verbs: list[str]
    wish_verbs: list[str]
    cognition_verbs: list[str]
    compliance_verbs: list[str]
    compliance_objects: list[str]
    done_words: list[str]
    decision_verbs: list[str]
    request_phrases: list[str]
    not_refusal_verbs: list[str]
    rhetorical: list[str]
    reassurance_after_no: list[str]
    withdrawals: list[str]
    vague_request_verbs: list[str]
    not_command_verbs: list[str]
    command_verbs: list[str]
    pa_cues: list[str]
    specific_words: list[str]
    problem_states: list[str]
    problem_nouns: list[str]


def read_yaml(path: Path) -> object:
    """Parse a YAML file, turning any failure into a one-line UserError naming the file."""
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except OSError as e:
        raise UserError(f"{path}: cannot read it ({e.strerror}); reinstall voice-coach or fix the path") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = " ".join(str(getattr(e, "problem", None) or e).split())  # one line, whatever PyYAML says
        raise UserError(f"{path}{where}: not valid YAML ({problem})") from None


def _validation_error(path: Path, err: ValidationError, prefix: str = "") -> UserError:
    first = err.errors()[0]
    field = ".".join([prefix] * bool(prefix) + [str(p) for p in first["loc"]])
    return UserError(f"{path}: field '{field}': {first['msg']}")


@lru_cache(maxsize=8)
def load_markers(path: Path = LEXICON_DIR / "markers.yaml") -> dict[str, list[MarkerGroup]]:
    """The marker lexicon, checked: known categories only, each a list of valid groups."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise UserError(f"{path}: expected a mapping of marker categories")
    out: dict[str, list[MarkerGroup]] = {}
    for category, groups in raw.items():
        if category not in MARKER_CATEGORIES:
            raise UserError(f"{path}: field '{category}': unknown marker category (known: {', '.join(MARKER_CATEGORIES)})")
        if not isinstance(groups, list):
            raise UserError(f"{path}: field '{category}': expected a list of groups")
        for i, group in enumerate(groups):
            try:
                out.setdefault(category, []).append(MarkerGroup.model_validate(group))
            except ValidationError as e:
                raise _validation_error(path, e, f"{category}.{i}") from None
    return out


@lru_cache(maxsize=8)
def load_cues(path: Path = LEXICON_DIR / "cues.yaml") -> Cues:
    """The element and style cue lists, checked."""
    try:
        return Cues.model_validate(read_yaml(path))
    except ValidationError as e:
        raise _validation_error(path, e) from None


@lru_cache(maxsize=8)
def load_data(name: str) -> dict:
    """A data file from analysis/data (style weights, coaching phrases)."""
    path = DATA_DIR / name
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise UserError(f"{path}: expected a mapping")
    return raw
