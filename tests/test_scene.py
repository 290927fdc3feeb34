"""Scenes are validated: every library scene is sound; each broken form names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import assert_one_line_error, run

from voice_coach.errors import UserError
from voice_coach.roleplay.library import load_library, scene_files
from voice_coach.roleplay.scene import SceneError, load_scene

GOOD = """\
id: tiny
title: A tiny scene
area: work
level: 3
situation: You need Friday off.
goal: Get Friday off.
skills: [template]
characters:
  boss:
    name: Dana
    role: your manager
    voice: {engine: hibari}
start: open
turns:
  open:
    speaker: boss
    says: "Yes?"
    next: {assertive: ok, passive: no, aggressive: no, passive_aggressive: no}
  ok:
    speaker: boss
    says: "Fine."
    end: success
  no:
    speaker: boss
    says: "No."
    end: stalemate
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "tiny.yaml"
    p.write_text(text)
    return p


def test_every_library_scene_is_sound():
    files = scene_files()
    assert len(files) >= 10
    scenes = load_library()
    assert {s.id for s in scenes} == {p.stem for p in files}
    assert len({s.area for s in scenes}) >= 5 and min(s.level for s in scenes) <= 2 and max(s.level for s in scenes) == 10


def test_the_library_covers_the_hard_cases_and_special_skills():
    scenes = load_library()
    skills = {k for s in scenes for k in s.skills}
    assert {"broken_record", "fogging", "negative_inquiry", "negative_assertion", "workable_compromise",
            "saying_no", "escalating_assertion"} <= skills
    # persistence pays somewhere in every scene that practises the broken record
    for s in scenes:
        if "broken_record" in s.skills:
            assert any(t.give_way_after for t in s.turns.values()), s.id


def test_a_good_scene_loads(tmp_path):
    scene = load_scene(write(tmp_path, GOOD))
    assert scene.start == "open" and scene.turns["ok"].end == "success"


@pytest.mark.parametrize("change, line, field, words", [
    (("assertive: ok,", "assertive: okk,"), 18, "turns.open.next.assertive", "unknown turn 'okk'"),
    (("level: 3", "level: 12"), 4, "level", "less than or equal to 10"),
    (("    voice: {engine: hibari}\n", ""), 9, "characters.boss.voice", "Field required"),
    (("speaker: boss\n    says: \"Yes?\"", "speaker: bos\n    says: \"Yes?\""), 16, "turns.open.speaker", "unknown character"),
    (("end: success", "end: succes"), 22, "turns.ok.end", "Input should be"),
    (("start: open", "start: opening"), 13, "start", "unknown turn 'opening'"),
    (("id: tiny", "id: other"), 1, "id", "must match the file name"),
    (("start: open", "interrupting: sometimes\nstart: open"), 13, "interrupting", "'welcome', 'neutral' or 'costly'"),
])
def test_broken_scenes_name_file_line_and_field(tmp_path, change, line, field, words):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(SceneError) as e:
        load_scene(path)
    message = str(e.value)
    assert message.startswith(f"{path} line {line}: field '{field}'"), message
    assert words in message


def test_an_unreachable_turn_and_a_scene_with_no_ending(tmp_path):
    orphan = GOOD + '  lost:\n    speaker: boss\n    says: "Hm."\n    end: partial\n'
    with pytest.raises(SceneError, match=r"line 27: field 'turns.lost': turn 'lost' cannot be reached"):
        load_scene(write(tmp_path, orphan))
    loop = GOOD.replace("end: success", "next: {assertive: ok, passive: ok, aggressive: ok, passive_aggressive: ok}") \
        .replace("end: stalemate", "next: {assertive: ok, passive: ok, aggressive: ok, passive_aggressive: ok}")
    with pytest.raises(SceneError, match="has no ending"):
        load_scene(write(tmp_path, loop))


def test_bad_yaml_names_its_line(tmp_path):
    with pytest.raises(UserError, match=r"tiny.yaml line \d+: not valid YAML"):
        load_scene(write(tmp_path, GOOD.replace('says: "Fine."', 'says: "Fine.')))


def test_scenes_commands(tmp_path):
    listing = run("scenes", "list", check_rc=0).stdout.splitlines()
    levels = [int(line.split()[1]) for line in listing]
    assert levels == sorted(levels) and len(listing) >= 10
    shown = run("scenes", "show", "fridays-off", check_rc=0).stdout
    assert "Asking your manager for Fridays off" in shown and "Opening line:" in shown
    assert_one_line_error(run("scenes", "show", "no-such-scene"), "no scene 'no-such-scene'")
    n = len(scene_files())
    assert f"{n} of {n} scene files are sound" in run("scenes", "check", check_rc=0).stdout
    bad = write(tmp_path, GOOD.replace("level: 3", "level: 0"))
    proc = run("scenes", "check", str(bad))
    assert proc.returncode == 2 and "line 4: field 'level'" in proc.stderr and "Traceback" not in proc.stderr


def test_what_cutting_in_means_follows_the_scene():
    from voice_coach.roleplay.library import find
    from voice_coach.roleplay.runner import interrupting_note

    mother, salesman, boss = find("guilt-tripping-mother"), find("high-pressure-salesperson"), find("fridays-off")
    assert (mother.interrupting, salesman.interrupting, boss.interrupting) == ("costly", "welcome", "neutral")
    assert "aggressive" in interrupting_note("first", mother, "Mum") and "Mum" in interrupting_note("first", mother, "Mum")
    assert "right call" in interrupting_note("first", salesman, "Alex")
    assert interrupting_note("summary", boss, count=2, times="times") == "You spoke over the other person 2 times."
