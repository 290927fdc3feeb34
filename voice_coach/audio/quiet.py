"""Keeping the sound libraries' own chatter off the user's terminal, where only the product should speak.

ALSA prints notes ("underrun occurred") through a handler that can be replaced. PortAudio's ALSA layer
prints its internal assertions ("Expression '…' failed") straight to file descriptor 2 when a device
dies; those lines are dropped by a filter between the process and its terminal. The problem itself
reaches the user as one line from the product.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import sys
import threading

NOISE = (b"Expression '", b"ALSA lib ")

_alsa_handler = None
_filter: tuple[int, threading.Thread] | None = None


def alsa() -> None:
    """Replace ALSA's error printer with one that says nothing (once per process)."""
    global _alsa_handler
    if _alsa_handler is not None:
        return
    name = ctypes.util.find_library("asound")
    _alsa_handler = False
    if not name:
        return
    try:
        lib = ctypes.CDLL(name)
        # The handler is variadic in C; taking the fixed arguments is enough to accept and ignore a call.
        handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                                        ctypes.c_char_p)
        _alsa_handler = handler_type(lambda *args: None)
        lib.snd_lib_error_set_handler(_alsa_handler)
    except (OSError, AttributeError):
        _alsa_handler = False


def filter_stderr() -> None:
    """From now to exit, drop the sound libraries' lines from stderr and pass every other line through."""
    global _filter
    if _filter is not None or os.name != "posix":
        return
    try:
        sys.stderr.flush()
        terminal = os.dup(2)
        read_end, write_end = os.pipe()
        os.dup2(write_end, 2)
        os.close(write_end)
    except OSError:
        return

    def forward() -> None:
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            pending = b""
            while chunk := pipe.read(4096):
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    if not line.startswith(NOISE):
                        os.write(terminal, line + b"\n")
            if pending and not pending.startswith(NOISE):
                os.write(terminal, pending)

    thread = threading.Thread(target=forward, name="stderr-filter", daemon=True)
    thread.start()
    _filter = (terminal, thread)
    atexit.register(_restore)


def _restore() -> None:
    """At exit: give fd 2 back to the terminal, which ends the pipe, and let the filter finish writing."""
    global _filter
    if _filter is None:
        return
    terminal, thread = _filter
    _filter = None
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os.dup2(terminal, 2)
    thread.join(2.0)
