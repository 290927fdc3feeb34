"""Playing speech on the sound device (stoppable mid-sentence), or writing it to a WAV file."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np

from voice_coach.audio import quiet
from voice_coach.errors import DeviceLost, UserError


def sounddevice():
    """Import sounddevice only when a device is needed, with the fix when PortAudio is missing."""
    quiet.alsa()  # before PortAudio starts: listing devices is when ALSA is chattiest
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


def _speaker_lost(how: str) -> DeviceLost:
    """A speaker that worked earlier in the session and no longer does."""
    return DeviceLost(f"the speaker {how}: it was unplugged or the sound server went away; "
                      "reconnect it and check 'voice-coach doctor'")


# Enough buffer that a busy moment (the recogniser, the analyzer) never starves the speaker: at "low"
# latency PulseAudio's ALSA plug-in underran dozens of times a line here. stop() discards the buffer,
# so it does not slow barge-in.
OUTPUT_LATENCY_S = 0.1


class Player:
    """Plays float audio through an output stream fed by a callback, so stop() cuts it at once."""

    def __init__(self, device: str | int | None = None):
        """device: a name or index (--output-device); None is the default speaker."""
        self.device = device
        self._index: int | None = None
        self._resolved = False
        self._rates: dict[int, int] = {}
        self._stop = threading.Event()
        self._done = threading.Event()
        self._done.set()
        self._complete = False
        self._played = False
        self.started: float | None = None   # time.monotonic() when the last play began
        self.stopped: float | None = None   # … and when it was cut short by stop(), if it was
        self.position_s = 0.0               # how much of the last sound was handed to the device

    def _open(self, rate: int) -> tuple[int | None, int]:
        from voice_coach.audio.devices import negotiate_rate, resolve

        if not self._resolved:
            self._index, self._resolved = resolve(self.device, "output"), True
        if rate not in self._rates:
            self._rates[rate] = negotiate_rate(self._index, "output", rate, dtype="float32")
        return self._index, self._rates[rate]

    def play(self, samples: np.ndarray, rate: int, wait: bool = True) -> None:
        from voice_coach.audio.files import resample

        sd = sounddevice()
        try:
            index, device_rate = self._open(rate)
        except UserError:
            if self._played:
                raise _speaker_lost("went away") from None
            raise
        data = np.asarray(resample(np.asarray(samples, np.float32).reshape(-1), rate, device_rate), np.float32)
        pos = 0
        self._stop.clear()
        self._done.clear()
        self._complete = False
        self.stopped = None
        self.position_s = 0.0

        def callback(out, frames, time_info, status):
            nonlocal pos
            chunk = data[pos:pos + frames]
            out[:len(chunk), 0] = chunk
            out[len(chunk):, 0] = 0
            pos += frames
            self.position_s = min(pos, len(data)) / device_rate
            if pos >= len(data):
                self._complete = True
                raise sd.CallbackStop
            if self._stop.is_set():
                raise sd.CallbackStop

        try:
            self._stream = sd.OutputStream(samplerate=device_rate, channels=1, dtype="float32", device=index,
                                           latency=OUTPUT_LATENCY_S, callback=callback,
                                           finished_callback=self._done.set)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as e:
            self._done.set()
            if self._played:
                raise _speaker_lost(f"went away ({e})") from None
            raise UserError(f"cannot play sound ({e}); check 'voice-coach doctor', or use --out FILE.wav") from None
        self.started = time.monotonic()
        self._played = True
        if wait:
            self.wait()

    def wait(self, timeout: float | None = None) -> bool:
        """Until the sound has finished (True) or timeout passes (False); a device lost meanwhile is an error."""
        finished = self._done.wait(timeout)
        if finished and getattr(self, "_stream", None) is not None:
            try:
                self._stream.close()
            except Exception:  # closing a stream whose device has gone can fail; it is finished either way
                pass
            self._stream = None
            if not self._complete and not self._stop.is_set():
                raise _speaker_lost("stopped mid-sentence")
        return finished

    def stop(self) -> None:
        """Stop speaking now, mid-word if need be."""
        if self.playing:
            self.stopped = time.monotonic()
        self._stop.set()
        stream = getattr(self, "_stream", None)
        if stream is not None:
            try:
                stream.abort()  # drop what is buffered rather than play it out
            except Exception:  # already finished, or its device has gone: either way it is silent
                pass
        self.wait(2.0)

    @property
    def playing(self) -> bool:
        return not self._done.is_set()
