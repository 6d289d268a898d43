"""Serve a built site the way a static host does: gzip-compressed text and cache headers.

GitHub Pages answers with ``Content-Encoding: gzip`` for text, ``Cache-Control: max-age=600``,
``ETag`` and ``Last-Modified``; Lighthouse's performance score depends on it (an uncompressed
server costs a Material site several points), so the tests measure the site served like that.

    python -m tests.browser.serve site/ --port 8960 --prefix /coursegen/
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/atom+xml", "application/manifest+json")
MAX_AGE = 600  # seconds, as GitHub Pages sends


@lru_cache(maxsize=1024)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    # mtime=0: the same file always gives the same bytes (and the same ETag).
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip (when the client accepts it), ETag, Last-Modified, max-age."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".json": "application/json",
                      ".xml": "application/xml", ".svg": "image/svg+xml",
                      ".webmanifest": "application/manifest+json", ".ics": "text/calendar",
                      ".atom": "application/atom+xml"}

    protocol_version = "HTTP/1.1"  # keep-alive, like a real host

    def log_message(self, format: str, *args: object) -> None:
        pass

    prefix = "/"  # the site's path on its host: site_url's, e.g. "/coursegen/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".missing")  # outside the site: the 404 page
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to "dir/"
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404  # as GitHub Pages does
            if not path.is_file():
                self.send_error(404, "File not found")
                return None
        ctype = self.guess_type(str(path))
        stat = path.stat()
        body = path.read_bytes()
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        compress = ctype.startswith(COMPRESSIBLE) and gzip_ok
        if compress:
            body = _gzipped(str(path), stat.st_mtime_ns)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + ('-gz"' if compress else '"')
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            self.end_headers()
            return None
        self.send_response(status)
        charset = "; charset=utf-8" if ctype.startswith(COMPRESSIBLE) else ""
        self.send_header("Content-Type", ctype + charset)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(root: Path, port: int = 0, prefix: str = "/") -> Iterator[str]:
    """Serve ``root`` at ``prefix`` on 127.0.0.1 in a thread; yield its URL; stop on exit."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler_class = type("Handler", (SiteHandler,), {"prefix": prefix})

    def handler(*args: object) -> SiteHandler:
        return handler_class(*args, directory=str(root))  # type: ignore[no-any-return]

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)  # type: ignore[arg-type]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8960)
    parser.add_argument("--prefix", default="/", help="the site's path, e.g. /coursegen/")
    args = parser.parse_args()
    with serve(args.root, args.port, args.prefix) as url:
        print(f"serving {args.root} at {url} (Ctrl-C stops)", flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
