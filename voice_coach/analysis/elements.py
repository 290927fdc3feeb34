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
from voice_coach.analysis.types import ELEMENTS

SUBJECTS = {"i", "we", "you", "he", "she", "they", "it", "that", "this", "there"}
FIRST_PERSON = {"i", "we"}
OTHERS = {"you", "he", "she", "they"}
SOFTENERS = {"really", "so", "very", "a", "bit", "little", "quite", "pretty", "kind", "sort", "of", "getting",
             "feeling", "just", "also", "still", "incredibly", "extremely", "absolutely", "totally", "deeply",
             "genuinely", "honestly", "rather", "too", "more", "and", "quite", "bit", "somewhat", "always",
             "often", "sometimes", "already", "starting", "to", "been", "become", "honestly", "tiny"}
MODALS_ASK = {"could", "can", "would", "will"}
ASKED = {"you", "we", "i", "someone", "somebody", "they", "he", "she", "anyone", "anybody"}
QUESTION_WORDS = {"why", "what", "how", "who", "where"}
SPECIFIC_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
# Present-tense verbs that state wants or views, not a standing commitment.
ROUTINE_NOT = {"have", "need", "want", "like", "get", "love", "hate", "mind", "appreciate", "prefer", "do"}
ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "umpteenth", "last", "nth"}


