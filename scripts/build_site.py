"""Validate the content, build the site and its PDFs into a scratch folder, and only then replace site/.

A failed build leaves the previous site/ exactly as it was, and so does one that is stopped: Ctrl-C, a
signal, or a read-only site/ (refused before anything is built). One build at a time per checkout
(scripts/build_guard.py). A build killed outright (kill -9, a power cut) leaves scratch folders, which the
next build removes; on a system that cannot exchange two folders in one step, one killed in the
instant between its two renames leaves site/ in .site-previous/, and the next build puts it back.
The engine is MkDocs with Material for MkDocs by default; --engine zensical builds the same pages with
Zensical, Material's successor.
Usage: python scripts/build_site.py [--root DIR] [--engine mkdocs|zensical] [--no-pdf]   (run through `make build`)
"""

import stopping  # first, and quick: see stop_in_one_line()

STOPPED = "Build stopped by {signal}; site/ is unchanged."
if __name__ == "__main__":  # before the other imports, during which a signal would print a traceback
    stopping.stop_in_one_line(STOPPED)

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import ctypes  # noqa: E402
import errno  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import build_guard  # noqa: E402
import build_pdfs  # noqa: E402
import validate  # noqa: E402
from macros.cache import CACHE_DIR, remove_abandoned_temporaries  # noqa: E402

ENGINES = ("mkdocs", "zensical")
# Which language a MkDocs build makes (macros/mkdocs_hooks.py reads it).
LANGUAGE_VARIABLE = "PLAYBOOK_LANGUAGE"
# The scratch folders: the site being built (each other language in .site-build-<code> first), the Zensical
# projects, and the site being replaced while the two are swapped (where the system cannot exchange them).
SCRATCH = ".site-build"
ZENSICAL_BUILD_DIR = ".zensical-build"
PREVIOUS = ".site-previous"
# A container's volume, say: the system moves no mount point.
MOUNTED = ("site/: a mount point, which cannot be swapped for the new site (expected a folder of its own: mount "
           "the folder that holds it instead)")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_FRAME = re.compile(r'^  File "([^"]+)", line (\d+)', re.MULTILINE)
_MODULE_PATH = re.compile(r"^[\w.]+\.(?=\w+: )")  # jinja2.exceptions.TemplateSyntaxError: ...
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
try:
    _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
except (OSError, AttributeError):  # not Linux (or a C library older than glibc 2.28)
    _renameat2 = None


def build(root: Path, with_pdfs: bool = True, engine: str = "mkdocs") -> int:
    """Build root/site (pages, then PDFs) from root/mkdocs.yml with `engine`; return a process exit status."""
    problem = _why_site_cannot_be_replaced(root)
    if problem:
        print(f"{problem}; nothing was built, site/ is unchanged.", file=sys.stderr)
        return 1

    def recovered_build(lock: int) -> int:
        try:
            _recover(root)
            return _build(root, with_pdfs, engine, lock)
        finally:
            _remove_scratch(root)

    return build_guard.run_alone(root, recovered_build, STOPPED)


def _why_site_cannot_be_replaced(root: Path) -> str | None:
    """What would stop the build from replacing site/ once it has built the new one; None if nothing would."""
    site = root / "site"
    read_only = build_guard.read_only_part(root, site)
    if read_only:
        return f"{read_only}: read-only, so site/ cannot be replaced (expected write permission there)"
    if os.path.ismount(site):  # of another file system; one of the same is found only when the swap fails
        return MOUNTED
    return None


def _recover(root: Path) -> None:
    """Undo what a build killed outright left: its scratch folders, its cache files half written and, if it died
    between moving site/ aside and moving the new one in, site/ itself, put back."""
    site, previous = root / "site", root / PREVIOUS
    if previous.is_dir() and not site.exists():
        previous.rename(site)
        print(f"site/ put back from {PREVIOUS}/ (a build was killed while replacing it).", file=sys.stderr)
    _remove_scratch(root)
    for folder in (site, root / CACHE_DIR):
        remove_abandoned_temporaries(folder)


def _remove_scratch(root: Path) -> None:
    for folder in [root / SCRATCH, root / ZENSICAL_BUILD_DIR, *root.glob(f"{SCRATCH}-*")]:
        shutil.rmtree(folder, ignore_errors=True)
    if (root / "site").exists():
        shutil.rmtree(root / PREVIOUS, ignore_errors=True)


def _build(root: Path, with_pdfs: bool, engine: str, lock: int) -> int:
    """Each language is built into its own folder (the source language at the site root, the others under their
    code), all at once, and the site is replaced only when every language built."""
    if validate.main(["--root", str(root)]) != 0:
        print("Nothing was built; site/ is unchanged.", file=sys.stderr)
        return 1
    from macros.content import cached_playbook
    from macros.publishing import write_web_files
    from macros.site import site_languages

    languages = site_languages(root)
    scratch = root / SCRATCH
    started = time.perf_counter()
    built = (_build_with_zensical(root, scratch, languages, lock) if engine == "zensical"
             else _build_with_mkdocs(root, scratch, languages, lock))
    if built:
        write_web_files(scratch, languages, cached_playbook(root, languages[0]).brand.site_url)
    if not built or (with_pdfs and build_pdfs.build_pdfs(root, scratch) != 0):
        print("The site was not built; site/ is unchanged.", file=sys.stderr)
        return 1
    site = root / "site"
    stopping.point_of_no_return()  # stopping now would only leave the old site half removed
    try:
        _replace(site, scratch)
    except OSError as error:  # what the checks before the build could not foresee
        problem = MOUNTED if error.errno == errno.EBUSY else f"site/: could not be replaced ({error.strerror})"
        print(f"{problem}; site/ is unchanged.", file=sys.stderr)
        return 1
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"Built {pages} pages into {site.relative_to(root)}/ in {time.perf_counter() - started:.1f} s.")
    return 0


