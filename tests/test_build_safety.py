"""Interrupted or failed builds lose nothing: the previous site/ stays whole, the error is one line, the next
build succeeds and no scratch folder is left behind.

Each case starts from a copy of the minimal playbook already built with its PDFs, so that only what the case
needs is built again: in its source language alone (conftest's `built_in_one_language`), or in all three where
a case is about what each language adds (`built_copy`). The build is interrupted at moments found by watching
it (its child processes, its lock, its output, its folders), not after fixed sleeps, so the cases hold on a slow
machine.
"""

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitebuild import build

SCRATCH_FOLDERS = (".site-build", ".site-previous", ".zensical-build")
# Planted in the previous site/ before a case: still there afterwards, the site was not replaced.
OLD_SITE_MARK = "left-by-the-previous-build.txt"
# A PDF that takes a second or two to render, dropped from the cache when a case needs a rendering under way.
SLOW_PDF = "pdf/playbook-letter.pdf"


def listing(site: Path) -> dict[str, tuple[int, str]]:
    """Every file under `site` with its size and a hash of its bytes."""
    return {path.relative_to(site).as_posix(): (path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in sorted(site.rglob("*")) if path.is_file()}


def leftovers(project: Path) -> list[str]:
    """Scratch folders and half-written files a build left in the project."""
    found = [path for name in SCRATCH_FOLDERS for path in project.glob(f"{name}*")]
    found += [path for folder in (project / ".cache", project / "site") for path in folder.rglob("*.tmp")]
    return sorted(path.relative_to(project).as_posix() for path in found)


class Build:
    """A build running in the background, its output going to files that the test can read while it runs."""

    def __init__(self, project: Path, script: str = "build_site.py", *options: str):
        self.project, self.script = project, script
        self.output = project.parent / f"{script}.{time.monotonic_ns()}"
        with open(f"{self.output}.out", "w") as out, open(f"{self.output}.err", "w") as err:
            # A session of its own: Ctrl-C reaches a build's whole process group, as a terminal sends it.
            self.process = subprocess.Popen(
                [sys.executable, str(project / "scripts" / script), "--root", str(project), *options],
                stdout=out, stderr=err, start_new_session=True)

    @property
    def stdout(self) -> str:
        return Path(f"{self.output}.out").read_text()

    @property
    def stderr(self) -> str:
        return Path(f"{self.output}.err").read_text()

    def children(self) -> list[tuple[int, str]]:
        """The build's live descendant processes, as (pid, command line)."""
        found, pending = [], [self.process.pid]
        while pending:
            pid = pending.pop()
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    kids = [int(kid) for kid in (task / "children").read_text().split()]
                except OSError:
                    continue
                for kid in kids:
                    try:
                        found.append((kid, Path(f"/proc/{kid}/cmdline").read_bytes().replace(b"\0", b" ").decode()))
                    except OSError:
                        continue
                    pending.append(kid)
        return found

    def holds_the_lock(self) -> bool:
        lock = self.project / ".cache" / "build.lock"
        return lock.is_file() and lock.read_text().startswith(f"{self.process.pid} ")

    def signal(self, signum: int) -> None:
        """Ctrl-C as a terminal sends it (to the whole group); any other signal as `kill` sends it, to the build."""
        if signum == signal.SIGINT:
            os.killpg(self.process.pid, signum)
        else:
            self.process.send_signal(signum)

    def wait(self, timeout: float = 120) -> int:
        return self.process.wait(timeout)


def wait_until(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def gone(pids) -> bool:
    """Whether none of these processes is alive any more (a zombie holds no files and no lock)."""
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
                return False
        except OSError:
            continue
    return True


def assert_one_clear_line(stderr: str, expected: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert expected in lines[0], stderr


def assert_one_line_and_site_unchanged(stderr: str, expected: str) -> None:
    """The problem in one line, then the one line every failed build ends with."""
    assert "Traceback" not in stderr, stderr
    assert stderr.splitlines() == [stderr.splitlines()[0], "The site was not built; site/ is unchanged."], stderr
    assert expected in stderr.splitlines()[0], stderr


def assert_site_kept(project: Path, before: dict) -> None:
    """The previous site/ is there as it was, and the build left nothing of its own behind."""
    assert listing(project / "site") == before
    assert leftovers(project) == []


def rebuilt(before: dict) -> dict:
    """The listing of a site built again from the same project: the previous one, but for its mark."""
    return {name: entry for name, entry in before.items() if name != OLD_SITE_MARK}


def assert_next_build_succeeds(project: Path, before: dict) -> None:
    """The next build makes the same site again, and tidies up after the one before if it was killed."""
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert leftovers(project) == []
    assert listing(project / "site") == rebuilt(before)


def marked(project: Path) -> tuple[Path, dict]:
    """The project, its site/ given a mark of its own, and the listing of that site."""
    (project / "site" / OLD_SITE_MARK).write_text("This site/ was built before the case began.\n")
    return project, listing(project / "site")


@pytest.fixture
def previous(built_in_one_language, tmp_path) -> tuple[Path, dict]:
    """A built project in one language, its site/ marked, and the listing of that site."""
    return marked(Path(shutil.copytree(built_in_one_language, tmp_path / "copy")))


@pytest.fixture
def previous_in_every_language(built_copy) -> tuple[Path, dict]:
    """The same in all three languages of the minimal playbook: for what each language's build does once more
    (a MkDocs process of its own, the PDFs of its own), which one language would not show."""
    return marked(built_copy)


def _render_again(project: Path) -> None:
    """Drop one of the slowest PDFs from the cache, so that the next build renders it (and a case can catch it at
    that), and lists the other PDFs, copied from the cache, first."""
    rendered = (project / "site" / SLOW_PDF).read_bytes()
    entry, = (path for path in (project / ".cache" / "pdf").glob("*.pdf") if path.read_bytes() == rendered)
    entry.unlink()


def _started(run: Build) -> None:
    """Right after the process began: Python itself may not be running yet."""


def _importing(run: Build) -> None:
    """The script is importing its packages (a compiled module of one is loaded), before it takes the lock."""
    maps = Path(f"/proc/{run.process.pid}/maps")
    wait_until(lambda: run.process.poll() is not None or "site-packages" in maps.read_text(),
               "the build to import its packages")


def _rendering_pages(run: Build) -> None:
    wait_until(lambda: any("mkdocs" in command for _, command in run.children()), "MkDocs to run")


def _pdfs_done(run: Build) -> tuple[int, int]:
    """The PDFs done and the PDFs in all, from the build's last line of progress ([3/60])."""
    done = re.findall(r"^\[(\d+)/(\d+)\]", run.stdout, re.MULTILINE)
    return tuple(int(number) for number in done[-1]) if done else (0, 1)


def _rendering_pdfs(run: Build) -> None:
    """The PDFs from the cache are copied, and a worker process (forked, so with the build's command line) renders
    the one that is not."""
    wait_until(lambda: _pdfs_done(run)[0] == _pdfs_done(run)[1] - 1
               and any(run.script in command for _, command in run.children()), "a PDF to be rendered")


def _about_to_swap(run: Build) -> None:
    """The last PDF is written: what is left is the swap of site/ and the scratch folder."""
    wait_until(lambda: _pdfs_done(run)[0] == _pdfs_done(run)[1], "the last PDF")


MOMENTS = {"started": _started, "importing": _importing, "rendering pages": _rendering_pages,
           "rendering PDFs": _rendering_pdfs, "about to swap": _about_to_swap}
SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}


# Before Python runs the script, every signal does the same (the kernel's default): Ctrl-C stands for them.
# SIGTERM runs the same handler as Ctrl-C but reaches the build alone, not its children: it is tried where the
# build must stop children itself, while they render PDFs.
@pytest.mark.parametrize("signame, moment", [("SIGINT", "started")] + [
    (signame, moment) for moment in MOMENTS if moment != "started" for signame in SIGNALS
    if signame != "SIGTERM" or moment == "rendering PDFs"])
def test_a_build_stopped_at_any_moment_keeps_the_previous_site(moment, signame, request):
    # While pages render, every language has a MkDocs process of its own, and each must stop.
    project, before = request.getfixturevalue(
        "previous_in_every_language" if moment == "rendering pages" else "previous")
    if moment == "rendering PDFs":
        _render_again(project)
    run = Build(project)
    MOMENTS[moment](run)
    children = [pid for pid, _ in run.children()]
    run.signal(SIGNALS[signame])
    status = run.wait()

    after = listing(project / "site")
    if moment == "about to swap" and OLD_SITE_MARK not in after:  # too late to stop: the new site is whole
        assert after == rebuilt(before)
        assert status in (0, -signal.SIGKILL), run.stderr
    else:
        assert after == before
        assert status != 0
    if signame == "SIGKILL":
        assert run.stderr == ""
        wait_until(lambda: gone(children), "the killed build's children to die", timeout=10)
    else:
        assert leftovers(project) == []
        if moment == "started" and run.stderr.rstrip().endswith("KeyboardInterrupt"):
            pass  # Python's own handler, still there before the script's first lines replace it (no other raises it)
        elif status == -SIGNALS[signame]:  # stopped by the kernel's default action, before Python set up signals
            assert moment == "started" and run.stderr == "", run.stderr
        elif status != 0:
            assert status == 128 + SIGNALS[signame], run.stderr
            assert_one_clear_line(run.stderr, f"stopped by {signame}")
        assert gone(children)
    assert_next_build_succeeds(project, before)


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_make_pdf_stopped_while_it_renders_leaves_every_pdf_whole(previous, signame):
    project, before = previous
    _render_again(project)
    run = Build(project, script="build_pdfs.py")
    _rendering_pdfs(run)
    run.signal(SIGNALS[signame])
    assert run.wait() == 128 + SIGNALS[signame]
    assert_one_clear_line(run.stderr, f"Stopped by {signame}; every PDF in site/ is whole")
    assert_site_kept(project, before)
    assert_next_build_succeeds(project, before)


def test_a_build_killed_while_it_replaces_site_leaves_the_new_site_and_the_next_build_tidies_up(previous):
    """Killed while the previous site is being removed, after the swap: the new site is in place, whole."""
    project, before = previous
    for number in range(10000):  # so that removing the previous site takes long enough to be caught at it
        (project / "site" / f"filler-{number}.txt").write_text("x")
    run = Build(project)
    wait_until(lambda: not (project / "site" / OLD_SITE_MARK).exists(), "site/ to be swapped")
    run.signal(signal.SIGKILL)
    assert run.wait() == -signal.SIGKILL
    assert leftovers(project) == [".site-build"]  # the previous site, partly removed
    assert listing(project / "site") == rebuilt(before)
    assert_next_build_succeeds(project, before)


def test_a_site_a_killed_build_left_aside_is_put_back_even_if_the_next_build_fails(previous):
    """Where the system cannot swap two folders in one step, the build moves site/ aside and then the new site in:
    killed in between, it leaves no site/, and the next build puts it back first, whatever becomes of that build."""
    project, before = previous
    (project / "site").rename(project / ".site-previous")
    (project / ".site-build").mkdir()
    content = project / "data" / "en" / "conditions" / "shared-influence.yml"
    good = content.read_text()
    content.write_text(good.replace("what_we_mean:", "what_we_meen:"))

    result = build(project)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("site/ put back from .site-previous/ (a build was killed while replacing it).\n")
    assert_site_kept(project, before)
    content.write_text(good)
    assert_next_build_succeeds(project, before)


@pytest.mark.parametrize("second_script", ["build_site.py", "build_pdfs.py"])
def test_two_builds_at_once_one_builds_and_the_other_says_so_at_once(previous, second_script):
    project, before = previous
    _render_again(project)  # so that the first build is still running when the second starts
    first = Build(project)
    wait_until(first.holds_the_lock, "the first build to take the lock")
    second = Build(project, script=second_script)
    assert second.wait() == 1
    assert first.process.poll() is None, "the second build waited for the first"
    assert_one_clear_line(second.stderr, f"Another build is running in this checkout (pid {first.process.pid}")
    assert first.wait() == 0, first.stderr
    assert listing(project / "site") == rebuilt(before)
    assert leftovers(project) == []


def test_two_builds_started_together_build_once(previous):
    project, before = previous
    runs = [Build(project), Build(project)]
    statuses = sorted(run.wait() for run in runs)
    assert statuses == [0, 1], [run.stderr for run in runs]
    winner, loser = sorted(runs, key=lambda run: run.process.returncode)
    assert_one_clear_line(loser.stderr, f"(pid {winner.process.pid}, started ")
    assert listing(project / "site") == rebuilt(before)
    assert leftovers(project) == []


def test_a_build_beside_a_preview_rendering_the_same_pdf_share_the_cache_without_harm(previous, tmp_path):
    """`make serve PDF=1` takes no lock and renders into its own folder, but into the same cache as a build."""
    project, before = previous
    _render_again(project)
    preview = tmp_path / "preview"
    runs = [Build(project), Build(project, "build_pdfs.py", "--site", str(preview))]
    assert [run.wait() for run in runs] == [0, 0], [run.stderr for run in runs]
    assert all("Traceback" not in run.stderr for run in runs)
    assert listing(project / "site") == rebuilt(before)
    assert listing(preview).items() <= listing(project / "site").items()
    assert (preview / SLOW_PDF).is_file()
    assert leftovers(project) == []
    assert_next_build_succeeds(project, before)


def _build_obeying_permissions(project: Path) -> subprocess.CompletedProcess:
    """Build as a user to whom chmod applies: root, but without the capabilities that override permissions."""
    prefix = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root, and without setpriv (util-linux) no permission stops root's writes")
        dropped = "-dac_override,-dac_read_search,-fowner"
        prefix = [setpriv, f"--inh-caps={dropped}", f"--bounding-set={dropped}", "--"]
        if subprocess.run(prefix + ["true"], capture_output=True).returncode != 0:
            pytest.skip("running as root, and not allowed to drop the capabilities that override permissions")
    return subprocess.run(prefix + [sys.executable, str(project / "scripts" / "build_site.py"), "--root", str(project)],
                          capture_output=True, text=True)


@contextlib.contextmanager
def read_only(folder: Path, with_subfolders: bool = False):
    folders = [folder] + (sorted(path for path in folder.rglob("*") if path.is_dir()) if with_subfolders else [])
    modes = {path: path.stat().st_mode for path in folders}
    for path in folders:
        path.chmod(0o555)
    try:
        yield
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


@pytest.mark.parametrize("folder, named", [("site", "site/"), ("site/pdf", "site/pdf/"), (".", "./")])
def test_a_read_only_folder_stops_the_build_in_one_line_before_it_changes_anything(previous, folder, named):
    project, before = previous
    with read_only(project / folder):
        result = _build_obeying_permissions(project)
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, f"{named}: read-only, so site/ cannot be replaced")
    assert_site_kept(project, before)
    assert_next_build_succeeds(project, before)


def test_a_read_only_cache_is_only_not_written(previous):
    project, before = previous
    for entry in (project / ".cache" / "print-en").glob("*.json"):  # a result the build must work out again
        entry.unlink()
    cache = listing(project / ".cache")
    # Every folder of it, so that no result the build works out afresh can be stored either.
    with read_only(project / ".cache", with_subfolders=True):
        result = _build_obeying_permissions(project)
    assert result.returncode == 0, result.stderr
    assert listing(project / "site") == rebuilt(before)
    # All as it was but the lock, which names the build that held it.
    assert listing(project / ".cache").keys() == cache.keys()
    assert {name for name, entry in listing(project / ".cache").items() if cache[name] != entry} <= {"build.lock"}


def test_a_read_only_cache_without_its_lock_stops_the_build_in_one_line(previous):
    project, before = previous
    (project / ".cache" / "build.lock").unlink()
    with read_only(project / ".cache"):
        result = _build_obeying_permissions(project)
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, ".cache/build.lock: cannot be written (Permission denied)")
    assert_site_kept(project, before)
    assert_next_build_succeeds(project, before)


