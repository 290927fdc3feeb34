"""The command line, run as a user runs it: a real process, real files, exit codes and stderr."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED

CONTRACT_KEYS = ["id", "transcript", "style", "elements", "markers", "score", "feedback", "crisis"]  # crisis: issue 7


def run(*args, check_rc=None):
    exe = shutil.which("voice-coach")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "voice_coach", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if check_rc is not None:
        assert proc.returncode == check_rc, proc.stderr
    return proc


def assert_one_line_error(proc, *needles):
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for n in needles:
        assert n in lines[0]


def test_help_lists_the_subcommand_and_its_options():
    top = run("--help", check_rc=0).stdout
    assert "analyze" in top
    sub = run("analyze", "--help", check_rc=0).stdout
    for option in ("--json", "--batch", "--out", "--context", "--text"):
        assert option in sub


def test_readable_verdict():
    out = run("analyze", "um sorry i was just wondering if maybe you could move your car", check_rc=0).stdout
    assert out.startswith("Style: passive")
    assert "Template: situation no, feeling no, reason no, request yes" in out
    assert "Coach:" in out


def test_json_output_is_the_contract_object():
    out = run("analyze", "--json", "--context", "Friend: Can I borrow your car?", "No, not this weekend.", check_rc=0).stdout
    obj = json.loads(out)
    assert list(obj) == CONTRACT_KEYS[1:]
    assert obj["style"] == "assertive" and obj["elements"]["request"] is True


def test_batch_follows_the_contract_line_for_line(tmp_path: Path):
    src = SHARED / "data" / "dev-utterances.jsonl"
    out = tmp_path / "out.jsonl"
    run("analyze", "--batch", str(src), "--out", str(out), check_rc=0)
    rows = [json.loads(line) for line in src.read_text().splitlines()]
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in results] == [r["id"] for r in rows]
    for r in results:
        assert list(r) == CONTRACT_KEYS
        assert list(r["elements"]) == ["situation", "feeling", "reason", "request"]
        for m in r["markers"]:
            assert list(m) == ["category", "text", "start", "end"]
            assert r["transcript"][m["start"]:m["end"]] == m["text"]


@pytest.mark.parametrize("content, needle", [
    ('{"id": "a", "text": "fine"}\nnot json\n', "line 2: not valid JSON"),
    ('{"text": "no id"}\n', "line 1: needs an \"id\""),
    ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "appears twice"),
    ('{"id": "a"}\n', "needs \"text\""),
    ('{"id": "a", "text": "   "}\n', "is empty"),
    ('{"id": "a", "audio": "x.wav"}\n', "audio file x.wav not found"),
    ('[1, 2]\n', "expected a JSON object"),
    ('', "nothing in it"),
])
def test_bad_batch_lines_are_one_clear_error_and_nothing_is_lost(tmp_path: Path, content, needle):
    src = tmp_path / "in.jsonl"
    src.write_text(content)
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")
    proc = run("analyze", "--batch", str(src), "--out", str(out))
    assert_one_line_error(proc, str(src), needle)
    assert out.read_text() == "earlier results\n"


def test_bad_paths_and_usage_are_one_clear_error(tmp_path: Path):
    assert_one_line_error(run("analyze", "--batch", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl")),
                          "no such file")
    good = tmp_path / "in.jsonl"
    good.write_text('{"id": 1, "text": "No."}\n')
    assert_one_line_error(run("analyze", "--batch", str(good), "--out", str(tmp_path / "missing" / "o.jsonl")),
                          "no such folder")
    assert_one_line_error(run("analyze", "--batch", str(good)), "--batch and --out go together")
    assert_one_line_error(run("analyze"), "nothing to analyse")
    assert_one_line_error(run("analyze", ""), "empty")
    bin_file = tmp_path / "bin.jsonl"
    bin_file.write_bytes(b'{"id": 1, "text": "\xff\xfe"}\n')
    assert_one_line_error(run("analyze", "--batch", str(bin_file), "--out", str(tmp_path / "o.jsonl")), "not UTF-8")


def test_a_missing_spacy_model_is_one_clear_error():
    assert_one_line_error(run("analyze", "--spacy-model", "xx_missing_model", "hello"), "is not installed")
