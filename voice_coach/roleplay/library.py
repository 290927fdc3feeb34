"""The scene library: the scenes that ship with the package, or the folder in VOICE_COACH_SCENES."""

from __future__ import annotations

import os
from pathlib import Path

from voice_coach.errors import UserError
from voice_coach.roleplay.scene import Scene, SceneError, load_scene


def scenes_dir() -> Path:
    """VOICE_COACH_SCENES; else the installed package's voice_coach/scenes; else scenes/ in a checkout."""
    env = os.environ.get("VOICE_COACH_SCENES")
    if env:
        return Path(env).expanduser()
    here = Path(__file__).resolve()
    installed = here.parents[1] / "scenes"  # a wheel carries the library inside the package
    if installed.is_dir():
        return installed
    return here.parents[2] / "scenes"  # an editable install reads the checkout's own folder


def scene_files(folder: Path | None = None) -> list[Path]:
    folder = folder or scenes_dir()
    if not folder.is_dir():
        raise UserError(f"{folder}: no scene library there; set VOICE_COACH_SCENES to the scenes folder")
    return sorted(folder.glob("*.yaml"))


def load_library(folder: Path | None = None) -> list[Scene]:
    """Every scene, in order of difficulty; the first broken file stops it with its error."""
    return sorted((load_scene(p) for p in scene_files(folder)), key=lambda s: (s.level, s.id))


def find(scene_id: str, folder: Path | None = None) -> Scene:
    folder = folder or scenes_dir()
    path = folder / f"{scene_id}.yaml"
    if not path.exists():
        known = ", ".join(p.stem for p in scene_files(folder))
        raise UserError(f"no scene '{scene_id}'; known scenes: {known}")
    return load_scene(path)


def check(paths: list[Path]) -> list[tuple[Path, str | None]]:
    """Each file with None when it is sound, or its one-line error."""
    out = []
    for p in paths:
        files = sorted(p.glob("*.yaml")) if p.is_dir() else [p]
        for f in files:
            try:
                load_scene(f)
                out.append((f, None))
            except (SceneError, UserError) as e:
                out.append((f, str(e)))
    return out


def describe(scene: Scene) -> str:
    """A readable account of a scene, for `scenes show`."""
    lines = [f"{scene.title}  ({scene.id}, {scene.area}, level {scene.level})",
             f"Situation: {scene.situation.strip()}",
             f"Your goal: {scene.goal.strip()}",
             f"Skills: {', '.join(s.replace('_', ' ') for s in scene.skills)}",
             "With: " + "; ".join(f"{c.name}, {c.role}" for c in scene.characters.values()),
             f"Opening line: \"{scene.turns[scene.start].says.strip()}\"",
             f"Turns: {len(scene.turns)}; endings: "
             + ", ".join(sorted({t.end for t in scene.turns.values() if t.end}))]
    return "\n".join(lines)
