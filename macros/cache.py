"""A small on-disk cache keyed by a hash of the inputs, in .cache/ at the project root.

Anything expensive whose result depends only on files (the validated playbook,
the rendered pages) is stored under a fingerprint of those files; a rebuild with
nothing changed reads it back. A read-only checkout simply works without it.
"""

import hashlib
import pickle
from pathlib import Path

CACHE_DIR = ".cache"


def fingerprint(root: Path, paths, *extra: str) -> str:
    """A hash of the names and contents of `paths` (relative to `root` where possible) and of `extra` strings."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        digest.update(path.read_bytes())
    for value in extra:
        digest.update(value.encode())
    return digest.hexdigest()[:32]


def files_under(*folders: Path) -> list[Path]:
    """Every file below these folders."""
    return [path for folder in folders for path in folder.rglob("*") if path.is_file()]


def code_files(root: Path) -> list[Path]:
    """The macros package: the code and templates every generated page and PDF comes from."""
    return [path for path in files_under(Path(root) / "macros") if "__pycache__" not in path.parts]


def cached(root: Path, name: str, key: str, compute):
    """compute(), or its earlier result stored as .cache/<name>-<key>.pickle. Older entries of `name` are removed."""
    cache_file = Path(root) / CACHE_DIR / f"{name}-{key}.pickle"
    try:
        return pickle.loads(cache_file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = compute()
    try:
        cache_file.parent.mkdir(exist_ok=True)
        for stale in cache_file.parent.glob(f"{name}-*.pickle"):
            stale.unlink(missing_ok=True)
        temporary = cache_file.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(value))
        temporary.replace(cache_file)
    except OSError:
        pass
    return value
