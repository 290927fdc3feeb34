"""The response gap: end of the user's speech to the first audio of the partner's reply (issue 4).

    .venv/bin/python benchmarks/bench_rehearse.py

Each answer is hibari speech with quiet before and after, fed at real-time pace through the endpointer
and the streaming recogniser (as the microphone would be); then analysis, branching and synthesis of the
partner's next line. The gap includes the endpointer's 0.7 s silence window. Goal: median <= 800 ms.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np

from results_io import report

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = [
    "I'd like to move to four days a week, Monday to Thursday, because I care for my father on Fridays.",
    "I understand Fridays are busy. I'd still like to work Monday to Thursday.",
    "Um, sorry, I was just wondering, maybe, never mind.",
    "You never listen to anyone. Just sign it off.",
    "I hear you. I'd still like to work Monday to Thursday, starting next month.",
    "No, thank you.",
]


def main() -> int:
    from voice_coach.analysis import Analyzer
    from voice_coach.asr.select import make_recognizer
    from voice_coach.audio.files import resample
    from voice_coach.audio.sources import ArraySource
    from voice_coach.audio.types import Audio, to_int16
    from voice_coach.listen import hear
    from voice_coach.roleplay.library import find
    from voice_coach.roleplay.runner import Stage
    from voice_coach.roleplay.turns import SessionAudio
    from voice_coach.tts import make_voice

    analyzer = Analyzer()
    rec = make_recognizer("pocketsphinx")[0]
    user = make_voice("hibari")
    scene = find("fridays-off")
    stage = Stage(speak_aloud=False, record=SessionAudio(), out=lambda _: None)  # synthesises, as voice mode would
    turn = scene.turns["fridays_busy"]
    gaps, parts = [], []
    for text in ANSWERS:
        speech = to_int16(resample(user.synthesize(text).samples, 24000))
        loud = np.where(np.abs(speech) > 300)[0]
        lead = np.zeros(8000, np.int16)
        audio = np.concatenate([lead, speech, np.zeros(16000 * 2, np.int16)])
        speech_end = (len(lead) + loud[-1]) / 16000  # the last voiced sample, from the start of the audio
        t0 = time.monotonic()
        heard = hear(ArraySource(Audio(audio), realtime=True).chunks(), rec)
        t_heard = time.monotonic()
        result = analyzer.analyze(heard.utterance.text, f"Dana: {turn.says}")
        t_judged = time.monotonic()
        reply = scene.turns[getattr(turn.next, result.style)]
        voice = scene.characters[reply.speaker].voice
        first_sound = stage.say("Dana", reply.says, voice.engine, voice.variant, voice.rate)
        gap = first_sound - (t0 + speech_end)
        gaps.append(gap * 1000)
        print(f"{gap * 1000:6.0f} ms  heard: {heard.utterance.text}")
        parts.append({"silence_window_and_finalize_ms": round((t_heard - t0 - speech_end) * 1000),
                      "analysis_ms": round((t_judged - t_heard) * 1000),
                      "synthesis_ms": round((first_sound - t_judged) * 1000)})
    out = {"answers": len(ANSWERS), "gap_ms_median": round(statistics.median(gaps)), "gap_ms_max": round(max(gaps)),
           "parts_median": {k: statistics.median(p[k] for p in parts) for k in parts[0]}}
    report("rehearse", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
