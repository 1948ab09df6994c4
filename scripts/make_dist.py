"""Make the offline copy of the site: one zip that a school copies to a laptop and opens from file://, with
every page of every language, every PDF, the worksheets and search.

It copies the site `make build` made and changes what a browser reading files needs changed: a link to a page's
folder ("../start/") opens a list of files there, so every such link names the folder's index.html (in the pages,
in the data their worksheets read, and in the search index); each search index is also written as a script
(search/search_index.js; Zensical: search.js), which a page opened from file:// may load where it may fetch
nothing (overrides/assets/javascripts/file-worker.js runs the search there). The pages' font preloads go: from
file:// the browser refuses them (an error in its console each) and loads the fonts without them. What only a web
server reads (the 404 pages, the sitemap, robots.txt) stays out. The copy is checked (every link opens a file,
every PDF is there) and only then zipped; a failed run leaves dist/ as it was.

Usage: python scripts/make_dist.py [--root DIR] [--site DIR] [--output DIR]   (run through `make dist`)
"""

import argparse
import datetime
import json
import posixpath
import re
import shutil
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from check_site import check_links  # noqa: E402

# Files a web server reads (scripts/build_site.py, the theme's 404.html), of no use from file://.
WEB_ONLY = ("404.html", "sitemap.xml", "sitemap.xml.gz", "robots.txt")
# The search indexes the engines write (Material, Zensical), each read from file:// as the script beside it.
SEARCH_INDEXES = ("search_index.json", "search.json")
_ATTRIBUTE_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
# The data blocks the playbook's own scripts read (worksheets, the team view); the theme's own (__config) holds
# folder paths that must stay folders.
_DATA_BLOCK = re.compile(r'(<script type="application/json" data-pb-[^>]*>)(.*?)(</script>)', re.S)
_JSON_FOLDER = re.compile(r'"([^"\\\s]*/)"')
_PRELOAD = re.compile(r'\n?[ \t]*<link rel="preload"[^>]*>')


def folder_link(link: str, page: Path, site: Path) -> str:
    """`link`, on the page file `page`, naming index.html when it leads to a page's folder; otherwise as it is."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("/", "#")):
        return link
    folder = page.parent / parts.path if parts.path else None
    if folder is None or not folder.is_dir() or not (folder / "index.html").is_file():
        return link
    inside = folder.resolve()
    if site.resolve() not in (inside, *inside.parents):
        return link
    path = parts.path.rstrip("/") + "/index.html" if parts.path not in (".", "./") else "index.html"
    return path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def file_links(html: str, page: Path, site: Path) -> str:
    """The page's HTML with every link to a page's folder naming its index.html instead."""
    html = _ATTRIBUTE_LINK.sub(lambda match: match.group(1) + folder_link(match.group(2), page, site)
                               + match.group(3), html)
    return _DATA_BLOCK.sub(lambda match: match.group(1) + _JSON_FOLDER.sub(
        lambda string: json.dumps(folder_link(string.group(1), page, site)), match.group(2)) + match.group(3), html)


def script_search_index(index: Path) -> None:
    """Point the search index's entries at index.html files, and write it beside itself as a script too."""
    data = json.loads(index.read_text(encoding="utf-8"))
    for entry in data.get("docs") or data.get("items") or []:
        path, hash_, fragment = entry["location"].partition("#")
        if path == "" or path.endswith("/"):
            entry["location"] = path + "index.html" + hash_ + fragment
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    index.write_text(text, encoding="utf-8")
    # The theme loads this from file:// and reads the index from the variable.
    index.with_suffix(".js").write_text(f"var __index = {text};\n", encoding="utf-8")


def offline_copy(site: Path, destination: Path) -> None:
    """Copy the built `site` into `destination`, changed to be read from files."""
    shutil.copytree(site, destination, ignore=shutil.ignore_patterns(*WEB_ONLY))
    for page in destination.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        changed = _PRELOAD.sub("", file_links(html, page, destination))
        if changed != html:
            page.write_text(changed, encoding="utf-8")
    for name in SEARCH_INDEXES:
        for index in destination.rglob(name):
            script_search_index(index)


def archive_name(site_name: str, day: datetime.date) -> str:
    """The zip's name (and its folder's): the site's name in lower case with dashes, and the day it was made."""
    slug = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "playbook"
    return f"{slug}-{day.isoformat()}"


def zip_folder(folder: Path, archive: Path) -> None:
    """Zip `folder` (under its own name) into `archive`, written beside it first and renamed when complete."""
    partial = archive.with_name(archive.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zipped.write(path, posixpath.join(folder.name, path.relative_to(folder).as_posix()))
    partial.replace(archive)


def make_dist(root: Path, site: Path, output: Path, day: datetime.date | None = None) -> int:
    """Write output/<name>-<date>.zip, the offline copy of `site`; return a process exit status."""
    if not (site / "index.html").is_file():
        print(f"{site} holds no built site (make build first).", file=sys.stderr)
        return 1
    from macros.content import cached_playbook
    from macros.site import site_languages

    languages = site_languages(root)
    name = archive_name(cached_playbook(root, languages[0]).brand.site_name, day or datetime.date.today())
    output.mkdir(parents=True, exist_ok=True)
    scratch = output / f".{name}-build"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        copy = scratch / name
        offline_copy(site, copy)
        problems, counts = check_links(copy, offline=True)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            if any(".pdf" in problem for problem in problems):
                print("The site has no PDFs: `make dist` builds them (`make build`, not --no-pdf).", file=sys.stderr)
            print(f"The offline copy has {len(problems)} broken links; nothing was written to {output}.",
                  file=sys.stderr)
            return 1
        archive = output / f"{name}.zip"
        zip_folder(copy, archive)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    pdfs = sum(1 for _ in site.rglob("*.pdf"))
    size = archive.stat().st_size / 1e6
    print(f"Made {archive} ({size:.1f} MB): {counts['pages']} pages in {len(languages)} languages, {pdfs} PDFs. "
          f"Unzip it and open {name}/index.html; search works from the files.")
    return 0


def main(argv=None) -> int:
    """Entry point for `make dist`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this repository)")
    parser.add_argument("--site", type=Path, help="the built site (default: ROOT/site)")
    parser.add_argument("--output", type=Path, help="where the zip goes (default: ROOT/dist)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    return make_dist(root, (args.site or root / "site").resolve(), (args.output or root / "dist").resolve())


if __name__ == "__main__":
    sys.exit(main())
