"""The SQLite store: schema and migrations, ordering of the ladder, privacy, and refusing foreign files."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from voice_coach.errors import UserError
from voice_coach.store import DB_NAME, VERSION, Store


def test_a_new_store_is_versioned_in_wal_mode_and_owner_only(tmp_path):
    folder = tmp_path / "home"
    with Store(folder) as store:
        store.add_situation("returning shoes", "the shop assistant", "a refund", 20, None, None)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) & 0o077 == 0 for f in files)  # nobody else can read


def test_an_existing_folder_is_tightened(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    Store(folder).close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_ladder_is_ordered_by_anxiety_and_can_be_rerated_moved_and_trimmed(tmp_path):
    with Store(tmp_path) as store:
        boss = store.add_situation("asking for a raise", "my boss", "a raise", 60, None, None)
        shop = store.add_situation("returning shoes", "the assistant", "a refund", 20, None, None)
        mum = store.add_situation("not hosting Christmas", "my mother", "to skip hosting", 80, None, None)
        unrated = store.add_situation("a library scene", "a barista", "the right coffee", None, "x", None, True)
        titles = lambda: [s.title for s in store.situations()]  # noqa: E731
        assert titles() == ["returning shoes", "asking for a raise", "not hosting Christmas", "a library scene"]
        store.rate(mum.id, 10)  # a re-rating moves it to its place
        assert titles()[0] == "not hosting Christmas"
        store.move(mum.id, 3)
        assert titles()[2] == "not hosting Christmas"
        store.remove(shop.id)
        assert [s.rank for s in store.situations()] == [1, 2, 3]
        assert [r["anxiety"] for r in store.ratings(mum.id)] == [80, 10]
        assert store.situation(unrated.id).anxiety is None
        assert store.situation_for_scene("x").id == unrated.id
        with pytest.raises(UserError, match="no situation"):
            store.situation(shop.id)
        assert store.situation(boss.id).rank == 1


def test_turns_are_committed_as_they_happen_and_seen_by_another_process(tmp_path):
    with Store(tmp_path) as store:
        sid = store.add_situation("x", "y", "z", 30, "fridays-off", None).id
        session = store.start_session(sid, "fridays-off")
        store.add_attempt(session, "fridays-off", "open", "Go ahead.", "I'd like Fridays off.", "assertive", 90,
                          {"elements": {"request": True}})
        # Another process reads it while this one still holds the database open.
        code = ("import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
                "print(db.execute('select count(*) from attempts').fetchone()[0])")
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / DB_NAME)], capture_output=True, text=True)
        assert out.stdout.strip() == "1"


def test_a_foreign_sqlite_file_or_a_newer_schema_is_refused_with_one_line(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    db = sqlite3.connect(foreign / DB_NAME)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(UserError, match="not a voice-coach database"):
        Store(foreign)
    newer = tmp_path / "newer"
    Store(newer).close()
    db = sqlite3.connect(newer / DB_NAME)
    db.execute(f"PRAGMA user_version={VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(UserError, match="newer voice-coach"):
        Store(newer)


def test_garbage_in_place_of_the_database_is_a_clear_error(tmp_path):
    (tmp_path / DB_NAME).write_bytes(os.urandom(4096))
    with pytest.raises(UserError, match="not a voice-coach database or damaged"):
        Store(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_data_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError):
            Store(folder)
    finally:
        folder.chmod(0o700)
