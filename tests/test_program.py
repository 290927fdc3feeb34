"""The training programme's parts: answers understood, scenes linked or made, mastery, relax, thoughts."""

from __future__ import annotations

import json
import time

import pytest
import yaml

from voice_coach.audio.playback import write_wav
from voice_coach.program import matching, relax, thoughts
from voice_coach.program.mastery import MasteryRule, judge
from voice_coach.program.talk import Stopped, Talk, parse_number, parse_yes_no
from voice_coach.roleplay.library import load_library
from voice_coach.roleplay.runner import Stage
from voice_coach.roleplay.turns import ScriptedAnswers
from voice_coach.store import Store

from conftest import DATA


def talk_from(tmp_path, lines, recognizer=None, out=None):
    script = tmp_path / "answers.txt"
    script.write_text("\n".join(lines) + "\n")
    said = out if out is not None else []
    return Talk(Stage(False, None, said.append), ScriptedAnswers(script, recognizer, echo=said.append)), said


@pytest.mark.parametrize("said, number", [("40", 40), ("about 40%", 40), ("forty", 40), ("forty-five", 45),
                                          ("I'd say sixty five", 65), ("a hundred", 100), ("zero", 0),
                                          ("nineteen", 19), ("it shrank after one wash and I was cross", None),
                                          ("not sure", None)])
def test_ratings_are_understood_in_digits_or_words(said, number):
    assert parse_number(said) == number


@pytest.mark.parametrize("said, yes", [("yes", True), ("Yes please.", True), ("sure", True), ("no thanks", False),
                                       ("not now", False), ("purple", None)])
def test_yes_and_no(said, yes):
    assert parse_yes_no(said) is yes


def test_an_unclear_rating_is_asked_again_and_stop_ends_the_interview(tmp_path):
    from voice_coach.roleplay.turns import TypedAnswers

    typed = iter(["blue", "", "seventy", "stop"])
    said = []
    talk = Talk(Stage(False, None, said.append), TypedAnswers(lambda prompt: next(typed)))
    assert talk.ask_number("How anxious?") == 70
    assert any("Please say a number from 0 to 100" in s for s in said)
    assert any("I didn't hear an answer" in s for s in said)  # an empty line is silence, asked again
    with pytest.raises(Stopped):
        talk.ask("Anything else?")


def test_spoken_ratings_are_recognised_by_grammar(tmp_path, hibari, sphinx):
    lines = []
    for i, words in enumerate(["forty five", "seventy", "yes"]):
        s = hibari.synthesize(words)
        lines.append(str(write_wav(tmp_path / f"a{i}.wav", s.samples, s.rate)))
    talk, said = talk_from(tmp_path, lines, sphinx)
    assert talk.ask_number("How anxious?") == 45
    assert talk.ask_number("And now?") == 70
    assert talk.ask_yes_no("Shall we breathe first?") is True


@pytest.mark.parametrize("title, who, want, scene", [
    ("asking my boss for Fridays off", "my boss", "Fridays off to look after my dad", "fridays-off"),
    ("telling my mother I won't host Christmas", "my mother", "to accept I won't host this year",
     "guilt-tripping-mother"),
    ("my flatmate never does the dishes", "my flatmate", "to wash up after cooking", "roommate-dishes"),
    ("saying no when a friend wants to borrow money again", "my friend", "to stop asking for loans",
     "friend-borrowing-money"),
    ("a colleague who talks over me in meetings", "a colleague", "to let me finish my point",
     "interrupting-colleague"),
])
def test_a_situation_is_linked_to_the_library_scene_about_it(nlp, title, who, want, scene):
    match = matching.best_scene(nlp, title, who, want, 50, load_library())
    assert match is not None and match.scene.id == scene


@pytest.mark.parametrize("title, who, want", [
    ("asking my boss for a raise", "my boss", "a raise of five percent"),
    ("asking my neighbour to trim the hedge", "the neighbour", "the hedge trimmed below the window"),
    ("telling my coach I want to play in defence", "my football coach", "a place in defence"),
])
def test_when_nothing_fits_a_personal_scene_is_made_from_the_users_words(nlp, title, who, want):
    assert matching.best_scene(nlp, title, who, want, 50, load_library()) is None
    scene = matching.load_personal(matching.personal_scene(title, who, want, 50))
    assert scene.id.startswith("personal-") and scene.level == 5
    said = " ".join(t.says for t in scene.turns.values())
    assert matching._you_form(want) in said and matching._you_form(want) in scene.goal
    who_said = scene.characters["other"].role
    assert who_said.startswith(("your", "the", "a")) and "my" not in who_said.split()
    ends = {t.end for t in scene.turns.values() if t.end}
    assert ends == {"success", "stalemate"}


def test_a_personal_scene_gives_way_to_persistence(analyzer, tmp_path):
    from voice_coach.roleplay.runner import Runner

    scene = matching.load_personal(matching.personal_scene("asking my boss for a raise", "my boss", "a raise", 60))
    ask = "I'd like a raise, because I've taken on the team's reporting this year. I feel it's fair to ask."
    talk, said = talk_from(tmp_path, [ask, ask, ask, ask])
    session = Runner(analyzer, talk.stage, talk.answers).run(scene)
    assert session.ending == "success" and "Let's do it: a raise" in "\n".join(said)


def _session(store, sid, score, style="assertive", ending="success"):
    session = store.start_session(sid, "x")
    store.add_attempt(session, "x", "open", "Go on.", "words", style, score, {})
    store.end_session(session, ending, score, style, "")
    return session


