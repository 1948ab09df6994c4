"""Shared fixtures: the minimal playbook in tests/fixtures/minimal, copied into temporary projects.

Building is the slow part, so the minimal playbook is built once per test run,
with its PDFs, for every test that only reads what was built (`built`), and the
test workers (pytest-xdist) share that one build. A test that changes files
works on a copy of its own (`project`, or `built_copy` to start from the built
site and its cache).
"""

import contextlib
import fcntl
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitebuild import build, make_project

REPO = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


def minimal_data(destination: Path) -> Path:
    """The minimal playbook's data/ with the repository's real schemas and UI strings (and its docs/ beside it)."""
    shutil.copytree(MINIMAL / "docs", destination.parent / "docs", dirs_exist_ok=True)
    shutil.copytree(MINIMAL / "data", destination)
    shutil.copytree(REPO / "data" / "schema", destination / "schema", dirs_exist_ok=True)
    shutil.copy(REPO / "data" / "en" / "ui.yml", destination / "en" / "ui.yml")
    return destination


@dataclass(frozen=True)
class Built:
    """A built project: its folder, its site/ and what the build printed."""

    project: Path
    site: Path
    output: str


@pytest.fixture
def minimal_project(tmp_path) -> Path:
    """A writable copy of the minimal playbook's content, for the validator."""
    root = tmp_path / "playbook"
    minimal_data(root / "data")
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    """A buildable project of its own: this repository's code and theme with the minimal playbook's content."""
    return make_project(tmp_path / "project", minimal_data(tmp_path / "data"))


@contextlib.contextmanager
def shared_folder(tmp_path_factory, name: str):
    """A folder all test workers of this run share, held locked while one of them fills it.

    Yields (folder, ready): `ready` is False for the first worker to get there, which must make the contents.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if base.name.startswith("popen-gw") else base  # xdist gives each worker a subfolder
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ready = (folder / ".ready").exists()
        folder.mkdir(exist_ok=True)
        yield folder, ready
        (folder / ".ready").touch()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    """The minimal playbook built once, site and PDFs, to be read and never changed."""
    with shared_folder(tmp_path_factory, "built") as (scratch, ready):
        root = scratch / "project"
        if not ready:
            make_project(root, minimal_data(scratch / "data"))
            result = build(root)
            assert result.returncode == 0, result.stderr
            (scratch / "output.txt").write_text(result.stdout)
    return Built(root, root / "site", (scratch / "output.txt").read_text())


@pytest.fixture
def built_copy(built, tmp_path) -> Path:
    """A writable copy of the built project, its site/ and .cache/ included."""
    return Path(shutil.copytree(built.project, tmp_path / "copy"))


# Started first, so that on two workers the run does not end waiting for one of them (their names, not files).
SLOWEST_FIRST = ("test_make_serve_after_each_kind_of_edit", "test_a_rebuild_renders_only_the_pdfs",
                 "test_the_live_preview_renders_pdfs")


def pytest_collection_modifyitems(items):
    """Put the slowest tests at the front of the queue."""
    items.sort(key=lambda item: not item.name.startswith(SLOWEST_FIRST))
