"""`analyze --batch`: read a JSONL file of responses, write the contract's JSONL, lose nothing on error."""

from __future__ import annotations

import json
from pathlib import Path

from voice_coach.analysis.analyzer import Analyzer, Response, check_text
from voice_coach.errors import UserError
from voice_coach.jsonl import check_out_path, write_atomically


def read_json_lines(path: str | Path) -> list[tuple[str, dict]]:
    """Each non-blank line as (where, object), checked to be a JSON object with a unique id."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file; give the path of a JSONL file of responses") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder; give the path of a JSONL file of responses") from None
    except OSError as e:
        raise UserError(f"{path}: cannot read it ({e.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise UserError(f"{path} line {line}: not UTF-8 text; save the file as UTF-8") from None
    out: list[tuple[str, dict]] = []
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path} line {n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise UserError(f"{where}: not valid JSON ({e.msg}); each line must be one JSON object") from None
        if not isinstance(obj, dict):
            raise UserError(f"{where}: expected a JSON object like {{\"id\": \"r1\", \"text\": \"...\"}}")
        if "id" not in obj or not isinstance(obj["id"], (str, int)) or isinstance(obj["id"], bool):
            raise UserError(f"{where}: needs an \"id\" (a string or a number)")
        key = str(obj["id"])
        if key in seen:
            raise UserError(f"{where}: id \"{key}\" appears twice; ids must be unique")
        seen.add(key)
        out.append((where, obj))
    if not out:
        raise UserError(f"{path}: nothing in it; each line needs an \"id\"")
    return out


def read_responses(path: str | Path) -> list[Response]:
    """Every line checked before anything runs, so a bad line stops the batch before OUT is touched."""
    from voice_coach.transcribe import resolve_audio

    out = []
    for where, obj in read_json_lines(path):
        if "text" not in obj and "audio" not in obj:
            raise UserError(f"{where}: needs \"text\" (the response to judge) or \"audio\" (a sound file)")
        context = obj.get("context")
        if context is not None and not isinstance(context, str):
            raise UserError(f"{where}: \"context\" must be text")
        if "text" in obj:
            try:
                check_text(obj["text"], "\"text\"")
            except UserError as e:
                raise UserError(f"{where}: {e}") from None
            out.append(Response(obj["text"], context, obj["id"]))
        else:
            out.append(Response("", context, obj["id"], audio=str(resolve_audio(obj["audio"], Path(path).parent, where))))
    return out


def run_batch(analyzer: Analyzer, in_path: str, out_path: str, transcriber=None) -> int:
    """Analyse IN into OUT atomically: OUT is replaced only when every line is done.

    `transcriber(path) -> str` turns "audio" lines into text; it is only called when there are some. It may
    instead return (text, delivery): how the recording was said then joins that line's result.
    """
    responses = read_responses(in_path)
    voices: dict[str, object] = {}
    if any(r.audio for r in responses):
        if transcriber is None:
            raise UserError(f"{in_path}: has \"audio\" lines but no recogniser was given")
        heard = []
        for r in responses:
            if r.audio:
                said = transcriber(r.audio)
                text, voices[r.id] = said if isinstance(said, tuple) else (said, None)
                heard.append(Response(text, r.context, r.id))
            else:
                heard.append(r)
        responses = heard
    out = check_out_path(out_path, in_path)

    def rows():
        from voice_coach.delivery.coach import with_delivery

        heard = [r for r in responses if r.text.strip()]
        results = iter(analyzer.analyze_many(heard))
        for r in responses:
            # A recording with no words in it is still an answer: say nothing was heard.
            result = next(results) if r.text.strip() else analyzer.nothing_heard(r.id)
            if voices.get(r.id) is not None and r.text.strip():
                result = with_delivery(result, voices[r.id])
            yield result.to_contract()

    write_atomically(out, rows())
    return len(responses)
