"""Check a built site as its readers meet it: every internal link and anchor leads somewhere, every PDF link
has its PDF, and (with --html) every page is valid HTML in the W3C Nu checker. Links to other hosts are listed,
never fetched.

Usage: python scripts/check_site.py [SITE] [--html] [--no-pdf PROJECT]   (run through `make check` after `make build`)
Exit status 1 when anything is broken; each problem is one line: page, link, what is wrong.
"""

import argparse
import json
import posixpath
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
NU_CHECKER = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Attributes whose value is a URL the reader's browser follows or loads.
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
                   ("form", "action"), ("iframe", "src")}
# Warnings of the Nu checker that were looked at and do not apply here. It reads the pages as file: URLs, which
# the policy's 'self' cannot match (the browser tests check the policy over HTTP), and it counts the JSON data
# blocks (<script type="application/json">) as inline scripts, though browsers never run them.
REVIEWED_WARNINGS = ("Resource violates Content Security Policy (meta tag)",
                     "Inline script violates Content Security Policy (meta tag)")


class _PageReader(HTMLParser):
    """The ids a page has and the URLs it points at."""

    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES and value is not None:
                self.links.append((value, self.getpos()[0]))


def read_pages(site: Path) -> dict[str, _PageReader]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        reader = _PageReader()
        reader.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = reader
    return pages


def _target_file(site: Path, page: str, path: str) -> str | None:
    """The file (relative to site) a relative link from `page` to `path` opens, or None if there is none."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
    if joined.startswith("../") or joined == "..":
        return None
    joined = "" if joined == "." else joined
    candidate = site / joined
    if candidate.is_dir():
        return (posixpath.join(joined, "index.html") if joined else "index.html") \
            if (candidate / "index.html").is_file() else None
    return joined if candidate.is_file() else None


def _base_path(site: Path) -> str:
    """The path the site is published under ("/playbook/"), from its home page's canonical link ("/" without)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    return urlsplit(match.group(1)).path if match else "/"


def planned_pdfs(project: Path) -> set[str]:
    """The site paths of every PDF a build of `project` makes (for a site built without them)."""
    sys.path.insert(0, str(ROOT))
    from macros.content import cached_content, cached_playbook, language_codes
    from macros.printing import cached_print_documents

    return {document.path for language in language_codes(cached_content(project))
            for document in cached_print_documents(cached_playbook(project, language), project)}


def check_links(site: Path, pdfs_of: Path | None = None, offline: bool = False) -> tuple[list[str], dict]:
    """Every broken link in `site` as 'page:line: link: why', and counts (pages, links, anchors, PDFs, external).

    With `pdfs_of` (a project whose site was built without PDFs), a PDF link must name a PDF its build makes.
    `offline`: the site is read from files (`make dist`), where a link to a folder opens a file listing, not the
    page: every link must name a file.
    """
    pages = read_pages(site)
    expected_pdfs = planned_pdfs(pdfs_of) if pdfs_of else None
    base_path = _base_path(site)
    problems, external = [], set()
    counts = {"pages": len(pages), "links": 0, "anchors": 0, "pdfs": 0}
    for page, reader in pages.items():
        for link, line in reader.links:
            counts["links"] += 1
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                external.add(link)
                continue
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("mailto", "tel", "blob"):
                    problems.append(f"{page}:{line}: {link}: a {parts.scheme or 'network'} link")
                continue
            path = parts.path
            if path.startswith("/"):
                # Only a "page not found" page may link from the site's root: it is served at any depth.
                if posixpath.basename(page) != "404.html" or not path.startswith(base_path):
                    problems.append(f"{page}:{line}: {link}: a path from the server's root, which breaks under "
                                    "file:// and in a site in a subfolder")
                    continue
                # Without a site_url each language's build writes them from its own folder's root.
                root = "/" if base_path != "/" else "/" + posixpath.dirname(page)
                path = posixpath.relpath(posixpath.join(root, path[len(base_path):]), posixpath.dirname("/" + page)) \
                    + ("/" if path.endswith("/") else "")
            target = page if not path else _target_file(site, page, path)
            if path.endswith(".pdf"):
                counts["pdfs"] += 1
                if expected_pdfs is not None:
                    planned = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
                    if planned not in expected_pdfs:
                        problems.append(f"{page}:{line}: {link}: the build makes no such PDF")
                    continue
            if target is None:
                problems.append(f"{page}:{line}: {link}: no such page or file")
                continue
            if offline and path and target.endswith("index.html") and not unquote(path).endswith("index.html"):
                problems.append(f"{page}:{line}: {link}: a folder, which opens as a list of files from file:// "
                                "(expected its index.html)")
                continue
            if parts.fragment:
                counts["anchors"] += 1
                ids = pages[target].ids if target in pages else None
                if ids is not None and unquote(parts.fragment) not in ids:
                    problems.append(f"{page}:{line}: {link}: {target} has no id \"{unquote(parts.fragment)}\"")
    counts["external"] = len(external)
    return problems, {**counts, "external_links": sorted(external)}


def check_html(site: Path) -> tuple[list[str], int]:
    """Every error and unreviewed warning of the W3C Nu checker in `site`'s pages, and the number of warnings
    left as reviewed."""
    if not NU_CHECKER.is_file():
        return [f"the Nu HTML checker is not installed at {NU_CHECKER.relative_to(ROOT)} (make check installs it)"], 0
    result = subprocess.run(["java", "-jar", str(NU_CHECKER), "--format", "json", "--skip-non-html", str(site)],
                            capture_output=True, text=True)
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        return [f"the Nu HTML checker failed: {result.stderr.strip()[:500]}"], 0
    problems, reviewed = [], 0
    for message in messages:
        is_warning = message.get("type") == "info" and message.get("subType") == "warning"
        if message.get("type") == "info" and not is_warning:
            continue
        if is_warning and message["message"].startswith(REVIEWED_WARNINGS):
            reviewed += 1
            continue
        page = unquote(urlsplit(message.get("url", "")).path)
        page = Path(page).relative_to(site).as_posix() if page.startswith(str(site)) else page
        kind = "warning" if is_warning else message.get("type")
        problems.append(f"{page}:{message.get('lastLine', '?')}: {kind}: {message['message']}")
    return problems, reviewed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--html", action="store_true", help="also check every page with the W3C Nu HTML checker")
    parser.add_argument("--no-pdf", type=Path, metavar="PROJECT",
                        help="the site was built without PDFs: check that each PDF link names a PDF the build of "
                             "PROJECT makes")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"{site} holds no built site (make build first).", file=sys.stderr)
        return 1
    problems, counts = check_links(site, pdfs_of=args.no_pdf.resolve() if args.no_pdf else None)
    pdfs = f"{counts['pdfs']} PDF links" + (" (to the PDFs the build makes)" if args.no_pdf else "")
    print(f"Links: {counts['pages']} pages, {counts['links']} links, {counts['anchors']} anchors, {pdfs}: "
          f"{len(problems)} broken.")
    print(f"Links to other hosts (listed, not fetched): {counts['external']}")
    for link in counts["external_links"]:
        print(f"  {link}")
    if args.html:
        html_problems, reviewed = check_html(site)
        print(f"HTML (W3C Nu checker): {len(html_problems)} errors and unreviewed warnings; "
              f"{reviewed} reviewed warnings (see REVIEWED_WARNINGS in scripts/check_site.py).")
        problems += html_problems
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
