"""English interface: the language switch turns the pages English; Vietnamese stays the default; the English
catalogue has a translation for every string (no empty or fuzzy entry) and its compiled .mo is up to date."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD
from tests.core.meetings.conftest import published_meeting
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def _english(client):
    """Choose English with the site's language switch (the form in the top bar posts to /ngon-ngu/)."""
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _assert_english(body, present, absent):
    assert 'lang="en"' in body
    for text in present:
        assert text in body, text
    for text in absent:
        assert text not in body, text


# Labels of the navigation and the frame that every signed-in page shows.
FRAME_VI = ["Đăng xuất", "Hồ sơ của tôi", "Sinh hoạt chi bộ", "Đổi mật khẩu", "Chữ lớn"]
FRAME_EN = ["Log out", "My profile", "Cell meetings", "Change password", "Large text"]


def test_vietnamese_is_the_default(tree, alpha_client):
    web_login(alpha_client, "dv_x", PASSWORD)
    home = _page(alpha_client, "/")
    assert 'lang="vi"' in home
    for text in FRAME_VI:
        assert text in home, text
    assert "Log out" not in home
    meetings = _page(alpha_client, "/sinh-hoat/")
    assert "Các buổi sinh hoạt đã họp" in meetings and "Meetings held" not in meetings


def test_member_pages_in_english(tree, alpha, alpha_client):
    with in_tenant(alpha):
        published_meeting(tree)  # notifies dv_x
    web_login(alpha_client, "dv_x", PASSWORD)
    _english(alpha_client)

    home = _page(alpha_client, "/")
    _assert_english(home, [*FRAME_EN, "Hello,", "Notifications (1)"], FRAME_VI)

    mine = _page(alpha_client, "/sinh-hoat/")
    _assert_english(
        mine,
        ["Meetings held", "My tasks", "Agenda", "My attendance:", "Attendance not taken", "Regular meeting"],
        ["Chương trình", "Điểm danh của tôi", "Chưa điểm danh", "Sinh hoạt thường kỳ", "Góp ý kiến"],
    )

    notifications = _page(alpha_client, "/thong-bao/")
    _assert_english(notifications, ["<h1>Notifications", "1 unread", "Mark all as read"], ["chưa đọc", "Đánh dấu"])
    # A flash message after an action is English too.
    response = alpha_client.post("/thong-bao/doc-het/", follow=True)
    _assert_english(response.content.decode(), ["Notifications marked as read: 1."], ["Đã đánh dấu"])

    profile = _page(alpha_client, "/dang-vien/cua-toi/")
    _assert_english(profile, ["Date of birth", "Full member", "Propose corrections"], ["Ngày sinh", "Chính thức"])


def test_secretary_meeting_pages_in_english(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
    web_login(alpha_client, "sec_x", PASSWORD)
    _english(alpha_client)

    manage = _page(alpha_client, "/sinh-hoat/quan-ly/")
    _assert_english(
        manage,
        ["Manage cell meetings", "Schedule a meeting", "Announced", "Cell / committee", "Start time"],
        ["Quản lý sinh hoạt chi bộ", "Lên lịch sinh hoạt", "Đã thông báo", "Tiêu đề"],
    )

    detail = _page(alpha_client, f"/sinh-hoat/quan-ly/{meeting.pk}/")  # meeting time: "During the meeting"
    _assert_english(
        detail,
        ["Show the attendance code", "During the meeting", "Open a vote", "Excused absence"],
        ["Hiển thị mã điểm danh", "Trong buổi họp", "Mở biểu quyết", "Vắng có lý do"],
    )
    before = _page(alpha_client, f"/sinh-hoat/quan-ly/{meeting.pk}/?buoc=chuan-bi")
    _assert_english(before, ["Agenda", "Cancel the meeting…"], ["Chương trình", "Hủy buổi sinh hoạt"])

    # A service's validation message comes back in English on the page (its code is unchanged).
    response = alpha_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/da-hop/", follow=True)
    _assert_english(response.content.decode(), ["The meeting has not started yet"], ["Chưa đến giờ họp"])


def test_member_list_and_organisation_in_english(tree, alpha_client):
    web_login(alpha_client, "btc", PASSWORD)
    _english(alpha_client)
    members = _page(alpha_client, "/dang-vien/")
    _assert_english(
        members,
        ["<h1>Party members", "Party card number", "Full member", "Search by name, party card number or phone"],
        ["Danh sách đảng viên", "Số thẻ đảng", "Chính thức", "Tìm theo tên"],
    )
    unit = alpha_client.get("/to-chuc/", follow=True).content.decode()
    _assert_english(unit, ["Subordinate organisations", "District party committee", "Established"], ["Thành lập"])


def test_console_in_english(operator_client):
    operator_client.post("/ngon-ngu/", {"language": "en", "next": "/console/"})
    home = _page(operator_client, "/console/")
    _assert_english(home, ["Party committees", "Add a party committee", "Active"], ["Các đảng bộ", "Đang hoạt động"])
    overview = _page(operator_client, "/console/tong-quan/")
    _assert_english(overview, ["Usage overview"], ["Tổng quan sử dụng"])


# --- the catalogue ------------------------------------------------------------------------------------------------


@dataclass
class PoEntry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _po_entries(path: Path) -> list[PoEntry]:
    """The entries of a .po file (the header, whose msgid is empty, is left out)."""
    entries: list[PoEntry] = []
    entry, current = PoEntry(), ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry.msgid:
                entries.append(entry)
            entry, current = PoEntry(), ""
        elif line.startswith("#,"):
            entry.flags = [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if current == "msgstr":
                entry.msgstr[-1] += value
            else:
                setattr(entry, current, (getattr(entry, current) or "") + value)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            current = re.sub(r"\[\d+\]", "", keyword)
            if current == "msgstr":
                entry.msgstr.append(value)
            else:
                setattr(entry, current, value)
    return entries


def test_every_string_is_translated_and_compiled():
    entries = _po_entries(LOCALE_DIR / "django.po")
    assert len(entries) > 900
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(e.msgstr)]
    assert not fuzzy, f"fuzzy entries in locale/en (check the translation, then remove the flag): {fuzzy[:10]}"
    assert not untranslated, f"untranslated entries in locale/en: {untranslated[:10]}"
    placeholder = re.compile(r"%\(\w+\)[sd]|%%")
    for e in entries:
        for msgstr in e.msgstr:
            assert sorted(placeholder.findall(msgstr)) == sorted(placeholder.findall(e.msgid)), e.msgid
    with (LOCALE_DIR / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = []
    for e in entries:
        if e.msgid_plural is not None:
            got = catalogue.ngettext(e.msgid, e.msgid_plural, 1)
        elif e.msgctxt is not None:
            got = catalogue.pgettext(e.msgctxt, e.msgid)
        else:
            got = catalogue.gettext(e.msgid)
        if got != e.msgstr[0]:
            stale.append(e.msgid)
    assert not stale, f"django.mo is older than django.po (run compilemessages): {stale[:10]}"


def test_a_request_in_english_leaves_the_threads_language_as_it_was(alpha_client):
    """The language middleware puts the thread's language back after each request: one member's English must
    not leak into whatever the thread serves next (another request, a task, the next test)."""
    from django.utils import translation

    alpha_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("vi"):
        response = alpha_client.get("/dang-nhap/")
        assert response["Content-Language"] == "en" and "Log in" in response.content.decode()
        assert translation.get_language() == "vi"
