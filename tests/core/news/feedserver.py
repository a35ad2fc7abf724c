"""A local HTTP server for feed tests (127.0.0.1, a free port) and sample RSS/Atom documents."""

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering


@dataclass
class FeedServer:
    port: int
    routes: dict[str, Route]
    hits: list[tuple[str, dict[str, str]]]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.hits.append((self.path, dict(self.headers)))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            if (
                route.status == 200
                and route.headers.get("ETag")
                and self.headers.get("If-None-Match") == route.headers["ETag"]
            ):
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            return

    return Handler


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer(port=0, routes={}, hits=[])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def rss(n: int, *, prefix: str = "tin", start: int = 0, title: str = "Cổng thông tin Thành uỷ",
        now: dt.datetime | None = None, guid: bool = True) -> bytes:  # fmt: skip
    """RSS 2.0 with `n` items: GUID (optional), link, date an hour apart, HTML description, a media image."""
    now = now or dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
    items = []
    for i in range(start, start + n):
        link = f"https://thanhuy.example.vn/{prefix}/{i}.html"
        items.append(
            "<item>"
            f"<title>{escape(f'Tin {prefix} số {i}: Hội nghị Ban Chấp hành Đảng bộ')}</title>"
            f"<link>{link}</link>"
            + (f'<guid isPermaLink="false">{prefix}-{i}</guid>' if guid else "")
            + f"<pubDate>{format_datetime(now - dt.timedelta(hours=i))}</pubDate>"
            f"<description>{escape(f'<p>Nội dung <b>tóm tắt</b> {i}</p><script>alert(1)</script>')}</description>"
            f'<media:content url="https://thanhuy.example.vn/anh/{i}.jpg" medium="image"/>'
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        f"<title>{escape(title)}</title><link>https://thanhuy.example.vn/</link>" + "".join(items) + "</channel></rss>"
    ).encode()


def atom(n: int) -> bytes:
    entries = "".join(
        f"<entry><id>urn:bao:{i}</id><title>Bài báo {i}</title><link href='https://bao.example.vn/{i}'/>"
        f"<updated>2026-11-2{i % 9}T10:00:00Z</updated><summary>Tóm tắt {i}</summary>"
        f"<link rel='enclosure' type='image/jpeg' href='https://bao.example.vn/{i}.jpg'/></entry>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Báo Đảng bộ</title><id>urn:bao</id><updated>2026-11-29T10:00:00Z</updated>{entries}</feed>"
    ).encode()
