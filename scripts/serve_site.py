"""Serve a built site on 127.0.0.1 the way GitHub Pages serves it: text compressed with gzip, every file cached
for ten minutes, a folder's address answered by its index.html (and one without its slash sent on to it), and
a missing address answered by the site's 404.html with status 404; at the server's root, or under a path as a
project's site is (--base /playbook/). `make audit` measures the site through it, so that the figures are those
a reader of the published site gets, not those of a plain file server; the tests serve the site through it too.

Usage: python scripts/serve_site.py [SITE] [--port PORT] [--base PATH]   (Ctrl-C stops it)
"""

import argparse
import gzip
import mimetypes
import sys
import threading
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# What GitHub Pages sends: Cache-Control max-age=600 on every file, and gzip for text (not for fonts, images or
# PDFs, which are compressed already).
CACHE_CONTROL = "max-age=600"
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "application/manifest+json",
              "image/svg+xml")
# The types Python's mimetypes names differently from one system to another, or not at all.
TYPES = {".js": "application/javascript", ".mjs": "application/javascript", ".json": "application/json",
         ".xml": "application/xml", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff",
         ".ttf": "font/ttf", ".webmanifest": "application/manifest+json"}


@lru_cache(maxsize=None)
def _compressed(path: Path, modified: int) -> bytes:
    """A file's bytes in gzip, kept for as long as the file is unchanged (`modified` is part of the key)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def content_type(path: Path) -> str:
    """The Content-Type a file is sent with (HTML and other text in UTF-8)."""
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def handler_for(site: Path, base: str = "/"):
    """A request handler class serving the folder `site` at the path `base` ("/" or "/playbook/")."""
    site = site.resolve()

    class PagesHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as browsers and Pages use

        def do_GET(self):
            self._answer(with_body=True)

        def do_HEAD(self):
            self._answer(with_body=False)

        def _answer(self, with_body: bool):
            path = unquote(urlsplit(self.path).path)
            file = (site / path.removeprefix(base)).resolve()
            if not path.startswith(base) or not file.is_relative_to(site):
                return self._send(HTTPStatus.NOT_FOUND, site / "404.html", with_body)
            if file.is_dir():
                if not path.endswith("/"):
                    self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    return self.end_headers()
                file = file / "index.html"
            if file.is_file():
                return self._send(HTTPStatus.OK, file, with_body)
            self._send(HTTPStatus.NOT_FOUND, site / "404.html", with_body)

        def _send(self, status: HTTPStatus, file: Path, with_body: bool):
            if not file.is_file():
                body, kind = f"{status.value} {status.phrase}\n".encode(), "text/plain; charset=utf-8"
                compress = False
            else:
                kind = content_type(file)
                compress = kind.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")
                body = _compressed(file, file.stat().st_mtime_ns) if compress else file.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", CACHE_CONTROL)
            self.send_header("Vary", "Accept-Encoding")
            if compress:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    return PagesHandler


class PagesServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that leaves a page before a file has arrived is no fault of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def start(site: Path, port: int = 0, base: str = "/") -> PagesServer:
    """Serve `site` at http://127.0.0.1:`port``base` (port 0: any free one) in a background thread; stop it with
    .shutdown()."""
    server = PagesServer(("127.0.0.1", port), handler_for(site, base))
    # Checked for a stop ten times a second, not twice: tests start and stop one often.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--port", type=int, default=8001, help="the port on 127.0.0.1 (default: 8001)")
    parser.add_argument("--base", default="/", help="the path the site is served at (default: /)")
    arguments = parser.parse_args(argv)
    site, base = Path(arguments.site), "/" + arguments.base.strip("/") + "/" if arguments.base.strip("/") else "/"
    if not (site / "index.html").is_file():
        print(f"{site}/index.html: not found (expected a built site; run `make build` first).", file=sys.stderr)
        return 1
    try:
        server = start(site, arguments.port, base)
    except OSError as error:
        print(f"127.0.0.1:{arguments.port}: cannot serve there ({error.strerror}; expected a free port, "
              "see --port).", file=sys.stderr)
        return 1
    print(f"Serving {site} at http://127.0.0.1:{server.server_port}{base} like GitHub Pages (gzip); Ctrl-C stops.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
