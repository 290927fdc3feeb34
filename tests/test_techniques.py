"""Special skills are recognised in answers, and the runner credits them."""

from __future__ import annotations

import pytest

from voice_coach.roleplay.techniques import used


@pytest.mark.parametrize("technique, answer, expected", [
    ("fogging", "You might be right that it's tradition. I'm still not hosting this year.", True),
    ("fogging", "Okay, fine, I'll host it then.", False),
    ("negative_inquiry", "What specifically about the report didn't work for you?", True),
    ("negative_inquiry", "That's rubbish and you know it.", False),
    ("negative_assertion", "You're right, I got the figures wrong. I'll send a corrected version today.", True),
    ("workable_compromise", "I can't stay until nine, but I can finish the pricing section tomorrow morning.", True),
    ("saying_no", "No, thank you. I'm not drinking tonight.", True),
    ("saying_no", "Um, sorry, maybe another time? I don't really know, it's just that, you know, I've been "
                  "feeling a bit off lately and my doctor said, well, it's complicated, sorry.", False),
    ("broken_record", "I hear you. I'd still like to work Monday to Thursday.", True),
])
def test_techniques_are_recognised(analyzer, technique, answer, expected):
    assert used(technique, answer, analyzer.analyze(answer)) is expected


def test_turns_without_a_technique_are_not_judged_on_one(analyzer):
    assert used(None, "No.", analyzer.analyze("No.")) is None


def test_the_summary_credits_the_techniques_used(analyzer):
    from voice_coach.roleplay.library import find
    from voice_coach.roleplay.runner import Runner, Stage

    class Typed:
        def __init__(self, lines):
            self.lines = list(lines)

        def next(self):
            from voice_coach.roleplay.turns import Answer

            return Answer(self.lines.pop(0)) if self.lines else None

    out: list[str] = []
    answers = Typed(["Mum, I'm not hosting Christmas this year, because I'm exhausted after the move.",
                     "You might be right that it's tradition, and I'm still not hosting this year.",
                     "You may be right, and I'm still not hosting this year."])
    session = Runner(analyzer, Stage(False, None, out.append), answers).run(find("guilt-tripping-mother"))
    assert session.ending == "success"
    assert any("Techniques you used:" in line and "fogging" in line for line in out)
