"""Choosing the recogniser: Vosk when an English Vosk model is installed, else PocketSphinx."""

from __future__ import annotations

from pathlib import Path

from voice_coach.asr.models import find_english_vosk, models_dir
from voice_coach.errors import UserError

ENGINES = ("auto", "vosk", "pocketsphinx")


_loaded: dict[tuple[str, str | None], object] = {}


def _load(engine: str, path: str | None):
    # One model per process: every file of a batch and every turn of a session reuse it.
    key = (engine, path)
    if key not in _loaded:
        if engine == "vosk":
            from voice_coach.asr.vosk_engine import VoskRecognizer

            _loaded[key] = VoskRecognizer(Path(path))
        else:
            from voice_coach.asr.sphinx import PocketSphinxRecognizer

            _loaded[key] = PocketSphinxRecognizer()
    return _loaded[key]


def loaded() -> list:
    """The recognisers this process has loaded so far (the tests reset them between tests)."""
    return list(_loaded.values())


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
