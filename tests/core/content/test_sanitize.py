"""The shared rich-text sanitiser: script, event handlers and javascript: links never survive."""

import pytest

from core.content.sanitize import html_to_text, sanitize_html, single_line

PAYLOADS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">bấm</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="java&#x09;script:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">link</a>',
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    '<iframe src="https://example.org"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<body onload="alert(1)">x</body>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="https://evil.example"><input name="p"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_lose_everything_that_runs(payload):
    cleaned = sanitize_html(f"<p>Nội dung</p>{payload}").lower()
    for needle in ("<script", "onerror", "onload", "onclick", "javascript:", "data:", "<iframe", "<svg", "<img"):
        assert needle not in cleaned, (payload, cleaned)
    assert "style=" not in cleaned and "<style" not in cleaned and "<form" not in cleaned
    assert cleaned.startswith("<p>nội dung</p>")


def test_script_content_is_dropped_not_shown_as_text():
    assert sanitize_html("<p>a</p><script>alert(1)</script>") == "<p>a</p>"


def test_formatting_and_safe_links_are_kept():
    source = (
        "<h2>Tiêu đề</h2><p><strong>Đậm</strong>, <em>nghiêng</em></p><ul><li>Một</li></ul>"
        '<blockquote>Trích</blockquote><a href="https://hanoi.gov.vn/tin" title="Nguồn">nguồn</a>'
        '<table><tr><td colspan="2">ô</td></tr></table>'
    )
    cleaned = sanitize_html(source)
    assert "<h2>Tiêu đề</h2>" in cleaned and "<strong>Đậm</strong>" in cleaned and "<li>Một</li>" in cleaned
    assert '<a href="https://hanoi.gov.vn/tin" title="Nguồn" rel="noopener noreferrer nofollow">' in cleaned
    assert '<td colspan="2">ô</td>' in cleaned


def test_mailto_and_tel_links_are_kept():
    cleaned = sanitize_html('<a href="mailto:vp@hanoi.vn">a</a><a href="tel:0241234">b</a>')
    assert 'href="mailto:vp@hanoi.vn"' in cleaned and 'href="tel:0241234"' in cleaned


def test_plain_text_of_a_fragment():
    assert html_to_text("<p>A &amp; B</p><p>Dòng  2<br>dòng 3</p><script>x()</script>") == "A & B\nDòng 2\ndòng 3"


def test_single_line_cuts_with_an_ellipsis():
    assert single_line("<b>Tin &quot;mới&quot;</b>\n  hôm nay") == 'Tin "mới" hôm nay'
    assert single_line("Một hai ba bốn năm", 9) == "Một hai…"
