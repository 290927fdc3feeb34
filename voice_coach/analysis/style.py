"""spaCy component `vc_style`: weigh markers, cues and elements into one of the four styles."""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from voice_coach.analysis.lexicon import load_data
from voice_coach.analysis.types import STYLES


class StyleJudge:
    """Scores each style from the evidence on the doc and picks the one the listener mainly receives."""

    def __init__(self, weights: dict):
        self.w = weights
        self.cap = int(weights.get("cap", 2))

    def scores(self, doc: Doc) -> dict[str, float]:
        counts = Counter(s.label_ for s in doc.spans["vc_markers"])
        counts["pa_cue"] = len(doc.spans["vc_cues"])
        elements = doc._.vc_elements or {}
        counts["no_request"] = 0 if elements.get("request") else 1
        out = {}
        for style in STYLES:
            table = self.w[style]
            total = float(table.get("base", 0))
            for key, weight in table.items():
                if key == "base":
                    continue
                if key in elements:
                    total += weight * bool(elements[key])
                else:
                    total += weight * min(counts.get(key, 0), self.cap)
            out[style] = round(total, 2)
        return out

    def decide(self, scores: dict[str, float]) -> str:
        t = self.w["thresholds"]
        if scores["aggressive"] >= t["aggressive"] and scores["aggressive"] >= scores["passive_aggressive"]:
            return "aggressive"
        if scores["passive_aggressive"] >= t["passive_aggressive"]:
            return "passive_aggressive"
        if scores["passive"] > scores["assertive"]:
            return "passive"
        return "assertive"

    def __call__(self, doc: Doc) -> Doc:
        doc._.vc_style_scores = self.scores(doc)
        doc._.vc_style = self.decide(doc._.vc_style_scores)
        return doc


@Language.factory("vc_style", default_config={"weights": None})
def make_style(nlp: Language, name: str, weights: dict | None):
    """Register the style judge; weights default to data/style.yaml."""
    for ext in ("vc_style", "vc_style_scores"):
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=None)
    return StyleJudge(weights or load_data("style.yaml"))
