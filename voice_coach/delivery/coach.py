"""Delivery joins the analysis: the measures go into it, and the coach adds one tip about the voice."""

from __future__ import annotations

from dataclasses import replace

from voice_coach.analysis.types import Analysis
from voice_coach.delivery.types import Delivery


def lead_for(analysis: Analysis) -> str:
    if analysis.style == "assertive" and analysis.elements.get("request"):
        return "request"
    return "assertive" if analysis.style == "assertive" else "other"


def with_delivery(analysis: Analysis, delivery: Delivery) -> Analysis:
    """The analysis with its delivery, and the feedback followed by the voice tip when there is one."""
    tip = delivery.tip(lead_for(analysis))
    feedback = f"{analysis.feedback} {tip}" if tip else analysis.feedback
    return replace(analysis, delivery=delivery, feedback=feedback)
