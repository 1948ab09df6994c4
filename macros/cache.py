"""The one on-disk cache: each result is stored under a key made of everything it was computed from.

A result declares its inputs when it is asked for: files (read and hashed now),
plain strings, and always the code that computes it and the versions of the
packages that shape the output. The code counted is the code this process has
imported, not what is on disk now, so a long-running `make serve` whose code
was edited under it can never store old results under a new key (the MkDocs
adapter reloads the code first; see code_changed()).

Results are stored as JSON in .cache/<name>/<key>.json: nothing in the cache
can run code when read, and no absolute path is stored, so a copied checkout
with its .cache/ works and never writes into the other one. A read-only
checkout simply works without it. A key can be worked out by anyone who has
the inputs, so a file under .cache/ that git tracks (a pull request can add
one) is never read: a cache is made on this machine only.

Several processes may use one .cache/ at once (a build beside `make serve`, test workers), so every file is
written whole or not at all (write_whole()) and a reader takes a file that is missing or unreadable for a miss.
"""

import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

CACHE_DIR = ".cache"
CODE_DIR = Path(__file__).resolve().parent
# The packages whose versions change what a build produces.
# A file being written: its final name, the writer's process id and a random part, so no two writers share one.
_TEMPORARY = re.compile(r"\.(\d+)\.[0-9a-f]{8}\.tmp$")
OUTPUT_SHAPING_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "Markdown", "pymdown-extensions",
                           "Jinja2", "MarkupSafe", "jsonschema", "PyYAML", "weasyprint", "pypdf")


def fingerprint(root: Path, paths, *texts: str) -> str:
    """A hash of the names and contents of `paths` (named relative to `root`) and of `texts`.

    Every part is length-prefixed, so no two different sets of inputs can run together into the same bytes.
    """
    digest = hashlib.sha256()
    root = Path(root)
    for path in sorted({Path(p) for p in paths}):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        _update(digest, name.encode())
        _update(digest, path.read_bytes() if path.is_file() else b"\0missing")
    for text in texts:
        _update(digest, text.encode())
    return digest.hexdigest()[:32]


def _update(digest, part: bytes) -> None:
    digest.update(len(part).to_bytes(8, "big"))
    digest.update(part)


def files_under(*folders: Path) -> list[Path]:
    """Every file below these folders, compiled Python left out."""
    return [path for folder in folders for path in Path(folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts]


def _code_on_disk() -> str:
    """A hash of the package's Python source and templates as they are on disk now."""
    return fingerprint(CODE_DIR, files_under(CODE_DIR))


# Taken when this package is first imported, with the rest of it: the code this process runs.
LOADED_CODE = _code_on_disk()


def code_changed() -> bool:
    """Whether the package's code on disk differs from the code this process imported."""
    return _code_on_disk() != LOADED_CODE


@lru_cache(maxsize=1)
def package_versions() -> str:
    """The versions of the packages that shape the output, as one line."""
    versions = []
    for package in OUTPUT_SHAPING_PACKAGES:
        try:
            versions.append(f"{package}=={version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} absent")
    return " ".join(versions)


@lru_cache(maxsize=None)
def tracked_cache_files(root: Path) -> frozenset:
    """The files under root/.cache/ that git tracks, which are never read (said once, on stderr)."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", CACHE_DIR],
                                capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    names = [name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name] if not listed.returncode else []
    if names:
        shown = ", ".join(sorted(names)[:3]) + (" and more" if len(names) > 3 else "")
        print(f"warning: {len(names)} file{'s' if len(names) != 1 else ''} under {CACHE_DIR}/ tracked by git, "
              f"ignored ({shown}); a cache is made on this machine only: git rm -r --cached {CACHE_DIR}",
              file=sys.stderr)
    return frozenset((Path(root) / name).resolve() for name in names)


def usable_entry(root: Path, entry: Path) -> bool:
    """Whether a cached file may be used: it exists and git does not track it."""
    return entry.is_file() and entry.resolve() not in tracked_cache_files(Path(root).resolve())


def write_whole(path: Path, data: bytes) -> None:
    """Write `path` so that no reader ever sees part of it: into a temporary file of this writer's own beside it,
    then renamed over it in one step (the last of two writers wins, with a complete file)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "xb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove_abandoned_temporaries(folder: Path) -> int:
    """Remove the temporary files under `folder` whose writer was killed before renaming them (its process is
    gone; a live writer's are left alone); return how many."""
    removed = 0
    for path in Path(folder).rglob("*.tmp"):
        match = _TEMPORARY.search(path.name)
        if match and not _running(int(match[1])):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class Cache:
    """Results stored under .cache/ by name and by the fingerprint of their declared inputs."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.directory = self.root / CACHE_DIR

    def key(self, files=(), texts=()) -> str:
        """The key of a result computed from `files` and `texts` by this process's code and packages."""
        return fingerprint(self.root, files, *texts, LOADED_CODE, package_versions())

    def get(self, name: str, compute, *, files=(), texts=()):
        """compute(), or the result an earlier run stored for the same inputs. compute() must return JSON data.

        Only one result is kept per name: the others in .cache/<name>/ are removed when a new one is stored.
        """
        return self.get_by_key(name, self.key(files, texts), compute)

    def get_by_key(self, name: str, key: str, compute):
        """get() for a key already made with key()."""
        folder = self.directory / name
        entry = folder / f"{key}.json"
        if usable_entry(self.root, entry):
            try:
                return json.loads(entry.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
        value = compute()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for stale in folder.glob("*.json"):
                stale.unlink(missing_ok=True)
            write_whole(entry, json.dumps(value, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass
        return value
