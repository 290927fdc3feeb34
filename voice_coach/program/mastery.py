"""When a situation counts as mastered: a rule the user can see and change, judged from the store."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from voice_coach.errors import UserError
from voice_coach.store import Store

RULE_KEY = "mastery_rule"


@dataclass(frozen=True)
class MasteryRule:
    """The last `attempts` finished rehearsals all assertive with score ≥ `min_score`, and the anxiety rated
    after the latest practice ≤ `max_anxiety`."""

    attempts: int = 3
    min_score: int = 75
    max_anxiety: int = 30

    def __post_init__(self):
        if not 1 <= self.attempts <= 20:
            raise UserError(f"--attempts {self.attempts}: use 1 to 20 rehearsals")
        if not 0 <= self.min_score <= 100:
            raise UserError(f"--score {self.min_score}: use 0 to 100")
        if not 0 <= self.max_anxiety <= 100:
            raise UserError(f"--anxiety {self.max_anxiety}: use 0 to 100")

    def describe(self) -> str:
        times = "rehearsal is" if self.attempts == 1 else f"{self.attempts} rehearsals are"
        return (f"A situation is mastered when your last {times} assertive with a score of {self.min_score} "
                f"or more, and your anxiety after practice is {self.max_anxiety} or less.")

    @classmethod
    def load(cls, store: Store) -> MasteryRule:
        raw = store.setting(RULE_KEY)
        return cls(**json.loads(raw)) if raw else cls()

    def save(self, store: Store) -> None:
        store.set_setting(RULE_KEY, json.dumps(asdict(self)))


@dataclass(frozen=True)
class Verdict:
    """Where a situation stands against the rule."""

    mastered: bool
    good_in_a_row: int   # finished, assertive, high-scoring rehearsals at the end of the record
    anxiety_after: int | None
    still_needed: str    # in words, what is left to do ("" when mastered)


def judge(store: Store, situation_id: int, rule: MasteryRule) -> Verdict:
    sessions = [s for s in store.sessions(situation_id) if s["score"] is not None]
    run = 0
    for s in reversed(sessions):
        if s["ending"] != "unfinished" and s["style"] == "assertive" and s["score"] >= rule.min_score:
            run += 1
        else:
            break
    afters = [r["anxiety"] for r in store.ratings(situation_id) if r["kind"] == "after"]
    after = afters[-1] if afters else None
    needs = []
    if run < rule.attempts:
        more = rule.attempts - run
        needs.append(f"{more} more assertive rehearsal{'s' if more > 1 else ''} scoring {rule.min_score} or more"
                     + (" in a row" if rule.attempts > 1 else ""))
    if after is None or after > rule.max_anxiety:
        needs.append(f"an anxiety rating after practice of {rule.max_anxiety} or less"
                     + (f" (last: {after})" if after is not None else ""))
    return Verdict(not needs, run, after, " and ".join(needs))
