"""Keeping a rehearsal in the store as it happens: each completed turn is committed at once."""

from __future__ import annotations

from collections import Counter

from voice_coach.roleplay.runner import Session, TurnRecord
from voice_coach.roleplay.turns import Answer
from voice_coach.store import Store, private_dir


class Recorder:
    """Opens a session row, commits every turn, and closes the row even when the rehearsal is cut short."""

    def __init__(self, store: Store, situation_id: int | None, scene_id: str, keep_audio: bool = False):
        self.store = store
        self.scene_id = scene_id
        self.keep_audio = keep_audio
        self.session_id = store.start_session(situation_id, scene_id)
        self.scores: list[int] = []
        self.styles: Counter[str] = Counter()

    def on_turn(self, record: TurnRecord, answer: Answer) -> None:
        audio_path = None
        if self.keep_audio and answer.audio is not None and len(answer.audio):
            from voice_coach.audio.playback import write_wav

            folder = private_dir(private_dir(self.store.folder / "audio") / f"session-{self.session_id}")
            path = write_wav(folder / f"{len(self.scores) + 1:02d}-{record.turn}.wav", answer.audio, 16000)
            path.chmod(0o600)  # a recording of the user's voice is theirs alone
            audio_path = str(path)
        self.store.add_attempt(self.session_id, self.scene_id, record.turn, record.partner, record.answer,
                               record.style, record.score,
                               {"elements": record.elements, "feedback": record.feedback, "tip": record.tip,
                                "technique": record.technique, "technique_used": record.technique_used,
                                "delivery": record.delivery, "interrupted": record.interrupted},
                               audio_path)
        self.scores.append(record.score)
        self.styles[record.style] += 1

    def finish(self, session: Session) -> None:
        self.store.end_session(self.session_id, session.ending, session.score if session.records else None,
                               session.style, session.summary)

    def abandon(self, ending: str = "unfinished") -> None:
        """Interrupted (or stopped for safety): keep what was done, marked as such."""
        score = round(sum(self.scores) / len(self.scores)) if self.scores else None
        style = self.styles.most_common(1)[0][0] if self.styles else None
        self.store.end_session(self.session_id, ending, score, style, "")
