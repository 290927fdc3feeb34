"""The endpointer: when has the user started and finished speaking?

Voice activity is frame energy above an adaptive noise floor; an utterance ends after a stretch of
trailing silence, or at the maximum length; listening gives up after a no-speech timeout.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from voice_coach.audio.types import RATE, AudioChunk, dbfs


@dataclass(frozen=True)
class EndpointSettings:
    """How the endpointer decides; every field can be set from the command line."""

    silence_s: float = 0.7          # trailing silence that ends an utterance
    max_utterance_s: float = 30.0   # an answer longer than this is cut here
    no_speech_timeout_s: float = 10.0
    min_speech_s: float = 0.15      # shorter blips (a click, a cough) do not start an utterance
    margin_db: float = 12.0         # speech is this much louder than the noise floor …
    floor_db: float = -50.0         # … and never quieter than this
    preroll_s: float = 0.3          # audio kept from just before speech started
    frame_s: float = 0.03


@dataclass(frozen=True)
class Segment:
    """One stretch of speech cut from a source, with where it sits and why it ended."""

    samples: np.ndarray
    start: float
    end: float
    reason: str  # "silence", "max_length" or "end_of_audio"

    @property
    def duration(self) -> float:
        return self.end - self.start


def _frames(chunks: Iterable[AudioChunk], frame: int) -> Iterator[tuple[float, np.ndarray]]:
    buf = np.zeros(0, np.int16)
    t = None
    for chunk in chunks:
        if t is None:
            t = chunk.timestamp
        buf = np.concatenate([buf, chunk.samples])
        while len(buf) >= frame:
            yield t, buf[:frame]
            buf = buf[frame:]
            t += frame / RATE
    if t is not None and len(buf):
        yield t, buf


class Endpointer:
    """Cuts a stream of chunks into utterances."""

    def __init__(self, settings: EndpointSettings | None = None):
        self.s = settings or EndpointSettings()

    def segments(self, chunks: Iterable[AudioChunk], timeout_s: float | None = None) -> Iterator[Segment]:
        """Every utterance in the stream, in order; with timeout_s, stop after that long without speech."""
        s = self.s
        frame = int(RATE * s.frame_s)
        need_voiced = max(1, round(s.min_speech_s / s.frame_s))
        need_silent = max(1, round(s.silence_s / s.frame_s))
        floor = None
        preroll: deque[tuple[float, np.ndarray]] = deque(maxlen=max(1, round(s.preroll_s / s.frame_s)))
        current: list[np.ndarray] = []
        start = last_voiced_end = 0.0
        voiced_run = silent_run = 0
        in_speech = False
        quiet_since = None
        for t, f in _frames(chunks, frame):
            if quiet_since is None:
                quiet_since = t
            if timeout_s is not None and not in_speech and voiced_run == 0 and t - quiet_since >= timeout_s:
                return
            e = dbfs(f)
            floor = e if floor is None else (e if e < floor else floor + 0.02 * (e - floor))
            voiced = e > max(floor + s.margin_db, s.floor_db)
            if not in_speech:
                preroll.append((t, f))
                voiced_run = voiced_run + 1 if voiced else 0
                if voiced_run >= need_voiced:
                    in_speech = True
                    start = preroll[0][0]
                    current = [x for _, x in preroll]
                    preroll.clear()
                    last_voiced_end = t + len(f) / RATE
                    silent_run = 0
                continue
            current.append(f)
            if voiced:
                silent_run = 0
                last_voiced_end = t + len(f) / RATE
            else:
                silent_run += 1
            end = t + len(f) / RATE
            if silent_run >= need_silent or end - start >= s.max_utterance_s:
                reason = "silence" if silent_run >= need_silent else "max_length"
                yield self._segment(current, start, end, reason)
                in_speech, current, voiced_run, silent_run = False, [], 0, 0
                quiet_since = end
        if in_speech and current:
            yield self._segment(current, start, start + sum(len(x) for x in current) / RATE, "end_of_audio")

    def listen(self, chunks: Iterable[AudioChunk]) -> Segment | None:
        """The first utterance, or None when nobody spoke within the no-speech timeout."""
        return next(self.segments(chunks, timeout_s=self.s.no_speech_timeout_s), None)

    @staticmethod
    def _segment(frames: list[np.ndarray], start: float, end: float, reason: str) -> Segment:
        return Segment(np.concatenate(frames), start, end, reason)
