"""Text-to-speech: the voice protocol and its two voices (eSpeak NG through pyttsx3, and hibari)."""

from __future__ import annotations

from voice_coach.errors import UserError
from voice_coach.tts.base import Speech, Voice

VOICES = ("espeak", "hibari")


def make_voice(name: str = "espeak", variant: str | None = None) -> Voice:
    """A voice by name; `variant` picks a system voice (espeak) or a hibari voice name."""
    if name == "espeak":
        from voice_coach.tts.espeak import EspeakVoice

        return EspeakVoice(variant)
    if name == "hibari":
        from voice_coach.tts.hibari_voice import HibariVoice

        return HibariVoice(variant or "heart")
    raise UserError(f"unknown voice '{name}'; choose one of {', '.join(VOICES)}")


__all__ = ["Speech", "Voice", "VOICES", "make_voice"]