@pytest.mark.parametrize("mount, found", [("--bind site site", "site/ is unchanged."),
                                          ("-t tmpfs none site", "nothing was built, site/ is unchanged.")])
def test_a_site_that_is_a_mount_point_is_refused_in_one_line(previous, mount, found):
    """A container's volume, say: a mount point cannot be moved. One of another file system is seen before the
    build; one of the same file system (a bind mount) only when the swap fails."""
    project, before = previous
    namespace = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--map-root-user", "--mount"]
    if shutil.which("unshare") is None or subprocess.run(namespace + ["true"], capture_output=True).returncode:
        pytest.skip("no mount namespace of its own to mount something on site/ in")
    result = subprocess.run(namespace + ["sh", "-c", f'mount {mount} && exec "$@"', "sh", sys.executable,
                                         str(project / "scripts" / "build_site.py"), "--root", str(project)],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, "site/: a mount point, which cannot be swapped for the new site")
    assert result.stderr.rstrip().endswith(found)
    assert_site_kept(project, before)  # outside the namespace, site/ is the folder it was
    assert_next_build_succeeds(project, before)


def test_a_pdf_that_cannot_be_rendered_is_named_at_its_file_and_line(previous_in_every_language):
    """A forker's print stylesheet that loads a font from another host: every PDF of every language refuses it, in
    one line."""
    project, before = previous_in_every_language
    stylesheet = project / "overrides" / "assets" / "stylesheets" / "print.css"
    good = stylesheet.read_text()
    stylesheet.write_text('@font-face { font-family: "Lato"; src: url("https://fonts.example.org/lato.woff2"); }\n'
                          + good)

    result = build(project)

    assert result.returncode == 1
    assert_one_line_and_site_unchanged(
        result.stderr, "overrides/assets/stylesheets/print.css:1: pdf/playbook-letter.pdf and 59 other PDFs not built: "
                       "it would read https://fonts.example.org/lato.woff2, which is not a file of this project")
    assert_site_kept(project, before)
    stylesheet.write_text(good)
    assert_next_build_succeeds(project, before)


@pytest.mark.parametrize("mistake, error", [
    ("{{ config.site_name | }}", "TemplateSyntaxError: expected token 'name', got 'end of print statement'"),
    ("{{ config.site_name | no_such_filter }}", "TemplateAssertionError: No filter named 'no_such_filter'."),
])
def test_a_template_error_in_a_partial_is_named_at_its_file_and_line(previous_in_every_language, mistake, error):
    """Once, though every language's build meets it."""
    project, before = previous_in_every_language
    partial = project / "overrides" / "partials" / "footer.html"
    good = partial.read_text()
    lines = good.splitlines(keepends=True)
    partial.write_text("".join(lines[:2] + [mistake + "\n"] + lines[2:]))

    result = build(project)

    assert result.returncode == 1
    assert_one_line_and_site_unchanged(result.stderr, f"overrides/partials/footer.html:3: {error}")
    assert_site_kept(project, before)
    partial.write_text(good)
    assert_next_build_succeeds(project, before)
