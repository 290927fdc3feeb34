"""The user's training programme on disk: one SQLite file, WAL mode, versioned schema, owner-only."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from voice_coach.errors import UserError

DB_NAME = "voice-coach.db"

# Each entry moves the schema up one version; never edit a released step, add a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE situations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        other_party TEXT NOT NULL DEFAULT '',
        want TEXT NOT NULL DEFAULT '',
        anxiety INTEGER CHECK (anxiety IS NULL OR anxiety BETWEEN 0 AND 100),  -- NULL: not rated yet
        rank INTEGER NOT NULL,
        scene_id TEXT,                 -- a library scene, or NULL when personal_scene holds one
        personal_scene TEXT,           -- YAML of a scene made from the user's own words
        from_library INTEGER NOT NULL DEFAULT 0,  -- added by rehearsing a library scene outside the plan
        mastered_at REAL,
        created_at REAL NOT NULL
    );
    CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        situation_id INTEGER NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
        at REAL NOT NULL,
        anxiety INTEGER NOT NULL CHECK (anxiety BETWEEN 0 AND 100),
        kind TEXT NOT NULL CHECK (kind IN ('initial', 'rerate', 'before', 'after')),
        session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL
    );
    CREATE TABLE obstacles (
        id INTEGER PRIMARY KEY,
        situation_id INTEGER NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('emotion', 'thought', 'skill')),
        words TEXT NOT NULL DEFAULT '',
        at REAL NOT NULL
    );
    CREATE TABLE thoughts (
        id INTEGER PRIMARY KEY,
        situation_id INTEGER REFERENCES situations(id) ON DELETE CASCADE,
        fear TEXT NOT NULL,
        traps TEXT NOT NULL,           -- JSON list of trap names
        answers TEXT NOT NULL,         -- JSON list of the user's answers to the questions
        alternative TEXT NOT NULL DEFAULT '',
        at REAL NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        situation_id INTEGER REFERENCES situations(id) ON DELETE CASCADE,
        scene TEXT NOT NULL,
        started_at REAL NOT NULL,
        ended_at REAL,
        ending TEXT NOT NULL DEFAULT 'unfinished',
        score INTEGER,
        style TEXT,
        summary TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        at REAL NOT NULL,
        scene TEXT NOT NULL,
        turn TEXT NOT NULL,
        partner TEXT NOT NULL,
        transcript TEXT NOT NULL,
        style TEXT NOT NULL,
        score INTEGER NOT NULL,
        analysis TEXT NOT NULL,        -- JSON: elements, feedback, tip, technique
        audio_path TEXT                -- only with --keep-audio
    );
    CREATE TABLE mastery (
        situation_id INTEGER PRIMARY KEY REFERENCES situations(id) ON DELETE CASCADE,
        at REAL NOT NULL,
        rule TEXT NOT NULL             -- JSON of the rule it was judged by
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE INDEX attempts_session ON attempts(session_id);
    CREATE INDEX sessions_situation ON sessions(situation_id);
    CREATE INDEX ratings_situation ON ratings(situation_id);
    """,
)
VERSION = len(MIGRATIONS)
OPEN_RETRY_S = 15.0


