"""Shared fixtures: the minimal playbook in tests/fixtures/minimal, copied into temporary projects.

Building is the slow part, so the minimal playbook is built once per test run,
with its PDFs, for every test that only reads what was built (`built`), and the
test workers (pytest-xdist) share that one build. A test that changes files
works on a copy of its own (`project`, or `built_copy` to start from the built
site and its cache). Tests of the build itself start from that build cut down to one language
(`built_in_one_language`), which takes everything from its cache.
"""

import contextlib
import fcntl
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from sitebuild import build, cut_to_english, make_project

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
def default_site(tmp_path_factory) -> Path:
    """The default playbook's site/, built once for all test workers (without PDFs, which have tests of their
    own), to be read and never changed."""
    with shared_folder(tmp_path_factory, "default-site") as (project, ready):
        if not ready:
            make_project(project, REPO / "data")
            result = build(project, pdf=False)
            assert result.returncode == 0, result.stderr
    return project / "site"


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


@pytest.fixture(scope="session")
def built_in_one_language(built, tmp_path_factory) -> Path:
    """The built minimal playbook cut down to English, its source language, site and PDFs, to be read and never changed.

    For tests of the build itself (stopped, refused, run twice at once), where every other language would only be
    one more MkDocs process to wait for in each of their builds. Its own build finds the validated content and the
    PDFs in the cache it inherits from `built`.
    """
    with shared_folder(tmp_path_factory, "built-one-language") as (scratch, ready):
        root = scratch / "project"
        if not ready:
            shutil.copytree(built.project, root)
            cut_to_english(root / "data")
            result = build(root)
            assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's), started once per test worker for every module that uses a browser."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


def new_context(browser, *, searches: bool = False, **options):
    """A browser profile of its own (nothing another test stored), with Playwright's context `options`.

    Unless the test searches, its pages get no search index: each page would fetch it and index it in the
    background (a third of a second of CPU), racing the test for the machine's cores; what the page shows is
    the same, as the search results appear only once someone searches.
    """
    context = browser.new_context(**options)
    if not searches:
        context.route("**/search/search_index.json", lambda route: route.abort())
    return context


# The slowest tests, slowest first (their names, not files): each worker starts with one of them, so that the
# run does not end waiting for one worker to get through two of them in a row.
SLOWEST = ("test_make_serve_after_each_kind_of_edit", "test_a_new_language_in_one_command",
           "test_a_hand_written_page_reaches_no_python_through_its_template_with_mkdocs",
           "test_a_cache_file_tracked_by_git_is_never_read", "test_a_copied_checkout_builds_its_own_pages",
           "test_every_field_of_every_tool_comes_back_after_a_reload[project-plan]")


def pytest_collection_modifyitems(items):
    """Deal the slowest tests out to the fronts of the workers' shares of the queue.

    pytest-xdist's worksteal gives each of its n workers one n-th of the queue, in order, to start with (and
    later moves work from the back of a busy worker's queue to an idle one), so the front of each share is
    what that worker runs first.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))  # set in each worker, where items are collected

    def rank(item) -> int:
        return next((index for index, name in enumerate(SLOWEST) if item.name.startswith(name)), len(SLOWEST))

    slowest = sorted((item for item in items if rank(item) < len(SLOWEST)), key=rank)
    rest = [item for item in items if rank(item) == len(SLOWEST)]
    shares = [slowest[worker::workers] for worker in range(workers)]
    size = len(items) // workers  # the first shares' length; the last takes what is left
    for share in shares[:-1]:
        taken = max(0, size - len(share))
        share.extend(rest[:taken])
        del rest[:taken]
    shares[-1].extend(rest)
    items[:] = [item for share in shares for item in share]
