"""The whole programme from scripted answers, across separate processes sharing one data folder."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

ASK = ("This jumper shrank the first time I washed it. I feel disappointed, because it cost a lot. "
       "I would like a refund, please.")
AGAIN = ("I understand it's a busy time. I feel frustrated, because the jumper shrank after one wash. "
         "I would like a refund today, please.")
PLAN = ["returning a jumper that shrank", "the shop assistant", "a refund", "twenty", "I don't know what to say",
        "asking my boss for Fridays off", "my boss", "Fridays off to look after my dad", "fifty",
        "I get nervous and my heart races",
        "telling my mother I won't host Christmas", "my mother", "to accept that I won't host this year", "80",
        "worrying thoughts", "done",
        "rate three as eighty five", "done"]
PRACTICE = ["20", ASK, AGAIN, AGAIN, AGAIN, "15"]


def vc(home, *args, script=None, stdin=None, tmp=None):
    env = dict(os.environ, VOICE_COACH_HOME=str(home))
    cmd = [sys.executable, "-m", "voice_coach", *args]
    if script is not None:
        path = tmp / f"script-{abs(hash(tuple(script)))}.txt"
        path.write_text("\n".join(script) + "\n")
        cmd += ["--script", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, input=stdin, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    """Plan three situations, then practise the easiest until it is mastered: each a process of its own."""
    tmp = tmp_path_factory.mktemp("program")
    home = tmp / "home"
    runs = {"plan": vc(home, "plan", script=PLAN, tmp=tmp)}
    runs["practice"] = [vc(home, "practice", script=PRACTICE, tmp=tmp) for _ in range(3)]
    runs["after"] = vc(home, "plan", "list")
    return home, tmp, runs


def test_plan_builds_a_ladder_linked_to_scenes(program):
    home, tmp, runs = program
    out = runs["plan"].stdout
    assert runs["plan"].returncode == 0, runs["plan"].stderr
    assert "There's no library scene for that, so I've made a personal one" in out
    assert "I've linked it to the library scene: Asking your manager for Fridays off." in out
    assert "I've linked it to the library scene: Not hosting Christmas this year." in out
    assert "telling my mother I won't host Christmas is now rated 85." in out  # edited by voice
    assert "You: returning a jumper that shrank" in out  # everything said is printed, the user's side too


def test_practice_reaches_mastery_and_unlocks_the_next_step(program):
    home, tmp, runs = program
    first, second, third = runs["practice"]
    for proc in runs["practice"]:
        assert proc.returncode == 0, proc.stderr
        assert "Next up: returning a jumper that shrank." in proc.stdout
        assert "Here is the skill for this scene." in proc.stdout  # their obstacle: not knowing what to say
        assert "Let's do it: a refund." in proc.stdout  # the personal scene gives way to persistence
    assert "still to go, 2 more assertive rehearsals" in first.stdout
    assert "still to go, 1 more assertive rehearsal" in second.stdout
    assert "You've mastered returning a jumper that shrank." in third.stdout
    assert "That unlocks the next step on your ladder: asking my boss for Fridays off." in third.stdout
    lines = runs["after"].stdout.splitlines()
    assert lines[0].endswith("mastered)") and lines[1].startswith("2. asking my boss") and lines[1].endswith("next)")
    assert lines[2].endswith("locked)")


def test_progress_and_export_reflect_every_attempt(program):
    home, tmp, runs = program
    report = json.loads(vc(home, "progress", "--json").stdout)
    first, boss, mum = report["situations"]
    assert set(first) >= {"id", "title", "anxiety", "rank", "mastered", "attempts"}
    assert first["mastered"] and not boss["mastered"] and not mum["mastered"]
    assert [s["rank"] for s in report["situations"]] == [1, 2, 3] and mum["anxiety"] == 85
    assert len(first["attempts"]) == 3 and boss["attempts"] == []
    for attempt in first["attempts"]:
        assert attempt["style"] == "assertive" and attempt["score"] >= 75 and attempt["at"]
        assert attempt["anxiety_after"] == 15 and attempt["turns"] == 4
    text = vc(home, "progress").stdout
    assert "1. returning a jumper that shrank: level 2, anxiety 15, mastered." in text and "3 attempts" in text

    out = tmp / "export.json"
    assert vc(home, "data", "export", str(out)).returncode == 0
    exported = json.loads(out.read_text())
    tables = exported["tables"]
    assert len(tables["sessions"]) == 3 and len(tables["attempts"]) == 12  # four turns in each session
    assert {a["transcript"] for a in tables["attempts"]} == {ASK, AGAIN}
    assert len(tables["mastery"]) == 1 and len(tables["situations"]) == 3
    assert oct(out.stat().st_mode & 0o777) == "0o600"

    plot = tmp / "progress.png"
    assert vc(home, "progress", "--plot", str(plot)).returncode == 0
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 10_000


def test_every_rehearsal_is_recorded_and_an_unplanned_scene_is_a_situation_of_its_own(program, tmp_path):
    made, tmp, runs = program
    # A copy of the programme's folder: the other tests read the programme as the fixture made it.
    home = tmp_path / "home"
    shutil.copytree(made, home)
    typed = "I'd like the oat milk latte I ordered, please.\nstop\n"
    proc = vc(home, "rehearse", "wrong-coffee-order", "--text", stdin=typed)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(vc(home, "progress", "--json").stdout)
    extra = [s for s in report["situations"] if s["title"] == "The wrong coffee"]
    assert len(extra) == 1 and extra[0]["anxiety"] is None and not extra[0]["in_plan"]
    assert len(extra[0]["attempts"]) == 1 and extra[0]["attempts"][0]["ending"] == "unfinished"
    # Practice still moves up the plan, not to the unplanned scene.
    assert "4. The wrong coffee" in vc(home, "plan", "list").stdout


def test_the_database_is_readable_by_plain_sqlite_and_private(program):
    home, tmp, runs = program
    db = sqlite3.connect(home / "voice-coach.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM ratings WHERE kind='after'").fetchone()[0] == 3
    assert oct(home.stat().st_mode & 0o777) == "0o700"


def test_plan_edits_and_the_mastery_rule_from_the_command_line(tmp_path):
    home = tmp_path / "home"
    vc(home, "plan", script=PLAN[:5] + PLAN[5:10] + ["done", "done"], tmp=tmp_path)
    assert vc(home, "plan", "rate", "1", "70").stdout.splitlines()[1].startswith("2. returning a jumper")
    assert vc(home, "plan", "move", "2", "1").stdout.splitlines()[0].startswith("1. returning a jumper")
    assert "removed: asking my boss" in vc(home, "plan", "remove", "2").stdout
    rule = vc(home, "plan", "rule", "--attempts", "2", "--score", "80")
    assert "last 2 rehearsals are assertive with a score of 80" in rule.stdout
    assert "last 2 rehearsals" in vc(home, "progress").stdout
    bad = vc(home, "plan", "rate", "9", "10")
    assert bad.returncode == 2 and "no number 9 on your ladder" in bad.stderr
    bad = vc(home, "plan", "rule", "--score", "140")
    assert bad.returncode == 2 and "--score 140" in bad.stderr


def test_thoughts_and_practice_offer_what_fits_the_user(tmp_path):
    home = tmp_path / "home"
    vc(home, "plan", script=["asking my boss for Fridays off", "my boss", "Fridays off", "65",
                             "worrying thoughts and I get very nervous", "done", "done"], tmp=tmp_path)
    th = vc(home, "thoughts", "1", script=["She'll think I'm lazy.", "Nothing, she hasn't said so.",
                                           "That I have a reason.", "She might not like it, but it's a fair ask."],
            tmp=tmp_path)
    assert "That sounds like mind reading." in th.stdout
    prac = vc(home, "practice", script=["70", "no thanks", "stop", "50"], tmp=tmp_path)
    assert "remember: you feared that She'll think I'm lazy" in prac.stdout
    assert "Would you like a minute of slow breathing" in prac.stdout and "Breathe in" not in prac.stdout
    assert "Dana:" in prac.stdout  # then the scene


def test_relax_and_data_delete(tmp_path):
    home = tmp_path / "home"
    relax = vc(home, "relax", "breathing", "--minutes", "0.1", "--in", "2", "--out", "3", "--text")
    assert relax.returncode == 0 and relax.stdout.count("Breathe in") == 1 and "Well done" in relax.stdout
    chosen = vc(home, "relax", "--minutes", "0.1", "--in", "2", "--out", "3", "--text", stdin="breathing please\n")
    assert "Which exercise" in chosen.stdout and chosen.stdout.count("Breathe in") == 1
    vc(home, "plan", script=PLAN[:5] + ["done", "done"], tmp=tmp_path)
    kept = vc(home, "data", "delete", "--text", stdin="no\n")
    assert kept.returncode == 2 and (home / "voice-coach.db").exists()
    gone = vc(home, "data", "delete", "--text", stdin="delete everything\n")
    assert gone.returncode == 0 and "Everything is deleted." in gone.stdout and list(home.iterdir()) == []


def test_a_plan_made_entirely_by_voice(tmp_path, hibari):
    from voice_coach.audio.playback import write_wav

    lines = []
    for i, words in enumerate(["asking my boss for a day off", "my boss", "a day off next month", "forty",
                               "worrying thoughts", "done", "done"]):
        s = hibari.synthesize(words, rate=0.9)
        lines.append(str(write_wav(tmp_path / f"say{i}.wav", s.samples, s.rate)))
    home = tmp_path / "home"
    proc = vc(home, "plan", script=lines, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(vc(home, "progress", "--json").stdout)
    (only,) = report["situations"]
    assert "boss" in only["title"] and only["anxiety"] == 40  # the rating heard through the number grammar


def test_answer_audio_is_kept_only_when_asked(tmp_path, hibari):
    from voice_coach.audio.playback import write_wav

    s = hibari.synthesize("I ordered an oat milk latte. Could you make that one, please?", rate=0.9)
    script = [str(write_wav(tmp_path / "answer.wav", s.samples, s.rate)), "stop"]
    home = tmp_path / "home"
    vc(home, "rehearse", "wrong-coffee-order", script=script, tmp=tmp_path)
    assert not (home / "audio").exists()
    vc(home, "rehearse", "wrong-coffee-order", "--keep-audio", script=script, tmp=tmp_path)
    kept = list((home / "audio").rglob("*.wav"))
    assert len(kept) == 1 and oct((home / "audio").stat().st_mode & 0o777) == "0o700"
    assert oct(kept[0].stat().st_mode & 0o777) == "0o600"
    db = sqlite3.connect(home / "voice-coach.db")
    assert db.execute("SELECT audio_path FROM attempts WHERE audio_path IS NOT NULL").fetchall() == [(str(kept[0]),)]
