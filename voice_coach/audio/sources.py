"""Audio sources: the microphone in the product, files and arrays in tests; all yield 16 kHz chunks."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from voice_coach.audio.files import load_audio
from voice_coach.audio.types import RATE, Audio, AudioChunk
from voice_coach.errors import UserError

CHUNK_S = 0.03


class AudioSource(Protocol):
    """Anything that yields 16 kHz mono int16 chunks."""

    def chunks(self) -> Iterator[AudioChunk]: ...


class ArraySource:
    """Samples already in memory; with realtime=True they arrive at the pace they would be spoken."""

    def __init__(self, audio: Audio, realtime: bool = False, chunk_s: float = CHUNK_S):
        self.audio = audio
        self.realtime = realtime
        self.chunk_s = chunk_s

    def chunks(self) -> Iterator[AudioChunk]:
        t0 = time.monotonic()
        for chunk in self.audio.chunks(self.chunk_s):
            if self.realtime:
                delay = t0 + chunk.timestamp + chunk.duration - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            yield chunk


class FileSource(ArraySource):
    """A sound file (any common layout, resampled) or raw 16 kHz PCM."""

    def __init__(self, path: str | Path, realtime: bool = False, chunk_s: float = CHUNK_S):
        super().__init__(load_audio(path), realtime, chunk_s)


class MicrophoneSource:
    """The microphone through sounddevice: its callback only copies into a queue."""

    def __init__(self, device: str | int | None = None, chunk_s: float = CHUNK_S, max_seconds: float | None = None):
        self.device = device
        self.blocksize = int(RATE * chunk_s)
        self.max_seconds = max_seconds
        self._queue: queue.Queue[bytes] = queue.Queue()
        self._stream = None
        self.paused = False  # set while the partner speaks, so the product never hears itself

    def _callback(self, indata, frames, time_info, status) -> None:
        if not self.paused:
            self._queue.put(bytes(indata))

    def __enter__(self) -> "MicrophoneSource":
        from voice_coach.audio.playback import sounddevice

        sd = sounddevice()
        try:
            self._stream = sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16", device=self.device,
                                             blocksize=self.blocksize, callback=self._callback)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as e:
            raise UserError(f"cannot open the microphone ({e}); check 'voice-coach doctor', or use --text") from None
        return self

    def __exit__(self, *exc) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def chunks(self) -> Iterator[AudioChunk]:
        if self._stream is None:
            raise RuntimeError("open the microphone with 'with MicrophoneSource() as mic:' first")
        t = 0.0
        while self.max_seconds is None or t < self.max_seconds:
            try:
                data = self._queue.get(timeout=2.0)
            except queue.Empty:
                raise UserError("the microphone stopped sending sound; check 'voice-coach doctor'") from None
            chunk = AudioChunk(data, timestamp=t)
            t += chunk.duration
            yield chunk

    def drain(self) -> None:
        """Forget audio queued so far (what was heard while the partner spoke)."""
        while not self._queue.empty():
            self._queue.get_nowait()
