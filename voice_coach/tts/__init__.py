"""Text-to-speech: the voice protocol and its two voices (eSpeak NG through pyttsx3, and hibari)."""

from __future__ import annotations

import sys

from voice_coach.errors import UserError
from voice_coach.tts.base import Speech, Voice

VOICES = ("espeak", "hibari")


def make_voice(name: str = "espeak", variant: str | None = None, fallback: bool = True) -> Voice:
    """A voice by name; `variant` picks a system voice (espeak) or a hibari voice name.

    When eSpeak NG cannot start here, the hibari voice speaks instead and says why on stderr, once;
    with fallback=False the reason is raised (the doctor reports it).
    """
    if name == "espeak":
        from voice_coach.tts.espeak import EspeakVoice, VoiceUnavailable

        try:
            return EspeakVoice(variant)
        except VoiceUnavailable as e:
            if not fallback:
                raise
            _note_once(f"voice-coach: {e}. Speaking with the hibari voice instead.")
            name, variant = "hibari", None
    if name == "hibari":
        from voice_coach.tts.hibari_voice import HibariVoice

        return HibariVoice(variant or "heart")
    raise UserError(f"unknown voice '{name}'; choose one of {', '.join(VOICES)}")


_said: set[str] = set()


def _note_once(line: str) -> None:
    # Every line of a scene asks for its voice: one notice is enough.
    if line not in _said:
        _said.add(line)
        print(line, file=sys.stderr, flush=True)


__all__ = ["Speech", "Voice", "VOICES", "make_voice"]
