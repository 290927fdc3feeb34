"""A wheel built from the repository works installed, with no source tree in sight.

The wheel is built and installed offline: its dependencies come from the test environment's own
site-packages through a .pth file, so what is tested is the wheel itself (its code, its data, its scene
library), not the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list, cwd: Path, timeout: int = 600, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "VOICE_COACH_SCENES", "VOICE_COACH_MODELS", "ESPEAK_DATA_PATH")}
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env={**base, **env}, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out, tree = tmp_path_factory.mktemp("wheel"), tmp_path_factory.mktemp("tree") / "voice-coach"
    # Built from a copy of what the package is made of: building in the checkout would leave build/ and
    # egg-info behind, and anything the build needs but the copy lacks shows up here.
    tree.mkdir()
    for name in ("pyproject.toml", "README.md", "voice_coach", "scenes"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, tree / name)
    proc = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                "--disable-pip-version-check", "-w", out, tree], cwd=out)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (whl,) = out.glob("voice_coach-*.whl")
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new virtualenv with the wheel installed; returns its bin folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    proc = run([sys.executable, "-m", "pip", "--python", py, "install", "--no-deps", "-q",
                "--disable-pip-version-check", wheel], cwd=env_dir)
    assert proc.returncode == 0, proc.stderr[-2000:]
    site = Path(run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    cwd=env_dir).stdout.strip())
    # The dependencies, and nothing of the checkout: an editable install's hook is a .pth file of its
    # own, which a plain path entry does not run.
    (site / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir / "bin"


def test_the_wheel_carries_every_module_data_file_and_scene(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {str(p.relative_to(ROOT)) for p in (ROOT / "voice_coach").rglob("*")
              if p.is_file() and p.suffix in (".py", ".yaml")}
    wanted |= {f"voice_coach/scenes/{p.name}" for p in (ROOT / "scenes").glob("*.yaml")}
    assert wanted - names == set()


def test_the_installed_package_runs_from_an_empty_folder(installed, tmp_path):
    where = run([installed / "python", "-c", "import voice_coach; print(voice_coach.__file__)"], cwd=tmp_path)
    assert str(ROOT) not in where.stdout and "site-packages" in where.stdout, where.stdout + where.stderr

    listed = run([installed / "voice-coach", "scenes", "list"], cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    scenes = sorted(p.stem for p in (ROOT / "scenes").glob("*.yaml"))
    assert len(scenes) >= 30 and all(s in listed.stdout for s in scenes), listed.stdout

    checked = run([installed / "voice-coach", "scenes", "check"], cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    doctor = run([installed / "voice-coach", "doctor", "--quick"], cwd=tmp_path)
    assert doctor.returncode == 0 and "Traceback" not in doctor.stderr, doctor.stdout + doctor.stderr
    for area in ("language model", "recogniser: pocketsphinx", "voice: espeak", "voice: hibari"):
        line = next(x for x in doctor.stdout.splitlines() if f"  {area}:" in x)
        assert line.startswith("ok"), line

    # A library scene rehearsed from a script of typed answers, in a folder of its own (nothing stray is
    # left beside the demo's recording below).
    typed = tmp_path.parent / f"{tmp_path.name}-script.txt"
    typed.write_text("When the music goes past midnight I can't sleep, so could you turn it down after eleven?\n"
                     "I understand it's your weekend. I'd still like it down after eleven.\n"
                     "Thank you, that works for me.\n")
    rehearsed = run([installed / "voice-coach", "rehearse", "noisy-neighbour", "--script", typed], cwd=tmp_path,
                    timeout=600)
    assert rehearsed.returncode == 0 and "Jo:" in rehearsed.stdout and "Coach:" in rehearsed.stdout, \
        rehearsed.stdout[-1500:] + rehearsed.stderr[-1500:]
    assert "Traceback" not in rehearsed.stderr

    demo = run([installed / "voice-coach", "demo"], cwd=tmp_path, timeout=900)
    assert demo.returncode == 0, demo.stderr[-2000:]
    assert "Dana:" in demo.stdout and "Your score:" in demo.stdout, demo.stdout
    assert (tmp_path / "voice-coach-demo.wav").stat().st_size > 100_000
    assert list(tmp_path.iterdir()) == [tmp_path / "voice-coach-demo.wav"]  # nothing else left behind