def _replace(site: Path, scratch: Path) -> None:
    """Put the new site (scratch) in the place of site/, in one step where the system can exchange two folders
    (Linux), so that site/ is at every moment the old site or the new one; the old one is then removed."""
    if not site.exists():
        scratch.rename(site)
        return
    if not _exchange(scratch, site):
        previous = site.with_name(PREVIOUS)
        site.rename(previous)
        try:
            scratch.rename(site)  # between these two renames there is no site/ (the next build puts it back)
        except OSError:
            previous.rename(site)
            raise
        scratch = previous
    shutil.rmtree(scratch, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (renameat2 with RENAME_EXCHANGE); False where the system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    failure = ctypes.get_errno()
    if failure in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # an old kernel, or a file system that cannot
        return False
    raise OSError(failure, os.strerror(failure), str(first), None, str(second))


def _language_folders(scratch: Path, languages: list[str]) -> list[tuple[str, Path]]:
    """Each language and the folder it is built into first: the source language straight into scratch."""
    return [(language, scratch if index == 0 else scratch.with_name(f"{scratch.name}-{language}"))
            for index, language in enumerate(languages)]


def _gather(scratch: Path, folders: list[tuple[str, Path]], ok: bool) -> bool:
    """Move each other language's site into scratch/<code>/ (a failed build's are removed with the scratch)."""
    if ok:
        for language, folder in folders[1:]:
            folder.rename(scratch / language)
    return ok


def _build_with_mkdocs(root: Path, scratch: Path, languages: list[str], lock: int) -> bool:
    folders = _language_folders(scratch, languages)
    # The languages build side by side: each is a process of its own, and the validated content is shared via .cache/.
    builds = []
    try:
        for language, folder in folders:
            builds.append(build_guard.start_child(
                [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict",
                 "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(folder)],
                lock, cwd=root, env={**_quiet_env(), LANGUAGE_VARIABLE: language}, stderr=subprocess.PIPE, text=True))
        # Every one to its end, none may still write when scratch goes; one at a time, as each says little.
        reports = [process.communicate()[1] for process in builds]
    finally:
        for process in builds:  # stopped: the builds still running go too
            if process.poll() is None:
                process.kill()
                process.wait()
    for report in dict.fromkeys(_one_line_for_a_traceback(report, root) for report in reports if report.strip()):
        print(report, file=sys.stderr)  # each once: an error in a template is every language's
    return _gather(scratch, folders, all(process.returncode == 0 for process in builds))


def _one_line_for_a_traceback(report: str, root: Path) -> str:
    """MkDocs' report as it is, but a traceback (from a template or a hook of the project) as one line: the last
    place in the project it went through, and the error."""
    if "Traceback (most recent call last):" not in report:
        return report.rstrip()
    places = [(Path(file), line) for file, line in _FRAME.findall(report)
              if Path(file).is_relative_to(root) and not Path(file).is_relative_to(sys.prefix)]  # .venv/ may be in root
    error = _MODULE_PATH.sub("", [line for line in report.splitlines() if line and not line[0].isspace()][-1])
    if not places:
        return f"mkdocs: {error}"
    file, line = places[-1]
    return f"{file.relative_to(root).as_posix()}:{line}: {error}"


def _build_with_zensical(root: Path, scratch: Path, languages: list[str], lock: int) -> bool:
    """Write each language's pages out as a Zensical project in .zensical-build/<code>/, build them, and gather
    their sites in scratch."""
    from macros.errors import ContentErrors
    from macros.site import build_site
    from macros.zensical_export import correct_theme_html, export

    zensical = Path(sys.executable).with_name("zensical")
    if not zensical.exists():
        print(f"Zensical is not installed in {zensical.parent} (make build ENGINE=zensical installs it).",
              file=sys.stderr)
        return False
    folders = _language_folders(scratch, languages)
    ok = True
    for language, folder in folders:
        workdir = root / ZENSICAL_BUILD_DIR / language
        try:
            config = export(root, build_site(root, language), workdir)
        except ContentErrors as errors:  # a hand-written page's template, or its front matter
            print(errors.report(), file=sys.stderr)
            return False
        # The project on Python's path: Zensical loads the sanitizer (macros/sanitized_markdown.py) from it.
        result = build_guard.run_child([str(zensical), "build", "--config-file", str(config)], lock, cwd=workdir,
                                       env={**os.environ, "PYTHONPATH": str(root)})
        # Zensical colours its report even when it is not a terminal; it says "No issues found" when all is well.
        report = _COLOUR.sub("", result.stdout + result.stderr)
        if result.returncode != 0 or "No issues found" not in report:
            print(report, file=sys.stderr)
        if result.returncode != 0:
            ok = False
            break
        correct_theme_html(workdir / "site")
        (workdir / "site").rename(folder)
    return _gather(scratch, folders, ok)


def _quiet_env() -> dict:
    # Material prints a multi-line banner about its successor on every build.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def main(argv=None) -> int:
    """Entry point for `make build`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs", help="the site generator (default: mkdocs)")
    parser.add_argument("--no-pdf", action="store_true", help="build the web pages only")
    args = parser.parse_args(argv)
    return build(args.root.resolve(), with_pdfs=not args.no_pdf, engine=args.engine)


if __name__ == "__main__":
    sys.exit(main())
