"""Online meetings: an optional https link on a meeting, set when scheduling or editing (page and API), shown to
the meeting's members (page, API, calendar feed); anything but an http(s) address is refused with a clear
Vietnamese message and nothing is saved."""

import datetime as dt

from django.utils import timezone

from core.audit.models import AuditEvent
from core.meetings.models import CalendarFeed, Meeting
from core.meetings.services.inbox import calendar_feed_get
from core.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import published_meeting
from tests.helpers import in_tenant, web_login

LINK = "https://meet.example.vn/chi-bo-x?pwd=a1,b2"


def _form(start: dt.datetime, **extra: str) -> dict[str, str]:
    return {
        "cell": "X", "kind": "regular", "title": "Sinh hoạt trực tuyến",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), **extra,
    }  # fmt: skip


def _auth(client, username):
    token = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_bad_links_are_refused_on_the_page_and_the_api_and_nothing_is_saved(tree, alpha, alpha_client):
    start = timezone.localtime() + dt.timedelta(days=2)
    web_login(alpha_client, "sec_x", PASSWORD)
    for bad in ("javascript:alert(1)", "meet.example.vn/abc", "ftp://example.vn/x", "https://"):
        response = alpha_client.post("/sinh-hoat/quan-ly/", _form(start, online_url=bad), follow=True)
        assert "Đường dẫn họp trực tuyến không hợp lệ" in response.content.decode(), bad
        assert 'value="Sinh hoạt trực tuyến"' in response.content.decode()  # what was typed is kept
    auth = _auth(alpha_client, "sec_x")
    payload = {
        "cell": "X", "title": "Qua API", "starts_at": (start).isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(), "online_url": "javascript:alert(1)",
    }  # fmt: skip
    refused = alpha_client.post("/api/v1/meetings/manage/", payload, content_type="application/json", **auth)
    assert refused.status_code == 400 and refused.json()["code"] == "bad_online_url"
    with in_tenant(alpha):
        assert not Meeting.objects.exists()


def test_link_reaches_members_on_page_api_and_calendar(tree, alpha, alpha_client):
    start = timezone.localtime() + dt.timedelta(days=2)
    web_login(alpha_client, "sec_x", PASSWORD)
    created = alpha_client.post("/sinh-hoat/quan-ly/", _form(start, online_url=f"  {LINK} "))
    assert created.status_code == 302
    with in_tenant(alpha):
        meeting = Meeting.objects.get()
        assert meeting.online_url == LINK
    detail = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/").content.decode()
    assert 'href="https://meet.example.vn/chi-bo-x?pwd=a1,b2"' in detail
    alpha_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/noi-dung/", {"title": "Kiểm điểm"})
    alpha_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/thong-bao/")
    alpha_client.logout()

    web_login(alpha_client, "dv_x", PASSWORD)
    page = alpha_client.get("/sinh-hoat/").content.decode()
    assert "Họp trực tuyến" in page and 'rel="noopener noreferrer"' in page and LINK in page
    assert (
        alpha_client.get("/api/v1/meetings/next/", **_auth(alpha_client, "dv_x")).json()["meeting"]["online_url"]
        == LINK
    )
    with in_tenant(alpha):
        key = calendar_feed_get(user=tree.users["member_x"]).key
        assert CalendarFeed.objects.filter(key=key).exists()
    body = alpha_client.get(f"/sinh-hoat/lich/{key}.ics").content.decode().replace("\r\n ", "")
    assert f"URL:{LINK}\r\n" in body and "Họp trực tuyến: " in body


def test_adding_a_link_later_notifies_members_and_is_audited(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree, starts_in=dt.timedelta(days=3))
        Notification.objects.all().delete()
    web_login(alpha_client, "sec_x", PASSWORD)
    local = timezone.localtime(meeting.starts_at)
    edited = alpha_client.post(
        f"/sinh-hoat/quan-ly/{meeting.pk}/doi-lich/",
        {
            "lich-title": meeting.title, "lich-topic": "", "lich-place": "",
            "lich-starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "lich-ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "lich-online_url": LINK,
        },
    )  # fmt: skip
    assert "Đã cập nhật lịch buổi sinh hoạt." in alpha_client.get(edited.url).content.decode()
    with in_tenant(alpha):
        meeting.refresh_from_db()
        assert meeting.online_url == LINK
        note = Notification.objects.get(user=tree.users["member_x"])
        assert "có họp trực tuyến" in note.text
        event = AuditEvent.objects.get(action="meeting.rescheduled")
        assert event.changes["online_url"] == {"from": "", "to": LINK}
