"""A JACK server with a dummy driver at one fixed rate: real sound devices that refuse 16 kHz, for tests.

PulseAudio takes every rate, so a microphone or speaker that runs only at 48 kHz cannot be made with it.
JACK runs every client at the server's rate: PortAudio's "system" device on the JACK host API is such a
device. The dummy driver needs no sound card. Run as a script (`python jackserver.py probe WAV`), this
file is the child process a test uses, so that PortAudio in the test process never holds a JACK client.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time


class JackServer:
    """Start and stop a private JACK server; clients find it through self.env."""

    def __init__(self, rate: int = 48_000) -> None:
        self.rate = rate
        self.name = f"vc-test-{os.getpid()}"
        self.env = dict(os.environ, JACK_DEFAULT_SERVER=self.name, JACK_NO_AUDIO_RESERVATION="1",
                        JACK_NO_START_SERVER="1")
        self._proc: subprocess.Popen | None = None

    @staticmethod
    def missing() -> str | None:
        """Why a server cannot start here, or None."""
        lacking = [t for t in ("jackd", "jack_lsp", "jack_connect") if not shutil.which(t)]
        return f"not installed: {', '.join(lacking)} (./dev test installs jackd2)" if lacking else None

    def start(self) -> JackServer:
        self._proc = subprocess.Popen(
            ["jackd", "-n", self.name, "--no-realtime", "-d", "dummy", "-r", str(self.rate), "-p", "480",
             "-C", "1", "-P", "1"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(100):
            if self._proc.poll() is not None:
                raise OSError(f"jackd exited: {self._proc.stderr.read()[-300:]}")
            if subprocess.run(["jack_lsp"], env=self.env, capture_output=True).returncode == 0:
                return self
            time.sleep(0.05)
        self.stop()
        raise OSError("jackd did not answer within 5 s")

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()


def _ports() -> list[str]:
    return subprocess.run(["jack_lsp"], capture_output=True, text=True).stdout.split()


def _wire_speaker_to_microphone(deadline_s: float = 5.0) -> None:
    """Connect this process's playback ports to its capture ports as soon as playback has a port."""
    until = time.monotonic() + deadline_s
    while time.monotonic() < until:
        ports = _ports()
        outs = [p for p in ports if p.startswith("PortAudio") and ":out_" in p]
        ins = [p for p in ports if p.startswith("PortAudio") and ":in_" in p]
        if outs and ins:
            for o in outs:
                for i in ins:
                    subprocess.run(["jack_connect", o, i], capture_output=True)
            return
        time.sleep(0.01)


def probe(wav: str) -> dict:
    """The product's speaker plays WAV on the JACK device while its microphone listens there; what each did."""
    import sounddevice as sd
    import soundfile as sf

    from voice_coach.audio.devices import negotiate_rate, resolve
    from voice_coach.audio.endpoint import Endpointer
    from voice_coach.audio.playback import Player
    from voice_coach.audio.sources import MicrophoneSource

    samples, rate = sf.read(wav, dtype="float32")  # the voice's own rate: the speaker resamples it
    mic_device, speaker_device = resolve("system", "input"), resolve("system", "output")
    try:
        sd.check_input_settings(mic_device, samplerate=16_000, channels=1, dtype="int16")
        refuses = False
    except sd.PortAudioError:
        refuses = True
    result = {"refuses_16k": refuses, "input_rate": negotiate_rate(mic_device, "input"),
              "output_rate": negotiate_rate(speaker_device, "output", rate, dtype="float32")}
    with MicrophoneSource(device=mic_device, max_seconds=30) as mic:
        chunks = mic.chunks()
        next(chunks)
        wiring = threading.Thread(target=_wire_speaker_to_microphone)
        wiring.start()
        player = Player(speaker_device)
        player.play(samples, rate, wait=False)
        segment = Endpointer().listen(chunks)
        player.wait(30)
        wiring.join()
        result["mic_rate"] = mic.rate
    result["heard"] = None if segment is None else segment.samples.tolist()
    return result


if __name__ == "__main__" and sys.argv[1:2] == ["probe"]:
    print(json.dumps(probe(sys.argv[2])))
