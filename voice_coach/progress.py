"""Progress: a plain summary, the JSON contract, a plot per situation, export and delete."""

from __future__ import annotations

import shutil
import time
from functools import cache
from pathlib import Path

from voice_coach.errors import UserError
from voice_coach.jsonl import write_atomically
from voice_coach.program.mastery import MasteryRule, judge
from voice_coach.store import Store


def _iso(t: float | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t)) if t else None


def report(store: Store) -> dict:
    """{"situations": [{"id", "title", "anxiety", "rank", "mastered", "attempts": [{"at", "score", "style"}]}]}
    An attempt is one rehearsal of the situation; more fields say how it went and how anxious it felt."""
    rule = MasteryRule.load(store)
    out = []
    turn_counts = store.turn_counts()
    for s in store.situations():
        ratings = store.ratings(s.id)
        attempts = []
        for sess in store.sessions(s.id):
            turns = turn_counts.get(sess["id"], 0)
            if not turns:
                continue
            after = [r["anxiety"] for r in ratings if r["kind"] == "after" and r["session_id"] == sess["id"]]
            attempts.append({"at": _iso(sess["started_at"]), "score": sess["score"], "style": sess["style"],
                             "scene": sess["scene"], "ending": sess["ending"], "turns": turns,
                             "anxiety_after": after[0] if after else None})
        verdict = judge(store, s.id, rule)
        firsts = [r["anxiety"] for r in ratings if r["kind"] in ("initial", "before")]
        afters = [r["anxiety"] for r in ratings if r["kind"] == "after"]
        scores = [a["score"] for a in attempts if a["score"] is not None]
        out.append({"id": s.id, "title": s.title, "anxiety": s.anxiety, "rank": s.rank, "mastered": s.mastered,
                    "mastered_at": _iso(s.mastered_at), "other_party": s.other_party, "want": s.want,
                    "scene": s.scene_id or "personal", "in_plan": not s.from_library,
                    "level": _level(s), "best_score": max(scores) if scores else None,
                    "last_score": scores[-1] if scores else None,
                    "anxiety_first": firsts[0] if firsts else None, "anxiety_last_after": afters[-1] if afters else None,
                    "still_needed": verdict.still_needed, "attempts": attempts})
    return {"mastery_rule": rule.describe(), "mastery": rule.__dict__, "situations": out}


def _level(s) -> int | None:
    if s.personal_scene:
        import yaml

        return yaml.safe_load(s.personal_scene).get("level")
    return _scene_level(s.scene_id)


@cache
def _scene_level(scene_id: str) -> int | None:
    from voice_coach.roleplay import library

    try:
        return library.find(scene_id).level
    except UserError:
        return None  # a scene since removed from the library


def summary(data: dict) -> list[str]:
    """Plain lines a screen reader reads well."""
    if not data["situations"]:
        return ["No situations yet. Run 'voice-coach plan' to build your ladder, or 'voice-coach rehearse SCENE'."]
    lines = [data["mastery_rule"]]
    for s in data["situations"]:
        state = "mastered" if s["mastered"] else "not mastered yet"
        anxiety = s["anxiety"] if s["anxiety"] is not None else "not rated"
        lines.append(f"{s['rank']}. {s['title']}: level {s['level'] or '?'}, anxiety {anxiety}, {state}.")
        if s["attempts"]:
            lines.append(f"   {len(s['attempts'])} attempt{'s' if len(s['attempts']) != 1 else ''}; best score "
                         f"{s['best_score']}, last {s['last_score']}; anxiety first {s['anxiety_first']}, "
                         f"after the last practice {s['anxiety_last_after']}.")
        else:
            lines.append("   No attempts yet.")
        if not s["mastered"] and s["in_plan"]:
            lines.append(f"   To master it: {s['still_needed']}.")
    return lines


def plot(data: dict, path: Path) -> Path:
    """Scores and anxiety over time, one panel per situation, mastery marked."""
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    import matplotlib.pyplot as plt

    situations = [s for s in data["situations"] if s["attempts"]]
    if not situations:
        raise UserError("nothing to plot yet: no rehearsals recorded; practise first with 'voice-coach practice'")
    if not path.parent.exists():
        raise UserError(f"{path.parent}: no such folder for the plot")
    fig, axes = plt.subplots(len(situations), 1, figsize=(8, 2.6 * len(situations)), squeeze=False, sharex=False)
    for ax, s in zip(axes[:, 0], situations):
        n = range(1, len(s["attempts"]) + 1)
        ax.plot(n, [a["score"] for a in s["attempts"]], "o-", color="tab:blue", label="score")
        ax.plot(n, [a["anxiety_after"] for a in s["attempts"]], "s--", color="tab:red", label="anxiety after")
        ax.axhline(data["mastery"]["min_score"], ls=":", color="tab:blue", alpha=0.6)  # the score mastery needs
        ax.axhline(data["mastery"]["max_anxiety"], ls=":", color="tab:red", alpha=0.6)  # the anxiety it allows
        ax.set_ylim(0, 105)
        ax.set_xticks(list(n))
        ax.set_title(f"{s['rank']}. {s['title']}" + ("  (mastered)" if s["mastered"] else ""), loc="left", fontsize=10)
        ax.set_ylabel("0–100")
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
    axes[-1, 0].set_xlabel("attempt")
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=100)
    except OSError as e:
        raise UserError(f"{path}: cannot write the plot ({e.strerror})") from None
    finally:
        plt.close(fig)
    return path


def export(store: Store, path: Path) -> Path:
    """Everything the store holds, as one JSON file (the progress report included)."""
    path = Path(path)
    if path.is_dir() or not path.parent.exists():
        raise UserError(f"{path}: give a file name in an existing folder for the export")
    everything = {"exported_at": _iso(time.time()), "progress": report(store), "tables": store.dump()}
    write_atomically(path, [everything])  # one JSON object; private like the data folder (mode 600)
    return path


def delete_everything(folder: Path) -> None:
    """The database, its journal files and every kept recording: the whole data folder's contents."""
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
