"""`transcribe` and audio input to `analyze`: sound files through one recogniser per process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voice_coach.asr.types import Utterance, Word, utterance_from_words
from voice_coach.audio.endpoint import Endpointer, EndpointSettings
from voice_coach.audio.files import check_audio, load_audio
from voice_coach.audio.types import Audio
from voice_coach.errors import UserError
from voice_coach.jsonl import check_out_path, write_atomically
from voice_coach.settings import SpeechSettings


@dataclass(frozen=True)
class AudioJob:
    """One line of a transcription batch."""

    id: object
    path: Path


def recognizer_for(settings: SpeechSettings, announce=None):
    from voice_coach.asr.select import make_recognizer

    rec, note = make_recognizer(settings.engine, settings.vosk_model)
    if announce:
        announce(note)
    if settings.hints:
        learnt = rec.hint(list(settings.hints))
        if announce and learnt:
            announce(f"learnt: {', '.join(learnt)}")
    return rec


# Longer recordings are cut at their pauses first: decoders drift and invent words over minutes
# of audio, and each piece is decoded as the short utterance it is.
WHOLE_DECODE_MAX_S = 30.0


def transcribe_audio(rec, audio: Audio) -> Utterance:
    """A recording of any length: decoded whole when short, piece by piece at its pauses when long."""
    if audio.duration <= WHOLE_DECODE_MAX_S:
        return rec.transcribe(audio.samples)
    cutter = Endpointer(EndpointSettings(silence_s=0.5, max_utterance_s=WHOLE_DECODE_MAX_S, no_speech_timeout_s=1e9))
    words: list[Word] = []
    for segment in cutter.segments(audio.chunks(0.5)):
        for w in rec.transcribe(segment.samples).words:
            words.append(Word(w.word, w.start + segment.start, w.end + segment.start, w.conf))
    return utterance_from_words(words, rec.name, audio.samples)


def transcribe_file(rec, path: str | Path) -> Utterance:
    return transcribe_audio(rec, load_audio(path))


def resolve_audio(value: object, base: Path, where: str) -> Path:
    """An "audio" value as a path: relative paths are taken from the batch file's folder."""
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"{where}: \"audio\" must be the path of a sound file")
    p = Path(value).expanduser()
    if not p.is_absolute() and (base / p).exists():
        p = base / p
    if not p.exists():
        raise UserError(f"{where}: audio file {value} not found")
    return p


def read_jobs(path: str | Path) -> list[AudioJob]:
    from voice_coach.analysis.batch import read_json_lines

    jobs = []
    for where, obj in read_json_lines(path):
        if "audio" not in obj:
            raise UserError(f"{where}: needs \"audio\" (the path of a sound file)")
        audio = resolve_audio(obj["audio"], Path(path).parent, where)
        try:
            check_audio(audio)
        except UserError as e:
            raise UserError(f"{where}: {e}") from None
        jobs.append(AudioJob(obj["id"], audio))
    return jobs


def run_transcribe_batch(settings: SpeechSettings, in_path: str, out_path: str, announce=None) -> int:
    """Every file through one recogniser; OUT is replaced only when the whole batch is done."""
    jobs = read_jobs(in_path)
    out = check_out_path(out_path, in_path)
    rec = recognizer_for(settings, announce)

    def rows():
        for job in jobs:
            try:
                utt = transcribe_file(rec, job.path)
            except UserError as e:
                raise UserError(f"{in_path} (id {job.id}): {e}") from None
            yield utt.to_contract(job.id)

    write_atomically(out, rows())
    return len(jobs)
