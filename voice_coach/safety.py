"""When someone may be in danger, the exercise stops and the product says plainly what to do now."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MESSAGES = Path(__file__).parent / "data" / "safety.yaml"
SHOWN_KEY = "first_run_notice_shown"


class SafetyStop(Exception):
    """Crisis language was heard: the exercise has stopped and the safety message has been said."""


@lru_cache(maxsize=1)
def messages() -> dict:
    import yaml  # not the analysis package's reader: the command line must not load spaCy to start

    return yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))


def crisis_lines() -> list[str]:
    return [line for line in messages()["crisis"].strip().split("\n") if line.strip()]


def stop_for_safety(say) -> None:
    """Say the safety message (say: one line at a time, printed and spoken), then stop the exercise."""
    for line in crisis_lines():
        say(line)
    raise SafetyStop


def first_run(store, say) -> None:
    """The plain statement of what this is and is not, once per data folder."""
    if store.setting(SHOWN_KEY):
        return
    for line in messages()["first_run"].strip().split("\n"):
        say(line)
    store.set_setting(SHOWN_KEY, "1")
