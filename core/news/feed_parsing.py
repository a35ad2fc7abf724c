"""RSS/Atom documents into plain items with feedparser (given bytes as a stream: it never fetches or opens a file).

A document that is a web page (HTML) or not a feed at all raises `FeedProblem` with a Vietnamese message; a
feed with small faults that feedparser still reads (bozo with entries) is accepted. Items are reduced to what
the news shows: a title and summary as plain text, an http(s) link, a date (never in the future) and an image URL.
"""

import calendar
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any

import feedparser
from django.utils import timezone
from django.utils.translation import gettext as _

from core.content.sanitize import single_line

MAX_ITEMS = 500
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


class FeedProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FeedItem:
    key: str  # GUID, or the link when there is none (hashed when longer than 500 characters)
    link: str
    title: str
    summary: str
    published: dt.datetime
    image_url: str


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: list[FeedItem]
    skipped: int  # items with neither GUID nor link (cannot be de-duplicated)


def looks_like_html(content: bytes, content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml") or bool(
        _HTML_START.match(content[:2048].lstrip(b"\xef\xbb\xbf"))
    )


def parse_feed(content: bytes, content_type: str = "", now: dt.datetime | None = None) -> ParsedFeed:
    if not content.strip():
        raise FeedProblem(_("Nguồn tin trả về nội dung rỗng."))
    if looks_like_html(content, content_type):
        raise FeedProblem(_("Địa chỉ trả về một trang web (HTML), không phải RSS/Atom."))
    parsed = feedparser.parse(io.BytesIO(content), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        reason = str(parsed.get("bozo_exception", "")) or _("không nhận ra định dạng")
        raise FeedProblem(_("Nội dung không phải RSS/Atom hợp lệ (%(reason)s).") % {"reason": reason[:200]})
    now = now or timezone.now()
    items, skipped = [], 0
    for entry in parsed.entries[:MAX_ITEMS]:
        item = _item(entry, now)
        if item is None:
            skipped += 1
        else:
            items.append(item)
    return ParsedFeed(title=single_line(parsed.feed.get("title", ""), 200), items=items, skipped=skipped)


def _http(url: Any) -> str:
    url = str(url or "").strip()
    return url[:1000] if url.lower().startswith(("http://", "https://")) and len(url) <= 1000 else ""


def _key(value: str) -> str:
    return value if len(value) <= 500 else "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def _item(entry: Any, now: dt.datetime) -> FeedItem | None:
    link = _http(entry.get("link"))
    guid = str(entry.get("id") or "").strip()
    if not guid and not link:
        return None
    title = single_line(entry.get("title", ""), 300) or single_line(entry.get("summary", ""), 120) or link
    return FeedItem(
        key=_key(guid or link),
        link=link,
        title=title or _("(không có tiêu đề)"),
        summary=single_line(entry.get("summary", ""), 1000),
        published=_date(entry, now),
        image_url=_image(entry),
    )


def _date(entry: Any, now: dt.datetime) -> dt.datetime:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return now
    when = dt.datetime.fromtimestamp(calendar.timegm(stamp), tz=dt.UTC)
    return min(when, now)


def _image(entry: Any) -> str:
    for media in [*entry.get("media_content", []), *entry.get("media_thumbnail", [])]:
        kind = media.get("medium") or ("image" if str(media.get("type") or "image/").startswith("image/") else "")
        if kind == "image" and _http(media.get("url")):
            return _http(media.get("url"))
    for link in entry.get("links", []):
        if (
            link.get("rel") == "enclosure"
            and str(link.get("type", "")).startswith("image/")
            and _http(link.get("href"))
        ):
            return _http(link.get("href"))
    return ""
