"""spaCy component `vc_markers`: find the words behind a judgement (apology, hedge, insult, …).

Phrases and token patterns come from lexicons/markers.yaml; this module adds the conditions a word
list cannot express (negation before, who it is aimed at, weak sarcasm cues needing company) and the
parse-based command rule. Results land in doc.spans["vc_markers"], labelled by category, and the
passive-aggressive style cues (not markers) in doc.spans["vc_cues"].
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from voice_coach.analysis import depmatch
from voice_coach.analysis.clauses import Clause
from voice_coach.analysis.lexicon import LEXICON_DIR, MarkerGroup, load_cues, load_markers
from voice_coach.analysis.matching import SECOND_PERSON, norm_words, overlaps, phrase_matcher
from voice_coach.analysis.types import MARKER_CATEGORIES

# Words that may come before an imperative without making it a statement: "oh just give it back".
LEAD_IN = {"oh", "no", "now", "just", "so", "and", "then", "okay", "yes", "yeah", "right", "well", "um",
           "uh", "look", "listen", "hey", "seriously", "honestly", "also", "or", "but", "bloody", "damn", "fucking",
           "freaking"}


# "you guys", "you two", "you lot": addressing people, not calling them names.
VOCATIVE_FRIENDLY = {"guys", "two", "all", "both", "people", "lot", "lads", "girls", "folks", "kids", "know", "sir",
                     "madam", "mate", "dear", "love", "darling", "honey", "babe", "man", "three", "team", "bro"}
NEGATORS = {"not", "no", "never", "nothing"}


class MarkerFinder:
    """Finds marker spans with the lexicon's matchers and conditions."""

    def __init__(self, nlp: Language, markers_path: Path, cues_path: Path):
        self.groups = load_markers(markers_path)
        self.cues = load_cues(cues_path)
        self.phrases = phrase_matcher(nlp, {
            f"{cat}#{i}": g.phrases for cat, groups in self.groups.items() for i, g in enumerate(groups)
        })
        self.patterns = Matcher(nlp.vocab)
        for cat, groups in self.groups.items():
            for i, g in enumerate(groups):
                if g.patterns:
                    self.patterns.add(f"{cat}#{i}", g.patterns)
        self.unless_after = {(cat, i): [norm_words(nlp, w) for w in g.unless_after]
                             for cat, groups in self.groups.items() for i, g in enumerate(groups)}
        self.unless_before = {(cat, i): [norm_words(nlp, w) for w in g.unless_before]
                              for cat, groups in self.groups.items() for i, g in enumerate(groups)}
        self.pa_cues = phrase_matcher(nlp, {"pa": self.cues.pa_cues})
        self.command_verbs = set(self.cues.command_verbs)
        self.deps = depmatch.dependency_matcher(nlp)
        self.not_command_verbs = set(self.cues.not_command_verbs)

    def group(self, key: str) -> tuple[str, int, MarkerGroup]:
        cat, idx = key.split("#")
        return cat, int(idx), self.groups[cat][int(idx)]

    def __call__(self, doc: Doc) -> Doc:
        clauses: list[Clause] = doc._.vc_clauses or []
        found: dict[str, list[Span]] = {c: [] for c in MARKER_CATEGORIES}
        weak: list[Span] = []
        for match_id, start, end in list(self.phrases(doc)) + list(self.patterns(doc)):
            key = doc.vocab.strings[match_id]
            cat, idx, group = self.group(key)
            if self._blocked(doc, start, end, cat, idx, group, clauses):
                continue
            span = Span(doc, start, end, label=cat)
            (weak if group.strength == "weak" else found[cat]).append(span)
        # "Get a life" is an insult that happens to be an order; "take your time" is deference.
        found["command"] = [c for c in found["command"] + self._imperatives(doc, clauses)
                            if not any(i.start <= c.start and c.end <= i.end for i in found["insult"])
                            and not overlaps(c, found["deferring"])]
        found["insult"].extend(self._vocatives(doc))
        found["judgment_as_feeling"].extend(depmatch.find(doc, self.deps, "judgment_as_feeling"))
        found["blame"].extend(self._judging_you(doc, clauses, found))
        # "never" in "never mind" is no absolute; "fine whatever" run into "whatever you want" is deference.
        found["absolute"] = [a for a in found["absolute"] if not overlaps(a, found["deferring"])]
        cues = [Span(doc, s, e, label="pa") for _, s, e in self.pa_cues(doc)
                if not any(d.start < e < d.end for d in found["deferring"])]
        # Weak sarcasm cues ("great", "lovely") count only in company: another cue of either kind.
        if found["sarcasm"] or cues or len({s.text.lower() for s in weak}) >= 2:
            found["sarcasm"].extend(weak)
        spans = []
        for cat in MARKER_CATEGORIES:
            spans.extend(filter_spans(found[cat]))
        doc.spans["vc_markers"] = sorted(spans, key=lambda s: (s.start, s.end))
        doc.spans["vc_cues"] = filter_spans(cues)
        return doc

    def _blocked(self, doc: Doc, start: int, end: int, cat: str, idx: int, group: MarkerGroup,
                 clauses: list[Clause]) -> bool:
        before = [t.norm_ for t in doc[max(0, start - 3):start]]
        for words in self.unless_after[(cat, idx)]:
            if tuple(before[-len(words):]) == words:
                return True
            # A negation blocks from a word further back too: "not really sorry".
            if len(words) == 1 and words[0] in NEGATORS and words[0] in before[-2:]:
                return True
        after = [t.norm_ for t in doc[end:end + 3]]
        if any(tuple(after[:len(w)]) == w for w in self.unless_before[(cat, idx)]):
            return True
        if group.needs == "second_person":
            clause = next((c for c in clauses if c.start <= start < c.end), None)
            lo, hi = (clause.start, clause.end) if clause else (0, len(doc))
            if not any(t.norm_ in SECOND_PERSON for t in doc[lo:hi]):
                return True
        return False

    def _vocatives(self, doc: Doc) -> list[Span]:
        """Name-calling: "…, you leech." / "… you crook" closing a sentence."""
        out = []
        for t in doc:
            if t.norm_ != "you" or t.i == 0 or doc[t.i - 1].pos_ in ("VERB", "AUX", "ADP", "PART") \
                    or doc[t.i - 1].norm_ in ("thank", "to", "and", "if", "that", "than", "when", "for"):
                continue
            k = t.i + 1
            while k < len(doc) and doc[k].pos_ == "ADJ":
                k += 1
            if k >= len(doc) or doc[k].pos_ != "NOUN" or doc[k].lower_ in VOCATIVE_FRIENDLY:
                continue
            if k + 1 == len(doc) or doc[k + 1].is_punct:
                out.append(Span(doc, t.i, k + 1, label="insult"))
        return out

    def _judging_you(self, doc: Doc, clauses: list[Clause], found: dict[str, list[Span]]) -> list[Span]:
        """A you-statement carrying an insult or an absolute is blame: "You're always whining"."""
        out = []
        judging = found["absolute"] + [s for s in found["insult"]
                                       if s.root.tag_ == "VBG" or any(t.norm_ == "most" for t in s)]
        for clause in clauses:
            toks = clause.span(doc)
            subject = next((t for t in toks if t.norm_ == "you" and t.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None and toks[0].norm_ == "you":
                subject = toks[0]
            if subject is not None and overlaps((clause.start, clause.end), judging):
                out.append(Span(doc, subject.i, min(clause.end, subject.i + 3), label="blame"))
        return out

    def _imperatives(self, doc: Doc, clauses: list[Clause]) -> list[Span]:
        """A bare order: a clause that opens on an order verb with no subject and no "please"."""
        out: list[Span] = []
        previous_was_command = False
        for clause in clauses:
            toks = list(clause.span(doc))
            is_command = False
            if not any(t.norm_ == "please" for t in toks):
                k = 0
                while k < len(toks) - 1 and toks[k].norm_ in LEAD_IN:
                    k += 1
                verb = toks[k]
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                polite_object = nxt is not None and nxt.norm_ in ("me", "us") and verb.norm_ in ("tell", "show")
                if (verb.lower_ in self.command_verbs and verb.lower_ not in self.not_command_verbs
                        and verb.tag_ not in ("VBD", "VBN", "VBG", "VBZ", "NNS") and not polite_object
                        and not (nxt is not None and nxt.norm_ in ("i", "we", "to"))
                        and (clause.lead not in ("and", "or") or previous_was_command)
                        and clause.lead not in ("if", "when", "because", "since", "so", "though", "although")):
                    is_command = True
                    end = min(len(toks), k + 4)
                    out.append(Span(doc, verb.i, toks[end - 1].i + 1, label="command"))
            previous_was_command = is_command
        return out


@Language.factory("vc_markers", default_config={"markers_path": None, "cues_path": None})
def make_markers(nlp: Language, name: str, markers_path: str | None, cues_path: str | None):
    """Register the marker finder; lexicon paths default to the packaged files."""
    return MarkerFinder(nlp, Path(markers_path or LEXICON_DIR / "markers.yaml"),
                        Path(cues_path or LEXICON_DIR / "cues.yaml"))