class ElementFinder:
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
        self._commitments: list[Span] = []
        reason, premises = self.reasons(doc, clauses, by_cat, phrases, soured, feeling, request)
        situation = self.situations(doc, clauses, by_cat, soured, feeling, premises, self._commitments)

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

    # -- request ---------------------------------------------------------------------------------------
    def requests(self, doc, clauses, by_cat, phrases, soured) -> list[Span]:
        cands: list[Span] = []
        cands += [s for s in phrases["request"] if s[0].norm_ != "please" or self._please_counts(doc, s)]
        cands += by_cat.get("command", []) + by_cat.get("threat", [])
        cands += [s for s in by_cat.get("permission_seeking", []) if s[-1].norm_ == "if"]
        hostile = [m for c in ("insult", "blame", "profanity", "judgment_as_feeling") for m in by_cat.get(c, [])]
        for k, clause in enumerate(clauses):
            cands += self._asks(doc, clause)
            cands += self._open_question(doc, clause)
            cands += self._decisions(doc, clause)
            cands += self._imperative(doc, clause, by_cat)
            cands += [q for q in self._yes_no_question(doc, clause)
                      if not overlaps(q, phrases["rhetorical"] + hostile) and not overlaps((clause.start, clause.end), phrases["rhetorical"] + hostile)]
            cands += self._refusals(doc, clause)
            cands += self._offers(doc, clause, by_cat)
            cands += self._needs(doc, clause, want="request")
            no = self._bare_no(doc, clauses, k, soured)
            if no is not None:
                cands.append(no)
        # "I'm not asking you to …" asks nothing and refuses nothing
        negated = depmatch.find(doc, self.deps, "negated_ask")
        cands = [s for s in cands if not overlaps(s, soured + by_cat.get("deferring", []) + negated)]
        # A vague ask ("talk about maybe making it shorter") names nothing that should happen.
        hedges = by_cat.get("hedge", [])
        cands = [s for s in cands if not self._vague(doc, s, clauses, hedges)]
        if not cands:
            return []
        last = max(s.end for s in cands)
        for w in phrases["withdrawal"]:
            before = [t.norm_ for t in doc[max(0, w.start - 3):w.start]]
            if w.start >= last and "if" not in before:
                return []  # "… but never mind": the ask is taken back
        return cands

    def _please_counts(self, doc: Doc, span: Span) -> bool:
        # "please" in "if you please" or "please don't worry" is no request
        nxt = doc[span.end] if span.end < len(doc) else None
        return not (nxt is not None and nxt.norm_ == "do" and span.end + 1 < len(doc) and doc[span.end + 1].norm_ == "not"
                    and span.end + 2 < len(doc) and doc[span.end + 2].lemma_ in ("worry", "mind", "bother"))

    def _asks(self, doc: Doc, clause: Clause) -> list[Span]:
        """"Could you …", "Can we …", "Could I have …", "I was wondering if … could …"."""
        toks = clause.span(doc)
        out = []
        for k, t in enumerate(toks[:-2]):
            if t.norm_ in MODALS_ASK and toks[k + 1].norm_ in ASKED:
                if any(x.norm_ in QUESTION_WORDS for x in toks[:k]):
                    continue
                j = self.words_after(doc, toks[k + 1].i + 1, {"please", "maybe", "possibly", "just", "kindly", "perhaps", "not"})
                if j < clause.end and (doc[j].pos_ in ("VERB", "AUX") or doc[j].tag_ == "VB"):
                    if doc[j].lemma_ not in ("be", "mind") or toks[k + 1].norm_ != "you":
                        out.append(doc[t.i:j + 1])
        for k, t in enumerate(doc[:-2]):
            if t.lemma_ == "wonder" and doc[k + 1].norm_ in ("if", "whether") and clause.start <= k < clause.end:
                later = doc[k + 2:min(len(doc), k + 14)]
                modal = next((x for x in later if x.norm_ in ("could", "would", "might", "can")), None)
                if modal is not None:
                    # the evidence runs to the end of the ask: "wondering if maybe you could move your car"
                    end = next((x.i for x in doc[modal.i:] if x.is_punct and x.text in ".?!"), len(doc))
                    out.append(doc[t.i:end])
        return out

    def _open_question(self, doc: Doc, clause: Clause) -> list[Span]:
        """A sincere open question is an ask too: "What did I miss?", "Which accounts worry you most?"."""
        toks = [t for t in clause.span(doc) if t.norm_ not in ("so", "and", "but", "then", "okay")]
        if len(toks) < 3 or toks[0].norm_ not in ("what", "which", "how", "when", "where"):
            return []
        # a question turned round: "what did I miss", "which accounts are you …"
        aux = next((t for t in toks[1:4] if t.pos_ == "AUX" or t.tag_ == "MD"), None)
        if aux is None or aux.i + 1 >= len(doc) or doc[aux.i + 1].norm_ not in ASKED:
            return []
        if any(t.norm_ in ("there", "hell", "heck", "earth", "dare", "wrong") for t in toks[:4]):
            return []
        return [doc[toks[0].i:aux.i + 2]]

    def _yes_no_question(self, doc: Doc, clause: Clause) -> list[Span]:
        """A question put to the listener: "Do you have more edits before I merge?", "Is there a list?"."""
        toks = [t for t in clause.span(doc) if t.norm_ not in ("so", "and", "but", "then", "okay", "well", "um", "uh", "oh", "hi")]
        if len(toks) < 3:
            return []
        first, second = toks[0], toks[1]
        if first.norm_ not in ("do", "does", "did", "is", "are", "have", "has", "was", "were") or first.i + 1 != second.i:
            return []
        if second.norm_ not in ("you", "there", "anyone", "someone", "anybody", "we"):
            return []
        ends_with_question = clause.end < len(doc) and doc[clause.end].text.startswith("?")
        spoken = not any(t.is_punct for t in doc)  # recogniser text has no question marks to look for
        return [doc[first.i:second.i + 1]] if ends_with_question or spoken else []

    def _imperative(self, doc: Doc, clause: Clause, by_cat) -> list[Span]:
        """A bare instruction is an ask: "Wait.", "Tell me about your cat", "Don't say that so loud"."""
        toks = [t for t in clause.span(doc)]
        k = 0
        while k < len(toks) - 1 and toks[k].norm_ in ("oh", "so", "then", "now", "just", "okay", "and", "well", "um", "uh"):
            k += 1
        if clause.lead in ("if", "when", "because", "since", "so", "though", "although"):
            return []
        if toks[k].norm_ == "do" and k + 2 < len(toks) and toks[k + 1].norm_ == "not":
            k += 2
            if toks[k].norm_ == "you":
                return []
        verb = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if verb.tag_ != "VB" or verb.lower_ != verb.lemma_.lower() or verb.lemma_ in self.not_command | {"be"}:
            return []
        if nxt is not None and (nxt.norm_ in ("i", "we", "you", "to") or nxt.pos_ == "AUX"):
            return []
        if clause.start > 0 and clause.lead is None and doc[clause.start - 1].pos_ in ("VERB", "AUX") and not doc[clause.start - 1].is_punct:
            return []
        if clause.end < len(doc) and doc[clause.end].text.startswith("?"):
            return []  # "Wake me?": echoing their words back, not asking for anything
        span = doc[verb.i:min(clause.end, verb.i + 4)]
        if any(i.start <= span.start and span.end <= i.end + 1 for i in by_cat.get("insult", [])):
            return []  # "Get a life" is name-calling in the shape of an order
        return [span]

    def _decisions(self, doc: Doc, clause: Clause) -> list[Span]:
        """"I'm staying with painting", "I'm going to call her tonight": what the speaker has decided."""
        out = []
        toks = clause.span(doc)
        for k, t in enumerate(toks[:-2]):
            if t.norm_ not in FIRST_PERSON or toks[k + 1].norm_ not in ("am", "are"):
                continue
            v = self.words_after(doc, toks[k + 1].i + 1, {"still", "just", "definitely", "also", "really"})
            if v >= clause.end or doc[v].tag_ != "VBG":
                continue
            if doc[v].lemma_ == "go" and v + 2 < clause.end and doc[v + 1].norm_ == "to":
                if doc[v + 2].lemma_ not in self.cognition | self.compliance_verbs | {"be"}:
                    out.append(doc[t.i:v + 3])
            elif doc[v].lemma_ in self.decisions:
                out.append(doc[t.i:v + 1])
        return out

    def _refusals(self, doc: Doc, clause: Clause) -> list[Span]:
        """"I can't stay until nine", "I won't take the minutes", "I'm not signing up today"."""
        toks = clause.span(doc)
        out = []
        for k, t in enumerate(toks):
            if t.norm_ not in FIRST_PERSON:
                continue
            j = self.words_after(doc, t.i + 1, {"still", "just", "really", "also", "simply", "definitely"})
            if j + 1 >= clause.end + 1 or j >= len(doc):
                continue
            aux = doc[j]
            if aux.norm_ not in ("can", "will", "am", "are", "shall", "do") or j + 1 >= len(doc):
                continue
            if aux.norm_ == "do" and aux.lower_ != "do":
                continue  # "I didn't" tells the past; it refuses nothing
            neg = self.words_after(doc, j + 1, {"still", "just", "really", "simply", "definitely"})
            if neg >= len(doc) or doc[neg].norm_ not in ("not", "never"):
                continue
            v = self.words_after(doc, neg + 1, {"going", "to", "be", "able", "still", "just", "really", "ever",
                                                "gonna", "want", "willing"})
            if v >= clause.end or doc[v].pos_ not in ("VERB", "AUX") and doc[v].tag_ not in ("VB", "VBG"):
                # "I can't this Saturday", "I can't, …": a refusal with the verb left out
                if aux.norm_ in ("can", "will") and (v >= clause.end or doc[v].pos_ in ("DET", "NOUN", "PROPN", "ADV", "NUM")):
                    out.append(doc[t.i:min(v, clause.end)])
                elif aux.norm_ in ("am", "are") and v < clause.end and doc[v].lower_ in ("interested", "available", "comfortable", "okay", "happy", "willing"):
                    out.append(doc[t.i:v + 1])
                continue
            if doc[v].lemma_ in self.not_refusal | self.cognition or (aux.norm_ in ("am", "are") and doc[v].tag_ != "VBG" and doc[v].lemma_ != "go"):
                continue
            out.append(doc[t.i:v + 1])
        return out

    def _offers(self, doc: Doc, clause: Clause, by_cat) -> list[Span]:
        """What the speaker will do: "I'll come for Saturday lunch", "I can help from nine until one"."""
        toks = clause.span(doc)
        soft = by_cat.get("hedge", []) + by_cat.get("minimizer", []) + by_cat.get("deferring", [])
        # "I can cancel, I guess": a hedge tagged on just after takes the offer back too
        if overlaps((clause.start, min(len(doc), clause.end + 4)), soft):
            return []
        out = []
        for k, t in enumerate(toks[:-2]):
            if t.norm_ not in FIRST_PERSON or toks[k + 1].norm_ not in ("will", "can", "shall"):
                continue
            v = self.words_after(doc, toks[k + 1].i + 1, {"still", "also", "just", "happily", "definitely", "then"})
            if v >= clause.end or doc[v].norm_ in ("not", "never") or doc[v].pos_ not in ("VERB", "AUX") and doc[v].tag_ != "VB":
                continue
            verb = doc[v]
            obj = doc[v + 1] if v + 1 < clause.end else None
            if verb.lemma_ in self.cognition or verb.lemma_ == "be" and not self.is_specific(doc[v:clause.end]):
                continue
            # "I'll do it", "I'll manage": going along with what was asked, not stating one's own plan
            if verb.lemma_ in self.compliance_verbs and (obj is None or obj.norm_ in self.compliance_objects):
                continue
            out.append(doc[t.i:min(clause.end, v + 3)])
        return out

    def _needs(self, doc: Doc, clause: Clause, want: str) -> list[Span]:
        """"I need X done by Friday" asks; "I need quiet to sleep" gives a reason."""
        toks = clause.span(doc)
        out = []
        for k, t in enumerate(toks[:-1]):
            if t.norm_ not in FIRST_PERSON or t.i > 0 and doc[t.i - 1].norm_ in QUESTION_WORDS | {"that", "which"}:
                continue
            j = self.words_after(doc, t.i + 1, {"kind", "sort", "of", "just", "really", "also", "still", "do", "really"})
            if j >= clause.end or doc[j].lemma_ != "need":
                continue
            rest = doc[j + 1:clause.end]
            # "I need quiet to sleep", "I need it for my class": what it is for is the reason.
            purpose = bool(rest) and (rest[0].norm_ == "to" or any(
                x.norm_ in ("for", "to") and x.i + 1 < clause.end and doc[x.i + 1].pos_ in ("VERB", "PRON", "DET", "NOUN")
                for x in rest[1:]))
            asks = (len(rest) >= 2 and rest[0].norm_ in ("you", "someone", "somebody") and rest[1].norm_ == "to") \
                or any(x.norm_ in self.done for x in rest) \
                or any(x.norm_ == "by" for x in rest) and self.is_specific(rest) \
                or any(x.norm_ == "answer" for x in rest) \
                or bool(rest) and not purpose and rest[0].pos_ in ("NUM", "DET", "NOUN", "PRON", "ADJ")
            kind = "request" if asks else "reason"
            if kind == want:
                out.append(doc[t.i:clause.end])
        return out

    def _bare_no(self, doc: Doc, clauses: list[Clause], k: int, soured) -> Span | None:
        """A plain "No." (or "no thanks", "no, not this weekend") refuses; "no, it's fine" reassures."""
        clause = clauses[k]
        toks = [t for t in clause.span(doc) if t.norm_ not in ("oh", "um", "uh", "well")]
        if not toks or toks[0].norm_ not in ("no", "nope") or (toks[0].i > 0 and doc[toks[0].i - 1].norm_ == "oh"):
            return None
        if len(toks) > 1 and toks[1].norm_ not in ("thanks", "thank", "not", "way", "chance"):
            return None
        if k + 1 < len(clauses):
            nxt = clauses[k + 1]
            # look past a restart ("No, I... I mean") to the words that follow
            after = clauses[k + 2] if nxt.end - nxt.start <= 2 and k + 2 < len(clauses) else nxt
            opening = list(doc[nxt.start:min(nxt.end, nxt.start + 4)]) + list(doc[after.start:min(after.end, after.start + 4)])
            if any(t.norm_ in self.reassurance or t.lemma_ in self.reassurance for t in opening) \
                    and not self._asks(doc, nxt) and not self._refusals(doc, nxt):
                return None
            if overlaps((nxt.start, nxt.end), soured):
                return None
        return doc[toks[0].i:toks[-1].i + 1]

    def _vague(self, doc: Doc, span: Span, clauses: list[Clause], hedges: list[Span]) -> bool:
        around = [c for c in clauses if c.end > span.start and c.start < span.end + 12]
        lo = min([c.start for c in around] + [span.start])
        hi = max([c.end for c in around] + [span.end])
        region = doc[lo:hi]
        return any(t.lemma_ in self.vague for t in region) and overlaps((lo, hi), hedges) \
            and not self.is_specific(region)

    # -- reason ----------------------------------------------------------------------------------------
    def reasons(self, doc, clauses, by_cat, phrases, soured, feeling, request):
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
                    out += self._speaker_circumstances(doc, clause, tok)
            if subj is not None and subj.pos_ == "NOUN" and any(c.norm_ == "my" for c in subj.children):
                out += self._speaker_circumstances(doc, clause, subj)  # "my mother has surgery on Tuesday"
        out += [s for s in phrases["capacity"] if self._capacity_counts(doc, s, clauses)]
        return [s for s in out if not overlaps(s, blocked)], premises

    def _speaker_circumstances(self, doc: Doc, clause: Clause, subj: Token) -> list[Span]:
        """Commitments, effects and interrupted plans of the speaker."""
        span = doc[subj.i:clause.end]
        words = [t for t in span]
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
            self._commitments.append(span)
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
        subj = self.subject(doc, clause)
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
        toks = clause.span(doc)
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
