"""Validate the content, build the site and its PDFs into a scratch folder, and only then replace site/.

A failed build leaves the previous site/ exactly as it was. The engine is MkDocs with Material for MkDocs
by default; --engine zensical builds the same pages with Zensical, Material's successor.
Usage: python scripts/build_site.py [--root DIR] [--engine mkdocs|zensical] [--no-pdf]   (run through `make build`)
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import build_pdfs  # noqa: E402
import validate  # noqa: E402

ENGINES = ("mkdocs", "zensical")
# Which language a MkDocs build makes (macros/mkdocs_hooks.py reads it).
LANGUAGE_VARIABLE = "PLAYBOOK_LANGUAGE"
ZENSICAL_BUILD_DIR = ".zensical-build"
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def build(root: Path, with_pdfs: bool = True, engine: str = "mkdocs") -> int:
    """Build root/site (pages, then PDFs) from root/mkdocs.yml with `engine`; return a process exit status.

    Each language is built into its own folder (the source language at the site root, the others under their
    code), all at once, and the site is replaced only when every language built.
    """
    if validate.main(["--root", str(root)]) != 0:
        print("Nothing was built; site/ is unchanged.", file=sys.stderr)
        return 1
    from macros.content import cached_playbook
    from macros.publishing import write_web_files
    from macros.site import site_languages

    languages = site_languages(root)
    scratch = root / ".site-build"
    site = root / "site"
    shutil.rmtree(scratch, ignore_errors=True)
    started = time.perf_counter()
    built = (_build_with_zensical(root, scratch, languages) if engine == "zensical"
             else _build_with_mkdocs(root, scratch, languages))
    if built:
        write_web_files(scratch, languages, cached_playbook(root, languages[0]).brand.site_url)
    if not built or (with_pdfs and build_pdfs.build_pdfs(root, scratch) != 0):
        shutil.rmtree(scratch, ignore_errors=True)
        print("The site was not built; site/ is unchanged.", file=sys.stderr)
        return 1
    previous = root / ".site-previous"
    shutil.rmtree(previous, ignore_errors=True)
    if site.exists():
        site.rename(previous)
    scratch.rename(site)
    shutil.rmtree(previous, ignore_errors=True)
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"Built {pages} pages into {site.relative_to(root)}/ in {time.perf_counter() - started:.1f} s.")
    return 0


def _language_folders(scratch: Path, languages: list[str]) -> list[tuple[str, Path]]:
    """Each language and the folder it is built into first: the source language straight into scratch."""
    return [(language, scratch if index == 0 else scratch.with_name(f"{scratch.name}-{language}"))
            for index, language in enumerate(languages)]


def _gather(scratch: Path, folders: list[tuple[str, Path]], ok: bool) -> bool:
    """Move each other language's site into scratch/<code>/ (or clear them all away when a build failed)."""
    for language, folder in folders[1:]:
        if ok:
            folder.rename(scratch / language)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return ok


def _build_with_mkdocs(root: Path, scratch: Path, languages: list[str]) -> bool:
    folders = _language_folders(scratch, languages)
    for _, folder in folders[1:]:
        shutil.rmtree(folder, ignore_errors=True)
    # The languages build side by side: each is a process of its own, and the validated content is shared via .cache/.
    builds = [subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict",
         "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(folder)],
        cwd=root, env={**_quiet_env(), LANGUAGE_VARIABLE: language}) for language, folder in folders]
    return _gather(scratch, folders, all(process.wait() == 0 for process in builds))


def _build_with_zensical(root: Path, scratch: Path, languages: list[str]) -> bool:
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
        shutil.rmtree(workdir / "site", ignore_errors=True)
        # The project on Python's path: Zensical loads the sanitizer (macros/sanitized_markdown.py) from it.
        result = subprocess.run([str(zensical), "build", "--config-file", str(config)], cwd=workdir,
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(root)})
        # Zensical colours its report even when it is not a terminal; it says "No issues found" when all is well.
        report = _COLOUR.sub("", result.stdout + result.stderr)
        if result.returncode != 0 or "No issues found" not in report:
            print(report, file=sys.stderr)
        if result.returncode != 0:
            ok = False
            break
        correct_theme_html(workdir / "site")
        shutil.rmtree(folder, ignore_errors=True)
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
