"""The speech commands as a user runs them: transcribe, say, analyze --audio, models, doctor."""

from __future__ import annotations

import json
from pathlib import Path

import soundfile as sf
from test_cli import assert_one_line_error, run

from voice_coach.asr.wer import wer

from conftest import SPEECH


def test_transcribe_prints_words_and_json_follows_the_contract():
    assert run("transcribe", str(SPEECH / "goforward.raw"), check_rc=0).stdout.strip() == "go forward ten meters"
    obj = json.loads(run("transcribe", "--json", str(SPEECH / "goforward.raw"), check_rc=0).stdout)
    assert list(obj) == ["transcript", "words", "engine"] and obj["engine"] == "pocketsphinx"
    assert list(obj["words"][0]) == ["word", "start", "end", "conf"]


def test_transcribe_batch_follows_the_contract(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    lines = [{"id": f"c{i}", "audio": str(SPEECH / "cards" / f"00{i}.wav")} for i in range(1, 4)]
    lines.append({"id": "raw", "audio": str(SPEECH / "goforward.raw")})
    src.write_text("".join(json.dumps(x) + "\n" for x in lines))
    out = tmp_path / "out.jsonl"
    proc = run("transcribe", "--batch", str(src), "--out", str(out), check_rc=0)
    assert "engine: pocketsphinx" in proc.stderr  # it says which engine it picked
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["c1", "c2", "c3", "raw"]
    assert all(list(r) == ["id", "transcript", "words", "engine"] for r in rows)
    assert rows[-1]["transcript"] == "go forward ten meters"


def test_bad_audio_is_one_clear_line_and_nothing_is_lost(tmp_path: Path):
    for name in ("bad.wav", "evil.wav", "null.wav"):
        assert_one_line_error(run("transcribe", str(SPEECH / "malformed" / name)), name)
    text = tmp_path / "notes.wav"
    text.write_text("not sound")
    assert_one_line_error(run("transcribe", str(text)), "not a sound file")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "audio": str(SPEECH / "cards" / "001.wav")}) + "\n"
                   + json.dumps({"id": 2, "audio": str(SPEECH / "malformed" / "bad.wav")}) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text("earlier\n")
    assert_one_line_error(run("transcribe", "--batch", str(src), "--out", str(out)), "bad.wav")
    assert out.read_text() == "earlier\n"
    assert run("transcribe", str(SPEECH / "malformed" / "awful.wav"), check_rc=0).stdout.strip() == "(no speech recognised)"


def test_silence_noise_and_odd_layouts(tmp_path: Path):
    import numpy as np

    sf.write(tmp_path / "silence.wav", np.zeros(16000 * 2, np.int16), 16000)
    assert run("transcribe", str(tmp_path / "silence.wav"), check_rc=0).stdout.strip() == "(no speech recognised)"
    x, rate = sf.read(SPEECH / "cards" / "005.wav")
    from voice_coach.audio.files import resample

    reference = "eight of spades four of clubs seven of hearts"
    for r, allowed in ((48000, 0.12), (8000, 0.35)):  # telephone-band 8 kHz has lost everything above 4 kHz
        y = resample(x.astype(np.float32), rate, r)
        sf.write(tmp_path / f"s{r}.wav", np.stack([y, y], axis=1), r)
        heard = run("transcribe", str(tmp_path / f"s{r}.wav"), check_rc=0).stdout.strip()
        assert wer([(reference, heard)]) <= allowed, (r, heard)


def test_ten_minutes_of_audio_is_handled(tmp_path: Path):
    import numpy as np

    card, _ = sf.read(SPEECH / "cards" / "005.wav", dtype="int16")
    quiet = np.random.default_rng(0).normal(0, 20, 16000 * 60).astype(np.int16)
    block = np.concatenate([card, quiet[: 16000 * 58]])
    sf.write(tmp_path / "long.flac", np.tile(block, 10)[: 16000 * 600], 16000)
    out = json.loads(run("transcribe", "--json", str(tmp_path / "long.flac"), check_rc=0).stdout)
    assert out["transcript"].count("hearts") >= 9
    hearts = [w["start"] for w in out["words"] if w["word"] == "hearts"]
    assert hearts == sorted(hearts) and hearts[-1] > 540  # timings run across the whole ten minutes


def test_say_prints_the_words_and_writes_a_wav(tmp_path: Path):
    out = tmp_path / "coach.wav"
    proc = run("say", "Take a slow breath before you answer.", "--voice", "hibari", "--out", str(out), check_rc=0)
    assert proc.stdout.strip() == "Take a slow breath before you answer."
    data, rate = sf.read(out)
    assert rate == 24000 and len(data) / rate > 1.5
    assert_one_line_error(run("say", "hi", "--rate", "9"), "--rate 9.0 is out of range")
    assert_one_line_error(run("say", "hi", "--out", str(tmp_path / "no" / "x.wav")), "no such folder")


def test_analyze_audio_recognises_then_judges(tmp_path: Path):
    wav = tmp_path / "answer.wav"
    run("say", "Could you please send the report by Thursday?", "--voice", "hibari", "--out", str(wav), check_rc=0)
    proc = run("analyze", "--audio", str(wav), check_rc=0)
    heard = proc.stdout.splitlines()[0]
    assert heard.startswith("Heard: could you please send") and heard.endswith("report by thursday")
    assert "Style: assertive" in proc.stdout and "request yes" in proc.stdout
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "audio": "answer.wav", "context": "Boss: When can I have it?"}) + "\n"
                   + json.dumps({"id": "t1", "text": "Um, maybe, if that's okay?"}) + "\n")
    out = tmp_path / "out.jsonl"
    run("analyze", "--batch", str(src), "--out", str(out), check_rc=0)
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert rows[0]["id"] == "a1" and rows[0]["transcript"].startswith("could you please send")
    assert rows[0]["delivery"]["wpm"] > 100 and "verdicts" in rows[0]["delivery"]  # heard lines: how it was said
    assert rows[1]["style"] == "passive" and "delivery" not in rows[1]  # typed lines have no voice


def test_models_list_and_doctor_report_without_failing():
    assert "vosk-model-small-en-us-0.15" in run("models", "list", check_rc=0).stdout
    out = run("doctor", check_rc=0).stdout
    for area in ("language model", "recogniser: pocketsphinx", "recogniser: vosk", "voice: espeak", "microphone"):
        assert area in out
    assert "fix: voice-coach models download" in out  # no English Vosk model on a test machine


def test_engine_choice_is_checked():
    assert_one_line_error(run("transcribe", "--engine", "vosk", str(SPEECH / "goforward.raw")), "no English Vosk model")


def test_voice_mode_with_no_sound_device_is_one_line_before_anything_loads(tmp_path):
    """No sound card and no sound server (an empty runtime folder): rehearse and practice say so at once."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, XDG_RUNTIME_DIR=str(tmp_path), PULSE_SERVER=str(tmp_path / "none"))
    for args in (["rehearse", "fridays-off"], ["rehearse", "fridays-off", "--output-device", "2", "--barge-in"]):
        proc = subprocess.run([sys.executable, "-m", "voice_coach", *args], capture_output=True, text=True,
                              env=env, timeout=120)
        assert_one_line_error(proc, "no microphone found", "--text")
        assert "engine:" not in proc.stderr  # refused before the recogniser loaded
