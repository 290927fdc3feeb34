"""The default voice: pyttsx3 driving eSpeak NG, with the library and data from espeakng-loader.

pyttsx3 synthesises to a WAV file here and the speaker plays it itself: pyttsx3's own Linux playback
goes through `aplay`, which needs alsa-utils and cannot be interrupted mid-sentence.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import struct
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

from voice_coach.errors import UserError
from voice_coach.tts.base import Speech

BASE_WPM = 175  # a calm speaking pace; rate multiplies it
_lock = threading.Lock()
_prepared = threading.Lock()


# espeakINITIALIZE_DONT_EXIT: without it, eSpeak ends the whole process when its data cannot be read.
_DONT_EXIT = 0x8000
_ready: str | None = None  # "" once pyttsx3 is set up on a library; the reason it cannot be, otherwise
_started = False  # an engine has started once in this process: its data is readable
FIX = "reinstall it with 'pip install --force-reinstall espeakng-loader' (./dev setup), or use --voice hibari"


class VoiceUnavailable(UserError):
    """The eSpeak NG voice cannot start here (no library, a broken one, or no data); hibari still can."""


def _bundled_espeak() -> str | None:
    """Load the eSpeak NG that comes with the package; the folder holding its data, or None without one.

    The library and its data always come from the same package, whatever ESPEAK_DATA_PATH says: the
    variable may be someone else's (another program's, or a parent's that set it), and this library
    with data of another version does not start. Nothing is written to the environment, so a child
    process starts exactly as its parent did.
    """
    try:
        import espeakng_loader
    except ImportError:
        return None  # a system libespeak-ng, if there is one, with its own data
    lib = Path(espeakng_loader.get_library_path())
    try:
        _check_whole(lib)
        # Loaded globally under its soname (libespeak-ng.so.1), so pyttsx3's own LoadLibrary of that
        # name gets this copy even when a system eSpeak NG is installed too.
        ctypes.CDLL(str(lib), mode=ctypes.RTLD_GLOBAL)
    except OSError as e:
        raise VoiceUnavailable(f"the eSpeak NG library in {lib.parent} cannot be loaded "
                               f"({str(e).splitlines()[0]}); {FIX}") from None
    if not (lib.parent / "espeak-ng-data" / "phontab").is_file():
        raise VoiceUnavailable(f"the eSpeak NG data is missing from {lib.parent / 'espeak-ng-data'}; {FIX}")
    return str(lib.parent)  # espeak_Initialize wants the folder that holds espeak-ng-data


def _check_whole(lib: Path) -> None:
    """Raise OSError unless every segment the loader maps is inside the file.

    The dynamic loader maps a truncated library (an interrupted copy or download) and the process dies
    of SIGBUS on first touch, before any error can be reported.
    """
    with open(lib, "rb") as f:
        head = f.read(64)
        size = os.fstat(f.fileno()).st_size
        if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2:  # 64-bit ELF, as the wheel ships
            raise OSError("not a 64-bit ELF library")
        order = "<" if head[5] == 1 else ">"
        phoff, = struct.unpack_from(order + "Q", head, 32)
        phentsize, phnum = struct.unpack_from(order + "HH", head, 54)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    if len(table) < phentsize * phnum:
        raise OSError(f"truncated: {size} bytes")
    for i in range(phnum):
        kind, _, offset, _, _, filesz = struct.unpack_from(order + "IIQQQQ", table, i * phentsize)
        if kind == 1 and offset + filesz > size:  # PT_LOAD past the end of the file
            raise OSError(f"truncated: {size} bytes, {offset + filesz} needed")


def _mend_initialize(espeak, data_home: str | None) -> None:
    """Start eSpeak on the data that matches its library, and turn a failure into a message.

    pyttsx3 calls espeak_Initialize with no data folder, so eSpeak would look at ESPEAK_DATA_PATH and
    then at its compiled-in default; and on unreadable data eSpeak prints to stderr and exits.
    """
    original = espeak.Initialize

    def initialize(output=espeak.AUDIO_OUTPUT_PLAYBACK, bufflength=100, path=None, option=0):
        if path is None and data_home is not None:
            path = data_home.encode()
        with _stderr_captured() as said:
            rate = original(output, bufflength, path, option | _DONT_EXIT)
        if rate <= 0:  # -1, or with DONT_EXIT the sample rate of the data never loaded: 0
            why = "".join(said).strip().splitlines()
            raise VoiceUnavailable("the eSpeak NG voice could not read its data"
                                   + (f" ({why[0].strip()})" if why else "") + f"; {FIX}")
        return rate

    espeak.Initialize = initialize


@contextlib.contextmanager
def _stderr_captured():
    """What the C library writes to stderr meanwhile, kept off the terminal; the list holds it after."""
    said: list[str] = []
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as f:
        os.dup2(f.fileno(), 2)
        try:
            yield said
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            f.seek(0)
            said.append(f.read().decode("utf-8", "replace"))


def _mend_synth(espeak) -> None:
    """Give eSpeak the true length of the text, which pyttsx3 (2.99) overstates tenfold.

    In the mode pyttsx3 starts eSpeak in, espeak_Synth copies as many bytes as it is told the text has.
    Told ten times the length, it reads past the end of the text: usually into other memory, now and
    then off the end of the mapping, and the process dies (it did so in CI; a 200 kB text does so every
    time). pyttsx3 looks the function up on its module at each call, so replacing it there is enough.
    """
    if not hasattr(espeak, "cSynth"):
        return

    def synth(text, position=0, position_type=espeak.POS_CHARACTER, end_position=0, flags=0, user_data=None):
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        # Python's bytes always end in a NUL byte, so the text and its terminator can be read.
        return espeak.cSynth(data, len(data) + 1, position, position_type, end_position, flags, None, user_data)

    espeak.Synth = synth


def _prepare() -> None:
    """Once per process: find the library, then set pyttsx3's eSpeak driver up on it."""
    global _ready
    with _prepared:
        if _ready is None:
            _ready = _set_up()
    if _ready:
        raise VoiceUnavailable(_ready)


