"""The response analyzer: text (and the other party's line) in, an Analysis out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from voice_coach.analysis.clauses import INTERJECTIONS
from voice_coach.analysis.feedback import Coach
from voice_coach.analysis.lexicon import load_cues, load_markers
from voice_coach.analysis.pipeline import build_pipeline
from voice_coach.analysis.textform import clean
from voice_coach.analysis.types import ELEMENTS, Analysis, Evidence, Marker
from voice_coach.errors import UserError
from voice_coach.settings import AnalyzerSettings

# Far beyond any spoken answer (5,000 words is about 30,000 characters); stops a pasted book cold.
MAX_CHARS = 200_000


@dataclass(frozen=True)
class Response:
    """One response to analyse: what was said and, optionally, the line it answers."""

    text: str
    context: str | None = None
    id: str | None = None
    audio: str | None = None  # a sound file to transcribe first (batch input)


def check_text(text: object, what: str = "the response") -> str:
    """The text as a string, or a UserError saying what is wrong with it."""
    if not isinstance(text, str):
        raise UserError(f"{what} must be text, not {type(text).__name__}")
    if not clean(text).strip():
        raise UserError(f"{what} is empty: say or type what you would answer")
    if len(text) > MAX_CHARS:
        raise UserError(f"{what} is {len(text):,} characters long; keep it under {MAX_CHARS:,} (one spoken answer)")
    return text


class Analyzer:
    """Loads the pipeline once and judges responses one at a time or in batches."""

    def __init__(self, settings: AnalyzerSettings | None = None):
        self.settings = settings or AnalyzerSettings()
        self.nlp = build_pipeline(self.settings)
        self.coach = Coach()
        self.english_words = lexicon_words()
        if not Doc.has_extension("vc_context"):
            Doc.set_extension("vc_context", default=None)

    def analyze(self, text: str, context: str | None = None) -> Analysis:
        """Judge one response."""
        return next(self.analyze_many([Response(text, context)]))

    def analyze_many(self, responses: Iterable[Response], batch_size: int = 64) -> Iterator[Analysis]:
        """Judge many responses with one pass of nlp.pipe; results come back in order."""
        def docs():
            for r in responses:
                doc = self.nlp.make_doc(clean(check_text(r.text)))
                doc._.vc_context = r.context
                doc.user_data["vc_source"] = r
                yield doc

        for doc in self.nlp.pipe(docs(), batch_size=batch_size):
            yield self._analysis(doc, doc.user_data["vc_source"])

    def traps(self, text: str) -> list:
        """The thinking traps in a statement of what someone fears (traps.Trap: name and the words)."""
        return self.nlp(clean(check_text(text, "the thought")))._.vc_traps

    def crisis(self, text: str) -> bool:
        """Does this say the person may be in danger (suicide, self-harm, violence at home)?"""
        return bool(text.strip()) and bool(self.nlp(clean(check_text(text)))._.vc_crisis)

    def nothing_heard(self, id: str | None = None) -> Analysis:
        """The verdict for a recording in which no words were recognised."""
        return Analysis(transcript="", style="passive", elements=dict.fromkeys(ELEMENTS, False), markers=[],
                        score=0, feedback=self.coach.say["nothing_heard"], id=id)

    def analyze_many_texts(self, texts: Iterable[str]) -> Iterator[Analysis]:
        """Judge plain texts with no context, in order."""
        return self.analyze_many(Response(t) for t in texts)

    def _analysis(self, doc: Doc, source: Response) -> Analysis:
        original = source.text
        style = doc._.vc_style
        elements = dict(doc._.vc_elements)
        spans = list(doc.spans["vc_markers"])
        # clean() keeps every character offset, so the spans point into the user's own text.
        markers = [Marker(s.label_, original[s.start_char:s.end_char], s.start_char, s.end_char) for s in spans]
        evidence = [Evidence(s.label_, original[s.start_char:s.end_char], s.start_char, s.end_char)
                    for s in doc.spans["vc_evidence"]]
        if looks_foreign(doc, self.english_words):
            # Nothing we can read was asked for: no need stated, nothing earned.
            style, score = "passive", 0
            elements = dict.fromkeys(elements, False)
            feedback = self.coach.say["not_english"]
        else:
            score = self.coach.score(style, elements, spans)
            feedback = self.coach.feedback(doc, style, elements)
        if doc._.vc_crisis:
            from voice_coach.safety import crisis_lines

            feedback = " ".join(crisis_lines())  # no coaching now: what to do, and where to get help
        return Analysis(
            transcript=original, style=style, elements=elements, markers=markers,
            score=score, feedback=feedback,
            style_scores=dict(doc._.vc_style_scores), evidence=evidence, id=source.id,
            crisis=bool(doc._.vc_crisis),
        )


def lexicon_words() -> frozenset[str]:
    """Every single word in the project's lexicons: English the analyzer knows, beyond stop words."""
    words: set[str] = set(INTERJECTIONS) | {"nope", "yep", "nah", "yeah", "hi", "hey", "bye"}
    for groups in load_markers().values():
        for g in groups:
            for phrase in g.phrases:
                words.update(phrase.lower().replace("'", " ").split())
    for values in load_cues().model_dump().values():
        for phrase in values:
            words.update(phrase.lower().replace("'", " ").split())
    return frozenset(words)


def looks_foreign(doc: Doc, english_words: frozenset[str] = frozenset()) -> bool:
    """Few or none of the words are English ones we know (spoken English is about half stop words)."""
    words = [t for t in doc if t.is_alpha]
    if not words:
        return True
    english = sum(1 for t in words if t.is_stop or t.lower_ in english_words or t.norm_ in english_words)
    non_ascii = sum(1 for t in words if not t.is_ascii)
    return non_ascii > len(words) / 2 or (len(words) >= 3 and english / len(words) < 0.25)
