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
from voice_coach.audio.voicing import pitched


@dataclass(frozen=True)
class EndpointSettings:
    """How the endpointer decides; every field can be set from the command line."""

    silence_s: float = 0.6          # trailing silence that ends an utterance (people pause ~0.35 s between sentences)
    max_utterance_s: float = 30.0   # an answer longer than this is cut here
    no_speech_timeout_s: float = 10.0
    min_speech_s: float = 0.15      # shorter blips (a click, a cough) do not start an utterance
    min_pitched_s: float = 0.0      # of that loud stretch, this much must be pitched (a voice, not a cough's
                                    # burst or a rustle); 0: loudness alone
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


@dataclass(frozen=True)
class Event:
    """What the endpointer saw in a frame: speech "start" (with the pre-roll), "speech" or "end"."""

    kind: str
    time: float
    samples: np.ndarray
    segment: Segment | None = None


class Endpointer:
    """Cuts a stream of chunks into utterances, frame by frame (push) or as a whole (segments)."""

    def __init__(self, settings: EndpointSettings | None = None):
        self.s = settings or EndpointSettings()
        s = self.s
        self.frame = int(RATE * s.frame_s)
        self._need_voiced = max(1, round(s.min_speech_s / s.frame_s))
        self._need_pitched = round(s.min_pitched_s / s.frame_s)
        self._need_silent = max(1, round(s.silence_s / s.frame_s))
        self.reset()

    def reset(self) -> None:
        self._floor: float | None = None
        self._preroll: deque[tuple[float, np.ndarray]] = deque(maxlen=max(1, round(self.s.preroll_s / self.s.frame_s)))
        self._current: list[np.ndarray] = []
        self._start = 0.0
        self._voiced_run = self._silent_run = self._pitched_in_run = 0
        self.in_speech = False
        self.quiet_since: float | None = None
        self._pending = np.zeros(0, np.int16)
        self._t: float | None = None

    @property
    def starting(self) -> bool:
        """Voice heard but not yet long enough to count as speech."""
        return self._voiced_run > 0

    def push(self, chunk: AudioChunk) -> list[Event]:
        """Feed a chunk; returns what happened in it."""
        if self._t is None:
            self._t = chunk.timestamp
        self._pending = np.concatenate([self._pending, chunk.samples])
        events: list[Event] = []
        while len(self._pending) >= self.frame:
            f, self._pending = self._pending[:self.frame], self._pending[self.frame:]
            ev = self._frame(self._t, f)
            self._t += self.frame / RATE
            if ev is not None:
                events.append(ev)
        return events

    def flush(self) -> list[Event]:
        """End of audio: close an utterance still open."""
        events = []
        if len(self._pending):
            ev = self._frame(self._t or 0.0, self._pending)
            self._pending = np.zeros(0, np.int16)
            if ev is not None:
                events.append(ev)
        if self.in_speech and self._current:
            end = self._start + sum(len(x) for x in self._current) / RATE
            seg = Segment(np.concatenate(self._current), self._start, end, "end_of_audio")
            events.append(Event("end", end, np.zeros(0, np.int16), seg))
            self.in_speech, self._current = False, []
        return events

    def _frame(self, t: float, f: np.ndarray) -> Event | None:
        s = self.s
        if self.quiet_since is None:
            self.quiet_since = t
        e = dbfs(f)
        floor = self._floor
        if floor is None or e < floor:
            self._floor = e
        elif not self.in_speech:
            # The floor follows the room upward only while nobody speaks: during a long answer it would
            # creep toward the voice and cut off the quieter last words.
            self._floor = floor + 0.02 * (e - floor)
        voiced = e > max(self._floor + s.margin_db, s.floor_db)
        if not self.in_speech:
            self._preroll.append((t, f))
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if not voiced:
                self._pitched_in_run = 0
            elif self._need_pitched and self._pitched_in_run < self._need_pitched and pitched(f):
                self._pitched_in_run += 1
            if self._voiced_run >= self._need_voiced and self._pitched_in_run >= self._need_pitched:
                self.in_speech = True
                self._start = self._preroll[0][0]
                self._current = [x for _, x in self._preroll]
                self._preroll.clear()
                self._silent_run = 0
                return Event("start", self._start, np.concatenate(self._current))
            return None
        self._current.append(f)
        self._silent_run = 0 if voiced else self._silent_run + 1
        end = t + len(f) / RATE
        if self._silent_run >= self._need_silent or end - self._start >= s.max_utterance_s:
            reason = "silence" if self._silent_run >= self._need_silent else "max_length"
            seg = Segment(np.concatenate(self._current), self._start, end, reason)
            self.in_speech, self._current, self._voiced_run, self._silent_run = False, [], 0, 0
            self._pitched_in_run = 0
            self.quiet_since = end
            return Event("end", end, f, seg)
        return Event("speech", t, f)

    def segments(self, chunks: Iterable[AudioChunk], timeout_s: float | None = None) -> Iterator[Segment]:
        """Every utterance in the stream, in order; with timeout_s, stop after that long without speech."""
        self.reset()
        for chunk in chunks:
            for ev in self.push(chunk):
                if ev.kind == "end":
                    yield ev.segment
            if (timeout_s is not None and not self.in_speech and not self.starting and self._t is not None
                    and self._t - (self.quiet_since or 0.0) >= timeout_s):
                return
        for ev in self.flush():
            if ev.kind == "end":
                yield ev.segment

    def listen(self, chunks: Iterable[AudioChunk]) -> Segment | None:
        """The first utterance, or None when nobody spoke within the no-speech timeout."""
        return next(self.segments(chunks, timeout_s=self.s.no_speech_timeout_s), None)
