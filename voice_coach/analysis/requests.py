"""Request rules for `vc_elements`: asks, refusals, offers, decisions and what takes them back.

A request is present when the response holds a clear ask ("Could you …", "I'd like …", a sincere
question, an instruction), a clear statement of what the speaker will or won't do, or a refusal; it is
not when the ask is vague, withdrawn in the same breath, soured by sarcasm, or only going along.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from voice_coach.analysis import depmatch
from voice_coach.analysis.clauses import Clause
from voice_coach.analysis.matching import overlaps

FIRST_PERSON = {"i", "we"}
MODALS_ASK = {"could", "can", "would", "will"}
ASKED = {"you", "we", "i", "someone", "somebody", "they", "he", "she", "anyone", "anybody"}
QUESTION_WORDS = {"why", "what", "how", "who", "where"}


class RequestRules:
    """Mixed into ElementFinder, whose lexicon sets (compliance, refusal, decisions …) these use."""

    # -- request ---------------------------------------------------------------------------------------
    def requests(self, doc, clauses, by_cat, phrases, soured) -> list[Span]:
        cands: list[Span] = []
        cands += [s for s in phrases["request"] if s[0].norm_ != "please" or self._please_counts(doc, s)]
        cands += by_cat.get("command", []) + by_cat.get("threat", [])
        cands += [s for s in by_cat.get("permission_seeking", []) if s[-1].norm_ == "if"]
        hostile = [m for c in ("insult", "blame", "profanity", "judgment_as_feeling") for m in by_cat.get(c, [])]
        for k, clause in enumerate(clauses):
            cands += self._wants(doc, clause)
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

    def _wants(self, doc: Doc, clause: Clause) -> list[Span]:
        """"I'd still like …", "I would really prefer …", "I still want you to …": a want, adverbs and all."""
        out = []
        toks = clause.span(doc)
        for t in toks:
            if t.norm_ not in FIRST_PERSON:
                continue
            j = self.words_after(doc, t.i + 1, {"would", "still", "really", "just", "also", "much", "honestly",
                                                "definitely", "do"})
            if j >= clause.end or j == t.i + 1:
                continue  # plain "I like …" states a taste, not a want
            verb = doc[j]
            said_would = any(x.norm_ == "would" for x in doc[t.i + 1:j])
            if (said_would and verb.lemma_ in ("like", "prefer", "love", "appreciate", "rather")) or \
                    (verb.lemma_ in ("want", "need") and j + 2 < clause.end and doc[j + 1].norm_ == "you" and doc[j + 2].norm_ == "to"):
                if not any(x.norm_ in ("not", "never") for x in doc[t.i:j]):
                    out.append(doc[t.i:j + 1])
        return out

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
        toks = list(clause.span(doc))
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
        for t in toks:
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
        for t in toks[:-1]:
            if t.norm_ not in FIRST_PERSON or t.i > 0 and doc[t.i - 1].norm_ in QUESTION_WORDS | {"that", "which"}:
                continue
            j = self.words_after(doc, t.i + 1, {"kind", "sort", "of", "just", "really", "also", "still", "do"})
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

