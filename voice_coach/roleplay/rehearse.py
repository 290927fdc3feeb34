"""Setting up a rehearsal: the scene, where answers come from, what is said aloud, what is kept."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from voice_coach.errors import UserError
from voice_coach.settings import AnalyzerSettings, SpeechSettings

DEMO_PLAN = Path(__file__).parent / "data" / "demo.yaml"


def session_folder() -> Path:
    """$VOICE_COACH_HOME/sessions, else the user data folder's sessions/."""
    home = os.environ.get("VOICE_COACH_HOME")
    if home:
        return Path(home).expanduser() / "sessions"
    from platformdirs import user_data_path

    return user_data_path("voice-coach") / "sessions"


def _check_record_to(record_to: Path | None) -> None:
    if record_to is not None and not record_to.parent.exists():
        raise UserError(f"{record_to.parent}: no such folder for the session audio")


def play(scene, answers, stage, record_to: Path | None, announce):
    """Run the scene, save the session, write the session audio; returns the session."""
    from voice_coach.analysis import Analyzer
    from voice_coach.audio.playback import write_wav
    from voice_coach.roleplay.runner import Runner, save

    try:
        session = Runner(Analyzer(AnalyzerSettings.from_env()), stage, answers).run(scene)
    finally:
        if hasattr(answers, "close"):
            answers.close()
    announce(f"(session saved to {save(session, session_folder())})")
    if stage.record is not None and record_to is not None:
        write_wav(record_to, stage.record.samples(), 16000)
        announce(f"(session audio written to {record_to})")
    return session


def rehearse(scene_id: str, speech: SpeechSettings, announce, typed: bool = False, script: Path | None = None,
             record_to: Path | None = None):
    """`voice-coach rehearse`: by voice, typed (--text) or from a script (--script)."""
    from voice_coach.roleplay import library
    from voice_coach.roleplay.runner import Stage
    from voice_coach.roleplay.turns import ScriptedAnswers, SessionAudio, SpokenAnswers, TypedAnswers
    from voice_coach.transcribe import recognizer_for

    scene = library.find(scene_id)
    _check_record_to(record_to)
    if script is not None and not script.is_file():
        raise UserError(f"{script}: cannot read the script (no such file); give a file with one answer a line")
    record = SessionAudio() if record_to else None
    if script is not None:
        answers, stage = ScriptedAnswers(script, recognizer_for(speech, announce)), Stage(False, record)
    elif typed:
        answers, stage = TypedAnswers(), Stage(False, record)
    else:
        answers, stage = SpokenAnswers(recognizer_for(speech, announce)), Stage(True, record)
    return play(scene, answers, stage, record_to, announce)


def demo(speech: SpeechSettings, announce, record_to: Path):
    """`voice-coach demo`: a whole scene with a synthetic user voice, no devices needed."""
    from voice_coach.analysis.lexicon import read_yaml
    from voice_coach.audio.playback import write_wav
    from voice_coach.roleplay import library
    from voice_coach.roleplay.runner import Stage
    from voice_coach.roleplay.turns import ScriptedAnswers, SessionAudio
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
        answers = ScriptedAnswers(script, recognizer_for(speech, announce))
        heard = answers.next

        def next_answer():
            answer = heard()
            if answer is not None:
                print(f"You (synthetic voice, as heard): {answer.text}")
            return answer

        answers.next = next_answer
        return play(scene, answers, Stage(False, SessionAudio()), record_to, announce)
