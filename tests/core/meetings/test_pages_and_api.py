"""Meeting pages and API: member's page and check-in, secretary pages, constant queries, cross-tenant."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.meetings.models import Attendance, AttendanceStatus, Meeting, Opinion
from core.meetings.services.checkin import checkin_code
from core.meetings.services.proceedings import meeting_mark_held
from core.meetings.services.scheduling import agenda_item_add
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account, published_meeting
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login


def _statements(captured) -> int:
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def _auth(client, username):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_member_page_shows_agenda_and_checks_in(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        code = checkin_code(meeting)
    web_login(alpha_client, "dv_x", PASSWORD)
    page = alpha_client.get("/sinh-hoat/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sinh hoạt tháng 12" in body and "Nội dung 2" in body and "Chưa điểm danh" in body
    assert f"/sinh-hoat/{meeting.pk}/diem-danh/" in body
    response = alpha_client.post(f"/sinh-hoat/{meeting.pk}/diem-danh/", {"code": "000000" if code != "000000" else "1"})
    assert "không đúng" in alpha_client.get(response.url).content.decode()
    alpha_client.post(f"/sinh-hoat/{meeting.pk}/diem-danh/", {"code": code})
    alpha_client.post(f"/sinh-hoat/{meeting.pk}/y-kien/", {"text": "Nhất trí", "agenda_item": ""})
    with in_tenant(alpha):
        assert Attendance.objects.get(meeting=meeting).status == AttendanceStatus.PRESENT
        assert Opinion.objects.get(meeting=meeting).text == "Nhất trí"
    assert "Có mặt" in alpha_client.get("/sinh-hoat/").content.decode()


def test_secretary_pages_scoped_to_own_cell(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        other = published_meeting(tree, cell=tree.y)
        code = checkin_code(meeting)
    web_login(alpha_client, "sec_x", PASSWORD)
    assert alpha_client.get("/sinh-hoat/quan-ly/").status_code == 200
    assert alpha_client.get(f"/sinh-hoat/quan-ly/{other.pk}/").status_code == 404
    assert alpha_client.post(f"/sinh-hoat/quan-ly/{other.pk}/thong-bao/").status_code == 404
    live = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/ma-diem-danh/")
    assert live.status_code == 200 and code in live.content.decode() and live["Refresh"] == "60"
    member = tree.members["X"][1]
    alpha_client.post(
        f"/sinh-hoat/quan-ly/{meeting.pk}/diem-danh/{member.pk}/", {"status": "excused", "reason": "Đi công tác"}
    )
    alpha_client.post(f"/sinh-hoat/{meeting.pk}/y-kien/", {"member": member.pk, "text": "Ý kiến ghi thay"})
    detail = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/").content.decode()
    assert "Đi công tác" in detail and "Ý kiến ghi thay" in detail and "ghi thay bởi sec_x" in detail
    # schedule through the form
    start = timezone.localtime() + dt.timedelta(days=2)
    response = alpha_client.post(
        "/sinh-hoat/quan-ly/",
        {
            "cell": "X",
            "kind": "regular",
            "title": "Tháng 1",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Hội trường",
        },
    )
    assert response.status_code == 302
    response = alpha_client.post("/sinh-hoat/quan-ly/", {"cell": "Y", "kind": "regular", "title": "Không được"})
    assert response.status_code == 200  # Y is not among the secretary's cells
    with in_tenant(alpha):
        assert list(Meeting.objects.filter(cell=tree.x, status="draft").values_list("title", flat=True)) == ["Tháng 1"]


def test_api_next_meeting_constant_queries(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree, items=1)
    auth = _auth(alpha_client, "dv_x")
    alpha_client.get("/api/v1/meetings/next/", **auth)  # warm: the gate's cached facts, the token's use stamp
    with CaptureQueriesContext(connection) as few:
        data = alpha_client.get("/api/v1/meetings/next/", **auth).json()
    assert data["meeting"]["id"] == meeting.pk and len(data["meeting"]["agenda"]) == 1
    assert data["my_attendance"] is None and data["check_in_open"] is True
    with in_tenant(alpha):
        for n in range(5):
            agenda_item_add(meeting=meeting, title=f"Thêm {n}", actor=tree.users["sec_x"])
    with CaptureQueriesContext(connection) as many:
        data = alpha_client.get("/api/v1/meetings/next/", **auth).json()
    assert len(data["meeting"]["agenda"]) == 6
    assert _statements(many) == _statements(few)  # the search_path switch after in_tenant aside


def test_api_opinion_and_check_in(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        item = meeting.agenda_items.earliest("order")
        code = checkin_code(meeting)
        give_account(tree.members["Y"][0], "dv_y")
    auth = _auth(alpha_client, "dv_x")
    url = f"/api/v1/meetings/{meeting.pk}/"
    response = alpha_client.post(url + "opinions/", {"text": "Đồng ý", "agenda_item": item.pk}, **auth)
    assert response.status_code == 201 and response.json()["agenda_item"] == item.pk
    assert alpha_client.post(url + "check-in/", {"code": "12"}, **auth).status_code == 400
    first = alpha_client.post(url + "check-in/", {"code": code}, **auth)
    second = alpha_client.post(url + "check-in/", {"code": code}, **auth)
    assert first.status_code == second.status_code == 200 and first.json()["status"] == "present"
    y_auth = _auth(alpha_client, "dv_y")  # a member of another cell does not even see the meeting
    assert alpha_client.post(url + "check-in/", {"code": code}, **y_auth).status_code == 404
    assert alpha_client.post(url + "opinions/", {"text": "x"}, **y_auth).status_code == 404
    with in_tenant(alpha):
        assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_cross_tenant(tree, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
    with in_tenant(beta):
        build_tree()  # beta has its own dv_x, but no meetings
    alpha_auth = _auth(alpha_client, "dv_x")
    assert beta_client.get("/api/v1/meetings/next/", **alpha_auth).status_code == 401
    assert beta_client.post(f"/api/v1/meetings/{meeting.pk}/opinions/", {"text": "x"}, **alpha_auth).status_code == 401
    beta_auth = _auth(beta_client, "dv_x")
    assert beta_client.get("/api/v1/meetings/next/", **beta_auth).json()["meeting"] is None
    for path in ("opinions/", "check-in/"):
        payload = {"text": "x", "code": "123456"}
        assert beta_client.post(f"/api/v1/meetings/{meeting.pk}/{path}", payload, **beta_auth).status_code == 404
    web_login(beta_client, "dv_x", PASSWORD)  # beta's own dv_x: alpha's meeting id means nothing there
    assert beta_client.get(f"/sinh-hoat/sap-toi/{meeting.pk}/").status_code == 404
    assert beta_client.post(f"/sinh-hoat/{meeting.pk}/y-kien/", {"text": "x"}).status_code == 404
    beta_client.logout()
    web_login(beta_client, "sec_x", PASSWORD)
    assert beta_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/").status_code == 404
    assert beta_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/ma-diem-danh/").status_code == 404
    with in_tenant(alpha):
        assert not Opinion.objects.exists()


def test_code_shown_by_another_tenant_for_the_same_meeting_id_is_refused(tree, alpha, beta, alpha_client):
    """The schema is part of the HMAC: beta's code for a meeting numbered like alpha's does not check in on alpha."""
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        own_code = checkin_code(meeting)
    with in_tenant(beta):
        beta_code = checkin_code(meeting)  # what beta's screen would show for its own meeting with this id
    assert own_code and beta_code and own_code != beta_code
    auth = _auth(alpha_client, "dv_x")
    refused = alpha_client.post(f"/api/v1/meetings/{meeting.pk}/check-in/", {"code": beta_code}, **auth)
    assert refused.status_code == 400 and "không đúng" in refused.json()["detail"]
    with in_tenant(alpha):
        assert not Attendance.objects.filter(meeting=meeting).exists()
    accepted = alpha_client.post(f"/api/v1/meetings/{meeting.pk}/check-in/", {"code": own_code}, **auth)
    assert accepted.status_code in (200, 201)
    with in_tenant(alpha):
        assert Attendance.objects.get(meeting=meeting).status == AttendanceStatus.PRESENT


def test_manage_list_flags_a_past_meeting_never_marked_held(tree, alpha, alpha_client):
    with in_tenant(alpha):
        forgotten = published_meeting(tree)
        past = timezone.now() - dt.timedelta(days=3)  # published ahead, its day came, nobody marked it held
        Meeting.objects.filter(pk=forgotten.pk).update(starts_at=past, ends_at=past + dt.timedelta(hours=2))
        upcoming = published_meeting(tree)
        upcoming.title = "Sinh hoạt sắp tới"
        upcoming.save(update_fields=["title"])
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.get("/sinh-hoat/quan-ly/").content.decode()
    flag = "Đã qua giờ họp: ghi nhận đã họp hoặc hủy"
    assert page.count(flag) == 1
    items = {pk: li for li in page.split("<li>") for pk in (forgotten.pk, upcoming.pk) if f"/quan-ly/{pk}/" in li}
    assert flag in items[forgotten.pk] and flag not in items[upcoming.pk]


def test_secretary_page_steps_hold_their_sections(tree, alpha, alpha_client):
    """The meeting page on a phone: three steps, each with its sections, before and after the meeting is marked
    held (minutes, resolution and tasks appear only then, on the last step)."""
    with in_tenant(alpha):
        meeting = published_meeting(tree)
    web_login(alpha_client, "sec_x", PASSWORD)

    def ids(step: str) -> set[str]:
        page = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/?buoc={step}").content.decode()
        assert re.findall(r'href="\?buoc=([\w-]+)"', page) == ["chuan-bi", "trong-hop", "sau-hop"]
        return set(re.findall(r'id="([\w-]+)"', page))

    assert {"chuong-trinh", "tai-lieu"} <= ids("chuan-bi")
    assert {"diem-danh", "y-kien", "bieu-quyet"} <= ids("trong-hop")
    assert "bien-ban" not in ids("sau-hop")
    with in_tenant(alpha):
        meeting_mark_held(meeting=meeting, actor=tree.users["sec_x"], now=meeting.starts_at)
    assert {"bien-ban", "nghi-quyet", "nhiem-vu"} <= ids("sau-hop")
