"""A real PulseAudio server on a machine with no sound card (the recipe in shared/notes), for tests.

Two null sinks: `spk` (what the product plays; its monitor is recorded to check it) and `micsrc`,
whose monitor is remapped as the source `mic`, so sound played into `micsrc` is what the microphone hears.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class SoundServer:
    def __init__(self) -> None:
        self.runtime = Path(tempfile.mkdtemp(prefix="vc-pulse-"))
        self.runtime.chmod(0o700)
        self.env = dict(os.environ, XDG_RUNTIME_DIR=str(self.runtime))

    @staticmethod
    def available() -> bool:
        return all(shutil.which(t) for t in ("pulseaudio", "pactl", "paplay", "parec"))

    def start(self) -> "SoundServer":
        subprocess.run(
            ["pulseaudio", "-D", "--exit-idle-time=-1", "--disallow-exit", "-n",
             "--load=module-native-protocol-unix",
             "--load=module-null-sink sink_name=spk",
             "--load=module-null-sink sink_name=micsrc",
             "--load=module-remap-source master=micsrc.monitor source_name=mic"],
            env=self.env, check=True, capture_output=True, timeout=30)
        for _ in range(50):
            if subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        subprocess.run(["pactl", "set-default-sink", "spk"], env=self.env, check=True, timeout=10)
        subprocess.run(["pactl", "set-default-source", "mic"], env=self.env, check=True, timeout=10)
        os.environ["XDG_RUNTIME_DIR"] = str(self.runtime)  # sounddevice (via ALSA's pulse plugin) finds it
        return self

    def play_into_mic(self, wav: Path) -> subprocess.Popen:
        return subprocess.Popen(["paplay", "--device=micsrc", str(wav)], env=self.env)

    def record_speaker(self, out: Path) -> subprocess.Popen:
        return subprocess.Popen(["parec", "--device=spk.monitor", "--rate=16000", "--channels=1",
                                 "--format=s16le", "--raw", "--latency-msec=20", str(out)], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        pid_file = self.runtime / "pulse" / "pid"
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), 15)
            except (ProcessLookupError, ValueError):
                pass
        shutil.rmtree(self.runtime, ignore_errors=True)
