"""`voice-coach plan`: the inventory interview and the anxiety hierarchy (the ladder), edited by voice."""

from __future__ import annotations

import re

from voice_coach.errors import UserError
from voice_coach.program import matching
from voice_coach.program.mastery import MasteryRule
from voice_coach.program.talk import Stopped, Talk, parse_number
from voice_coach.program.texts import text
from voice_coach.store import Situation, Store

DONE = ("done", "no", "none", "nothing", "that's all", "that's it", "that is all", "nothing else", "no more",
        "finished", "i'm done", "no thanks", "no thank you", "nope")
OBSTACLE_WORDS = {
    "emotion": ("feel", "feeling", "emotion", "anxious", "anxiety", "nervous", "panic", "scared", "afraid", "fear",
                "shaking", "shake", "heart", "upset", "cry", "strong"),
    "thought": ("thought", "thinking", "think", "worry", "worrying", "worried", "what if", "mind", "doubt"),
    "skill": ("know what to say", "words", "what to say", "how to say", "skill", "don't know", "not knowing",
              "freeze", "blank"),
}
_NUMBER_WORDS = r"\b(?:\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|" \
                r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|" \
                r"ninety|a hundred|one hundred|hundred)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?\b"


def is_done(said: str) -> bool:
    return said.lower().strip(" .!") in DONE


def obstacle_kinds(said: str) -> list[str]:
    """What gets in the way, from the user's words: emotion, thought, skill (one or more)."""
    low = said.lower()
    return [kind for kind, words in OBSTACLE_WORDS.items() if any(w in low for w in words)]


def add_situation(talk: Talk, store: Store, analyzer, library, title: str) -> Situation:
    """Ask who, what, how anxious and what gets in the way; link a scene; store it."""
    who = talk.ask(text("plan", "who"))
    want = talk.ask(text("plan", "want"))
    anxiety = talk.ask_number(text("plan", "rate"), help_text=text("plan", "rate_help"))
    obstacle = talk.ask(text("plan", "obstacle"))
    match = matching.best_scene(analyzer.nlp, title, who, want, anxiety, library)
    if match is not None:
        situation = store.add_situation(title, who, want, anxiety, match.scene.id, None)
        talk.say(text("plan", "linked", scene=match.scene.title))
    else:
        scene = matching.personal_scene(title, who, want, anxiety)
        situation = store.add_situation(title, who, want, anxiety, None, scene)
        talk.say(text("plan", "personal"))
    for kind in obstacle_kinds(obstacle) or ["emotion"]:
        store.add_obstacle(situation.id, kind, obstacle)
    return situation


def ladder(store: Store, rule: MasteryRule | None = None) -> list[str]:
    """The hierarchy as numbered lines, easiest first, with what is mastered and what comes next."""
    situations = store.situations()
    nxt = next_step(situations)
    lines = []
    for place, s in enumerate(situations, 1):
        state = "mastered" if s.mastered else "next" if nxt and s.id == nxt.id else "locked" if not s.from_library \
            else "practised outside the plan"
        anxiety = f"anxiety {s.anxiety}" if s.anxiety is not None else "not rated"
        scene = f"scene {s.scene_id}" if s.scene_id else "personal scene"
        lines.append(f"{place}. {s.title} ({anxiety}; {scene}; {state})")
    return lines


def next_step(situations: list[Situation]) -> Situation | None:
    """The easiest situation of the plan not yet mastered (unlocked by mastering everything below it)."""
    return next((s for s in situations if not s.mastered and not s.from_library), None)


def by_place(store: Store, place: int) -> Situation:
    situations = store.situations()
    if not 1 <= place <= len(situations):
        raise UserError(f"there is no number {place} on your ladder (it has {len(situations)}); "
                        "'voice-coach plan list' shows them")
    return situations[place - 1]


def _numbers(said: str) -> list[int]:
    return [n for n in (parse_number(m) for m in re.findall(_NUMBER_WORDS, said.lower())) if n is not None]


def edit_by_voice(talk: Talk, store: Store, analyzer, library) -> None:
    """'rate two as forty', 'move three to one', 'remove two', 'add', 'done'."""
    while True:
        said = talk.ask(text("plan", "edit"), text("plan", "edit_help")).lower()
        if is_done(said):
            return
        numbers = _numbers(said)
        try:
            if said.startswith("add"):
                title = talk.ask(text("plan", "first"), text("plan", "name_help"))
                add_situation(talk, store, analyzer, library, title)
            elif ("rate" in said or "rerate" in said) and len(numbers) >= 2:
                s = by_place(store, numbers[0])
                store.rate(s.id, numbers[1])
                talk.say(text("plan", "rated", title=s.title, anxiety=numbers[1]))
            elif "move" in said and len(numbers) >= 2:
                s = by_place(store, numbers[0])
                store.move(s.id, numbers[1])
                talk.say(text("plan", "moved", title=s.title, place=numbers[1]))
            elif ("remove" in said or "delete" in said) and numbers:
                s = store.remove(by_place(store, numbers[0]).id)
                talk.say(text("plan", "removed", title=s.title))
            else:
                talk.say(text("plan", "edit_unclear"))
                continue
        except UserError:
            talk.say(text("plan", "no_such", place=numbers[0] if numbers else "?"))
            continue
        for line in ladder(store):
            talk.say(line)


def interview(talk: Talk, store: Store, analyzer, library) -> int:
    """The whole spoken interview; returns how many situations were added. Each is saved as soon as it is
    complete, so stopping part-way keeps what was said."""
    added = 0
    talk.say(text("plan", "intro"))
    try:
        while True:
            question = text("plan", "first" if added == 0 and not store.situations() else "another")
            title = talk.ask(question, text("plan", "name_help"))
            if is_done(title):
                break
            add_situation(talk, store, analyzer, library, title)
            added += 1
        if store.situations():
            talk.say(text("plan", "ladder"))
            for line in ladder(store):
                talk.say(line)
            talk.say(MasteryRule.load(store).describe())
            edit_by_voice(talk, store, analyzer, library)
    except Stopped:
        pass
    talk.say(text("plan", "saved") if store.situations() else text("plan", "empty"))
    return added
