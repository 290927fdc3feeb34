"""How it was said: loudness, fading, pace, pauses, fillers and pitch, from the audio and word timings."""

from voice_coach.delivery.measure import measure
from voice_coach.delivery.types import Calibration, Delivery

__all__ = ["Calibration", "Delivery", "measure"]
