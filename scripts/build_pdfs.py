"""Render the playbook's PDFs with WeasyPrint, in parallel, re-rendering only what changed.

Each PDF is cached under .cache/pdf/ by a hash of the complete HTML it is made
from (data, templates and print styles are all in it), the fonts and logo it
embeds, the code and the package versions, so a rebuild with nothing changed
renders nothing, and an edit to one condition re-renders only its PDFs. Every file is written whole or not at
all (a PDF half written is never in the cache or the site), a cached PDF that another process removed meanwhile
is rendered again, and a PDF that cannot be rendered is reported in one line, by name.
`make pdf` writes into site/ and so holds the checkout's build lock (scripts/build_guard.py); rendering into
another folder (`make serve PDF=1` does) needs none.
Usage: python scripts/build_pdfs.py [--root DIR] [--site DIR] [--jobs N] [--plan]   (run through `make pdf`)
With --plan it only lists the PDFs a build would render now (what an edit touched), and writes nothing.
"""

import stopping  # first, and quick: see stop_in_one_line()

STOPPED = "Stopped by {signal}; every PDF in site/ is whole, some may be from before."
if __name__ == "__main__":  # before the other imports, during which a signal would print a traceback
    stopping.stop_in_one_line(STOPPED)

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import base64  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

from jinja2 import TemplateError  # noqa: E402

import build_guard  # noqa: E402
from macros.cache import (CACHE_DIR, Cache, files_under, remove_abandoned_temporaries, usable_entry,  # noqa: E402
                          write_whole)
from macros.content import cached_content, cached_playbook, language_codes  # noqa: E402
from macros.errors import ContentErrors  # noqa: E402
from macros import pdf_forms  # noqa: E402
from macros.printing import PROJECT_SCHEME, cached_print_documents, font_files  # noqa: E402
from macros.routes import pdf_script  # noqa: E402


# Tagged PDF (structure, reading order, alternate text) that screen readers can follow; forms keep working.
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(Exception):
    """A document asked for a file or page that is not one of the project's own files."""


def _render(root: str, html: str, base_url: str | None, target: str, forms: bool, radio_groups: dict) -> float:
    """Render one document to `target`; runs in a worker process that imports WeasyPrint once."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    started = time.perf_counter()
    try:
        pdf = HTML(string=html, base_url=base_url, url_fetcher=_project_fetcher(Path(root))).write_pdf(
            pdf_forms=forms, pdf_variant=PDF_VARIANT)
    except FatalURLFetchingError as refused:
        raise RefusedURL(str(refused)) from None
    if forms:
        pdf = pdf_forms.finish_form(pdf, radio_groups)
    write_whole(Path(target), pdf)
    return time.perf_counter() - started


def _project_fetcher(root: Path):
    """WeasyPrint's URL fetcher, which reads the project's own files named by project: URLs (fonts, logo) and
    inline data: URLs, and nothing else: no file:// (a link with rel="attachment" would embed any file the build
    can read, CI secrets included) and no network. Anything else stops the rendering."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(PROJECT_SCHEME):
                path = (root / url.removeprefix(PROJECT_SCHEME)).resolve()
                if path.is_relative_to(root.resolve()) and path.is_file():
                    return URLFetcherResponse(path.as_uri(), path.read_bytes())
            elif url.startswith("data:"):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(url)

    return ProjectFetcher()


def _where_named(root: Path, url: str) -> str:
    """The file:line that names `url`, for the author to fix: in the content, a print template or a stylesheet;
    the data folder if none does."""
    places = [(root / "data", ".yml"), (root / "macros" / "templates", ".html"), (root / "overrides", ".css"),
              (root / "overrides", ".html")]
    for path in (path for folder, suffix in places for path in files_under(folder) if path.suffix == suffix):
        text = path.read_text(encoding="utf-8", errors="replace")
        if url in text:
            return f"{path.relative_to(root).as_posix()}:{text.count(chr(10), 0, text.index(url)) + 1}"
    return "data/"


def _failure_lines(failed: dict) -> list[str]:
    """One line per problem, naming the PDFs it stopped: {(file:line or None, why): [PDF paths]}."""
    lines = []
    for (where, why), paths in failed.items():
        others = f" and {len(paths) - 1} other PDF{'s' if len(paths) > 2 else ''}" if len(paths) > 1 else ""
        lines.append(f"{where + ': ' if where else ''}{paths[0]}{others} not built: {why}")
    return lines


def pdf_targets(root: Path) -> list[tuple]:
    """Every PDF of every language as (print document, its file in the cache), the cache file named by its key."""
    documents = [document for language in language_codes(cached_content(root))
                 for document in cached_print_documents(cached_playbook(root, language), root)]
    # Besides its HTML, a PDF embeds the fonts and the logo; the code and package versions are in every key.
    embedded = font_files() + files_under(root / "docs")
    keys = Cache(root)
    cache = root / CACHE_DIR / "pdf"
    return [(document, cache / f"{_cache_key(keys, embedded, document)}.pdf") for document in documents]


def _documents(root: Path) -> list[tuple] | None:
    """pdf_targets(), or None once the content's or a print template's errors are printed."""
    try:
        return pdf_targets(root)
    except ContentErrors as errors:
        print(errors.report(), file=sys.stderr)
    except TemplateError as error:
        print(f"{_template_line(root, error)}: {error.message} (expected a print template that renders); "
              "no PDF was built.", file=sys.stderr)
    return None


def _template_line(root: Path, error: TemplateError) -> str:
    """The template file:line where a print template failed (Jinja puts its frames in the traceback)."""
    where = [(frame.filename, frame.lineno) for frame in traceback.extract_tb(error.__traceback__)
             if frame.filename.endswith(".html")]
    file, line = (getattr(error, "filename", None), getattr(error, "lineno", None)) if not where else where[-1]
    if not file:
        return "macros/templates/"
    path = Path(file).resolve()
    return f"{path.relative_to(root) if path.is_relative_to(root) else path}:{line}"


