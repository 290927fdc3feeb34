"""Recogniser models: where they live, the pinned registry, download, verify and remove."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from voice_coach.errors import UserError

MANIFEST = ".voice-coach-manifest.json"
REGISTRY = Path(__file__).with_name("models.yaml")
CHUNK = 1 << 16


class ModelInfo(BaseModel):
    """One downloadable model: where it comes from and the checksum it must have."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    engine: str
    language: str
    url: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size_mb: float = 0
    default: bool = False


@dataclass(frozen=True)
class Installed:
    """A model folder found on disk."""

    name: str
    path: Path
    has_manifest: bool


def models_dir() -> Path:
    """VOICE_COACH_MODELS, else models/ beside the package in a checkout, else the user data folder."""
    env = os.environ.get("VOICE_COACH_MODELS")
    if env:
        return Path(env).expanduser()
    root = Path(__file__).resolve().parents[2]
    # Only a checkout: installed, that folder is site-packages, where another package may own "models".
    if (root / "pyproject.toml").is_file() and (root / "models").is_dir():
        return root / "models"
    from platformdirs import user_data_path

    return user_data_path("voice-coach") / "models"


def registry(folder: Path | None = None) -> dict[str, ModelInfo]:
    """The packaged registry plus any registry.yaml in the models folder."""
    out: dict[str, ModelInfo] = {}
    for path in (REGISTRY, (folder or models_dir()) / "registry.yaml"):
        if not path.exists():
            continue
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for name, entry in raw.items():
                out[str(name)] = ModelInfo.model_validate(entry)
        except (yaml.YAMLError, AttributeError) as e:
            raise UserError(f"{path}: not a valid model registry ({e})") from None
        except ValidationError as e:
            first = e.errors()[0]
            raise UserError(f"{path}: field '{'.'.join(map(str, first['loc']))}': {first['msg']}") from None
    return out


def default_model(folder: Path | None = None) -> str:
    return next(name for name, info in registry(folder).items() if info.default)


def is_vosk_model(path: Path) -> bool:
    return (path / "am" / "final.mdl").exists() and (path / "conf").is_dir()


def installed(folder: Path | None = None) -> list[Installed]:
    folder = folder or models_dir()
    if not folder.is_dir():
        return []
    return [Installed(p.name, p, (p / MANIFEST).exists()) for p in sorted(folder.iterdir())
            if p.is_dir() and not p.name.startswith(".") and is_vosk_model(p)]


def find_english_vosk(folder: Path | None = None) -> Path | None:
    """The installed English Vosk model to use by default, if any."""
    folder = folder or models_dir()
    known = registry(folder)
    for item in installed(folder):
        info = known.get(item.name)
        if info is not None and info.engine == "vosk" and info.language.startswith("en"):
            return item.path
    return None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _manifest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): _sha256(p) for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != MANIFEST}


