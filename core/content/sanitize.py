"""Rich text that editors write (news, study materials, courses) cleaned with nh3, never by hand.

`sanitize_html` keeps a small set of formatting tags (paragraphs, headings, lists, quotes, tables, links) and
drops everything that can run code or load something: `<script>`/`<style>` and their content, event handler
attributes (`onerror`, `onclick`, …), `style`, `<img>`/`<iframe>`/`<object>`/`<svg>`/forms, and links whose
scheme is not http(s), mailto or tel (so `javascript:` and `data:` links lose their href). Links get
`rel="noopener noreferrer nofollow"`.

`html_to_text` is the plain text of a fragment (for summaries, search and notifications); `single_line`
turns text that arrived from outside (a feed's title) into one clean line.
"""

import html
import re

import nh3

RICH_TEXT_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
        "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "figure", "figcaption", "pre", "code",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a",
    }
)  # fmt: skip
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Tags removed together with their content (the others are unwrapped: their text stays).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}
)

_rich = nh3.Cleaner(
    tags=set(RICH_TEXT_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in RICH_TEXT_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
_text = nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT), attributes={})
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|tr|figcaption|pre|div)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")


def sanitize_html(value: str) -> str:
    """The fragment with only the allowed tags, attributes and link schemes (safe to render unescaped)."""
    return _rich.clean(value or "").strip()


def html_to_text(value: str) -> str:
    """The text of an HTML fragment: tags removed, entities decoded, one line per block, spaces collapsed."""
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n", value or "")
    text = html.unescape(_text.clean(marked))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def single_line(value: str, max_length: int = 0) -> str:
    """Text from outside as one line (tags and entities resolved), cut to `max_length` with "…" if given."""
    text = " ".join(html_to_text(value).split())
    if max_length and len(text) > max_length:
        return text[: max_length - 1].rstrip() + "…"
    return text
