"""The spoken-response analyzer: style, template elements, markers, score and feedback."""

from voice_coach.analysis.analyzer import Analyzer, Response
from voice_coach.analysis.types import Analysis, Marker

__all__ = ["Analyzer", "Response", "Analysis", "Marker"]