def _fetch(name: str, info: ModelInfo, dest: Path, progress: bool) -> None:
    """Stream the zip into dest, hashing as it comes; refuse it if the hash is wrong."""
    h = hashlib.sha256()
    try:
        with urllib.request.urlopen(info.url, timeout=30) as response, open(dest, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            bar = _progress(name, total) if progress else None
            try:
                for block in iter(lambda: response.read(CHUNK), b""):
                    out.write(block)
                    h.update(block)
                    if bar:
                        bar[0].update(bar[1], advance=len(block))
            finally:
                if bar:
                    bar[0].stop()
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
        reason = getattr(e, "reason", None) or e
        raise UserError(f"cannot download {name} ({reason}); fetch {info.url} by hand "
                        f"(about {info.size_mb:.0f} MB, SHA-256 {info.sha256}) and install it with "
                        f"'voice-coach models download {name} --from-file FILE.zip'") from None
    if h.hexdigest() != info.sha256:
        raise UserError(f"{name}: the download's SHA-256 is {h.hexdigest()}, not the pinned {info.sha256}; "
                        f"it was thrown away (try again, or fetch {info.url} by hand)")


def _progress(name: str, total: int | None):
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    p = Progress(TextColumn(f"downloading {name}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                 transient=True)
    task = p.add_task(name, total=total)
    p.start()
    return p, task


def _unpack(zip_path: Path, into: Path) -> Path:
    """Unzip safely into a fresh folder and return the model's root inside it."""
    try:
        with zipfile.ZipFile(zip_path) as z:
            for member in z.namelist():
                if member.startswith("/") or ".." in Path(member).parts:
                    raise UserError(f"{zip_path}: contains an unsafe path '{member}'; not unpacking it")
            z.extractall(into)
    except zipfile.BadZipFile:
        raise UserError(f"{zip_path}: is not a zip file") from None
    candidates = [into] + [p for p in into.iterdir() if p.is_dir()]
    root = next((p for p in candidates if is_vosk_model(p)), None)
    if root is None:
        raise UserError(f"{zip_path}: does not contain a Vosk model (no am/final.mdl)")
    return root


def download(name: str | None = None, folder: Path | None = None, from_file: Path | None = None,
             progress: bool = True) -> Path:
    """Fetch (or take from a file), verify against the pinned SHA-256, unpack and move into place."""
    folder = folder or models_dir()
    known = registry(folder)
    name = name or default_model(folder)
    if name not in known:
        raise UserError(f"unknown model '{name}'; known models: {', '.join(sorted(known))}")
    info = known[name]
    target = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=folder) as tmp:
        tmp_path = Path(tmp)
        if from_file is not None:
            zip_path = Path(from_file)
            if not zip_path.is_file():
                raise UserError(f"{zip_path}: no such file")
            digest = _sha256(zip_path)
            if digest != info.sha256:
                raise UserError(f"{zip_path}: SHA-256 is {digest}, not the pinned {info.sha256} for {name}; "
                                f"not installing it")
        else:
            zip_path = tmp_path / f"{name}.zip"
            _fetch(name, info, zip_path, progress)
        root = _unpack(zip_path, tmp_path / "unpacked")
        (root / MANIFEST).write_text(json.dumps({"name": name, "sha256": info.sha256, "files": _manifest(root)},
                                                indent=1))
        # Only a complete, verified model is moved into place; a broken earlier copy is replaced.
        if target.exists():
            shutil.rmtree(target)
        os.replace(root, target)
    return target


def verify(name: str, folder: Path | None = None) -> tuple[bool, str]:
    """Recompute every file's hash against the manifest written at install."""
    folder = folder or models_dir()
    path = folder / name
    if not is_vosk_model(path):
        return False, f"{name}: not installed in {folder}"
    manifest_path = path / MANIFEST
    if not manifest_path.exists():
        return False, f"{name}: no manifest (installed by hand?); reinstall with 'voice-coach models download {name}'"
    try:
        want = json.loads(manifest_path.read_text())["files"]
    except (ValueError, KeyError):
        return False, f"{name}: its manifest is damaged; reinstall with 'voice-coach models download {name}'"
    have = _manifest(path)
    missing = sorted(set(want) - set(have))
    changed = sorted(f for f in want if f in have and have[f] != want[f])
    if missing or changed:
        what = (f"{len(missing)} missing" if missing else "") + (", " if missing and changed else "") + \
               (f"{len(changed)} changed" if changed else "")
        return False, f"{name}: {what} file(s), e.g. {(missing + changed)[0]}; reinstall with 'voice-coach models download {name}'"
    return True, f"{name}: ok ({len(want)} files match)"


def remove(name: str, folder: Path | None = None) -> Path:
    folder = folder or models_dir()
    path = folder / name
    if not path.is_dir() or path.resolve().parent != folder.resolve():
        raise UserError(f"{name}: not installed in {folder}")
    shutil.rmtree(path)
    return path
