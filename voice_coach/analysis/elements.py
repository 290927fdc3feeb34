"""spaCy component `vc_elements`: which parts of the template (situation, feeling, reason, request) a
response contains, with the words that show each.

Rules read clauses (clauses.py), token windows and, where the parse is trustworthy, dependencies.
Words that are soured by sarcasm or a passive-aggressive cue never count as an element: "because I
have absolutely nothing else to do" gives no reason.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from voice_coach.analysis import depmatch
from voice_coach.analysis.clauses import Clause
from voice_coach.analysis.lexicon import LEXICON_DIR, load_cues
from voice_coach.analysis.matching import matched_spans, overlaps, phrase_matcher
from voice_coach.analysis.requests import FIRST_PERSON, QUESTION_WORDS, RequestRules
from voice_coach.analysis.types import ELEMENTS

SUBJECTS = {"i", "we", "you", "he", "she", "they", "it", "that", "this", "there"}
OTHERS = {"you", "he", "she", "they"}
SOFTENERS = {"really", "so", "very", "a", "bit", "little", "quite", "pretty", "kind", "sort", "of", "getting",
             "feeling", "just", "also", "still", "incredibly", "extremely", "absolutely", "totally", "deeply",
             "genuinely", "honestly", "rather", "too", "more", "and", "somewhat", "always",
             "often", "sometimes", "already", "starting", "to", "been", "become", "tiny"}
SPECIFIC_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
# Present-tense verbs that state wants or views, not a standing commitment.
ROUTINE_NOT = {"have", "need", "want", "like", "get", "love", "hate", "mind", "appreciate", "prefer", "do"}
ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "umpteenth", "last", "nth"}


class ElementFinder(RequestRules):
    """Finds evidence for each template element."""

    def __init__(self, nlp: Language, cues_path: Path):
        c = load_cues(cues_path)
        self.c = c
        self.phrases = phrase_matcher(nlp, {"request": c.request_phrases, "withdrawal": c.withdrawals,
                                            "capacity": c.capacity_phrases, "rhetorical": c.rhetorical})
        self.not_command = set(c.not_command_verbs)
        self.deps = depmatch.dependency_matcher(nlp)
        self.emotions = set(c.emotions)
        self.emotion_verbs = set(c.emotion_verbs)
        self.links = set(c.feeling_links)
        self.commitments = set(c.commitment_nouns)
        self.plans = set(c.plan_verbs)
        self.wishes = set(c.wish_verbs)
        self.cognition = set(c.cognition_verbs)
        self.compliance_verbs = set(c.compliance_verbs)
        self.compliance_objects = set(c.compliance_objects)
        self.done = set(c.done_words)
        self.decisions = set(c.decision_verbs)
        self.not_refusal = set(c.not_refusal_verbs)
        self.reassurance = set(c.reassurance_after_no)
        self.vague = set(c.vague_request_verbs)
        self.specific = set(c.specific_words)
        self.problem_states = set(c.problem_states)
        self.problem_nouns = set(c.problem_nouns)

    # -- helpers -------------------------------------------------------------------------------------
    def subject(self, doc: Doc, clause: Clause) -> Token | None:
        """The clause's subject: a parsed nsubj, else a pronoun or noun standing before the first verb."""
        toks = clause.span(doc)
        for t in toks:
            if t.dep_ in ("nsubj", "nsubjpass", "expl") and t.pos_ != "VERB":
                return t
            if t.pos_ in ("VERB", "AUX"):
                break
        for k, t in enumerate(toks[:-1]):
            if t.norm_ in SUBJECTS or t.pos_ in ("NOUN", "PROPN"):
                if toks[k + 1].pos_ in ("AUX", "VERB") or toks[k + 1].norm_ in ("is", "was", "has", "have"):
                    return t
        return None

    def is_specific(self, span: Span) -> bool:
        return any(t.like_num or t.ent_type_ in SPECIFIC_ENTS or t.norm_ in self.specific for t in span)

    def words_after(self, doc: Doc, i: int, skip: set[str]) -> int:
        """Index of the first token at or after i that is not in skip."""
        while i < len(doc) and (doc[i].norm_ in skip or doc[i].is_punct and doc[i].text in ","):
            i += 1
        return i

    # -- the component -----------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        clauses: list[Clause] = doc._.vc_clauses or []
        markers = list(doc.spans["vc_markers"])
        by_cat: dict[str, list[Span]] = {}
        for m in markers:
            by_cat.setdefault(m.label_, []).append(m)
        soured = by_cat.get("sarcasm", []) + list(doc.spans["vc_cues"])
        phrases = {"request": [], "withdrawal": [], "capacity": [], "rhetorical": []}
        for span in matched_spans(doc, self.phrases):
            phrases[span.label_].append(span)

        feeling = [s for s in self.feelings(doc) if not overlaps(s, soured)]
        request = self.requests(doc, clauses, by_cat, phrases, soured)
        commitments: list[Span] = []
        reason, premises = self.reasons(doc, clauses, by_cat, phrases, soured, feeling, request, commitments)
        situation = self.situations(doc, clauses, by_cat, soured, feeling, premises, commitments)

        evidence = []
        for name, spans in (("situation", situation), ("feeling", feeling), ("reason", reason), ("request", request)):
            evidence.extend(Span(doc, s.start, s.end, label=name) for s in spans)
        doc.spans["vc_evidence"] = sorted(evidence, key=lambda s: (s.start, s.end))
        doc._.vc_elements = {name: any(s.label_ == name for s in evidence) for name in ELEMENTS}
        return doc

    # -- feeling ---------------------------------------------------------------------------------------
    def feelings(self, doc: Doc) -> list[Span]:
        """"I feel hurt", "I'm really worried", "I got stressed", "I worry", "it upsets me"."""
        out = []
        for t in doc:
            word = t.lower_
            if word in self.emotions or t.lemma_ in self.emotions:
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                if word == "afraid" and nxt is not None and (nxt.norm_ in SUBJECTS | {"so", "not"} or nxt.pos_ == "PRON"):
                    continue  # "I'm afraid I can't" is politeness, not fear
                if nxt is not None and nxt.norm_ == "to" and word in ("happy", "glad", "willing", "pleased"):
                    continue  # "I'm happy to quote for it" offers, it does not name a feeling
                j = t.i - 1
                saw_link = False
                negated = False
                while j >= 0 and t.i - j <= 6:
                    tok = doc[j]
                    if tok.norm_ in ("not", "never"):
                        negated = True
                    elif tok.lemma_ in self.links or tok.norm_ in ("am", "was", "is", "are", "were", "been", "be"):
                        saw_link = True
                    elif tok.norm_ in FIRST_PERSON and (saw_link or tok.i == t.i - 1):
                        # "I worry" (verb straight after I) or "I am … upset"
                        if not negated and (saw_link or t.pos_ == "VERB" or t.lemma_ == "worry"):
                            out.append(doc[j:t.i + 1])
                        break
                    elif not (tok.norm_ in SOFTENERS or tok.pos_ in ("ADV",) or tok.is_punct and tok.text == ","):
                        break
                    j -= 1
            elif t.lemma_ in self.emotion_verbs and t.pos_ == "VERB":
                # "it upsets me", "that really worries me"
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                if nxt is not None and nxt.norm_ == "me" and not any(x.norm_ == "not" for x in doc[max(0, t.i - 3):t.i]):
                    out.append(doc[max(0, t.i - 1):t.i + 2])
        return out

    # -- reason ----------------------------------------------------------------------------------------
    def reasons(self, doc, clauses, by_cat, phrases, soured, feeling, request, commitments: list[Span]):
        """Why it matters to the speaker; returns the evidence and the first-person "…, so" premises."""
        blocked = soured + by_cat.get("blame", []) + by_cat.get("deferring", []) + by_cat.get("threat", [])
        out: list[Span] = []
        premises: list[Span] = []
        for k, clause in enumerate(clauses):
            span = clause.span(doc)
            subj = self.subject(doc, clause)
            subj_norm = subj.norm_ if subj is not None else None
            if clause.lead in ("because", "since") and subj_norm != "you":
                emotional = overlaps(span, feeling) and not any(
                    t.pos_ in ("VERB", "AUX") and t.lemma_ not in self.emotions | self.links | {"be"} for t in span)
                if not emotional and len(span) > 2:
                    out.append(span)
            if clause.lead == "so" and k > 0:
                prev = clauses[k - 1]
                psubj = self.subject(doc, prev)
                pspan = prev.span(doc)
                if psubj is not None and psubj.norm_ == "i" and any(t.pos_ in ("VERB", "AUX") for t in pspan) \
                        and not overlaps(pspan, request):
                    out.append(pspan)
                    premises.append(pspan)
            if clause.lead != "if":
                out += self._needs(doc, clause, want="reason")
            for tok in span:
                if tok.norm_ in FIRST_PERSON and not (tok.i > clause.start and doc[tok.i - 1].norm_ in QUESTION_WORDS | {"that", "which"} and tok.i - 1 != clause.start):
                    out += self._speaker_circumstances(doc, clause, tok, commitments)
            if subj is not None and subj.pos_ == "NOUN" and any(c.norm_ == "my" for c in subj.children):
                out += self._speaker_circumstances(doc, clause, subj, commitments)  # "my mother has surgery on Tuesday"
        out += [s for s in phrases["capacity"] if self._capacity_counts(doc, s, clauses)]
        return [s for s in out if not overlaps(s, blocked)], premises

    def _speaker_circumstances(self, doc: Doc, clause: Clause, subj: Token, commitments: list[Span]) -> list[Span]:
        """Commitments (also collected into `commitments`), effects and interrupted plans of the speaker."""
        span = doc[subj.i:clause.end]
        words = list(span)
        out = []
        if len(words) < 2:
            return out
        j = self.words_after(doc, subj.i + 1, {"just", "already", "also", "still", "kind", "sort", "of", "really", "only"})
        if j >= clause.end:
            return out
        head = doc[j]
        after = doc[j + 1:clause.end]
        # "I have an exam at eight", "I've got work at six", "I had a client at three"
        have = head.lemma_ == "have" or (head.lemma_ in ("'ve", "have") and after and after[0].lower_ == "got")
        if have and any(t.lemma_ in self.commitments or t.lower_ in self.commitments for t in after[:6]):
            out.append(span)
            commitments.append(span)
        # "I had to stay late", "I couldn't sleep", "I could not get my car out"
        elif head.lower_ == "had" and after and after[0].norm_ == "to":
            out.append(span)
        elif head.norm_ == "could" and after and after[0].norm_ == "not" and len(after) > 1 and after[1].lemma_ not in self.cognition:
            out.append(span)
        # "I was going to rest tonight", "I was saving them for lunch"
        elif head.norm_ in ("was", "were", "am", "had", "have") and any(t.lower_ in self.plans for t in after[:4]) \
                and not any(t.lemma_ in self.wishes or t.norm_ in ("not", "never") for t in after[:4]):
            if not (any(t.lower_ == "going" for t in after[:4]) and any(t.lemma_ in ("say", "ask") for t in after[:6])):
                out.append(span)
        # "I pick up my son at six", "I start work at six": a standing commitment with a time
        elif head.tag_ in ("VBP",) and head.pos_ == "VERB" and head.lemma_ not in self.cognition | self.wishes | self.emotions | ROUTINE_NOT \
                and any(t.ent_type_ in ("TIME", "DATE") or t.like_num and t.i > 0 and doc[t.i - 1].norm_ == "at" for t in after):
            out.append(span)
        return out

    def _capacity_counts(self, doc: Doc, span: Span, clauses: list[Clause]) -> bool:
        clause = next((c for c in clauses if c.start <= span.start < c.end), None)
        if clause is None:
            return False
        # the nearest subject before it decides whose state it is: "I know you're really busy"
        subj = next((t for t in reversed(doc[clause.start:span.start]) if t.norm_ in SUBJECTS), None)
        return subj is None or subj.norm_ not in OTHERS

    # -- situation -------------------------------------------------------------------------------------
    def situations(self, doc, clauses, by_cat, soured, feeling, premises, commitments) -> list[Span]:
        """Specific, checkable descriptions of what happened or how things are."""
        blocked = (soured + by_cat.get("blame", []) + by_cat.get("absolute", []) + by_cat.get("threat", [])
                   + by_cat.get("insult", []) + by_cat.get("deferring", []) + by_cat.get("self_deprecation", [])
                   + by_cat.get("judgment_as_feeling", []) + by_cat.get("command", []))
        out = []
        for clause in clauses:
            span = clause.span(doc)
            if overlaps(span, blocked) or clause.lead == "if" or span[0].norm_ in QUESTION_WORDS:
                continue
            if self._when_event(doc, clause) or self._ordinal_time(span) or (
                    clause.lead not in ("when", "if") and self._problem_state(doc, clause)):
                out.append(span)
                continue
            if clause.lead in ("because", "since", "so") and (self.subject(doc, clause) is None
                                                               or self.subject(doc, clause).norm_ in FIRST_PERSON):
                continue  # the speaker's own circumstance after "because" is a reason
            subj = self.subject(doc, clause)
            if subj is not None and subj.norm_ in FIRST_PERSON and overlaps(span, commitments):
                continue
            if self._reported_behaviour(clause.span(doc)):
                out.append(span)
                continue
            if overlaps(span, feeling):
                continue
            if self._past_event(doc, clause):
                out.append(span)
        return out

    def _when_event(self, doc: Doc, clause: Clause) -> bool:
        if clause.lead != "when":
            return False
        toks = clause.span(doc)
        if len(toks) < 3 or toks[1].tag_ == "MD" or toks[1].pos_ == "AUX" and toks[1].norm_ in ("can", "will", "would", "do", "does"):
            return False
        return any(t.tag_ in ("VBD", "VBN") for t in toks) or (toks[1].norm_ in OTHERS | {"the", "my", "your"})

    def _ordinal_time(self, span: Span) -> bool:
        """"This is the third time this month", "the second late delivery"."""
        return any(t.norm_ in ORDINALS - {"last", "first"} and t.i + 1 < span.end for t in span) and \
            any(t.norm_ in ("is", "was", "'s") for t in span)

    def _problem_state(self, doc: Doc, clause: Clause) -> bool:
        """"It's a little cold", "the test plan is still empty", "there's this pain in my side"."""
        toks = clause.span(doc)
        if any(t.norm_ in ("not", "never") for t in toks):
            return False
        for k, t in enumerate(toks):
            if t.norm_ not in ("is", "are", "was", "were", "been") or k == 0:
                continue
            before = toks[k - 1] if toks[k - 1].pos_ != "ADV" and toks[k - 1].lemma_ != "have" or k < 2 else toks[k - 2]
            if before.norm_ in FIRST_PERSON | {"you"} or before.pos_ not in ("PRON", "NOUN", "PROPN", "DET", "AUX"):
                continue
            rest = toks[k + 1:k + 6]
            if before.norm_ == "there" and any(x.lemma_ in self.problem_nouns for x in rest):
                return True
            for x in rest:
                if x.lower_ in self.problem_states:
                    return True
                if x.pos_ in ("NOUN", "PROPN", "VERB"):
                    break
        return False

    @staticmethod
    def _past_form(doc: Doc, t: Token, subj: Token) -> bool:
        """A past-tense verb, also where unpunctuated text fools the tagger ("your dog barked", "you forgot")."""
        if t.tag_ == "VBD":
            return True
        if t.pos_ != "VERB" or t.i > 0 and doc[t.i - 1].pos_ in ("AUX", "PART") or t.i > 0 and doc[t.i - 1].norm_ == "to":
            return False
        next_to_subject = t.i - 1 == subj.i or t.i - 2 == subj.i and doc[t.i - 1].pos_ == "ADV"
        return next_to_subject and (t.tag_ == "VBN" or t.tag_ == "VBP" and t.lower_ != t.lemma_ and not t.lower_.endswith("s"))

    def _reported_behaviour(self, span: Span) -> bool:
        """"I'm upset that you told her": what the other person did, inside a longer clause."""
        return any(t.norm_ in OTHERS and t.dep_ == "nsubj" and t.head.tag_ == "VBD" and span.start <= t.head.i < span.end
                   and not any(c.tag_ == "MD" for c in t.head.children) for t in span)

    def _past_event(self, doc: Doc, clause: Clause) -> bool:
        subj = self.subject(doc, clause)
        if subj is None:
            return False
        after = doc[subj.i + 1:clause.end]
        verbs = [t for t in after if t.pos_ in ("VERB", "AUX")]
        if not verbs:
            return False
        main = next((t for t in verbs if t.pos_ == "VERB"), verbs[0])
        could_not = any(t.norm_ == "could" and t.i + 1 < len(doc) and doc[t.i + 1].norm_ == "not" for t in verbs)
        if any(t.tag_ == "MD" and t.i <= main.i for t in verbs) and not could_not:
            return False
        if main.lemma_ in self.wishes or main.lower_ in self.plans and any(t.norm_ in ("was", "were") for t in verbs):
            return False
        if main.lemma_ in self.cognition:
            # "I thought the quote was three hundred": judge the embedded report
            inner = [t for t in doc[main.i + 1:clause.end] if t.tag_ == "VBD"]
            return bool(inner) and self.is_specific(doc[main.i + 1:clause.end]) and main.lemma_ not in ("realise", "realize", "know", "guess", "mean")
        if main.lower_ == "got" and main.i > 0 and doc[main.i - 1].lemma_ == "have":
            return False  # "I've got work at six" is having, not an event
        past = could_not or any(self._past_form(doc, t, subj) for t in verbs) or any(
            t.lemma_ == "have" and t.i + 1 < len(doc) and any(x.tag_ == "VBN" for x in doc[t.i + 1:t.i + 3]) for t in verbs)
        if not past:
            return False
        if verbs[0].norm_ in ("was", "were") and main.tag_ == "VBG" and subj.norm_ in FIRST_PERSON:
            return False  # "I was saving them for lunch": an interrupted plan, said as a reason
        if subj.norm_ in OTHERS:
            return True
        nouns = [t for t in after if t.pos_ in ("NOUN", "PROPN") and t.i != subj.i]
        if self.is_specific(clause.span(doc)):
            return True
        if subj.norm_ in FIRST_PERSON:
            return bool(nouns)
        # "the drilling woke my baby" is an event; "those were mine" only a claim
        return main.lemma_ != "be"


@Language.factory("vc_elements", default_config={"cues_path": None})
def make_elements(nlp: Language, name: str, cues_path: str | None):
    """Register the element finder; evidence lands in doc.spans["vc_evidence"], flags in doc._.vc_elements."""
    if not Doc.has_extension("vc_elements"):
        Doc.set_extension("vc_elements", default=None)
    return ElementFinder(nlp, Path(cues_path or LEXICON_DIR / "cues.yaml"))
