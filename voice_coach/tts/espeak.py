"""The default voice: pyttsx3 driving eSpeak NG, with the library and data from espeakng-loader.

pyttsx3 synthesises to a WAV file here and the speaker plays it itself: pyttsx3's own Linux playback
goes through `aplay`, which needs alsa-utils and cannot be interrupted mid-sentence.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

from voice_coach.errors import UserError
from voice_coach.tts.base import Speech

BASE_WPM = 175  # a calm speaking pace; rate multiplies it
_lock = threading.Lock()


def _load_espeak() -> None:
    """Make libespeak-ng and its data visible to pyttsx3 without any system package."""
    if not sys.platform.startswith("linux") or os.environ.get("ESPEAK_DATA_PATH"):
        return
    try:
        import espeakng_loader
    except ImportError:
        return  # fall back to a system libespeak-ng, if there is one
    ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
    os.environ["ESPEAK_DATA_PATH"] = espeakng_loader.get_data_path()


def _mend_synth() -> None:
    """Give eSpeak the true length of the text, which pyttsx3 (2.99) overstates tenfold.

    In the mode pyttsx3 starts eSpeak in, espeak_Synth copies as many bytes as it is told the text has.
    Told ten times the length, it reads past the end of the text: usually into other memory, now and
    then off the end of the mapping, and the process dies (it did so in CI; a 200 kB text does so every
    time). pyttsx3 looks the function up on its module at each call, so replacing it there is enough.
    """
    try:
        from pyttsx3.drivers import _espeak
    except Exception:  # no eSpeak library: the engine's own error is clearer, and comes next
        return
    if getattr(_espeak.Synth, "mended", False) or not hasattr(_espeak, "cSynth"):
        return

    def synth(text, position=0, position_type=_espeak.POS_CHARACTER, end_position=0, flags=0, user_data=None):
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        # Python's bytes always end in a NUL byte, so the text and its terminator can be read.
        return _espeak.cSynth(data, len(data) + 1, position, position_type, end_position, flags, None, user_data)

    synth.mended = True
    _espeak.Synth = synth


def _new_engine():
    # A fresh engine per sentence: pyttsx3 drops queued rate changes on a reused eSpeak engine, and a
    # new one costs about 15 ms. pyttsx3.Engine, not pyttsx3.init(), which hands back a cached engine
    # for as long as anything still refers to it.
    _load_espeak()
    if sys.platform.startswith("linux"):
        _mend_synth()
    try:
        import pyttsx3

        with contextlib.redirect_stdout(io.StringIO()):
            return pyttsx3.Engine()
    except Exception as e:  # pyttsx3 raises bare errors when no speech library is found
        raise UserError(f"the eSpeak NG voice could not start ({e}); run ./dev setup, "
                        f"or use --voice hibari") from None


class EspeakVoice:
    """System voices through pyttsx3; on Linux, eSpeak NG."""

    name = "espeak"

    def __init__(self, variant: str | None = None):
        self.variant = variant
        if variant:
            engine = _new_engine()
            ids = {v.id for v in engine.getProperty("voices")} | {v.name for v in engine.getProperty("voices")}
            engine.stop()
            if variant not in ids:
                raise UserError(f"no system voice '{variant}'; 'voice-coach doctor' lists the voices")

    def synthesize(self, text: str, rate: float = 1.0, volume: float = 1.0) -> Speech:
        import soundfile as sf

        with _lock, tempfile.TemporaryDirectory(prefix="voice-coach-") as tmp:
            out = Path(tmp) / "speech.wav"
            e = _new_engine()
            if self.variant:
                e.setProperty("voice", self.variant)
            e.setProperty("rate", int(BASE_WPM * rate))
            e.setProperty("volume", max(0.0, min(1.0, volume)))
            # pyttsx3 applies queued properties from its event loop, which can start the synthesis first:
            # now and then a sentence came out at the previous sentence's rate. Set them on the library
            # directly as well, so they are in force before anything is synthesised.
            driver = getattr(getattr(e, "proxy", None), "_driver", None)
            if driver is not None and hasattr(driver, "setProperty"):
                driver.setProperty("rate", int(BASE_WPM * rate))
                driver.setProperty("volume", max(0.0, min(1.0, volume)))
            with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to …"
                e.save_to_file(text, str(out))
                e.runAndWait()
                e.stop()
            del e
            if not out.exists() or out.stat().st_size <= 44:
                return Speech(np.zeros(0, np.float32), 22050, text)
            samples, sr = sf.read(str(out), dtype="float32", always_2d=True)
        return Speech(samples.mean(axis=1), sr, text)
