"""Hearing one answer: the endpointer and a streaming recogniser fed together, frame by frame, so the
final transcript is ready moments after the speaker stops."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from voice_coach.asr.types import Utterance, Word, utterance_from_words
from voice_coach.audio.endpoint import Endpointer, EndpointSettings, Segment
from voice_coach.audio.types import AudioChunk


@dataclass(frozen=True)
class Heard:
    """An answer: its transcript (times from the start of listening) and how it was cut."""

    utterance: Utterance
    segment: Segment
    finalize_s: float  # from the endpointer's decision to the final transcript


def hear(chunks: Iterable[AudioChunk], recognizer, settings: EndpointSettings | None = None,
         on_partial=None) -> Heard | None:
    """Listen until one answer has ended (or the no-speech timeout passes); None when nobody spoke."""
    ep = Endpointer(settings)
    stream = None
    for chunk in chunks:
        for ev in ep.push(chunk):
            if ev.kind == "start":
                stream = recognizer.stream()
                stream.accept(ev.samples.astype("<i2").tobytes())
            elif ev.kind == "speech" and stream is not None:
                partial = stream.accept(ev.samples.astype("<i2").tobytes())
                if on_partial and partial:
                    on_partial(partial)
            elif ev.kind == "end" and stream is not None:
                stream.accept(ev.samples.astype("<i2").tobytes())
                decided = time.monotonic()
                utt = stream.finish()
                return _heard(utt, ev.segment, time.monotonic() - decided)
        if not ep.in_speech and not ep.starting and ep.quiet_since is not None and \
                chunk.timestamp + chunk.duration - ep.quiet_since >= ep.s.no_speech_timeout_s:
            return None
    for ev in ep.flush():
        if ev.kind == "end" and stream is not None:
            decided = time.monotonic()
            return _heard(stream.finish(), ev.segment, time.monotonic() - decided)
    return None


def _heard(utt: Utterance, segment: Segment, finalize_s: float) -> Heard:
    # The stream's times count from the segment's start; report them from the start of listening.
    words = [Word(w.word, w.start + segment.start, w.end + segment.start, w.conf) for w in utt.words]
    shifted = utterance_from_words([], utt.engine, segment.samples) if not words else Utterance(
        utt.text, words, utt.engine, words[0].start, words[-1].end, utt.duration, utt.loudness_dbfs)
    return Heard(shifted, segment, finalize_s)
