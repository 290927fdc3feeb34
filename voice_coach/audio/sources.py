"""Audio sources: the microphone in the product, files and arrays in tests; all yield 16 kHz chunks."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from voice_coach.audio.files import load_audio
from voice_coach.audio.resample import StreamResampler
from voice_coach.audio.types import RATE, Audio, AudioChunk
from voice_coach.errors import DeviceLost, UserError

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
    """The microphone through sounddevice, at whatever rate it runs, resampled to 16 kHz.

    Its callback only copies into a bounded queue; everything else happens in the reading thread."""

    def __init__(self, device: str | int | None = None, chunk_s: float = CHUNK_S, max_seconds: float | None = None,
                 rate: int | None = None, max_queue_s: float = 10.0):
        """device: a name or index (--input-device); rate: force the capture rate (default: negotiated)."""
        self.device = device
        self.chunk_s = chunk_s
        self.max_seconds = max_seconds
        self.rate = rate  # the device's rate, once open
        self.max_queue = max(1, int(max_queue_s / chunk_s))
        self._queue: queue.Queue[tuple[bytes, float]] = queue.Queue()
        self._pushed: list[AudioChunk] = []
        self._stream = None
        self._resampler: StreamResampler | None = None
        self._lost = threading.Event()
        self._closing = False
        self._flowing = False
        self.paused = False  # set while the partner speaks, so the product never hears itself
        self.overflows = 0  # blocks the device dropped because the computer was busy (PortAudio says so)
        self.dropped = 0    # blocks this source dropped because nobody read them for max_queue_s

    def _callback(self, indata, frames, time_info, status) -> None:
        if status.input_overflow:
            self.overflows += 1
        if self.paused:
            return
        if self._queue.qsize() >= self.max_queue:
            try:  # keep the newest audio: the oldest is what a stalled reader would least want
                self._queue.get_nowait()
                self.dropped += 1
            except queue.Empty:
                pass
        self._queue.put((bytes(indata), time.monotonic()))

    def _finished(self) -> None:
        if not self._closing:
            self._lost.set()  # the stream ended without being asked to: the device is gone

    def __enter__(self) -> MicrophoneSource:
        from voice_coach.audio.devices import negotiate_rate, resolve
        from voice_coach.audio.playback import sounddevice

        sd = sounddevice()
        index = resolve(self.device, "input")
        try:
            self.rate = self.rate or negotiate_rate(index, "input")
            self._resampler = StreamResampler(self.rate, RATE)
            self._stream = sd.RawInputStream(samplerate=self.rate, channels=1, dtype="int16", device=index,
                                             blocksize=int(self.rate * self.chunk_s), callback=self._callback,
                                             finished_callback=self._finished)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as e:
            raise UserError(f"cannot open the microphone ({e}); check 'voice-coach doctor', or use --text") from None
        return self

    def __exit__(self, *exc) -> None:
        if self._stream is not None:
            self._closing = True
            try:
                self._stream.stop()
                self._stream.close()
            except Exception:  # a device that has gone cannot be closed cleanly; there is nothing left to free
                pass
            self._stream = None

    def chunks(self) -> Iterator[AudioChunk]:
        """16 kHz chunks, timed from this call (listening start); audio pushed back comes first."""
        if self._stream is None:
            raise RuntimeError("open the microphone with 'with MicrophoneSource() as mic:' first")
        t = 0.0
        while self._pushed:
            chunk = self._pushed.pop(0)
            yield AudioChunk(chunk.audio, timestamp=t, captured=chunk.captured)
            t += chunk.duration
        waited = 0.0
        while self.max_seconds is None or t < self.max_seconds:
            # A sound server may take a few seconds to deliver the first block; after that, gaps mean trouble.
            patience = 3.0 if self._flowing else 6.0
            try:
                data, captured = self._queue.get(timeout=0.1)
            except queue.Empty:
                if self._lost.is_set():
                    raise DeviceLost("the microphone stopped: it was unplugged or the sound server went away; "
                                     "reconnect it and check 'voice-coach doctor'") from None
                waited += 0.1
                if waited >= patience and not self.paused:
                    raise DeviceLost("the microphone stopped sending sound; check 'voice-coach doctor'") from None
                continue
            waited, self._flowing = 0.0, True
            samples = self._resampler.push(np.frombuffer(data, "<i2"))
            if not len(samples):
                continue
            chunk = AudioChunk(samples.tobytes(), timestamp=t, captured=captured)
            t += chunk.duration
            yield chunk

    def push_back(self, chunks: list[AudioChunk]) -> None:
        """Hand audio already read back to the next listener (speech that interrupted the partner)."""
        self._pushed = list(chunks) + self._pushed

    def drain(self) -> None:
        """Forget audio queued so far (what was heard while the partner spoke)."""
        self._pushed = []
        while not self._queue.empty():
            self._queue.get_nowait()
