"""`voice-coach practice`: the next step of the ladder, the obstacle work that fits it, the role-play, a
new anxiety rating, and mastery judged by the rule the user can see."""

from __future__ import annotations

from voice_coach.errors import UserError
from voice_coach.program import relax, thoughts
from voice_coach.program.mastery import MasteryRule, judge
from voice_coach.program.matching import load_personal
from voice_coach.program.plan import by_place, next_step
from voice_coach.program.talk import Stopped, Talk
from voice_coach.program.texts import text
from voice_coach.roleplay.skills import lesson
from voice_coach.store import Situation, Store

HIGH_ANXIETY = 60  # at or above this, breathing is offered even when feelings were not named as the obstacle
BREATHING_BEFORE_PRACTICE = relax.BreathSettings(minutes=1.0)


def scene_for(situation: Situation):
    from voice_coach.roleplay import library

    if situation.personal_scene:
        return load_personal(situation.personal_scene)
    return library.find(situation.scene_id)


def choose(store: Store, place: int | None) -> Situation | None:
    situations = store.situations()
    if not situations:
        raise UserError("your plan is empty; run 'voice-coach plan' first to list the situations to practise")
    return by_place(store, place) if place is not None else next_step(situations)


def obstacle_work(talk: Talk, store: Store, analyzer, situation: Situation, before: int, pacer=None) -> None:
    """Offer what fits this user and this situation: their own thought, breathing, the skill."""
    kinds = {o["kind"] for o in store.obstacles(situation.id)}
    worked = store.thoughts(situation.id)
    if worked:
        last = worked[-1]
        talk.say(text("practice", "your_thought", fear=last["fear"].rstrip(".!"), alternative=last["alternative"]))
    elif "thought" in kinds and talk.ask_yes_no(text("practice", "offer_thoughts")):
        thoughts.exercise(talk, store, analyzer, situation)
    if ("emotion" in kinds or before >= HIGH_ANXIETY) and talk.ask_yes_no(text("practice", "offer_breathing")):
        relax.breathing(talk, BREATHING_BEFORE_PRACTICE, pacer)
    if "skill" in kinds:
        scene = scene_for(situation)
        talk.say(text("practice", "skill_first"))
        talk.say(lesson(next((s for s in scene.skills if s != "template"), "template")))


def practice(talk: Talk, store: Store, analyzer, place: int | None, play_scene, pacer=None) -> Situation | None:
    """One practice round. play_scene(scene, situation_id) runs the role-play and returns the session."""
    rule = MasteryRule.load(store)
    situation = choose(store, place)
    if situation is None:
        talk.say(text("practice", "all_mastered"))
        return None
    situations = store.situations()
    here = next(i for i, s in enumerate(situations, 1) if s.id == situation.id)
    nxt = next_step(situations)
    talk.say(text("practice", "next", title=situation.title, place=here, count=len(situations),
                  anxiety=situation.anxiety if situation.anxiety is not None else "not rated"))
    if nxt is not None and situation.rank > nxt.rank and not situation.mastered:
        talk.say(text("practice", "locked", title=situation.title, next=nxt.title))
    talk.say(rule.describe())
    try:
        before = talk.ask_number(text("practice", "before"))
        store.rate(situation.id, before, kind="before")
        obstacle_work(talk, store, analyzer, situation, before, pacer)
    except Stopped:
        return situation
    talk.say(text("practice", "begin"))
    session = play_scene(scene_for(situation), situation.id)
    try:
        after = talk.ask_number(text("practice", "after"))
    except Stopped:
        after = None
    if after is not None:
        store.rate(situation.id, after, kind="after", session_id=getattr(session, "store_id", None))
    verdict = judge(store, situation.id, rule)
    if verdict.mastered and not situation.mastered:
        store.set_mastered(situation.id, rule.__dict__)
        talk.say(text("practice", "mastered", title=situation.title))
        following = next_step(store.situations())
        talk.say(text("practice", "unlocked", title=following.title) if following else text("practice", "top"))
    elif not verdict.mastered:
        talk.say(text("practice", "not_yet", needs=verdict.still_needed))
    return situation
