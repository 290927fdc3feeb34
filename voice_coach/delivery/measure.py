"""Measuring one answer's delivery from its 16 kHz audio and the recogniser's word timings."""

from __future__ import annotations

import re

import numpy as np

from voice_coach.asr.types import Word
from voice_coach.delivery import pitch
from voice_coach.delivery.types import Calibration, Delivery, settings

FRAME_S = 0.02       # 20 ms level frames, the same grid as the pitch track
ACTIVE_RANGE_DB = 30  # a frame within this of the loudest one is speech, not a pause or a breath
FADE_SHARE = 0.3     # the first and last 30% of the speaking time are compared
NO_FLOOR_DB = 15     # loudest and quietest frames this close: there is no silence to measure noise from


def frame_levels(samples: np.ndarray, rate: int = 16000) -> np.ndarray:
    """dBFS of each 20 ms frame."""
    n = int(rate * FRAME_S)
    x = samples.astype(np.float64) / (32768.0 if samples.dtype == np.int16 else 1.0)
    frames = x[:len(x) // n * n].reshape(-1, n)
    return 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-12)


def _power_db(levels: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(10 ** (levels / 10)))) if len(levels) else -120.0


def _restarts(words: list[str]) -> int:
    """One to three words said twice in a row: "I I want", "I want I want", "I would like I would like"."""
    count, i = 0, 0
    while i < len(words) - 1:
        for n in (1, 2, 3):
            if i + 2 * n <= len(words) and words[i:i + n] == words[i + n:i + 2 * n]:
                count += 1  # "no no no" is one restart, however many times it repeats
                while i + 3 * n <= len(words) and words[i + n:i + 2 * n] == words[i + 2 * n:i + 3 * n]:
                    i += n
                i += n  # the last copy may begin a longer restart: "I I would like I would like"
                break
        else:
            i += 1
    return count


def measure(samples: np.ndarray, words: list[Word], rate: int = 16000, calibration: Calibration | None = None,
            start_delay_s: float | None = None) -> Delivery:
    """Everything about how it was said. start_delay_s: the silence before the answer, when the caller knows
    when the partner stopped (in a file, the time before the first word)."""
    cal = calibration or Calibration.default()
    t = settings()["thresholds"]
    levels = frame_levels(samples, rate)
    noise = float(np.percentile(levels, 10)) if len(levels) else -120.0
    if len(levels) and levels.max() - noise < NO_FLOOR_DB:
        noise = cal.noise_dbfs  # sound from end to end, no quiet stretch: the floor can't be heard here
    fillers_set = set(settings()["fillers"])
    spoken = [w for w in words if w.word.lower() not in fillers_set]
    if words:
        first, last = words[0].start, words[-1].end
    else:
        loud = np.where(levels > levels.max(initial=-120) - ACTIVE_RANGE_DB)[0] if len(levels) else []
        first, last = (loud[0] * FRAME_S, (loud[-1] + 1) * FRAME_S) if len(loud) else (0.0, 0.0)
    a, b = int(first / FRAME_S), max(int(np.ceil(last / FRAME_S)), int(first / FRAME_S) + 1)
    speech = levels[a:b]
    active = np.zeros(len(levels), bool)
    if len(speech):
        active[a:b] = speech > max(speech.max() - ACTIVE_RANGE_DB, noise + 6)
    loudness = _power_db(levels[active])

    judgeable = len(spoken) >= t["min_words_for_pace"] and last - first >= t["min_span_s"] if words \
        else last - first >= t["min_span_s"]  # no words (a tone, a test signal): judge by time alone
    fade = None
    if judgeable:
        span = b - a
        head = levels[a:a + int(span * FADE_SHARE)][active[a:a + int(span * FADE_SHARE)]]
        tail_from = b - int(span * FADE_SHARE)
        tail = levels[tail_from:b][active[tail_from:b]]
        if len(head) and len(tail):
            fade = _power_db(head) - _power_db(tail)

    wpm = None
    if len(spoken) >= t["min_words_for_pace"] and spoken[-1].end > spoken[0].start:
        wpm = len(spoken) / (spoken[-1].end - spoken[0].start) * 60
    gaps = [w.start - p.end for p, w in zip(words, words[1:])]
    longest = max(gaps, default=0.0)
    said = [re.sub(r"[^a-z']", "", w.word.lower()) for w in words]
    filler_count = sum(w in fillers_set for w in said) + _restarts([w for w in said if w not in fillers_set])
    if start_delay_s is None and words:
        start_delay_s = words[0].start

    rise = pitch.end_rise(pitch.track(samples, rate, active)) if judgeable else None
    uptalk = rise is not None and rise >= t["uptalk_semitones"]

    verdicts = []
    if len(speech) and (loudness < cal.speech_dbfs - t["quiet_below_usual_db"]
                        or loudness - max(noise, cal.noise_dbfs) < t["min_snr_db"]):
        verdicts.append("quiet")
    if fade is not None and fade >= t["fade_db"]:
        verdicts.append("fading")
    if wpm is not None and wpm > cal.wpm * t["rushed_ratio"]:
        verdicts.append("rushed")
    if longest >= t["long_pause_s"]:
        verdicts.append("long_pause")
    if start_delay_s is not None and start_delay_s >= t["slow_start_s"]:
        verdicts.append("slow_start")
    if filler_count >= t["fillers_min"] and filler_count * 100 / max(1, len(words)) >= t["fillers_per_100_words"]:
        verdicts.append("fillers")
    if uptalk:
        verdicts.append("uptalk")
    return Delivery(wpm, loudness, noise, fade, float(longest), start_delay_s, filler_count, rise, uptalk, verdicts)