def data_dir() -> Path:
    """$VOICE_COACH_HOME, else the platform's user data folder."""
    home = os.environ.get("VOICE_COACH_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path("voice-coach")


def private_dir(path: Path) -> Path:
    """Create a folder only its owner can read, and tighten one that exists."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if stat.S_IMODE(path.stat().st_mode) != 0o700:
            path.chmod(0o700)
    except OSError as e:
        raise UserError(f"{path}: cannot use this data folder ({e.strerror}); "
                        "set VOICE_COACH_HOME to a folder you can write") from None
    return path


@dataclass(frozen=True)
class Situation:
    """One hard situation of the user's inventory."""

    id: int
    title: str
    other_party: str
    want: str
    anxiety: int | None
    rank: int
    scene_id: str | None
    personal_scene: str | None
    from_library: bool
    mastered_at: float | None

    @property
    def mastered(self) -> bool:
        return self.mastered_at is not None


class Store:
    """One open database; every write is its own committed transaction."""

    def __init__(self, folder: Path | None = None):
        self.folder = private_dir(folder or data_dir())
        self.path = self.folder / DB_NAME
        old_umask = os.umask(0o077)  # the database, its WAL and shared-memory files: owner-only from birth
        try:
            self.db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            # Damaged text must not stop a user seeing the rest of their history.
            self.db.text_factory = lambda b: b.decode("utf-8", "replace")
            self._open()
        except sqlite3.OperationalError as e:
            raise UserError(f"{self.path}: cannot use the database ({_one_line(e)}); check that the folder is writable "
                            "and the disk is not full") from None
        except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
            raise UserError(f"{self.path}: not a voice-coach database or damaged ({_one_line(e)}); "
                            "move it aside and the next run starts a fresh one") from None
        finally:
            os.umask(old_umask)

    def _open(self) -> None:
        """WAL mode, migrations and a quick check. Switching to WAL can report "locked" at once, without
        waiting, while another process is opening the same new database: that is retried for a while."""
        deadline = time.monotonic() + OPEN_RETRY_S
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA foreign_keys=ON")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
                break
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        check = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(check)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise UserError(f"{self.path}: made by a newer voice-coach (schema {version}, this one knows "
                            f"{VERSION}); upgrade voice-coach")
        if version == 0 and self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise UserError(f"{self.path}: this SQLite file is not a voice-coach database; "
                            "move it aside or point VOICE_COACH_HOME elsewhere")
        for step in range(version, VERSION):
            with self.transaction() as db:
                # Another process may have migrated while we waited for the write lock.
                if db.execute("PRAGMA user_version").fetchone()[0] > step:
                    continue
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={step + 1}")

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE … COMMIT, rolled back on error: two processes never interleave a write."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as e:
            # A full disk or a read-only folder: nothing half-written, and a plain message.
            raise UserError(f"{self.path}: could not save ({_one_line(e)}); free some disk space or make the folder "
                            "writable, then try again") from None

    # --- situations -------------------------------------------------------------------------------
    def situations(self) -> list[Situation]:
        rows = self.db.execute("SELECT * FROM situations ORDER BY rank, id").fetchall()
        return [_situation(r) for r in rows]

    def situation_for_scene(self, scene_id: str) -> Situation | None:
        """The situation a library scene is practised for: one of the plan first, else its own entry."""
        row = self.db.execute("SELECT * FROM situations WHERE scene_id=? ORDER BY from_library, rank LIMIT 1",
                              (scene_id,)).fetchone()
        return _situation(row) if row else None

    def situation(self, situation_id: int) -> Situation:
        row = self.db.execute("SELECT * FROM situations WHERE id=?", (situation_id,)).fetchone()
        if row is None:
            known = ", ".join(str(s.id) for s in self.situations()) or "none yet"
            raise UserError(f"no situation {situation_id} in your plan (known: {known}); "
                            "'voice-coach plan list' shows them")
        return _situation(row)

    def add_situation(self, title: str, other_party: str, want: str, anxiety: int | None, scene_id: str | None,
                      personal_scene: str | None, from_library: bool = False) -> Situation:
        now = time.time()
        with self.transaction() as db:
            rank = _rank_for(db, anxiety)
            db.execute("UPDATE situations SET rank = rank + 1 WHERE rank >= ?", (rank,))
            cur = db.execute(
                "INSERT INTO situations (title, other_party, want, anxiety, rank, scene_id, personal_scene,"
                " from_library, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (title, other_party, want, anxiety, rank, scene_id, personal_scene, int(from_library), now))
            if anxiety is not None:
                db.execute("INSERT INTO ratings (situation_id, at, anxiety, kind) VALUES (?,?,?,'initial')",
                           (cur.lastrowid, now, anxiety))
        return self.situation(cur.lastrowid)

    def rate(self, situation_id: int, anxiety: int, kind: str = "rerate", session_id: int | None = None,
             reorder: bool = True) -> None:
        """Record a rating; a re-rating moves the situation to its place in the hierarchy."""
        self.situation(situation_id)
        with self.transaction() as db:
            db.execute("INSERT INTO ratings (situation_id, at, anxiety, kind, session_id) VALUES (?,?,?,?,?)",
                       (situation_id, time.time(), anxiety, kind, session_id))
            if kind in ("rerate", "after"):
                db.execute("UPDATE situations SET anxiety=? WHERE id=?", (anxiety, situation_id))
            if reorder and kind == "rerate":
                _remove_rank(db, situation_id)
                rank = _rank_for(db, anxiety)
                db.execute("UPDATE situations SET rank = rank + 1 WHERE rank >= ?", (rank,))
                db.execute("UPDATE situations SET rank=? WHERE id=?", (rank, situation_id))

    def move(self, situation_id: int, position: int) -> None:
        """Put a situation at a 1-based place in the hierarchy, shifting the others."""
        self.situation(situation_id)
        with self.transaction() as db:
            _remove_rank(db, situation_id)
            count = db.execute("SELECT count(*) FROM situations WHERE id != ?", (situation_id,)).fetchone()[0]
            rank = min(max(position, 1), count + 1)
            db.execute("UPDATE situations SET rank = rank + 1 WHERE rank >= ? AND id != ?", (rank, situation_id))
            db.execute("UPDATE situations SET rank=? WHERE id=?", (rank, situation_id))

    def remove(self, situation_id: int) -> Situation:
        gone = self.situation(situation_id)
        with self.transaction() as db:
            _remove_rank(db, situation_id)
            db.execute("DELETE FROM situations WHERE id=?", (situation_id,))
        return gone

    def set_mastered(self, situation_id: int, rule: dict) -> None:
        now = time.time()
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO mastery (situation_id, at, rule) VALUES (?,?,?)",
                       (situation_id, now, json.dumps(rule)))
            db.execute("UPDATE situations SET mastered_at=? WHERE id=?", (now, situation_id))

    # --- obstacles and thoughts --------------------------------------------------------------------
    def add_obstacle(self, situation_id: int, kind: str, words: str = "") -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO obstacles (situation_id, kind, words, at) VALUES (?,?,?,?)",
                       (situation_id, kind, words, time.time()))

    def obstacles(self, situation_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM obstacles WHERE situation_id=? ORDER BY id",
                               (situation_id,)).fetchall()

    def add_thought(self, situation_id: int | None, fear: str, traps: list[str], answers: list[str],
                    alternative: str) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO thoughts (situation_id, fear, traps, answers, alternative, at)"
                             " VALUES (?,?,?,?,?,?)", (situation_id, fear, json.dumps(traps),
                                                       json.dumps(answers), alternative, time.time()))
        return cur.lastrowid

    def thoughts(self, situation_id: int | None = None) -> list[sqlite3.Row]:
        if situation_id is None:
            return self.db.execute("SELECT * FROM thoughts ORDER BY id").fetchall()
        return self.db.execute("SELECT * FROM thoughts WHERE situation_id=? ORDER BY id",
                               (situation_id,)).fetchall()

    # --- sessions and attempts ---------------------------------------------------------------------
    def start_session(self, situation_id: int | None, scene: str) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO sessions (situation_id, scene, started_at) VALUES (?,?,?)",
                             (situation_id, scene, time.time()))
        return cur.lastrowid

    def add_attempt(self, session_id: int, scene: str, turn: str, partner: str, transcript: str, style: str,
                    score: int, analysis: dict, audio_path: str | None = None) -> None:
        """One completed turn, committed at once so a crash never loses it."""
        with self.transaction() as db:
            db.execute("INSERT INTO attempts (session_id, at, scene, turn, partner, transcript, style, score,"
                       " analysis, audio_path) VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (session_id, time.time(), scene, turn, partner, transcript, style, score,
                        json.dumps(analysis, ensure_ascii=False), audio_path))

    def end_session(self, session_id: int, ending: str, score: int | None, style: str | None,
                    summary: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sessions SET ended_at=?, ending=?, score=?, style=?, summary=? WHERE id=?",
                       (time.time(), ending, score, style, summary, session_id))

    def sessions(self, situation_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM sessions WHERE situation_id=? ORDER BY started_at, id",
                               (situation_id,)).fetchall()

    def attempts(self, session_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM attempts WHERE session_id=? ORDER BY id", (session_id,)).fetchall()

    def turn_counts(self) -> dict[int, int]:
        """Completed turns per session, in one query."""
        return dict(self.db.execute("SELECT session_id, count(*) FROM attempts GROUP BY session_id").fetchall())

    def ratings(self, situation_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM ratings WHERE situation_id=? ORDER BY at, id",
                               (situation_id,)).fetchall()

    # --- settings ----------------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?,?)", (key, value))

    def dump(self) -> dict:
        """Every table as lists of plain dicts (for export)."""
        tables = ("situations", "ratings", "obstacles", "thoughts", "sessions", "attempts", "mastery", "settings")
        out = {"schema_version": VERSION}
        for t in tables:
            out[t] = [dict(r) for r in self.db.execute(f"SELECT * FROM {t} ORDER BY rowid")]
        return out


def _one_line(e: Exception) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= 160 else text[:157] + "..."


def _guarded(method):
    """Damage found while reading (a torn page, a mangled schema) is one clear line, like damage at open."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
            raise UserError(f"{self.path}: the database is damaged ({_one_line(e)}); move it aside and the next "
                            "run starts a fresh one") from None
    return wrapper


for _name, _fn in list(vars(Store).items()):
    if callable(_fn) and not _name.startswith("_") and _name != "transaction":
        setattr(Store, _name, _guarded(_fn))


def _situation(row: sqlite3.Row) -> Situation:
    return Situation(row["id"], row["title"], row["other_party"], row["want"], row["anxiety"], row["rank"],
                     row["scene_id"], row["personal_scene"], bool(row["from_library"]), row["mastered_at"])


def _rank_for(db: sqlite3.Connection, anxiety: int | None) -> int:
    """The place a new rating takes: after everything rated the same or lower (unrated go last)."""
    if anxiety is not None:
        row = db.execute("SELECT min(rank) FROM situations WHERE anxiety > ? OR anxiety IS NULL",
                         (anxiety,)).fetchone()
        if row[0] is not None:
            return row[0]
    return (db.execute("SELECT max(rank) FROM situations").fetchone()[0] or 0) + 1


def _remove_rank(db: sqlite3.Connection, situation_id: int) -> None:
    rank = db.execute("SELECT rank FROM situations WHERE id=?", (situation_id,)).fetchone()[0]
    db.execute("UPDATE situations SET rank = -1 WHERE id=?", (situation_id,))
    db.execute("UPDATE situations SET rank = rank - 1 WHERE rank > ?", (rank,))
