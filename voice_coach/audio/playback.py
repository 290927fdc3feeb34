"""Playing speech on the sound device (stoppable mid-sentence), or writing it to a WAV file."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from voice_coach.errors import UserError


def sounddevice():
    """Import sounddevice only when a device is needed, with the fix when PortAudio is missing."""
    try:
        import sounddevice as sd
    except OSError:
        raise UserError("the PortAudio library is missing; install it with 'sudo apt-get install libportaudio2' "
                        "(or write to a file with --out FILE.wav)") from None
    except ImportError:
        raise UserError("the sounddevice package is not installed; run ./dev setup") from None
    return sd


def write_wav(path: str | Path, samples: np.ndarray, rate: int) -> Path:
    import soundfile as sf

    path = Path(path)
    if path.parent and not path.parent.exists():
        raise UserError(f"{path.parent}: no such folder for the WAV file")
    try:
        # int16 stays int16 (as float it would be 32768 times too loud); float audio is in [-1, 1].
        data = samples if samples.dtype == np.int16 else np.asarray(samples, np.float32)
        sf.write(str(path), data, rate, subtype="PCM_16")
    except (OSError, RuntimeError) as e:
        raise UserError(f"{path}: cannot write it ({e})") from None
    return path


class Player:
    """Plays float audio through an output stream fed by a callback, so stop() cuts it at once."""

    def __init__(self, device: str | int | None = None):
        self.device = device
        self._stop = threading.Event()
        self._done = threading.Event()
        self._done.set()

    def play(self, samples: np.ndarray, rate: int, wait: bool = True) -> None:
        sd = sounddevice()
        data = np.asarray(samples, np.float32).reshape(-1)
        pos = 0
        self._stop.clear()
        self._done.clear()

        def callback(out, frames, time_info, status):
            nonlocal pos
            chunk = data[pos:pos + frames]
            out[:len(chunk), 0] = chunk
            out[len(chunk):, 0] = 0
            pos += frames
            if pos >= len(data) or self._stop.is_set():
                raise sd.CallbackStop

        try:
            self._stream = sd.OutputStream(samplerate=rate, channels=1, dtype="float32", device=self.device,
                                           latency="low", callback=callback, finished_callback=self._done.set)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as e:
            self._done.set()
            raise UserError(f"cannot play sound ({e}); check 'voice-coach doctor', or use --out FILE.wav") from None
        if wait:
            self.wait()

    def wait(self, timeout: float | None = None) -> bool:
        finished = self._done.wait(timeout)
        if finished and getattr(self, "_stream", None) is not None:
            self._stream.close()
            self._stream = None
        return finished

    def stop(self) -> None:
        """Stop speaking now, mid-word if need be."""
        self._stop.set()
        self.wait(2.0)

    @property
    def playing(self) -> bool:
        return not self._done.is_set()
