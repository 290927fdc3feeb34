"""Linking a situation of the user's plan to a library scene, or making a personal scene from their words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from voice_coach.program.texts import data
from voice_coach.roleplay.scene import Scene, check_graph

PERSONAL_VOICE = {"engine": "hibari", "variant": "heart", "rate": 1.0}
MIN_TOPIC_OVERLAP = 1  # at least one shared topical word besides who the other party is
_SCENE_WORDS: dict[tuple, set[str]] = {}


@dataclass(frozen=True)
class Match:
    """The best library scene for a situation, and why."""

    scene: Scene
    score: float
    shared: tuple[str, ...]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", text.lower())


def _lemmas(nlp, text: str) -> set[str]:
    generic = set(data("parties")["generic"])
    return {t.lemma_.lower() for t in nlp(text)
            if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and not t.is_stop
            and t.lemma_.lower() not in generic and len(t.text) > 2}


def _role_group(word: str) -> str:
    for group in data("parties")["same_role"]:
        if word in group:
            return group[0]
    return word


def area_of(*texts: str) -> str | None:
    """The library area the other party belongs to ("my boss" → work), from the words that name them."""
    words = [w for t in texts for w in _words(t)]
    for area, names in data("parties")["areas"].items():
        if any(w in names for w in words):
            return area
    return None


def roles(text: str) -> set[str]:
    known = {n for names in data("parties")["areas"].values() for n in names}
    return {_role_group(w) for w in _words(text) if w in known}


def best_scene(nlp, title: str, other_party: str, want: str, anxiety: int | None,
               library: list[Scene]) -> Match | None:
    """The library scene that fits: same area or role, and about the same thing (shared topical words),
    nearest in level to the anxiety rating. None when nothing fits well enough."""
    mine = _lemmas(nlp, f"{title}. {want}")
    who = roles(other_party) | roles(title)
    area = area_of(other_party, title)
    best: Match | None = None
    for scene in library:
        key = (id(nlp), scene.id, scene.title, scene.situation, scene.goal)
        if key not in _SCENE_WORDS:  # a scene's words are parsed once per process, not once per situation
            _SCENE_WORDS[key] = _lemmas(nlp, f"{scene.title}. {scene.situation} {scene.goal}")
        theirs = _SCENE_WORDS[key]
        scene_roles = set().union(*(roles(c.role) for c in scene.characters.values()))
        shared = tuple(sorted((mine & theirs) - who - scene_roles))
        if len(shared) < MIN_TOPIC_OVERLAP:
            continue
        same_area = scene.area == area
        same_role = bool(who & scene_roles)
        if not (same_area or same_role):
            continue
        score = 2.0 * same_area + 2.0 * same_role + len(shared) + _skill_fit(f"{title} {want}", scene)
        if anxiety is not None:
            score -= 0.1 * abs(scene.level - max(1, round(anxiety / 10)))
        if best is None or score > best.score:
            best = Match(scene, score, shared)
    return best


def _skill_fit(words: str, scene: Scene) -> float:
    """One point when the user's words name a skill the scene practises ("say no" → saying_no)."""
    low = words.lower()
    cues = data("parties").get("skill_cues", {})
    return 1.0 if any(skill in scene.skills and any(c in low for c in cs) for skill, cs in cues.items()) else 0.0


def _you_form(words: str) -> str:
    """The user's words as the other party would say them back: 'my' → 'your', 'me' → 'you'."""
    swap = {"my": "your", "me": "you", "i": "you", "myself": "yourself", "mine": "yours", "i'm": "you're",
            "i'd": "you'd", "i'll": "you'll", "i've": "you've", "am": "are"}
    out = [swap.get(w.lower(), w) for w in words.strip().rstrip(".!?").split()]
    return " ".join(out)


def _slug(text: str) -> str:
    return "-".join(_words(text))[:40].strip("-") or "situation"


def personal_scene(title: str, other_party: str, want: str, anxiety: int | None) -> str:
    """A scene on the built-in pattern with the user's names and request filled in, as YAML text."""
    pattern = data("personal-scene")
    who = _you_form(other_party) or "the other person"
    if not who.lower().startswith(("your ", "the ", "a ", "an ")) and who[:1].islower():
        who = "the " + who
    values = {"title": title.strip().rstrip("."), "Title": title.strip().rstrip(".").capitalize(),
              "who": who, "Who": who[:1].upper() + who[1:], "want": _you_form(want) or "what you asked for"}

    def fill(node):
        if isinstance(node, str):
            return node.format(**values)
        if isinstance(node, list):
            return [fill(n) for n in node]
        if isinstance(node, dict):
            return {k: fill(v) for k, v in node.items()}
        return node

    scene = fill(pattern)
    scene["id"] = f"personal-{_slug(title)}"
    scene["area"] = area_of(other_party, title) or "strangers"
    scene["level"] = min(10, max(1, round((anxiety if anxiety is not None else 50) / 10)))
    scene["characters"] = {"other": {"name": values["Who"], "role": who, "voice": PERSONAL_VOICE}}
    for turn in scene["turns"].values():
        turn["speaker"] = "other"
    text = yaml.safe_dump(scene, sort_keys=False, allow_unicode=True, width=110)
    load_personal(text)  # refuse to store a scene that would not run
    return text


def load_personal(text: str) -> Scene:
    scene = Scene.model_validate(yaml.safe_load(text))
    check_graph(scene, Path(f"{scene.id}.yaml"), {})
    return scene
