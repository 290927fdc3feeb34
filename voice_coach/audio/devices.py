"""Sound devices: listing them, choosing one by name or index, and the sample rate it will run at."""

from __future__ import annotations

from dataclasses import dataclass

from voice_coach.audio.types import RATE
from voice_coach.errors import UserError

# Rates tried when a device refuses 16 kHz; most hardware runs at one of these.
FALLBACK_RATES = (48_000, 44_100, 32_000, 96_000)


@dataclass(frozen=True)
class Device:
    """One PortAudio device as the user sees it."""

    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: int
    host: str
    is_default_input: bool = False
    is_default_output: bool = False

    def describe(self) -> str:
        roles = [r for r, yes in (("default microphone", self.is_default_input),
                                  ("default speaker", self.is_default_output)) if yes]
        kinds = ", ".join(k for k, n in (("input", self.inputs), ("output", self.outputs)) if n)
        return (f"{self.index}: {self.name} ({self.host}; {kinds or 'no channels'}; {self.default_rate} Hz)"
                + (f"  [{', '.join(roles)}]" if roles else ""))


def _sd():
    from voice_coach.audio.playback import sounddevice

    return sounddevice()


def devices() -> list[Device]:
    """Every device PortAudio sees, in its own order."""
    sd = _sd()
    hosts = [h["name"] for h in sd.query_hostapis()]
    default_in, default_out = _defaults(sd)
    return [Device(i, d["name"], d["max_input_channels"], d["max_output_channels"], int(d["default_samplerate"]),
                   hosts[d["hostapi"]] if d["hostapi"] < len(hosts) else "?", i == default_in, i == default_out)
            for i, d in enumerate(sd.query_devices())]


def _defaults(sd) -> tuple[int, int]:
    try:
        default_in, default_out = sd.default.device
    except (TypeError, ValueError):
        return -1, -1
    return int(default_in if default_in is not None else -1), int(default_out if default_out is not None else -1)


def resolve(spec: str | int | None, kind: str) -> int | None:
    """The device index for --input-device / --output-device (kind "input" or "output"); None is the default.

    A number is an index; otherwise an exact name, else the one device whose name contains it."""
    what = "microphone" if kind == "input" else "speaker"
    option = f"--{kind}-device"
    every = devices()
    usable = [d for d in every if (d.inputs if kind == "input" else d.outputs) > 0]
    if not usable:
        raise UserError(f"no {what} found; connect one or start a sound server (see 'voice-coach doctor'), "
                        "or use --text")
    if spec is None:
        return None
    listing = "; ".join(f"{d.index} {d.name}" for d in usable) or "none"
    text = str(spec).strip()
    if text.isdigit():
        index = int(text)
        match = [d for d in every if d.index == index]
        if not match:
            raise UserError(f"{option} {text}: there is no device {text}; {what}s here: {listing}")
        if match[0] not in usable:
            raise UserError(f"{option} {text}: '{match[0].name}' cannot be a {what} (it has no {kind} channels); "
                            f"{what}s here: {listing}")
        return index
    exact = [d for d in usable if d.name.lower() == text.lower()]
    partial = [d for d in usable if text.lower() in d.name.lower()]
    found = exact or partial
    if len(found) == 1:
        return found[0].index
    if not found:
        raise UserError(f"{option} '{text}': no {what} has that name; {what}s here: {listing}")
    names = "; ".join(f"{d.index} {d.name}" for d in found)
    raise UserError(f"{option} '{text}' matches {len(found)} devices ({names}); give its number instead")


def negotiate_rate(device: int | None, kind: str, want: int = RATE, channels: int = 1, dtype: str = "int16") -> int:
    """The rate to open a device at: `want` when it takes it, else its own rate (the audio is resampled)."""
    sd = _sd()
    check = sd.check_input_settings if kind == "input" else sd.check_output_settings
    try:
        own = int(sd.query_devices(device, kind)["default_samplerate"])
    except (sd.PortAudioError, ValueError):
        own = None
    tried = []
    for rate in dict.fromkeys([want] + ([own] if own else []) + list(FALLBACK_RATES)):
        try:
            check(device=device, samplerate=rate, channels=channels, dtype=dtype)
            return rate
        except (sd.PortAudioError, ValueError):
            tried.append(rate)
    what = "microphone" if kind == "input" else "speaker"
    raise UserError(f"the {what} accepts none of the usual sample rates ({', '.join(map(str, tried))} Hz); "
                    f"choose another with --{kind}-device (see 'voice-coach doctor')")
