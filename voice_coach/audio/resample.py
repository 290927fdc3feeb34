"""Resampling a live stream block by block, giving what resampling the whole recording at once would."""

from __future__ import annotations

from math import ceil, gcd

import numpy as np
from scipy.signal import firwin, resample_poly

from voice_coach.audio.types import RATE, to_int16


class StreamResampler:
    """int16 blocks at the device's rate in, int16 at `rate_out` out, about 10 ms behind.

    resample_poly filters each output sample from a few dozen input samples either side, so each block
    is resampled with enough of its neighbours kept on both sides that the seams cannot be heard (or seen:
    the tests compare it sample by sample with resampling the whole signal: within one step of 16 bits)."""

    def __init__(self, rate_in: int, rate_out: int = RATE):
        g = gcd(rate_in, rate_out)
        self.rate_in, self.rate_out = rate_in, rate_out
        self.up, self.down = rate_out // g, rate_in // g
        # scipy's default filter reaches 10·max(up, down) taps of the upsampled signal each side.
        reach = ceil(10 * max(self.up, self.down) / self.up) + 1
        self.margin = self.down * ceil(reach / self.down)  # a whole number of output periods
        self._buf = np.zeros(self.margin, np.float32)  # the start counts as silence, as for a whole signal
        # scipy's own filter for these factors, designed once: redesigning it for every 30 ms block was
        # most of the cost at 44.1 kHz (an 8,821-tap filter).
        top = max(self.up, self.down)
        self._filter = None if self.passthrough else firwin(2 * 10 * top + 1, 1.0 / top, window=("kaiser", 5.0))

    @property
    def passthrough(self) -> bool:
        return self.up == self.down

    def push(self, block: np.ndarray) -> np.ndarray:
        """Feed samples; returns the output they complete (possibly none yet)."""
        if self.passthrough:
            return to_int16(block) if block.dtype != np.int16 else block
        x = block.astype(np.float32) / 32768.0 if block.dtype == np.int16 else block.astype(np.float32)
        self._buf = np.concatenate([self._buf, x])
        return self._run(len(self._buf) - 2 * self.margin)

    def flush(self) -> np.ndarray:
        """The end of the stream: what is still held back, with silence after it."""
        if self.passthrough:
            return np.zeros(0, np.int16)
        held = len(self._buf) - self.margin
        self._buf = np.concatenate([self._buf, np.zeros(self.margin + self.down, np.float32)])
        out = self._run(ceil(held / self.down) * self.down if held > 0 else 0)
        self._buf = np.zeros(self.margin, np.float32)
        return out

    def _run(self, available: int) -> np.ndarray:
        n = (available // self.down) * self.down
        if n <= 0:
            return np.zeros(0, np.int16)
        window = self._buf[:self.margin + n + self.margin]
        y = resample_poly(window, self.up, self.down, window=self._filter)
        first = self.margin * self.up // self.down
        out = y[first:first + n * self.up // self.down]
        self._buf = self._buf[n:]
        return to_int16(out)
