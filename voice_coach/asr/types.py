"""What a recogniser returns: words with times and confidences, and the utterance around them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Word:
    """One recognised word; times in seconds from the start of the audio, confidence 0..1."""

    word: str
    start: float
    end: float
    conf: float


@dataclass(frozen=True)
class Utterance:
    """A recognised stretch of speech, with what later stages (analysis, delivery) need."""

    text: str
    words: list[Word] = field(default_factory=list)
    engine: str = ""
    start: float = 0.0  # speech start/end: first word's start, last word's end (0 when nothing was said)
    end: float = 0.0
    duration: float = 0.0  # the whole audio it came from
    loudness_dbfs: float = -120.0

    def to_contract(self, id_: object | None = None) -> dict:
        """The `transcribe --batch` output line of design.md."""
        out: dict = {} if id_ is None else {"id": id_}
        out.update({"transcript": self.text,
                    "words": [{"word": w.word, "start": round(w.start, 3), "end": round(w.end, 3),
                               "conf": round(w.conf, 3)} for w in self.words],
                    "engine": self.engine})
        return out


@dataclass(frozen=True)
class CommandMatch:
    """A voice command heard in grammar mode, after checking it really was said."""

    command: str
    heard: str
    conf: float


class Stream(Protocol):
    """One utterance being decoded as audio arrives."""

    def accept(self, pcm: bytes) -> str:
        """Feed 16 kHz mono int16 audio; returns the partial transcript so far."""

    def finish(self) -> Utterance:
        """End of audio: the final transcript with word timings."""


class Recognizer(Protocol):
    """A speech recogniser: files in tests, the microphone in the product."""

    name: str

    def transcribe(self, samples: np.ndarray) -> Utterance:
        """Decode a whole recording (16 kHz mono int16)."""

    def stream(self) -> Stream:
        """Start decoding an utterance chunk by chunk."""

    def listen_for(self, samples: np.ndarray, phrases: list[str]) -> CommandMatch | None:
        """Grammar-restricted recognition: which of phrases was said, if any."""

    def hint(self, phrases: list[str]) -> list[str]:
        """Bias toward a scene's expected phrases where the engine allows; returns the words it learnt."""

    def reset(self) -> None:
        """Back to the state of a recogniser just loaded (what it adapted to the voices heard is forgotten)."""


def utterance_from_words(words: list[Word], engine: str, samples: np.ndarray, rate: int = 16_000) -> Utterance:
    """Fill in text, speech start/end, duration and loudness (over the speech, not the silence around it)."""
    from voice_coach.audio.types import dbfs

    duration = len(samples) / rate
    if not words:
        return Utterance("", [], engine, 0.0, 0.0, duration, dbfs(samples))
    start, end = words[0].start, words[-1].end
    speech = samples[int(start * rate):max(int(end * rate), int(start * rate) + 1)]
    return Utterance(" ".join(w.word for w in words), words, engine, start, end, duration, dbfs(speech))


SPEECH_FLOOR_DBFS = -50.0  # the endpointer's floor: nothing quieter than this is speech


def silent(samples: np.ndarray, rate: int = 16_000) -> bool:
    """No 30 ms frame reaches the speech floor: decoding would only invent words ("dog" from silence)."""
    from voice_coach.audio.types import dbfs

    frame = int(rate * 0.03)
    return all(dbfs(samples[i:i + frame]) < SPEECH_FLOOR_DBFS for i in range(0, max(1, len(samples)), frame))


def iter_pcm(samples: np.ndarray, block: int = 8000) -> Iterator[bytes]:
    for i in range(0, len(samples), block):
        yield samples[i:i + block].astype("<i2").tobytes()
