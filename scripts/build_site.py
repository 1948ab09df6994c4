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
ZENSICAL_BUILD_DIR = ".zensical-build"
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def build(root: Path, with_pdfs: bool = True, engine: str = "mkdocs") -> int:
    """Build root/site (pages, then PDFs) from root/mkdocs.yml with `engine`; return a process exit status."""
    if validate.main(["--root", str(root)]) != 0:
        print("Nothing was built; site/ is unchanged.", file=sys.stderr)
        return 1
    scratch = root / ".site-build"
    site = root / "site"
    shutil.rmtree(scratch, ignore_errors=True)
    started = time.perf_counter()
    built = _build_with_zensical(root, scratch) if engine == "zensical" else _build_with_mkdocs(root, scratch)
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


def _build_with_mkdocs(root: Path, scratch: Path) -> bool:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict",
         "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(scratch)],
        cwd=root, env=_quiet_env(),
    )
    return result.returncode == 0


def _build_with_zensical(root: Path, scratch: Path) -> bool:
    """Write the core's pages out as a Zensical project in .zensical-build/, build it, and move its site to scratch."""
    from macros.site import build_site
    from macros.zensical_export import export

    zensical = Path(sys.executable).with_name("zensical")
    if not zensical.exists():
        print(f"Zensical is not installed in {zensical.parent} (make build ENGINE=zensical installs it).",
              file=sys.stderr)
        return False
    workdir = root / ZENSICAL_BUILD_DIR
    config = export(root, build_site(root), workdir)
    shutil.rmtree(workdir / "site", ignore_errors=True)
    result = subprocess.run([str(zensical), "build", "--config-file", str(config)], cwd=workdir,
                            capture_output=True, text=True)
    # Zensical colours its report even when it is not a terminal; it says "No issues found" when all is well.
    report = _COLOUR.sub("", result.stdout + result.stderr)
    if result.returncode != 0 or "No issues found" not in report:
        print(report, file=sys.stderr)
    if result.returncode != 0:
        return False
    (workdir / "site").rename(scratch)
    return True


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
