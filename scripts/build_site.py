"""Validate the content, build the site and its PDFs into a scratch folder, and only then replace site/.

A failed build leaves the previous site/ exactly as it was.
Usage: python scripts/build_site.py [--root DIR]   (run through `make build`)
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import build_pdfs  # noqa: E402
import validate  # noqa: E402


def build(root: Path, with_pdfs: bool = True) -> int:
    """Build root/site (pages, then PDFs) from root/mkdocs.yml; return a process exit status."""
    if validate.main(["--root", str(root)]) != 0:
        print("Nothing was built; site/ is unchanged.", file=sys.stderr)
        return 1
    scratch = root / ".site-build"
    site = root / "site"
    shutil.rmtree(scratch, ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict",
         "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(scratch)],
        cwd=root, env=_quiet_env(),
    )
    if result.returncode != 0 or (with_pdfs and build_pdfs.build_pdfs(root, scratch) != 0):
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


def _quiet_env() -> dict:
    # Material prints a multi-line banner about its successor on every build.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def main(argv=None) -> int:
    """Entry point for `make build`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--no-pdf", action="store_true", help="build the web pages only")
    args = parser.parse_args(argv)
    return build(args.root.resolve(), with_pdfs=not args.no_pdf)


if __name__ == "__main__":
    sys.exit(main())
