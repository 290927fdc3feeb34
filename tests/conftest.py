"""Shared fixtures: one real analyzer (real spaCy model) for the whole run, and data paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VOICE_COACH_SHARED", ROOT.parent / "shared"))
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def analyzer():
    from voice_coach.analysis import Analyzer

    return Analyzer()


@pytest.fixture(scope="session")
def nlp(analyzer):
    return analyzer.nlp


@pytest.fixture(scope="session")
def dev_rows():
    from voice_coach.analysis.evaluate import load_labelled

    path = SHARED / "data" / "dev-utterances.jsonl"
    assert path.exists(), f"the labelled dev set is missing at {path}; set VOICE_COACH_SHARED"
    return load_labelled(path)
