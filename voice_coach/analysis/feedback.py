"""The coach's words after a response: a 0-100 score and one or two short sentences that quote the
user, with a suggested rewrite on the template that reuses what they said."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from voice_coach.analysis.lexicon import load_data
from voice_coach.analysis.types import ELEMENTS

SOFT = ("apology", "hedge", "minimizer", "permission_seeking", "self_deprecation", "deferring", "filler")
HOSTILE = ("judgment_as_feeling", "insult", "threat", "blame", "profanity", "absolute", "command")
# Words that should not survive into a suggested rewrite.
DROP_FROM_REWRITE = SOFT + ("insult", "profanity", "absolute", "sarcasm", "threat")
LEADING_JUNK = {"and", "but", "so", "because", "since", "oh", "um", "uh", "well", "then", "okay", "yeah", "yes",
                "no", "right", "sure", ",", "cause"}
COUNT_WORDS = {2: "twice", 3: "three times", 4: "four times"}


class Coach:
    """Turns a processed doc into a score and feedback, using data/feedback.yaml and data/style.yaml."""

    def __init__(self) -> None:
        self.say = load_data("feedback.yaml")
        self.scoring = load_data("style.yaml")["score"]

    # -- score -------------------------------------------------------------------------------------
    def score(self, style: str, elements: dict[str, bool], markers: list[Span]) -> int:
        s = self.scoring
        total = s["base"][style] + s["element"][style] * sum(bool(elements[e]) for e in ELEMENTS)
        penalty = s["marker_penalty"] * sum(1 for m in markers if m.label_ in s["penalised"])
        return max(0, min(100, int(round(total - min(penalty, s["max_penalty"])))))

    # -- feedback ----------------------------------------------------------------------------------
    def feedback(self, doc: Doc, style: str, elements: dict[str, bool]) -> str:
        markers = list(doc.spans["vc_markers"])
        evidence = list(doc.spans["vc_evidence"])
        parts = [self._opening(doc, style, markers, evidence, elements)]
        missing = [e for e in self.say["priority"][style] if not elements[e]]
        if style == "aggressive" and elements["request"]:
            missing = [e for e in missing if e != "request"]
        if missing:
            parts.append(self.say["missing"][missing[0]])
            rewrite = self._rewrite(doc, evidence, markers, style)
            parts.append(self.say["try"].format(rewrite=rewrite) if rewrite else self.say["template_only"])
        return " ".join(p for p in parts if p)

    def _opening(self, doc: Doc, style: str, markers: list[Span], evidence: list[Span], elements) -> str:
        say = self.say["opening"]
        by_cat: dict[str, list[Span]] = {}
        for m in markers:
            by_cat.setdefault(m.label_, []).append(m)
        if style == "assertive":
            if all(elements.values()):
                return say["assertive_complete"]
            request = next((s for s in evidence if s.label_ == "request"), None)
            if request is not None:
                quoted = self._clause_text(doc, request, markers, clean=False) or request.text
                return say["assertive_request"].format(request=quoted)
            return say["assertive"]
        if style == "passive":
            soft = [m for m in markers if m.label_ in SOFT]
            return say["passive_markers"].format(quotes=self._quote_words(soft)) if soft else say["passive"]
        if style == "aggressive":
            if by_cat.get("judgment_as_feeling"):
                return say["aggressive_judgment"].format(quote=by_cat["judgment_as_feeling"][0].text + "…")
            first = next((by_cat[c][0] for c in HOSTILE if by_cat.get(c)), None)
            return say["aggressive"].format(quote=first.text if first is not None else doc.text[:40])
        sarcasm = by_cat.get("sarcasm")
        if sarcasm:
            return say["passive_aggressive_sarcasm"].format(quote=sarcasm[0].text)
        cue = next(iter(doc.spans["vc_cues"]), None)
        return say["passive_aggressive"].format(quote=cue.text if cue is not None else doc.text[:40])

    @staticmethod
    def _quote_words(spans: list[Span]) -> str:
        counts = Counter(s.text.lower() for s in spans)
        shown = []
        for word, n in counts.most_common(3):
            shown.append(f"\"{word}\"" + (f" {COUNT_WORDS.get(n, f'{n} times')}" if n > 1 else ""))
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]

    def _clause_text(self, doc: Doc, span: Span, markers: list[Span], clean: bool = True) -> str:
        """The user's clause around a piece of evidence, with hedges, fillers and insults taken out."""
        clauses = doc._.vc_clauses or []
        clause = next((c for c in clauses if c.start <= span.start < c.end), None)
        lo, hi = (clause.start, clause.end) if clause else (span.start, span.end)
        lo, hi = min(lo, span.start), max(hi, span.end)
        drop = {t.i for m in markers if m.label_ in DROP_FROM_REWRITE for t in m} if clean else set()
        words = [t for t in doc[lo:hi] if t.i not in drop]
        while words and (words[0].norm_ in LEADING_JUNK or words[0].is_punct):
            words = words[1:]
        while words and words[-1].is_punct:
            words = words[:-1]
        return "".join(t.text_with_ws for t in words).strip().strip(",")

    def _rewrite(self, doc: Doc, evidence: list[Span], markers: list[Span], style: str) -> str | None:
        """The template filled with the user's own words where they said them, blanks elsewhere."""
        have = {}
        # An order is better rebuilt as a request than whatever else was said with it.
        commands = [m for m in markers if m.label_ == "command"]
        evidence = sorted(evidence, key=lambda e: not (e.label_ == "request" and any(
            m.start <= e.start < m.end or e.start <= m.start < e.end for m in commands)))
        for e in evidence:
            if e.label_ not in have and not (e.label_ == "request" and any(
                    m.label_ == "threat" and m.start <= e.start < m.end for m in markers)):
                text = self._clause_text(doc, e, markers)
                if len(text.split()) >= 2 or e.label_ == "request" and text:
                    have[e.label_] = text
        if not have:
            return None
        blanks = self.say["blanks"]
        situation = have.get("situation")
        if situation is None:
            situation = blanks["situation"]
        elif not situation.lower().startswith("when"):
            situation = "When " + _lower_first(situation)
        feeling = have.get("feeling", blanks["feeling"])
        reason = have.get("reason")
        if reason is None:
            reason = blanks["reason"]
        elif reason.split()[0].lower() not in ("because", "since", "as"):
            reason = "because " + _lower_first(reason)
        request = have.get("request")
        if request is not None:
            request = _direct_ask(request)
        if request is None:
            request = blanks["request"]
        elif (style == "aggressive" or any(m.label_ == "command" for m in markers)) and \
                request.split()[0].lower() not in ("please", "could", "can", "would", "i", "i'd", "no", "not"):
            request = self.say["polite_request"].format(text=_lower_first(request))
        sentence = f"{situation}, {_lower_first(feeling)}, {reason}."
        return f"{_upper_first(sentence)} {_upper_first(request)}" + ("" if request.endswith(("?", ".", "!")) else ".")


def _direct_ask(text: str) -> str:
    """"I was wondering if you could move your car" becomes "Could you move your car?"."""
    words = text.split()
    lowered = [w.lower() for w in words]
    for k, w in enumerate(lowered[:-2]):
        if w in ("if", "whether") and lowered[k + 2] in ("could", "would", "can") and k + 3 < len(words):
            who = "you" if lowered[k + 1] in ("you", "someone", "somebody", "anyone") else words[k + 1]
            return f"Could {who} {' '.join(words[k + 3:])}".rstrip("?.") + "?"
        if w in ("if", "whether") and lowered[k + 2] in ("could", "would") and lowered[k + 1] not in ("i", "we"):
            break
    return text


def _lower_first(text: str) -> str:
    if text[:2] in ("I ", "I'") or text == "I":
        return text
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
