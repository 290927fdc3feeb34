"""The stage: what the partner and coach say is printed, spoken aloud, and kept for --record-to.

Half-duplex by default: the microphone is deaf while the product speaks, so it never answers itself
through the speakers. With barge-in the microphone keeps listening, and speech over the partner cuts
the partner off, as a person would stop when talked over.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from voice_coach.audio.endpoint import Endpointer, EndpointSettings
from voice_coach.audio.files import resample
from voice_coach.audio.types import to_int16
from voice_coach.roleplay.turns import SessionAudio
from voice_coach.tts import make_voice

# Room echo and the device's output latency outlast the last sample handed over; stay deaf this much longer.
ECHO_TAIL_S = 0.08
# Barge-in needs a shorter run of voice than an answer does: stopping late is worse than a rare false stop.
# Two of its frames must be pitched, so a cough, a clap or a rustle over the partner does not stop them.
BARGE_IN = EndpointSettings(min_speech_s=0.09, min_pitched_s=0.06, preroll_s=0.3)


@dataclass(frozen=True)
class Interruption:
    """The user spoke over a line: who was cut off, how far in, and how fast they stopped."""

    who: str
    line: str
    said_s: float        # how much of the line had been played
    line_s: float        # how long the whole line is
    reaction_s: float    # from the first voiced sound heard to the order to stop (the product's share)

    @property
    def said_fraction(self) -> float:
        return self.said_s / self.line_s if self.line_s else 1.0


class Stage:
    """Says things: always printed, spoken aloud in voice mode, and kept for --record-to."""

    def __init__(self, speak_aloud: bool, record: SessionAudio | None, out=print, output_device=None,
                 barge_in: bool = False):
        self.speak_aloud = speak_aloud
        self.record = record
        self.out = out
        self.output_device = output_device
        self.barge_in = barge_in
        self._voices: dict[tuple, object] = {}
        self.player = None
        self.rate = 1.0
        self.interrupted: Interruption | None = None  # set by the last say() when the user cut in
        self.interruptions: list[Interruption] = []

    def _voice(self, engine: str, variant: str | None):
        key = (engine, variant)
        if key not in self._voices:
            self._voices[key] = make_voice(engine, variant)
        return self._voices[key]

    def say(self, who: str, text: str, engine: str, variant: str | None = None, rate: float = 1.0,
            volume: float = 1.0, mic=None, interruptible: bool = False) -> float:
        """Print, then speak; returns when the first sound would start (for the response-gap benchmark).

        interruptible: with barge-in on and a microphone, the user's speech stops this line."""
        self.interrupted = None
        self.out(f"{who}: {text}")
        if not (self.speak_aloud or self.record is not None):
            return time.monotonic()
        speech = self._voice(engine, variant).synthesize(text, rate * self.rate, volume).trimmed()
        first_sound = time.monotonic()
        if self.record is not None:
            self.record.add(to_int16(resample(speech.samples, speech.rate)))
        if self.speak_aloud:
            from voice_coach.audio.playback import Player

            self.player = self.player or Player(self.output_device)
            if mic is not None and self.barge_in and interruptible:
                self._speak_over(who, text, speech, mic)
            else:
                self._speak(speech, mic)
        return first_sound

    def _speak(self, speech, mic) -> None:
        """Half-duplex: the microphone hears nothing from the first word to just after the last."""
        if mic is None:
            self.player.play(speech.samples, speech.rate)
            return
        mic.paused = True
        mic.drain()  # the turn is over; what came in before the line is not part of the next answer
        try:
            self.player.play(speech.samples, speech.rate)
            time.sleep(ECHO_TAIL_S)
        finally:
            mic.paused = False

    def _speak_over(self, who: str, text: str, speech, mic) -> None:
        """Barge-in: keep listening while speaking; the first run of voice stops the line."""
        mic.drain()
        ep = Endpointer(BARGE_IN)
        recent: deque = deque(maxlen=round(1.0 / 0.03))  # a second of audio: the pre-roll and what followed
        self.player.play(speech.samples, speech.rate, wait=False)
        for chunk in mic.chunks():
            recent.append(chunk)
            if any(ev.kind == "start" for ev in ep.push(chunk)):
                onset = (chunk.captured or time.monotonic()) - BARGE_IN.min_speech_s
                self.player.stop()
                cut = Interruption(who, text, self.player.position_s, speech.duration,
                                   max(0.0, (self.player.stopped or time.monotonic()) - onset))
                self.interrupted = cut
                self.interruptions.append(cut)
                # The words that cut in are the start of the answer: hand them to the next listener.
                mic.push_back(list(recent))
                return
            if not self.player.playing:
                break
        self.player.wait()  # surfaces a speaker that went away mid-line
        time.sleep(ECHO_TAIL_S)
        mic.drain()  # heard during the line, but not enough to be speech: not part of the answer
