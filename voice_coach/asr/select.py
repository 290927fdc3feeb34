"""Choosing the recogniser: Vosk when an English Vosk model is installed, else PocketSphinx."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from voice_coach.asr.models import find_english_vosk, models_dir
from voice_coach.errors import UserError

ENGINES = ("auto", "vosk", "pocketsphinx")


@lru_cache(maxsize=4)
def _load(engine: str, path: str | None):
    # One model per process: every file of a batch and every turn of a session reuse it.
    if engine == "vosk":
        from voice_coach.asr.vosk_engine import VoskRecognizer

        return VoskRecognizer(Path(path))
    from voice_coach.asr.sphinx import PocketSphinxRecognizer

    return PocketSphinxRecognizer()


def make_recognizer(engine: str = "auto", vosk_model: Path | None = None, folder: Path | None = None):
    """The recogniser and a sentence saying which one was picked and why."""
    if engine not in ENGINES:
        raise UserError(f"unknown engine '{engine}'; choose one of {', '.join(ENGINES)}")
    folder = folder or models_dir()
    if engine in ("auto", "vosk"):
        path = Path(vosk_model) if vosk_model else find_english_vosk(folder)
        if path is not None:
            return _load("vosk", str(path)), f"engine: vosk ({path.name})"
        if engine == "vosk":
            raise UserError(f"no English Vosk model in {folder}; run 'voice-coach models download' "
                            f"or give one with --vosk-model PATH")
    note = "" if engine == "pocketsphinx" else " (no Vosk model installed; 'voice-coach models download' gets one)"
    return _load("pocketsphinx", None), f"engine: pocketsphinx{note}"
