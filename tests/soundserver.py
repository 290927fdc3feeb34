"""A real PulseAudio server on a machine with no sound card (the recipe in shared/notes), for tests.

One stereo null sink, `room`, is the air: the product's speaker `spk` plays into its right channel, the
test's user `micsrc` speaks into its left, and the default source `mic` hears the left channel only (a
headset). Recording `room.monitor` gives both sides on one clock, so who stopped when can be measured
to the sample. echo_speaker_into_mic() takes the headset off: the microphone then hears the speaker too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import ClassVar

import numpy as np


class SoundServer:
    """Start, route, play into the microphone, record the speaker, and pull the plug."""

    running: ClassVar[list[SoundServer]] = []  # started and not yet stopped, for the per-test clean-up

    def __init__(self) -> None:
        self.runtime = Path(tempfile.mkdtemp(prefix="vc-pulse-"))
        self.runtime.chmod(0o700)
        self.env = dict(os.environ, XDG_RUNTIME_DIR=str(self.runtime))
        self._keepalive: list[subprocess.Popen] = []
        self._players: list[subprocess.Popen] = []
        self._modules: list[str] = []

    def hush(self) -> None:
        """End what a test left sounding: a player still playing into the microphone would be heard by the
        next test (the doctor's test stops listening before its answer has finished), and a loopback left
        loaded would echo the speaker into it."""
        for p in self._players:
            if p.poll() is None:
                p.kill()
                p.wait(5)
        self._players.clear()
        for module in list(self._modules):
            try:
                self.unload(module)
            except subprocess.SubprocessError:  # the server is gone (a test pulled the plug): so is the module
                self._modules.remove(module)

    @staticmethod
    def missing() -> str | None:
        """Why a server cannot start here, or None."""
        lacking = [t for t in ("pulseaudio", "pactl", "paplay", "parec") if not shutil.which(t)]
        return f"not installed: {', '.join(lacking)} (./dev test installs pulseaudio and pulseaudio-utils)" \
            if lacking else None

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self.env, check=True, capture_output=True, text=True,
                              timeout=10).stdout

    def start(self, make_default: bool = True) -> SoundServer:
        """make_default: point this process's sound (XDG_RUNTIME_DIR) at it; else only self.env does."""
        subprocess.run(
            ["pulseaudio", "-D", "--exit-idle-time=-1", "--disallow-exit", "-n",
             "--load=module-native-protocol-unix",
             "--load=module-null-sink sink_name=room channels=2 channel_map=front-left,front-right",
             "--load=module-remap-sink sink_name=spk master=room channels=1 channel_map=mono "
             "master_channel_map=front-right remix=no",
             "--load=module-remap-sink sink_name=micsrc master=room channels=1 channel_map=mono "
             "master_channel_map=front-left remix=no",
             "--load=module-remap-source source_name=mic master=room.monitor channels=1 channel_map=mono "
             "master_channel_map=front-left remix=no"],
            env=self.env, check=True, capture_output=True, timeout=30)
        for _ in range(50):
            if subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        self.pactl("set-default-sink", "spk")
        self.pactl("set-default-source", "mic")
        # An idle null sink renders in 2-second blocks, so a new recording would wait up to 2 s for its first
        # sound (a real microphone does not). Low-latency listeners on both keep them rendering in 10 ms steps.
        for monitor in ("room.monitor", "mic"):
            self._keepalive.append(subprocess.Popen(
                ["parec", f"--device={monitor}", "--latency-msec=10", "--raw", "--format=s16le", "--rate=16000",
                 "--channels=1"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(2.2)
        SoundServer.running.append(self)
        if make_default:
            os.environ["XDG_RUNTIME_DIR"] = str(self.runtime)  # sounddevice (via ALSA's pulse plugin) finds it
        return self

    def play_into_mic(self, wav: Path) -> subprocess.Popen:
        player = subprocess.Popen(["paplay", "--device=micsrc", "--latency-msec=20", str(wav)], env=self.env)
        self._players.append(player)
        return player

    def record_speaker(self, out: Path) -> subprocess.Popen:
        return subprocess.Popen(["parec", "--device=spk.monitor", "--rate=16000", "--channels=1",
                                 "--format=s16le", "--raw", "--latency-msec=20", str(out)], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def record_room(self, out: Path) -> subprocess.Popen:
        """Both sides at once: left the user, right the product (16 kHz stereo s16le); see sides()."""
        return subprocess.Popen(["parec", "--device=room.monitor", "--rate=16000", "--channels=2",
                                 "--format=s16le", "--raw", "--latency-msec=10", str(out)], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @staticmethod
    def sides(raw: Path):
        """(user, product) sample arrays from a record_room file."""
        import numpy as np

        x = np.fromfile(raw, dtype="<i2")
        x = x[:len(x) // 2 * 2].reshape(-1, 2)
        return x[:, 0].copy(), x[:, 1].copy()

    def echo_speaker_into_mic(self) -> str:
        """The room without headphones: the microphone also hears the speaker. Returns the module to unload."""
        module = self.pactl("load-module", "module-loopback", "source=spk.monitor", "sink=micsrc",
                            "latency_msec=30").strip()
        self._modules.append(module)
        return module

    def unload(self, module: str) -> None:
        self.pactl("unload-module", module)
        self._modules.remove(module)

    def pull_the_plug(self) -> None:
        """What a USB headset pulled out looks like to a program: the server goes, and its streams with it."""
        self.kill()

    def kill(self) -> None:
        pid_file = self.runtime / "pulse" / "pid"
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), 9)
            except (ProcessLookupError, ValueError):
                pass

    def stop(self) -> None:
        if self in SoundServer.running:
            SoundServer.running.remove(self)
        for p in self._keepalive + self._players:
            p.kill()
        self.kill()
        shutil.rmtree(self.runtime, ignore_errors=True)


def spans(samples: np.ndarray, threshold_db: float = -40.0, gap_s: float = 0.3) -> list[tuple[float, float]]:
    """Stretches of sound in 16 kHz audio, 10 ms at a time, joining gaps shorter than gap_s."""
    frame = 160
    n = len(samples) // frame
    x = samples[:n * frame].astype(np.float64).reshape(n, frame) / 32768.0
    loud = 20 * np.log10(np.sqrt((x * x).mean(axis=1)) + 1e-9) > threshold_db
    out: list[list[float]] = []
    for i in np.flatnonzero(loud):
        t = i * frame / 16000
        if out and t - out[-1][1] <= gap_s:
            out[-1][1] = t + 0.01
        else:
            out.append([t, t + 0.01])
    return [(a, b) for a, b in out]


def silent_from(samples: np.ndarray, t: float, hold_s: float = 0.1) -> float:
    """The first time from t on when the channel falls digitally silent for hold_s (the product went quiet)."""
    hold = int(16000 * hold_s)
    start = int(t * 16000)
    zero = np.concatenate([(samples[start:] == 0).astype(np.int32), [0]])
    run = 0
    for i, z in enumerate(zero):
        run = run + 1 if z else 0
        if run >= hold:
            return (start + i - hold + 1) / 16000
    return len(samples) / 16000


def as_16k(speech) -> np.ndarray:
    """Synthesised speech as the recordings hold it: 16 kHz int16."""
    from voice_coach.audio.files import resample
    from voice_coach.audio.types import to_int16

    return to_int16(resample(speech.samples, speech.rate))
