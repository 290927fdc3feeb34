"""Setting up a rehearsal: the scene, where answers come from, what is said aloud, what is kept."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from voice_coach.errors import DeviceLost, UserError
from voice_coach.settings import AnalyzerSettings, AudioSettings, SpeechSettings

DEMO_PLAN = Path(__file__).parent / "data" / "demo.yaml"


def _check_record_to(record_to: Path | None) -> None:
    if record_to is not None and not record_to.parent.exists():
        raise UserError(f"{record_to.parent}: no such folder for the session audio")


def open_answers(speech: SpeechSettings, announce, typed: bool = False, script: Path | None = None,
                 record_to: Path | None = None, audio: AudioSettings = AudioSettings()):
    """Where answers come from (--script, --text, else the microphone) and the stage that speaks."""
    from voice_coach.roleplay.runner import Stage
    from voice_coach.roleplay.turns import ScriptedAnswers, SessionAudio, SpokenAnswers, TypedAnswers
    from voice_coach.transcribe import recognizer_for

    _check_record_to(record_to)
    if script is not None and not script.is_file():
        raise UserError(f"{script}: cannot read the script (no such file); give a file with one answer a line")
    record = SessionAudio() if record_to else None
    if script is not None:
        return ScriptedAnswers(script, lambda: recognizer_for(speech, announce)), Stage(False, record)
    if typed:
        return TypedAnswers(), Stage(False, record)
    from voice_coach.audio.devices import resolve

    # A missing or misnamed device is reported before the recogniser spends seconds loading.
    resolve(audio.input_device, "input")
    resolve(audio.output_device, "output")
    recognizer = recognizer_for(speech, announce)
    return (SpokenAnswers(recognizer, device=audio.input_device),
            Stage(True, record, output_device=audio.output_device, barge_in=audio.barge_in))


def play(scene, answers, stage, record_to: Path | None, announce, store=None, situation_id: int | None = None,
         keep_audio: bool = False, analyzer=None, close_answers: bool = True):
    """Run the scene, keeping every turn in the store as it completes; write the session audio."""
    from voice_coach.analysis import Analyzer
    from voice_coach.audio.playback import write_wav
    from voice_coach.delivery import calibration, pitch
    from voice_coach.program.recorder import Recorder
    from voice_coach.roleplay.runner import COACH, Runner
    from voice_coach.roleplay.turns import TypedAnswers
    from voice_coach.safety import SafetyStop, first_run
    from voice_coach.store import Store

    if not isinstance(answers, TypedAnswers):
        # Answers will be heard: load the pitch tracker while the partner speaks, not at the first answer.
        threading.Thread(target=pitch.warm, daemon=True).start()
    own_store = store is None
    store = store or Store()
    try:
        if situation_id is None:
            situation_id = situation_for_library_scene(store, scene).id
        recorder = Recorder(store, situation_id, scene.id, keep_audio)
        analyzer = analyzer or Analyzer(AnalyzerSettings.from_env())
        if own_store:
            first_run(store, lambda line: stage.say("Coach", line, *COACH))
        try:
            session = Runner(analyzer, stage, answers, recorder.on_turn, calibration.saved(store)).run(scene)
        except SafetyStop:
            recorder.abandon("stopped_for_safety")
            raise
        except DeviceLost as e:
            recorder.abandon()
            raise DeviceLost(f"{e}; the session so far is saved ('voice-coach progress' shows it)") from None
        except BaseException:
            recorder.abandon()  # Ctrl-C or a failing device: what was done is kept, marked unfinished
            raise
        finally:
            if close_answers and hasattr(answers, "close"):
                answers.close()
        recorder.finish(session)
        session.store_id = recorder.session_id
        _report_overflows(getattr(answers, "mic", None), announce)
        if own_store:
            announce(f"(session saved in {store.path})")
    finally:
        if own_store:
            store.close()
    if stage.record is not None and record_to is not None:
        write_wav(record_to, stage.record.samples(), 16000)
        announce(f"(session audio written to {record_to})")
    return session


def _report_overflows(mic, announce) -> None:
    """Lost microphone audio is counted; say so when it happened, since answers may have been misheard."""
    if mic is None or not (mic.overflows or mic.dropped):
        return
    announce(f"(the microphone lost audio {mic.overflows + mic.dropped} times because the computer was busy; "
             "if answers were misheard, close other programs and try again)")


def situation_for_library_scene(store, scene):
    """The plan's situation for this scene, or a situation of its own (unrated) the first time it is played."""
    found = store.situation_for_scene(scene.id)
    if found is not None:
        return found
    who = next(iter(scene.characters.values())).role
    return store.add_situation(scene.title, who, " ".join(scene.goal.split()), None, scene.id, None,
                               from_library=True)


def rehearse(scene_id: str, speech: SpeechSettings, announce, typed: bool = False, script: Path | None = None,
             record_to: Path | None = None, keep_audio: bool = False, audio: AudioSettings = AudioSettings()):
    """`voice-coach rehearse`: by voice, typed (--text) or from a script (--script)."""
    from voice_coach.roleplay import library

    scene = library.find(scene_id)
    answers, stage = open_answers(speech, announce, typed, script, record_to, audio)
    return play(scene, answers, stage, record_to, announce, keep_audio=keep_audio)


def demo(speech: SpeechSettings, announce, record_to: Path):
    """`voice-coach demo`: a whole scene with a synthetic user voice, no devices needed."""
    from voice_coach.analysis.lexicon import read_yaml
    from voice_coach.audio.playback import write_wav
    from voice_coach.roleplay import library
    from voice_coach.roleplay.runner import Stage
    from voice_coach.roleplay.turns import ScriptedAnswers, SessionAudio
    from voice_coach.store import Store
    from voice_coach.transcribe import recognizer_for
    from voice_coach.tts import make_voice

    plan = read_yaml(DEMO_PLAN)
    scene = library.find(plan["scene"])
    _check_record_to(record_to)
    voice = make_voice("hibari")
    with tempfile.TemporaryDirectory(prefix="voice-coach-demo-") as tmp:
        lines = []
        for i, text in enumerate(plan["answers"]):
            spoken = voice.synthesize(text)
            lines.append(str(write_wav(Path(tmp) / f"answer{i}.wav", spoken.samples, spoken.rate)))
        script = Path(tmp) / "answers.txt"
        script.write_text("\n".join(lines) + "\n")
        answers = ScriptedAnswers(script, recognizer_for(speech, announce), echo=None)
        heard = answers.next

        def next_answer(expect=None):
            answer = heard(expect)
            if answer is not None:
                print(f"You (synthetic voice, as heard): {answer.text}")
            return answer

        answers.next = next_answer
        # The demo's synthetic user is not the user: its session goes to a throwaway store, not their progress.
        with Store(Path(tmp) / "store") as store:
            return play(scene, answers, Stage(False, SessionAudio()), record_to, announce, store)