def _set_up() -> str:
    """Empty when pyttsx3's driver is ready on a library; why it cannot be, otherwise."""
    try:
        data_home = _bundled_espeak() if sys.platform.startswith("linux") else None
    except VoiceUnavailable as e:
        return str(e)
    try:
        from pyttsx3.drivers import _espeak
    except Exception:  # pyttsx3 raises a bare RuntimeError when it finds no library
        return f"no eSpeak NG library was found; {FIX}"
    _mend_initialize(_espeak, data_home)
    _mend_synth(_espeak)
    return ""


def _new_engine():
    # A fresh engine per sentence: pyttsx3 drops queued rate changes on a reused eSpeak engine, and a
    # new one costs about 15 ms. pyttsx3.Engine, not pyttsx3.init(), which hands back a cached engine
    # for as long as anything still refers to it.
    global _started
    _prepare()
    try:
        import pyttsx3

        with contextlib.redirect_stdout(io.StringIO()):
            engine = pyttsx3.Engine()
        _started = True
        return engine
    except VoiceUnavailable:
        raise
    except Exception as e:  # pyttsx3 raises bare errors
        raise VoiceUnavailable(f"the eSpeak NG voice could not start ({e}); run ./dev setup, "
                               f"or use --voice hibari") from None


class EspeakVoice:
    """System voices through pyttsx3; on Linux, eSpeak NG."""

    name = "espeak"

    def __init__(self, variant: str | None = None):
        self.variant = variant
        # Started here the first time, so a voice that cannot start says so before the exercise begins
        # (a voice is made for every line a scene speaks: once is enough).
        if variant or not _started:
            engine = _new_engine()
            ids = {v.id for v in engine.getProperty("voices")} | {v.name for v in engine.getProperty("voices")}
            engine.stop()
            if variant and variant not in ids:
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
