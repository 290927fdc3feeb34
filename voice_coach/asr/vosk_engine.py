"""Vosk engine: streaming Kaldi recognition with word timings, confidences and grammar mode."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from voice_coach.asr.commands import confirm
from voice_coach.asr.types import CommandMatch, Utterance, Word, iter_pcm, silent, utterance_from_words
from voice_coach.audio.types import RATE
from voice_coach.errors import UserError


def _result_words(result: dict) -> list[Word]:
    return [Word(w["word"], float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
            for w in result.get("result", []) if w.get("word") and w["word"] != "[unk]"]


class _VoskStream:
    """One utterance through a KaldiRecognizer; Vosk may close segments on its own pauses."""

    def __init__(self, rec):
        self._rec = rec
        self._words: list[Word] = []
        self._audio: list[np.ndarray] = []

    def accept(self, pcm: bytes) -> str:
        self._audio.append(np.frombuffer(pcm, dtype="<i2"))
        if self._rec.AcceptWaveform(pcm):
            self._words += _result_words(json.loads(self._rec.Result()))
            partial = ""
        else:
            partial = json.loads(self._rec.PartialResult()).get("partial", "")
        done = " ".join(w.word for w in self._words)
        return (done + " " + partial).strip()

    def finish(self) -> Utterance:
        self._words += _result_words(json.loads(self._rec.FinalResult()))
        samples = np.concatenate(self._audio) if self._audio else np.zeros(0, np.int16)
        return utterance_from_words(self._words, VoskRecognizer.name, samples)


class VoskRecognizer:
    """A Vosk model loaded once, by path (never by language name, which downloads unchecked)."""

    name = "vosk"

    def __init__(self, model_dir: Path):
        try:
            import vosk
        except ImportError:
            raise UserError("the vosk package is not installed; run ./dev setup or 'pip install vosk'") from None
        vosk.SetLogLevel(-2)  # errors only: Kaldi warns about every grammar word a model lacks
        if not (Path(model_dir) / "am" / "final.mdl").exists():
            raise UserError(f"{model_dir}: not a Vosk model (no am/final.mdl); run 'voice-coach models verify'")
        self._vosk = vosk
        self.model_dir = Path(model_dir)
        self._model = vosk.Model(str(model_dir))
        self._grammars: dict[tuple[str, ...], object] = {}

    def _recognizer(self, grammar: list[str] | None = None):
        rec = (self._vosk.KaldiRecognizer(self._model, RATE, json.dumps(grammar, ensure_ascii=False)) if grammar
               else self._vosk.KaldiRecognizer(self._model, RATE))
        rec.SetWords(True)
        rec.SetPartialWords(True)
        return rec

    def transcribe(self, samples: np.ndarray) -> Utterance:
        if silent(samples):
            return utterance_from_words([], self.name, samples)
        s = self.stream()
        for pcm in iter_pcm(samples):
            s.accept(pcm)
        return s.finish()

    def reset(self) -> None:
        """Nothing to forget: every utterance gets a recogniser of its own."""

    def stream(self) -> _VoskStream:
        return _VoskStream(self._recognizer())

    def hint(self, phrases: list[str]) -> list[str]:
        """Vosk models take new words only in grammar mode (used for commands): nothing is added."""
        return []

    def listen_for(self, samples: np.ndarray, phrases: list[str]) -> CommandMatch | None:
        """Grammar mode with [unk] as the way out, then a check against the free transcript."""
        rec = self._recognizer([p.lower() for p in phrases] + ["[unk]"])
        for pcm in iter_pcm(samples):
            rec.AcceptWaveform(pcm)
        result = json.loads(rec.FinalResult())
        heard = result.get("text", "")
        free = self.transcribe(samples).text
        checked = confirm(heard, free, phrases)
        return CommandMatch(checked[0], heard, checked[1]) if checked else None
