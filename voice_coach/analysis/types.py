"""Plain data passed out of the analyzer: markers, template elements, the whole analysis."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

STYLES = ("assertive", "passive", "aggressive", "passive_aggressive")
ELEMENTS = ("situation", "feeling", "reason", "request")
MARKER_CATEGORIES = (
    "apology", "hedge", "minimizer", "permission_seeking", "self_deprecation", "deferring", "filler",
    "blame", "absolute", "insult", "threat", "command", "profanity", "sarcasm", "judgment_as_feeling",
)


@dataclass(frozen=True)
class Marker:
    """Words in the response that earned a judgement, with character offsets into the transcript."""

    category: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    """The words that show a template element is present."""

    element: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Analysis:
    """Everything the analyzer says about one response."""

    transcript: str
    style: str
    elements: dict[str, bool]
    markers: list[Marker]
    score: int
    feedback: str
    style_scores: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    id: str | None = None
    delivery: object | None = None  # delivery.Delivery when the response was heard, not typed
    crisis: bool = False            # talk of suicide, self-harm or danger at home: the exercise stops

    def to_contract(self) -> dict:
        """The JSON object of the `analyze --batch` contract in design.md, key order included."""
        out: dict = {}
        if self.id is not None:
            out["id"] = self.id
        out["transcript"] = self.transcript
        out["style"] = self.style
        out["elements"] = {name: bool(self.elements.get(name, False)) for name in ELEMENTS}
        out["markers"] = [asdict(m) for m in self.markers]
        out["score"] = int(self.score)
        out["feedback"] = self.feedback
        out["crisis"] = bool(self.crisis)
        if self.delivery is not None:
            out["delivery"] = self.delivery.to_contract()
        return out
