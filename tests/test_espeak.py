"""The eSpeak NG voice starts in every environment a user can have, each case in a child process.

Set or unset ESPEAK_DATA_PATH, a system eSpeak NG on the loader's path or none, the bundled library
missing, broken or without its data, and a child of a process that has already spoken. Each child gets
a controlled environment: nothing inherited from this test process decides the outcome.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf

ESPEAK_RATE = 22050  # eSpeak NG's own rate; the hibari voice speaks at 24 kHz, so a WAV tells them apart
FALLBACK = "Speaking with the hibari voice instead"
# What ./dev test downloads (not installs): Debian's eSpeak NG, unpacked, to stand for a system one.
SYSTEM_ROOT = Path(sys.prefix) / "system-espeak"

# Speaks one sentence with the default voice and reports which libespeak-ng files are mapped.
SPEAK = """
import json, sys
from voice_coach.tts import make_voice
speech = make_voice("espeak").synthesize("Could you ask me before you take the car?")
maps = sorted({l.split()[-1] for l in open("/proc/self/maps") if "libespeak-ng" in l})
print(json.dumps({"seconds": speech.duration, "rate": speech.rate, "libraries": maps}))
"""


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ESPEAK_DATA_PATH", "LD_LIBRARY_PATH", "PYTHONPATH")}
    env.update(extra)
    return env


def run_python(code: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=180)


def spoken(proc: subprocess.CompletedProcess) -> dict:
    assert proc.returncode == 0, proc.stderr[-800:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bundled() -> Path:
    import espeakng_loader

    return Path(espeakng_loader.get_library_path()).parent


def shadow_loader(tmp_path: Path, library: bytes | None = None, data: str = "whole") -> Path:
    """A copy of espeakng-loader to put first on PYTHONPATH, with its library replaced or its data damaged.

    data: "whole", "none" (an empty folder), "no phondata" or "bad phondata" (the phoneme data file
    missing, or replaced by other bytes; the other files are the real ones).
    """
    folder = tmp_path / "shadow" / "espeakng_loader"
    folder.mkdir(parents=True)
    shutil.copy(bundled() / "__init__.py", folder)
    (folder / "libespeak-ng.so").write_bytes(library if library is not None
                                             else (bundled() / "libespeak-ng.so").read_bytes())
    if data == "whole":
        (folder / "espeak-ng-data").symlink_to(bundled() / "espeak-ng-data")
        return folder.parent
    (folder / "espeak-ng-data").mkdir()
    if data != "none":
        for f in (bundled() / "espeak-ng-data").iterdir():
            if f.name != "phondata":
                (folder / "espeak-ng-data" / f.name).symlink_to(f)
        if data == "bad phondata":
            (folder / "espeak-ng-data" / "phondata").write_bytes(b"not phoneme data" * 64)
    return folder.parent


def hidden_loader(tmp_path: Path) -> Path:
    """A PYTHONPATH entry under which espeakng-loader is not installed."""
    folder = tmp_path / "hidden" / "espeakng_loader"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("raise ImportError('espeakng-loader is not installed here')\n")
    return folder.parent


def system_espeak() -> Path:
    found = sorted(SYSTEM_ROOT.glob("usr/lib/*/libespeak-ng.so.1"))
    if not found:
        pytest.skip(f"no unpacked Debian eSpeak NG in {SYSTEM_ROOT}; ./dev test downloads it")
    return found[0].parent


def test_the_bundled_library_speaks_with_the_variable_unset(tmp_path):
    out = spoken(run_python(SPEAK, clean_env(), tmp_path))
    assert out["rate"] == ESPEAK_RATE and out["seconds"] > 1.0
    assert out["libraries"] and all(Path(p).parent == bundled() for p in out["libraries"])


@pytest.mark.parametrize("where", ["bundled data", "empty folder", "missing folder"])
def test_espeak_data_path_set_to_anything_leaves_the_voice_working(tmp_path, where):
    # Someone else's ESPEAK_DATA_PATH (another program's, or a parent process's) must not matter.
    path = {"bundled data": str(bundled() / "espeak-ng-data"), "empty folder": str(tmp_path),
            "missing folder": str(tmp_path / "nowhere")}[where]
    proc = run_python(SPEAK, clean_env(ESPEAK_DATA_PATH=path), tmp_path)
    out = spoken(proc)
    assert out["rate"] == ESPEAK_RATE and out["seconds"] > 1.0 and FALLBACK not in proc.stderr


def test_a_child_of_a_process_that_has_spoken_speaks_too(tmp_path):
    # The parent speaks, then starts the command line the way another tool would, with its own
    # environment as it then is.
    code = ("import os\nbefore = dict(os.environ)\n" + SPEAK + "import subprocess\n"
            "assert dict(os.environ) == before, 'speaking changed the environment'\n"
            "child = subprocess.run([sys.executable, '-m', 'voice_coach', 'say', 'Not this weekend.',"
            " '--out', 'child.wav'], capture_output=True, text=True)\n"
            "print(child.returncode, child.stderr.strip().replace(chr(10), ' | '), file=sys.stderr)\n"
            "sys.exit(child.returncode)\n")
    for env in (clean_env(), clean_env(ESPEAK_DATA_PATH=str(bundled() / "espeak-ng-data"))):
        proc = run_python(code, env, tmp_path)
        assert proc.returncode == 0 and FALLBACK not in proc.stderr, proc.stderr[-800:]
        assert sf.info(str(tmp_path / "child.wav")).samplerate == ESPEAK_RATE


def test_a_system_espeak_on_the_loader_path_does_not_replace_the_bundled_one(tmp_path):
    lib = system_espeak()
    out = spoken(run_python(SPEAK, clean_env(LD_LIBRARY_PATH=str(lib)), tmp_path))
    assert out["rate"] == ESPEAK_RATE and out["seconds"] > 1.0
    assert out["libraries"] and all(Path(p).parent == bundled() for p in out["libraries"])


def test_without_the_bundled_library_a_system_espeak_is_used(tmp_path):
    lib = system_espeak()
    env = clean_env(LD_LIBRARY_PATH=str(lib), ESPEAK_DATA_PATH=str(lib), PYTHONPATH=str(hidden_loader(tmp_path)))
    out = spoken(run_python(SPEAK, env, tmp_path))
    assert out["rate"] == ESPEAK_RATE and out["seconds"] > 1.0
    assert out["libraries"] and all(Path(p).parent == lib for p in out["libraries"])


def say_with(tmp_path: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "voice_coach", "say", "Please ask me first.",
                           "--out", str(tmp_path / "said.wav"), *extra],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180)


def one_line_then_hibari(proc: subprocess.CompletedProcess, tmp_path: Path, reason: str) -> None:
    notes = [line for line in proc.stderr.splitlines() if FALLBACK in line]
    assert proc.returncode == 0 and len(notes) == 1, proc.stderr[-800:]
    assert reason in notes[0] and "--force-reinstall espeakng-loader" in notes[0]
    assert "Traceback" not in proc.stderr
    assert sf.info(str(tmp_path / "said.wav")).samplerate != ESPEAK_RATE  # the hibari voice spoke


@pytest.mark.parametrize("damage, reason", [
    ("truncated", "cannot be loaded (truncated"),
    ("not a library", "cannot be loaded (not a 64-bit ELF"),
    ("none", "data is missing"),
    ("no phondata", "could not read its data (Error processing file"),
    ("bad phondata", "could not read its data (Error: Wrong version of espeak-ng-data"),
])
def test_a_broken_bundled_espeak_is_one_line_and_hibari_speaks(tmp_path, damage, reason):
    # Without a check, each of these killed the process: SIGBUS on a truncated library, SIGFPE on data
    # eSpeak could not read (it reported a sample rate of 0), or eSpeak's own exit(1).
    whole = (bundled() / "libespeak-ng.so").read_bytes()
    shadow = {"truncated": lambda: shadow_loader(tmp_path, library=whole[: len(whole) // 3]),
              "not a library": lambda: shadow_loader(tmp_path, library=b"not a library\n"),
              }.get(damage, lambda: shadow_loader(tmp_path, data=damage))()
    one_line_then_hibari(say_with(tmp_path, clean_env(PYTHONPATH=str(shadow))), tmp_path, reason)


def test_no_espeak_at_all_is_one_line_and_hibari_speaks(tmp_path):
    if ctypes.util.find_library("espeak-ng"):
        pytest.skip("a system eSpeak NG is installed here")
    env = clean_env(PYTHONPATH=str(hidden_loader(tmp_path)))
    one_line_then_hibari(say_with(tmp_path, env), tmp_path, "no eSpeak NG library was found")


def test_the_doctor_names_a_broken_espeak_instead_of_hiding_it(tmp_path):
    env = clean_env(PYTHONPATH=str(shadow_loader(tmp_path, data="none")))
    proc = subprocess.run([sys.executable, "-m", "voice_coach", "doctor", "--quick"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    line = next((x for x in proc.stdout.splitlines() if "voice: espeak" in x), "")
    assert "data is missing" in line and "Traceback" not in proc.stdout + proc.stderr, proc.stdout[-800:]
