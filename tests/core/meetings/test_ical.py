"""The member's iCalendar feed: RFC 5545 structure (CRLF, folding at 75 octets, TEXT escaping, UTC times), only
the member's cell, never drafts, cancelled meetings as STATUS:CANCELLED; the key page, its rotation, and keys of
one tenant refused on another's host. Also the QR of the check-in code and the page the QR opens."""

import datetime as dt
import re

from core.meetings.ical import escape_text, fold
from core.meetings.models import Attendance, CalendarFeed, Meeting, MeetingStatus
from core.meetings.services.checkin import checkin_code
from core.meetings.services.scheduling import agenda_item_add, meeting_schedule
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account, published_meeting
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login


def _unfold(body: str) -> list[str]:
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")  # CRLF only
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def _events(lines: list[str]) -> list[dict[str, str]]:
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def test_escape_and_fold():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "Nghị quyết Đại hội đảng bộ các cấp; học tập, quán triệt " * 4
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 3 and all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line  # no character was split
    assert fold("SHORT:x") == "SHORT:x"


def test_feed_structure_cells_drafts_and_cancelled(tree, alpha, alpha_client):
    sec = tree.users["sec_x"]
    with in_tenant(alpha):
        meeting = published_meeting(tree, starts_in=dt.timedelta(days=2), items=1)
        Meeting.objects.filter(pk=meeting.pk).update(
            place="Nhà văn hóa, thôn Đông; tầng 2", topic="Chuyên đề \\ Bác Hồ"
        )
        meeting.agenda_items.update(title="Kiểm điểm công tác tháng, phương hướng tháng tới " * 2)
        agenda_item_add(meeting=meeting, title="Kết nạp đảng viên mới", actor=sec)
        start = meeting.starts_at + dt.timedelta(days=3)
        draft = meeting_schedule(
            cell=tree.x, title="Bản nháp", starts_at=start, ends_at=start + dt.timedelta(hours=1), actor=sec
        )
        cancelled = published_meeting(tree, starts_in=dt.timedelta(days=20))
        Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED, title="Đã hủy")
        other_cell = published_meeting(tree, cell=tree.y, starts_in=dt.timedelta(days=2))
        old = published_meeting(tree, starts_in=dt.timedelta(days=1))
        Meeting.objects.filter(pk=old.pk).update(starts_at=old.starts_at - dt.timedelta(days=200), title="Quá cũ")
    web_login(alpha_client, "dv_x", PASSWORD)
    page = alpha_client.get("/sinh-hoat/lich/")
    assert page.status_code == 200 and "Lịch của tôi" in page.content.decode()
    with in_tenant(alpha):
        key = CalendarFeed.objects.get(user=tree.users["member_x"]).key
    url = f"http://alpha.sotay.test/sinh-hoat/lich/{key}.ics"
    assert url in page.content.decode()
    alpha_client.logout()  # calendar apps have no session
    response = alpha_client.get(f"/sinh-hoat/lich/{key}.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert all(len(raw.encode()) <= 75 for raw in body.split("\r\n"))
    lines = _unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "VERSION:2.0" in lines
    events = {e["UID"]: e for e in _events(lines)}
    assert set(events) == {f"meeting-{meeting.pk}@alpha.sotay.test", f"meeting-{cancelled.pk}@alpha.sotay.test"}
    assert f"meeting-{draft.pk}@alpha.sotay.test" not in body and f"meeting-{other_cell.pk}@" not in body
    event = events[f"meeting-{meeting.pk}@alpha.sotay.test"]
    assert event["DTSTART"] == meeting.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTEND"]) and re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert event["LOCATION"] == "Nhà văn hóa\\, thôn Đông\\; tầng 2"
    assert event["DESCRIPTION"].startswith("Chuyên đề: Chuyên đề \\\\ Bác Hồ\\nChương trình:\\n1. Kiểm điểm")
    assert event["DESCRIPTION"].endswith("tháng tới \\n2. Kết nạp đảng viên mới")
    assert event["SUMMARY"] == "Sinh hoạt tháng 12 — Chi bộ thôn Đông" and event["STATUS"] == "CONFIRMED"
    assert events[f"meeting-{cancelled.pk}@alpha.sotay.test"]["STATUS"] == "CANCELLED"


def test_reset_rotates_the_key_and_unknown_keys_are_404(tree, alpha, alpha_client):
    web_login(alpha_client, "dv_x", PASSWORD)
    alpha_client.get("/sinh-hoat/lich/")
    with in_tenant(alpha):
        old = CalendarFeed.objects.get().key
    assert alpha_client.get(f"/sinh-hoat/lich/{old}.ics").status_code == 200
    assert alpha_client.post("/sinh-hoat/lich/doi-khoa/").status_code == 302
    with in_tenant(alpha):
        new = CalendarFeed.objects.get().key
    assert new != old
    assert alpha_client.get(f"/sinh-hoat/lich/{old}.ics").status_code == 404
    assert alpha_client.get(f"/sinh-hoat/lich/{new}.ics").status_code == 200
    assert alpha_client.get("/sinh-hoat/lich/khong-co.ics").status_code == 404


def test_feed_key_of_one_tenant_is_404_on_another(tree, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        published_meeting(tree, starts_in=dt.timedelta(days=2))
        key = CalendarFeed.objects.create(user=tree.users["member_x"], key="alpha-secret-key").key
    with in_tenant(beta):
        build_tree()
    assert alpha_client.get(f"/sinh-hoat/lich/{key}.ics").status_code == 200
    assert beta_client.get(f"/sinh-hoat/lich/{key}.ics").status_code == 404
    with in_tenant(beta):
        assert not CalendarFeed.objects.exists()


def test_member_of_another_cell_gets_only_their_cell(tree, alpha, alpha_client):
    with in_tenant(alpha):
        x_meeting = published_meeting(tree, starts_in=dt.timedelta(days=2))
        y_meeting = published_meeting(tree, cell=tree.y, starts_in=dt.timedelta(days=2))
        give_account(tree.members["Y"][0], "dv_y")
    web_login(alpha_client, "dv_y", PASSWORD)
    alpha_client.get("/sinh-hoat/lich/")
    with in_tenant(alpha):
        key = CalendarFeed.objects.get(user__username="dv_y").key
    body = alpha_client.get(f"/sinh-hoat/lich/{key}.ics").content.decode()
    assert f"meeting-{y_meeting.pk}@" in body and f"meeting-{x_meeting.pk}@" not in body


def test_code_page_shows_qr_and_the_qr_page_only_prefills(tree, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        code = checkin_code(meeting)
        give_account(tree.members["Y"][0], "dv_y")
    web_login(alpha_client, "sec_x", PASSWORD)
    body = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/ma-diem-danh/").content.decode()
    assert "<svg" in body and code in body
    web_login(alpha_client, "dv_x", PASSWORD)
    page = alpha_client.get(f"/sinh-hoat/{meeting.pk}/diem-danh/?ma={code}")
    assert page.status_code == 200 and f'value="{code}"' in page.content.decode()
    with in_tenant(alpha):
        assert not Attendance.objects.exists()  # opening the QR link alone checks nobody in
    alpha_client.post(f"/sinh-hoat/{meeting.pk}/diem-danh/", {"code": code})
    with in_tenant(alpha):
        assert Attendance.objects.get().member == tree.members["X"][0]
    web_login(alpha_client, "dv_y", PASSWORD)
    assert alpha_client.get(f"/sinh-hoat/{meeting.pk}/diem-danh/?ma={code}").status_code == 404
    with in_tenant(beta):
        build_tree()
    web_login(beta_client, "dv_x", PASSWORD)
    assert beta_client.get(f"/sinh-hoat/{meeting.pk}/diem-danh/?ma={code}").status_code == 404
