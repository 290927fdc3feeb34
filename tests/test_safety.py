"""Trust: the exercise stops on crisis language anywhere; what the product is, on first run; no network."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

from test_program_cli import PLAN, vc

CRISIS = "I don't want to be here anymore."


def test_a_crisis_in_a_role_play_answer_stops_the_scene_and_keeps_nothing_of_it(tmp_path):
    home = tmp_path / "home"
    typed = f"I'd like the oat milk latte I ordered, please.\n{CRISIS}\nI would like a refund.\n"
    proc = vc(home, "rehearse", "wrong-coffee-order", "--text", stdin=typed)
    out = proc.stdout
    assert proc.returncode == 0
    assert "not a crisis service" in out and "988" in out and "emergency number" in out
    after = out.split("sounds serious")[1]
    assert "Sam:" not in after and "Your score" not in after  # no more role-play, no summary
    db = sqlite3.connect(home / "voice-coach.db")
    assert db.execute("SELECT ending FROM sessions").fetchall() == [("stopped_for_safety",)]
    assert all(CRISIS not in t for (t,) in db.execute("SELECT transcript FROM attempts"))


def test_a_crisis_in_the_plan_interview_or_thoughts_stops_it(tmp_path):
    home = tmp_path / "home"
    plan = vc(home, "plan", script=[PLAN[0], "my boss", "I want to kill myself", "40", "done"], tmp=tmp_path)
    assert plan.returncode == 0 and "988" in plan.stdout
    assert "How anxious does it make you" not in plan.stdout  # the interview did not go on
    assert json.loads(vc(home, "progress", "--json").stdout)["situations"] == []
    th = vc(home, "thoughts", script=["My husband hits me when I speak up.", "x", "y", "z"], tmp=tmp_path)
    assert "sounds serious" in th.stdout and "That sounds like" not in th.stdout
    db = sqlite3.connect(home / "voice-coach.db")
    assert db.execute("SELECT count(*) FROM thoughts").fetchone()[0] == 0


def test_the_first_run_says_what_the_product_is_and_is_not_once(tmp_path):
    home = tmp_path / "home"
    first = vc(home, "relax", "breathing", "--minutes", "0.1", "--in", "2", "--out", "3", "--text")
    assert "It is not therapy, it does not diagnose anything, and it is not a crisis service." in first.stdout
    again = vc(home, "relax", "breathing", "--minutes", "0.1", "--in", "2", "--out", "3", "--text")
    assert "not therapy" not in again.stdout


NO_NETWORK = """
import sys
def no_sockets(event, args):
    # Every socket created, connected or looked up, by Python or any library it loads, is refused.
    if event.startswith("socket."):
        raise OSError(f"network use blocked by the test ({event})")
sys.addaudithook(no_sockets)
from voice_coach.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_whole_session_runs_with_every_socket_blocked(tmp_path, hibari):
    from voice_coach.audio.playback import write_wav

    s = hibari.synthesize("No, thank you. Just the laptop, please.", rate=0.9)
    script = tmp_path / "answers.txt"
    script.write_text(f"{write_wav(tmp_path / 'a.wav', s.samples, s.rate)}\nstop\n")
    launcher = tmp_path / "offline.py"
    launcher.write_text(NO_NETWORK)
    env = dict(os.environ, VOICE_COACH_HOME=str(tmp_path / "home"))
    for args in (["plan", "--script", str(tmp_path / "plan.txt")],
                 ["rehearse", "high-pressure-salesperson", "--script", str(script)],
                 ["progress", "--json"]):
        (tmp_path / "plan.txt").write_text("\n".join(PLAN) + "\n")
        proc = subprocess.run([sys.executable, str(launcher), *args], capture_output=True, text=True, env=env,
                              timeout=300)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert len(json.loads(proc.stdout)["situations"]) == 4  # three planned, one rehearsed outside the plan
    kept = sorted(p.name for p in (tmp_path / "home").iterdir())
    assert kept == ["voice-coach.db", "voice-coach.db-shm", "voice-coach.db-wal"] or kept == ["voice-coach.db"]


def test_model_download_is_the_only_thing_that_asks_for_the_network(tmp_path):
    launcher = tmp_path / "offline.py"
    launcher.write_text(NO_NETWORK)
    env = dict(os.environ, VOICE_COACH_MODELS=str(tmp_path / "models"))
    proc = subprocess.run([sys.executable, str(launcher), "models", "download"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_spoken_crisis_is_heard_and_stops_the_scene(tmp_path, hibari):
    from voice_coach.audio.playback import write_wav

    s = hibari.synthesize("I don't want to be here anymore.", rate=0.9)
    script = tmp_path / "answers.txt"
    script.write_text(f"{write_wav(tmp_path / 'a.wav', s.samples, s.rate)}\nI'd like a refund.\n")
    proc = vc(tmp_path / "home", "rehearse", "high-pressure-salesperson", "--script", str(script))
    assert proc.returncode == 0 and "sounds serious" in proc.stdout and "988" in proc.stdout
    assert "You: I'd like a refund." not in proc.stdout  # nothing more was asked
