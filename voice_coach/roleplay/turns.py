"""Where answers come from and where the partner's lines go: typed, scripted, or spoken aloud."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from voice_coach.asr.types import Word
from voice_coach.audio.types import RATE

COMMANDS = ("repeat", "slower", "help", "skip", "try again", "pause", "stop")


@dataclass(frozen=True)
class Answer:
    """What the user said (or typed), and the sound of it when there was any."""

    text: str
    audio: np.ndarray | None = None
    command: str | None = None  # one of COMMANDS when the answer was a voice command
    words: tuple = ()           # the recogniser's timed words (asr.types.Word), times within `audio`
    start_delay_s: float | None = None  # from the end of the partner's line to the first word, when known


@dataclass
class SessionAudio:
    """Both sides of the session, in order, at 16 kHz, for --record-to."""

    parts: list[np.ndarray] = field(default_factory=list)

    def add(self, samples: np.ndarray | None, gap_s: float = 0.3) -> None:
        if samples is not None and len(samples):
            self.parts.append(samples.astype(np.int16))
            self.parts.append(np.zeros(int(RATE * gap_s), np.int16))

    def samples(self) -> np.ndarray:
        return np.concatenate(self.parts) if self.parts else np.zeros(0, np.int16)


def command_in(text: str) -> str | None:
    """A typed or scripted line that is exactly a command ("repeat", "try again")."""
    t = " ".join(text.lower().strip(" .!?").split())
    return t if t in COMMANDS else None


class TypedAnswers:
    """--text: answers typed at a prompt."""

    def __init__(self, read: Callable[[str], str] = input):
        self.read = read

    def next(self, expect: list[str] | None = None) -> Answer | None:
        try:
            line = self.read("You: ")
        except EOFError:
            return None
        return Answer(line, None, command_in(line))


class ScriptedAnswers:
    """--script FILE: one answer a line; a line naming an existing sound file is played in as that audio."""

    def __init__(self, path: Path, recognizer, echo=print):
        """recognizer: a recogniser, or a function that makes one (called only when a sound file comes up);
        echo prints each answer as "You: …" (everything said is also printed)."""
        from voice_coach.errors import UserError

        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise UserError(f"{path}: cannot read the script ({e.strerror})") from None
        except UnicodeDecodeError:
            raise UserError(f"{path}: the script is not UTF-8 text; save it as UTF-8, one answer a line") from None
        self.base = Path(path).parent
        self.lines = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
        self._recognizer = recognizer
        self.echo = echo

    @property
    def recognizer(self):
        if callable(self._recognizer) and not hasattr(self._recognizer, "transcribe"):
            self._recognizer = self._recognizer()
        return self._recognizer

    def next(self, expect: list[str] | None = None) -> Answer | None:
        """The next line; expect: phrases a sound file is first matched against (a number, yes or no)."""
        answer = self._next(expect)
        if answer is not None and self.echo is not None:
            self.echo(f"You: {answer.text}")
        return answer

    def _next(self, expect: list[str] | None) -> Answer | None:
        from voice_coach.audio.files import load_audio
        from voice_coach.transcribe import transcribe_audio

        if not self.lines:
            return None
        line = self.lines.pop(0)
        candidate = Path(line).expanduser()
        if not candidate.is_absolute():
            candidate = self.base / candidate
        if candidate.suffix.lower() in (".wav", ".flac", ".ogg", ".raw") and candidate.exists():
            audio = load_audio(candidate)
            return heard_answer(self.recognizer, audio.samples, audio.duration, expect,
                                lambda: transcribe_audio(self.recognizer, audio))
        return Answer(line, None, command_in(line))


class SpokenAnswers:
    """Voice mode: the microphone, the endpointer and the recogniser; commands heard by grammar."""

    def __init__(self, recognizer, settings=None, on_partial=None, device: str | int | None = None, echo=print):
        """device: the microphone by name or index (--input-device); None is the default.
        echo prints what was heard as "You: …" (everything said is also printed)."""
        from voice_coach.audio.sources import MicrophoneSource

        self.echo = echo
        self.recognizer = recognizer
        self.settings = settings
        self.on_partial = on_partial
        self.mic = MicrophoneSource(device).__enter__()

    def close(self) -> None:
        self.mic.__exit__(None, None, None)

    def next(self, expect: list[str] | None = None) -> Answer | None:
        answer = self._next(expect)
        if self.echo is not None:
            self.echo(f"You: {answer.text}" if answer.text.strip() else "You: (nothing heard)")
        return answer

    def _next(self, expect: list[str] | None) -> Answer:
        from voice_coach.listen import hear

        # What was heard while the partner spoke was dropped by the stage (or, after barge-in, handed back
        # as the start of this answer), so listening starts from what is queued now.
        heard = hear(self.mic.chunks(), self.recognizer, self.settings, self.on_partial)
        if heard is None:
            return Answer("", None)  # nobody spoke before the no-speech timeout
        answer = heard_answer(self.recognizer, heard.segment.samples, heard.segment.duration, expect,
                              lambda: heard.utterance)
        if not answer.words:
            return answer
        # Listening began when the partner stopped: the first word's time from then is the hesitation.
        # The words are moved onto the segment's own clock, to line up with its samples.
        seg = heard.segment.start
        return replace(answer, words=tuple(Word(w.word, w.start - seg, w.end - seg, w.conf) for w in answer.words),
                       start_delay_s=answer.words[0].start)


def heard_answer(recognizer, samples: np.ndarray, duration: float, expect: list[str] | None, free) -> Answer:
    """Short audio may be a command; with expected phrases, the grammar tries them first (spoken numbers).
    free() gives the free transcript (an Utterance) when it is neither."""
    if expect:
        match = recognizer.listen_for(samples, list(expect))
        if match is not None:
            return Answer(match.command, samples)
    if duration < 2.0:
        command = recognizer.listen_for(samples, list(COMMANDS))
        if command is not None:
            return Answer(command.heard, samples, command.command)
    heard = free()
    return Answer(heard.text, samples, None, tuple(heard.words))
