"""Rehearsing a scene end to end: spoken answers through recognition, analysis, branching and feedback."""

from __future__ import annotations

import pytest
import soundfile as sf
from test_cli import run

from voice_coach.audio.playback import write_wav
from voice_coach.roleplay.library import find
from voice_coach.roleplay.runner import Runner, Stage
from voice_coach.roleplay.turns import ScriptedAnswers, SessionAudio

ANSWERS = {
    "assertive": ("I'd like to move to four days a week, Monday to Thursday, because I care for my father on Fridays.",
                  "fridays_busy"),
    "passive": ("Um, sorry, it's probably nothing, I was just wondering, maybe, never mind, it's fine.", "rushed"),
    "aggressive": ("You never listen to anyone. Just sign it off and stop wasting my time.", "defensive"),
}


@pytest.mark.parametrize("style", ["assertive", "passive", "aggressive"])
def test_a_spoken_answer_takes_its_branch(style, analyzer, sphinx, hibari, tmp_path):
    text, branch = ANSWERS[style]
    spoken = hibari.synthesize(text)
    wav = write_wav(tmp_path / "answer.wav", spoken.samples, spoken.rate)
    (tmp_path / "script.txt").write_text(f"{wav}\nstop\n")
    lines = []
    runner = Runner(analyzer, Stage(speak_aloud=False, record=None, out=lines.append),
                    ScriptedAnswers(tmp_path / "script.txt", sphinx))
    session = runner.run(find("fridays-off"))
    assert session.records[0].style == style, session.records[0]
    # the next line the partner said is the branch for that style
    branch_line = find("fridays-off").turns[branch].says
    assert f"Dana: {branch_line}" in lines
    if style != "assertive":
        assert session.records[0].tip  # the coach speaks up when it helps …
    else:
        assert session.records[0].tip is None  # … and not after every line
    assert any(line.startswith("Coach: ") and "score" in line for line in lines)


def test_persistence_pays_and_the_session_is_recorded(tmp_path):
    script = tmp_path / "answers.txt"
    script.write_text(
        "I'd like to move to four days a week, Monday to Thursday, because I care for my father on Fridays.\n"
        "I understand. I'd still like to work Monday to Thursday.\n"
        "I hear you. I'd still like to work Monday to Thursday.\n")
    wav = tmp_path / "session.wav"
    proc = run("rehearse", "fridays-off", "--script", str(script), "--record-to", str(wav), check_rc=0)
    out = proc.stdout
    assert "we can trial it for two months" in out  # gave way on the second assertive repetition
    assert "broken record working" in out
    data, rate = sf.read(wav)
    assert rate == 16000 and len(data) / rate > 10  # partner and coach (the answers here were typed)
    assert 0.05 < abs(data).max() < 0.999  # speech at its own level, neither silent nor clipped


def test_typed_answers_and_commands_in_text_mode(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, VOICE_COACH_HOME=str(tmp_path))
    typed = "help\nrepeat\nYou never listen to me, this is ridiculous.\nstop\n"
    proc = subprocess.run([sys.executable, "-m", "voice_coach", "rehearse", "wrong-coffee-order", "--text"],
                          input=typed, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("Sam: Here you go, one latte. Enjoy!") == 2  # said again on "repeat"
    assert "Coach: Name what's wrong" in proc.stdout  # "help" gives the turn's tip …
    assert "Coach: About the assertive template:" in proc.stdout  # … and a short lesson with an example
    assert "Sam: Okay, no need for that" in proc.stdout  # the aggressive branch
    import sqlite3

    db = sqlite3.connect(tmp_path / "voice-coach.db")  # every rehearsal is kept, turn by turn
    assert db.execute("SELECT style FROM attempts").fetchall() == [("aggressive",)]
    assert db.execute("SELECT ending FROM sessions").fetchall() == [("unfinished",)]


def test_an_unknown_scene_and_a_missing_script_are_one_clear_error(tmp_path):
    from test_cli import assert_one_line_error

    assert_one_line_error(run("rehearse", "nope", "--text"), "no scene 'nope'")
    assert_one_line_error(run("rehearse", "fridays-off", "--script", str(tmp_path / "missing.txt")), "cannot read the script")


def test_demo_plays_a_whole_scene_without_devices(tmp_path):
    wav = tmp_path / "demo.wav"
    proc = run("demo", "--record-to", str(wav), check_rc=0)
    assert "You (synthetic voice, as heard):" in proc.stdout and "Your score:" in proc.stdout
    data, rate = sf.read(wav)
    assert len(data) / rate > 20 and abs(data).max() < 0.999  # the user's int16 answers are not clipped


def test_record_to_holds_both_sides_of_a_spoken_session(analyzer, sphinx, hibari, tmp_path):
    from voice_coach.audio.files import load_audio

    answer = hibari.synthesize("No, thank you. Just the laptop, please.")
    wav = write_wav(tmp_path / "a.wav", answer.samples, answer.rate)
    (tmp_path / "s.txt").write_text(f"{wav}\n")
    record = SessionAudio()
    Runner(analyzer, Stage(False, record, lambda _: None), ScriptedAnswers(tmp_path / "s.txt", sphinx)).run(
        find("high-pressure-salesperson"))
    spoken = load_audio(wav).samples
    assert any(len(p) == len(spoken) and (p == spoken).all() for p in record.parts)  # the user's side
    assert len(record.samples()) / 16000 > answer.duration + 3  # and the partner's and coach's