def test_mastery_needs_the_last_attempts_and_a_low_rating_after_practice(tmp_path):
    rule = MasteryRule(attempts=3, min_score=75, max_anxiety=30)
    with Store(tmp_path) as store:
        sid = store.add_situation("x", "y", "z", 50, "x", None).id
        for score in (90, 80):
            _session(store, sid, score)
        store.rate(sid, 20, kind="after")
        v = judge(store, sid, rule)
        assert not v.mastered and v.good_in_a_row == 2 and "1 more" in v.still_needed
        _session(store, sid, 60)  # a weaker one breaks the run
        assert judge(store, sid, rule).good_in_a_row == 0
        for score in (80, 85, 95):
            _session(store, sid, score)
        assert judge(store, sid, rule).mastered
        store.rate(sid, 45, kind="after")
        v = judge(store, sid, rule)
        assert not v.mastered and "30 or less (last: 45)" in v.still_needed
        _session(store, sid, 99, style="passive")
        assert judge(store, sid, rule).good_in_a_row == 0
        rule2 = MasteryRule(1, 90, 50)
        rule2.save(store)
        assert MasteryRule.load(store) == rule2 and "last rehearsal is" in rule2.describe()


def test_an_unfinished_rehearsal_does_not_count_towards_mastery(tmp_path):
    with Store(tmp_path) as store:
        sid = store.add_situation("x", "y", "z", 50, "x", None).id
        _session(store, sid, 95, ending="unfinished")
        assert judge(store, sid, MasteryRule(1, 75, 100)).good_in_a_row == 0


class RecordingClock:
    """A clock that advances only when slept on, so the breathing schedule is checked without the minutes."""

    def __init__(self):
        self.now = 0.0
        self.naps = []

    def sleep(self, s):
        self.naps.append(s)
        self.now += s

    def clock(self):
        return self.now


def test_paced_breathing_times_each_cue_to_the_breath(tmp_path):
    talk, said = talk_from(tmp_path, [])
    clock = RecordingClock()
    cycles = relax.breathing(talk, relax.BreathSettings(minutes=1.0, inhale_s=4, exhale_s=6),
                             relax.Pacer(clock.sleep, clock.clock))
    assert cycles == 6 and clock.naps == [4, 6] * 6 and clock.now == 60
    assert sum("Breathe in" in s for s in said) == 6 and "4 seconds" in said[0] and "6 seconds" in said[0]


def test_breathing_waits_in_real_time_with_the_speech_counted(tmp_path):
    talk, said = talk_from(tmp_path, [])
    start = time.monotonic()
    relax.breathing(talk, relax.BreathSettings(minutes=0.1, inhale_s=2, exhale_s=3))
    assert 4.9 < time.monotonic() - start < 6.5  # one 5-second breath


def test_muscle_relaxation_and_stop_read_every_step(tmp_path):
    talk, said = talk_from(tmp_path, [])
    clock = RecordingClock()
    groups = relax.muscles(talk, relax.Pacer(clock.sleep, clock.clock))
    steps = relax.stop_skill(talk, relax.Pacer(clock.sleep, clock.clock))
    assert groups >= 5 and steps == 4
    assert sum("And let go" in s for s in said) == groups and any(s.startswith("Coach: P: Proceed") for s in said)


def test_bad_breathing_settings_are_refused():
    from voice_coach.errors import UserError

    with pytest.raises(UserError, match="--minutes"):
        relax.BreathSettings(minutes=0)
    with pytest.raises(UserError, match="--in"):
        relax.BreathSettings(inhale_s=30)


def test_the_thought_exercise_names_the_trap_asks_and_keeps_the_alternative(analyzer, tmp_path):
    lines = ["She'll think I'm lazy and she'll never trust me again.",
             "She hasn't said anything like that.", "That I have a good reason.",
             "She might be disappointed, but she knows I work hard."]
    talk, said = talk_from(tmp_path, lines)
    with Store(tmp_path / "home") as store:
        record = thoughts.exercise(talk, store, analyzer)
        kept = store.thoughts()
    assert "mind_reading" in record.traps and "mind reading" in "\n".join(said)
    assert len(kept) == 1 and kept[0]["alternative"] == lines[-1]
    assert json.loads(kept[0]["answers"]) == lines[1:3]


def load_traps(name):
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]


def test_the_trap_set_is_big_enough_and_covers_every_trap():
    from voice_coach.analysis.traps import TRAPS

    rows = load_traps("thought-traps.jsonl")
    assert len(rows) >= 60 and all(set(r["traps"]) <= set(TRAPS) for r in rows)
    assert all(sum(t in r["traps"] for r in rows) >= 8 for t in TRAPS)
    assert sum(not r["traps"] for r in rows) >= 20  # statements with no trap keep precision honest


@pytest.mark.parametrize("form", ["written", "recognizer"])
def test_trap_detection_precision_and_recall(analyzer, form):
    from voice_coach.analysis.evaluate import evaluate_traps

    for name, floor in (("thought-traps.jsonl", 0.9), ("thought-traps-fresh.jsonl", 0.8)):
        s = evaluate_traps(analyzer, load_traps(name), form)
        assert s.precision >= floor and s.recall >= floor, (name, s.precision, s.recall, s.errors)


@pytest.mark.parametrize("text", ["It wouldn't be the end of the world.", "I don't think it's my fault.",
                                  "She might say no, and that's okay.", "I'm not an idiot.",
                                  "I'm afraid my voice will shake."])
def test_negation_and_hedges_are_not_traps(analyzer, text):
    assert analyzer.traps(text) == []


def test_the_scene_yaml_of_a_personal_scene_is_plain_data(tmp_path):
    text = matching.personal_scene("returning a kettle", "the shop", "a refund", 10)
    data = yaml.safe_load(text)
    assert data["level"] == 1 and data["characters"]["other"]["voice"]["engine"] == "hibari"
