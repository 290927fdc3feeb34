"""PocketSphinx engine: the recogniser that works with no download (its wheel carries US English)."""

from __future__ import annotations

import re

import numpy as np

from voice_coach.asr.commands import confirm
from voice_coach.asr.types import CommandMatch, Utterance, Word, silent, utterance_from_words
from voice_coach.audio.types import RATE

PHONE_SIMILARITY = 0.6
HINT_WEIGHT = 10.0  # relative to a uniform unigram
FRAME_S = 0.01  # PocketSphinx counts time in 10 ms frames
_FILLERS = re.compile(r"^(<s>|</s>|<sil>|\[.*\]|\+\+.*\+\+)$")
_ALT = re.compile(r"\(\d+\)$")  # "read(2)": an alternative pronunciation of "read"


def _words(segments) -> list[Word]:
    out = []
    for s in segments or ():  # None when the audio was too short to hold a single frame
        if _FILLERS.match(s.word):
            continue
        out.append(Word(_ALT.sub("", s.word), s.start_frame * FRAME_S, (s.end_frame + 1) * FRAME_S,
                        float(min(1.0, max(0.0, s.prob)))))
    return out


class _SphinxStream:
    """One utterance through PocketSphinx, chunk by chunk."""

    def __init__(self, owner: PocketSphinxRecognizer, samples_seen: list[np.ndarray]):
        self._owner = owner
        self._d = owner._decoder
        self._audio = samples_seen
        owner._to_live()
        self._d.start_utt()

    def accept(self, pcm: bytes) -> str:
        self._audio.append(np.frombuffer(pcm, dtype="<i2"))
        self._d.process_raw(pcm, full_utt=False)
        hyp = self._d.hyp()
        return hyp.hypstr if hyp else ""

    def finish(self) -> Utterance:
        self._d.end_utt()
        self._owner._live_cmn = self._d.get_cmn(False)  # the channel as heard so far, for the next answer
        samples = np.concatenate(self._audio) if self._audio else np.zeros(0, np.int16)
        return utterance_from_words(_words(self._d.seg()), PocketSphinxRecognizer.name, samples)


class PocketSphinxRecognizer:
    """PocketSphinx 5 with its bundled US-English model, loaded once per process.

    Cepstral mean normalisation is the one state that outlives an utterance. A whole recording is
    normalised by its own mean (batch), so it gives the same words whatever was decoded before. A stream
    cannot see its end, so it starts from the mean of the streams before it (the same microphone, the
    same voice), or the model's default for the first. PocketSphinx switches to live normalisation for
    good after one streamed block, so it is switched back before each whole recording.
    """

    name = "pocketsphinx"

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self._decoder = Decoder(samprate=RATE, loglevel="FATAL")
        self._grammars: set[str] = set()
        self._live_cmn: str | None = None

    def reset(self) -> None:
        """Forget the voices heard so far, as if just loaded (words taught by hint() stay)."""
        self._decoder.reinit_feat()
        self._live_cmn = None

    def _to_batch(self) -> None:
        self._decoder.reinit_feat()  # 0.1 ms: back to batch normalisation, whatever ran before

    def _to_live(self) -> None:
        # A whole recording's batch mean overwrites the running one, so put the running one back (or the
        # model's default, before the first stream).
        if self._live_cmn is None:
            self._decoder.reinit_feat()
        else:
            self._decoder.set_cmn(self._live_cmn)

    def transcribe(self, samples: np.ndarray) -> Utterance:
        if silent(samples):
            return utterance_from_words([], self.name, samples)
        self._to_batch()
        d = self._decoder
        d.start_utt()
        d.process_raw(samples.astype("<i2").tobytes(), full_utt=True)
        d.end_utt()
        return utterance_from_words(_words(d.seg()), self.name, samples)

    def stream(self) -> _SphinxStream:
        return _SphinxStream(self, [])

    def hint(self, phrases: list[str]) -> list[str]:
        """Teach the words of expected phrases that the dictionary lacks; returns the words added."""
        from voice_coach.asr.hints import pronounce

        added = []
        for phrase in phrases:
            for word in re.findall(r"[a-z']+", phrase.lower()):
                if self._decoder.lookup_word(word) is None:
                    phones = pronounce(word)
                    if phones:
                        # a new word starts as an average unigram and loses to common look-alikes
                        # ("queen" for "Kwame"); an expected word deserves more weight
                        self._decoder.get_lm().add_word(word, HINT_WEIGHT)
                        self._decoder.add_word(word, " ".join(phones), True)
                        added.append(word)
        return added

    def phones(self, text: str) -> list[str]:
        """The phones of a text from the engine's own dictionary (unknown words spelled out)."""
        out: list[str] = []
        for w in text.lower().split():
            p = self._decoder.lookup_word(w)
            out.extend(p.split() if p else list(w))
        return out

    def known(self, phrase: str) -> bool:
        """Whether every word of a phrase is in the pronunciation dictionary."""
        return all(self._decoder.lookup_word(w) is not None for w in phrase.lower().split())

    def listen_for(self, samples: np.ndarray, phrases: list[str]) -> CommandMatch | None:
        """Decode against a JSGF grammar of the phrases, then check the free transcript agrees."""
        usable = tuple(p.lower() for p in phrases if self.known(p))
        if not usable:
            return None
        d = self._decoder
        name = "commands_%08x" % (hash(usable) & 0xFFFFFFFF)
        if name not in self._grammars:
            jsgf = "#JSGF V1.0;\ngrammar commands;\npublic <command> = " + " | ".join(usable) + " ;\n"
            d.add_jsgf_string(name, jsgf)
            self._grammars.add(name)
        self._to_batch()
        d.activate_search(name)
        try:
            d.start_utt()
            d.process_raw(samples.astype("<i2").tobytes(), full_utt=True)
            d.end_utt()
            heard = d.hyp().hypstr if d.hyp() else ""
        finally:
            d.activate_search()  # back to the free language model
        free = self.transcribe(samples).text
        # Its free language model mishears lone words ("pius" for "pause"), so compare how they sound.
        checked = confirm(heard, free, list(usable), sound=self.phones, min_similarity=PHONE_SIMILARITY)
        return CommandMatch(checked[0], heard, checked[1]) if checked else None
