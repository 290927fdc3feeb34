"""The delivery of one answer, and the user's calibrated reference it is judged against."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from voice_coach.analysis.lexicon import read_yaml

VERDICTS = ("quiet", "fading", "rushed", "long_pause", "slow_start", "fillers", "uptalk")
SETTINGS = Path(__file__).parent / "data" / "delivery.yaml"


@lru_cache(maxsize=1)
def settings() -> dict:
    return read_yaml(SETTINGS)


@dataclass(frozen=True)
class Calibration:
    """The user's own speaking level, background noise and usual pace (doctor --calibrate)."""

    speech_dbfs: float
    noise_dbfs: float
    wpm: float
    measured: bool = True

    @classmethod
    def default(cls) -> Calibration:
        d = settings()["defaults"]
        return cls(d["speech_dbfs"], d["noise_dbfs"], d["wpm"], measured=False)


@dataclass(frozen=True)
class Delivery:
    """How one answer was said. Times in seconds, levels in dBFS, pitch change in semitones."""

    wpm: float | None
    loudness_dbfs: float
    noise_dbfs: float
    fade_db: float | None
    longest_pause_s: float
    start_delay_s: float | None
    fillers: int
    pitch_end_semitones: float | None  # the end of the answer against its middle: > 0 rises
    uptalk: bool
    verdicts: list[str] = field(default_factory=list)

    def to_contract(self) -> dict:
        out = asdict(self)
        for k, v in out.items():
            if isinstance(v, float):
                out[k] = round(v, 2 if k != "wpm" else 1)
        return out

    def tip(self, lead: str = "other") -> str | None:
        """The coach's one delivery tip: what went well ("request", "assertive" or "other"), then the first
        verdict in the order that matters most. None when the voice needs no comment."""
        tips = settings()["tips"]
        action = next((tips[v] for v in VERDICTS if v in self.verdicts), None)
        return f"{settings()['lead'][lead]} — {action}" if action else None