def plan_pdfs(root: Path) -> int:
    """Print the PDFs a build would render now (their cache has no copy of them); render nothing."""
    targets = _documents(root)
    if targets is None:
        return 1
    to_render = [document.path for document, pdf in targets if not usable_entry(root, pdf)]
    for path in to_render:
        print(f"would render {path.removeprefix('pdf/')}")
    print(f"{len(targets)} PDFs: {len(to_render)} to render, {len(targets) - len(to_render)} cached.")
    return 0


def build_pdfs(root: Path, site: Path, jobs: int | None = None) -> int:
    """Write every PDF under `site`; return a process exit status."""
    targets = _documents(root)
    if targets is None:
        return 1
    cache = root / CACHE_DIR / "pdf"
    started = time.perf_counter()
    total = len(targets)
    done = 0
    to_render = []
    for document, entry in targets:
        pdf = _cached(root, entry)
        if pdf is None:
            to_render.append((document, entry))
            continue
        done += 1
        _publish(pdf, site / document.path, document.forms)
        print(f"[{done}/{total}] {document.path.removeprefix('pdf/')}  cached", flush=True)
    failed = {}
    if to_render:
        import weasyprint  # noqa: F401  (imported once here, the forked workers share it)

        workers = min(jobs or os.cpu_count(), len(to_render))
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=build_guard.prepare_child)
        try:
            futures = []
            with build_guard.signals_held():  # the first submit() forks the workers
                for document, entry in to_render:
                    (site / document.path).parent.mkdir(parents=True, exist_ok=True)
                    futures.append((document, entry, pool.submit(
                        _render, str(root), document.html, document.base_url, str(site / document.path),
                        document.forms, document.radio_groups)))
            for document, entry, future in futures:
                try:
                    seconds = future.result()
                except RefusedURL as error:
                    url = str(error)
                    failed.setdefault((_where_named(root, url), f"it would read {url}, which is not a file of this "
                                       "project (expected links to web pages only; a PDF embeds no local file and "
                                       "loads nothing from another host)"), []).append(document.path)
                    continue
                except Exception as error:  # WeasyPrint's or pypdf's own failure, or the disk's: no traceback
                    message = (str(error).strip() or "no message").splitlines()[0]
                    failed.setdefault((None, f"rendering failed ({type(error).__name__}: {message})"),
                                      []).append(document.path)
                    continue
                done += 1
                pdf = (site / document.path).read_bytes()
                _store(entry, pdf)
                if document.forms:
                    _write_script(pdf, site / document.path)
                print(f"[{done}/{total}] {document.path.removeprefix('pdf/')}  {seconds:.1f} s", flush=True)
        except BaseException:  # stopped: the renderings under way stop too, and leave nothing half written
            for worker in multiprocessing.active_children():
                worker.kill()
            raise
        finally:
            pool.shutdown(cancel_futures=True)
            remove_abandoned_temporaries(site)
    if failed:
        print("\n".join(_failure_lines(failed)), file=sys.stderr)
        return 1
    _prune(cache, {pdf.name for _, pdf in targets})
    print(f"{total} PDFs ({len(to_render)} rendered, {total - len(to_render)} cached) "
          f"in {time.perf_counter() - started:.1f} s.")
    return 0


def _cache_key(keys: Cache, embedded: list[Path], document) -> str:
    return keys.key(embedded, [PDF_VARIANT, str(document.forms), repr(sorted(document.radio_groups.items())),
                              str(document.base_url), document.html])


def _cached(root: Path, entry: Path) -> bytes | None:
    """The cached PDF, or None if there is none (or another process removed it just now)."""
    try:
        return entry.read_bytes() if usable_entry(root, entry) else None
    except OSError:
        return None


def _store(entry: Path, pdf: bytes) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_whole(entry, pdf)
    except OSError:  # a read-only .cache/: the next build renders it again
        pass


def _publish(pdf: bytes, target: Path, fillable: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_whole(target, pdf)
    if fillable:
        _write_script(pdf, target)


def _write_script(pdf: bytes, target: Path) -> None:
    """The browser fills a worksheet's PDF from this script, which also loads from file:// (see routes.pdf_script)."""
    encoded = base64.b64encode(pdf).decode("ascii")
    write_whole(Path(pdf_script(str(target))),
                f"(window.playbookPdfs = window.playbookPdfs || {{}})[{json.dumps(target.name)}] = "
                f"{json.dumps(encoded)};\n".encode("ascii"))


def _prune(cache: Path, keep: set) -> None:
    for stale in cache.glob("*.pdf"):
        if stale.name not in keep:
            stale.unlink(missing_ok=True)


def main(argv=None) -> int:
    """Entry point for `make pdf`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--site", type=Path, help="the built site to add pdf/ to (default: ROOT/site)")
    parser.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    parser.add_argument("--plan", action="store_true", help="only list the PDFs a build would render now")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.plan:
        return plan_pdfs(root)
    site = (args.site or root / "site").resolve()
    if site != root / "site":
        return build_pdfs(root, site, args.jobs)
    read_only = build_guard.read_only_part(root, site)
    if read_only:
        print(f"{read_only}: read-only, so no PDF can be written into site/ (expected write permission there).",
              file=sys.stderr)
        return 1

    def render(lock: int) -> int:
        remove_abandoned_temporaries(site)
        return build_pdfs(root, site, args.jobs)

    return build_guard.run_alone(root, render, STOPPED)


if __name__ == "__main__":
    sys.exit(main())
