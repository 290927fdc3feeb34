"""Writing batch results: the output path checked up front, the file replaced only when complete."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from voice_coach.errors import UserError


def check_out_path(out_path: str | Path, in_path: str | Path) -> Path:
    out = Path(out_path)
    if out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name for the results")
    if not out.parent.exists():
        raise UserError(f"{out.parent}: no such folder for the results; create it first")
    if out.exists() and Path(in_path).exists() and out.resolve() == Path(in_path).resolve():
        raise UserError(f"{out}: is the input file; write the results to another file")
    return out


def write_atomically(out: Path, rows: Iterable[dict]) -> None:
    """Write rows as JSON lines to a temporary file beside OUT, then move it over OUT: a failure half-way
    (a bad file, Ctrl-C) leaves whatever OUT held before untouched."""
    fd, tmp = tempfile.mkstemp(prefix=".voice-coach-", suffix=".jsonl", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, out)
    except OSError as e:
        raise UserError(f"{out}: cannot write the results ({e.strerror})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
