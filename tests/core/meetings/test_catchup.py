"""Catch-up and the proceedings pages/API: read receipts (idempotent, own cell, held/closed only), the secretary's
panel, member history / past meeting / my tasks pages and API, permissions and cross-tenant isolation."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.access.models import Role
from core.audit.models import AuditEvent
from core.meetings.models import (
    Attendance,
    Meeting,
    MeetingStatus,
    MeetingTask,
    Minutes,
    MinutesStatus,
    ReadReceipt,
    Resolution,
    TaskReview,
    TaskStatus,
)
from core.meetings.selectors_proceedings import catchup_status
from core.meetings.services.catchup import read_receipt_record, read_receipt_record_for
from core.meetings.services.participation import attendance_set
from core.meetings.services.proceedings import (
    meeting_close,
    meeting_mark_held,
    minutes_approve,
    minutes_save,
    resolution_record,
    task_add,
)
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account, published_meeting
from tests.factories.org import build_tree, user_with
from tests.helpers import in_tenant, web_login


def _auth(client, username):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def _started(tree, **kwargs) -> Meeting:
    """A published meeting of X that began five minutes ago."""
    meeting = published_meeting(tree, **kwargs)
    start = timezone.now() - dt.timedelta(minutes=5)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


def _held_with_draft(tree) -> tuple[Meeting, MeetingTask]:
    """A held meeting of X: dv_x present, draft minutes, a resolution and a task owned by dv_x."""
    sec = tree.users["sec_x"]
    meeting = meeting_mark_held(meeting=_started(tree), actor=sec)
    attendance_set(meeting=meeting, member=tree.members["X"][0], status="present", actor=sec)
    minutes_save(meeting=meeting, actor=sec, text="BẢN NHÁP biên bản")
    resolution_record(meeting=meeting, actor=sec, text="Nghị quyết làm đường")
    task = task_add(
        meeting=meeting,
        actor=sec,
        title="Vận động",
        due_date=timezone.localdate(meeting.starts_at),
        owner=tree.members["X"][0],
    )
    return meeting, task


def _closed(tree) -> tuple[Meeting, MeetingTask]:
    meeting, task = _held_with_draft(tree)
    minutes_save(meeting=meeting, actor=tree.users["sec_x"], text="Biên bản chính thức")
    minutes_approve(meeting=meeting, actor=user_with("dep_x", (Role.CELL_DEPUTY, tree.x)))
    meeting_close(meeting=meeting, actor=tree.users["sec_x"])
    meeting.refresh_from_db()
    return meeting, task


# --- services and selectors --------------------------------------------------------------------------------------


def test_read_receipt_first_read_only_own_cell_held_or_closed(tree):
    absent = tree.members["X"][1]
    give_account(absent, "dv_x2")
    published = published_meeting(tree)
    assert read_receipt_record(meeting=published, member=absent) is None  # not held yet
    meeting, _ = _closed(tree)
    assert read_receipt_record(meeting=meeting, member=tree.members["Y"][0]) is None  # another cell
    first = read_receipt_record(meeting=meeting, member=absent)
    again = read_receipt_record(meeting=meeting, member=absent, now=timezone.now() + dt.timedelta(days=1))
    assert first is not None and again is not None and first.pk == again.pk and again.read_at == first.read_at
    assert ReadReceipt.objects.count() == 1
    assert AuditEvent.objects.filter(action="meeting.read").count() == 1
    rows = {row.member.pk: row for row in catchup_status(meeting)}
    assert set(rows) == {tree.members["X"][1].pk, tree.members["X"][2].pk}  # dv_x was present
    assert rows[absent.pk].read_at == first.read_at and rows[absent.pk].status == "unexcused"
    assert rows[tree.members["X"][2].pk].read_at is None


def test_secretary_records_that_a_member_without_a_phone_was_briefed(tree):
    """Proxy catch-up: audited with the member it was for; never over a member's own read; only for absent
    members of a held meeting, only by someone who may act for members."""
    sec = tree.users["sec_x"]
    no_phone, has_phone = tree.members["X"][1], tree.members["X"][2]
    give_account(has_phone, "dv_x3")
    published = published_meeting(tree)
    with pytest.raises(ValidationError, match="đã họp"):
        read_receipt_record_for(meeting=published, member=no_phone, actor=sec)
    meeting, _ = _closed(tree)
    with pytest.raises(PermissionDenied):
        read_receipt_record_for(meeting=meeting, member=no_phone, actor=tree.users["member_x"])
    with pytest.raises(ValidationError, match="đã dự"):
        read_receipt_record_for(meeting=meeting, member=tree.members["X"][0], actor=sec)  # was present
    with pytest.raises(ValidationError, match="không sinh hoạt"):
        read_receipt_record_for(meeting=meeting, member=tree.members["Y"][0], actor=sec)
    own = read_receipt_record(meeting=meeting, member=has_phone)
    assert own is not None
    kept = read_receipt_record_for(meeting=meeting, member=has_phone, actor=sec)
    assert kept.pk == own.pk and kept.recorded_by is None  # their own read stays theirs
    briefed = read_receipt_record_for(meeting=meeting, member=no_phone, actor=sec)
    assert briefed.recorded_by == sec
    assert read_receipt_record_for(meeting=meeting, member=no_phone, actor=sec).pk == briefed.pk
    event = AuditEvent.objects.get(action="meeting.read_briefed")
    assert event.changes["on_behalf_of_member"] == {"id": no_phone.pk, "name": no_phone.full_name}
    rows = {row.member.pk: row for row in catchup_status(meeting)}
    assert rows[no_phone.pk].briefed_by == "sec_x" and rows[has_phone.pk].briefed_by is None


def test_briefed_button_on_the_page_and_api(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting, _ = _closed(tree)
    no_phone, other = tree.members["X"][1], tree.members["X"][2]
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/").content.decode()
    assert f"/sinh-hoat/quan-ly/{meeting.pk}/xem-lai/{no_phone.pk}/" in page and "Đã phổ biến trực tiếp" in page
    done = alpha_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/xem-lai/{no_phone.pk}/")
    assert done.status_code == 302 and done.url.endswith("#theo-doi")
    assert "đã được phổ biến trực tiếp lúc" in alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/").content.decode()
    assert alpha_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/xem-lai/{tree.members['Y'][0].pk}/").status_code == 404
    response = alpha_client.post(
        f"/api/v1/meetings/manage/{meeting.pk}/catch-up/", {"member": other.pk}, **_auth(alpha_client, "sec_x")
    )
    assert response.status_code == 201
    assert response.json()["briefed_by"] == "sec_x" and response.json()["member"] == other.pk
    with in_tenant(alpha):
        assert set(ReadReceipt.objects.values_list("member_id", "recorded_by__username")) == {
            (no_phone.pk, "sec_x"),
            (other.pk, "sec_x"),
        }


# --- pages: secretary --------------------------------------------------------------------------------------------


def test_secretary_pages_run_the_whole_meeting(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = _started(tree)
        user_with("dep_x", (Role.CELL_DEPUTY, tree.x))
        owner = tree.members["X"][0]
        absent = tree.members["X"][2]
    base = f"/sinh-hoat/quan-ly/{meeting.pk}/"
    web_login(alpha_client, "sec_x", PASSWORD)
    assert "Bắt đầu họp" in alpha_client.get(base).content.decode()
    alpha_client.post(base + "da-hop/")
    alpha_client.post(base + "bien-ban/", {"text": "Biên bản buổi họp"})
    refused = alpha_client.post(base + "bien-ban/duyet/", follow=True).content.decode()
    assert "không tự duyệt" in refused and "phó bí thư" in refused
    alpha_client.post(base + "nghi-quyet/", {"text": "Nghị quyết tháng 12"})
    due = timezone.localdate().isoformat()
    alpha_client.post(base + "nhiem-vu/", {"title": "Làm đường", "owner": owner.pk, "due_date": due})
    closing = alpha_client.get(base + "ket-thuc/").content.decode()  # the confirmation page
    assert "Kết thúc buổi sinh hoạt" in closing and "Vắng không lý do" in closing and absent.full_name in closing
    refused = alpha_client.post(base + "ket-thuc/", follow=True).content.decode()
    assert "biên bản đã được duyệt" in refused
    web_login(alpha_client, "dep_x", PASSWORD)
    alpha_client.post(base + "bien-ban/duyet/")
    done = alpha_client.post(base + "ket-thuc/", follow=True).content.decode()
    assert "ghi vắng không lý do cho 3" in done  # nobody was marked present
    with in_tenant(alpha):
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CLOSED
        assert Minutes.objects.get(meeting=meeting).approved_by == User.objects.get(username="dep_x")
        assert Resolution.objects.get(meeting=meeting).text == "Nghị quyết tháng 12"
        assert MeetingTask.objects.get(meeting=meeting).owner == owner
        assert Attendance.objects.filter(meeting=meeting, status="unexcused").count() == 3
    page = alpha_client.get(base).content.decode()
    assert "Đảng viên vắng" in page and "chưa xem" in page
    # the next meeting reviews the task
    with in_tenant(alpha):
        later = published_meeting(tree, starts_in=dt.timedelta(days=30))
        task = MeetingTask.objects.get(meeting=meeting)
    later_page = alpha_client.get(f"/sinh-hoat/quan-ly/{later.pk}/?buoc=trong-hop").content.decode()
    assert "Kiểm điểm nhiệm vụ kỳ trước" in later_page and "Làm đường" in later_page
    alpha_client.post(
        f"/sinh-hoat/quan-ly/{later.pk}/kiem-diem/",
        {f"status_{task.pk}": "in_progress", f"note_{task.pk}": "Đã khởi công"},
    )
    with in_tenant(alpha):
        review = TaskReview.objects.get()
        assert (review.meeting_id, review.status, review.note) == (later.pk, "in_progress", "Đã khởi công")
        assert MeetingTask.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS


def test_secretary_cancels_with_reason(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
    web_login(alpha_client, "sec_x", PASSWORD)
    alpha_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/huy/", {"reason": ""})
    with in_tenant(alpha):
        assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PUBLISHED
    page = alpha_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/huy/", {"reason": "Mưa bão"}, follow=True)
    assert "đã báo cho 1 đảng viên" in page.content.decode()
    with in_tenant(alpha):
        assert Meeting.objects.get(pk=meeting.pk).cancelled_reason == "Mưa bão"


# --- pages: member -----------------------------------------------------------------------------------------------


def test_absent_member_catches_up_on_approved_minutes_only(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting, _task = _held_with_draft(tree)
        absent = tree.members["X"][1]
        give_account(absent, "dv_x2")
    web_login(alpha_client, "dv_x2", PASSWORD)
    mine = alpha_client.get("/sinh-hoat/").content.decode()
    assert "/sinh-hoat/da-hop/" in mine and "/sinh-hoat/nhiem-vu/" in mine
    history = alpha_client.get("/sinh-hoat/da-hop/").content.decode()
    assert f"/sinh-hoat/da-hop/{meeting.pk}/" in history and "chưa xem lại" in history
    past = alpha_client.get(f"/sinh-hoat/da-hop/{meeting.pk}/").content.decode()
    assert "BẢN NHÁP" not in past and "Biên bản chưa được duyệt" in past
    assert "Nghị quyết làm đường" in past and "Vận động" in past and "Nội dung 1" in past
    with in_tenant(alpha):
        minutes_save(meeting=meeting, actor=tree.users["sec_x"], text="Biên bản chính thức")
        minutes_approve(meeting=meeting, actor=tree.users["admin_d1"])
    past = alpha_client.get(f"/sinh-hoat/da-hop/{meeting.pk}/").content.decode()
    assert "Biên bản chính thức" in past
    assert "đã xem lại" in alpha_client.get("/sinh-hoat/da-hop/").content.decode()
    with in_tenant(alpha):
        assert list(ReadReceipt.objects.values_list("member_id", flat=True)) == [absent.pk]


def test_my_tasks_page_and_status(tree, alpha, alpha_client):
    with in_tenant(alpha):
        _meeting, task = _held_with_draft(tree)
    web_login(alpha_client, "dv_x", PASSWORD)
    assert "Vận động" in alpha_client.get("/sinh-hoat/nhiem-vu/").content.decode()
    refused = alpha_client.post(f"/sinh-hoat/nhiem-vu/{task.pk}/trang-thai/", {"status": "cancelled"}, follow=True)
    assert "Người được giao chỉ" in refused.content.decode()
    response = alpha_client.post(
        f"/sinh-hoat/nhiem-vu/{task.pk}/trang-thai/", {"status": "done", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/sinh-hoat/nhiem-vu/"
    with in_tenant(alpha):
        assert MeetingTask.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_member_of_another_cell_and_non_runners_get_404(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting, task = _held_with_draft(tree)
        give_account(tree.members["Y"][0], "dv_y")
        user_with("sec_y", (Role.CELL_SECRETARY, tree.y))
    web_login(alpha_client, "dv_y", PASSWORD)
    assert alpha_client.get(f"/sinh-hoat/da-hop/{meeting.pk}/").status_code == 404
    assert f"/sinh-hoat/da-hop/{meeting.pk}/" not in alpha_client.get("/sinh-hoat/da-hop/").content.decode()
    assert alpha_client.post(f"/sinh-hoat/nhiem-vu/{task.pk}/trang-thai/", {"status": "done"}).status_code == 404
    base = f"/sinh-hoat/quan-ly/{meeting.pk}/"
    posts = {
        "da-hop/": {},
        "bien-ban/": {"text": "x"},
        "bien-ban/duyet/": {},
        "nghi-quyet/": {"text": "x"},
        "nhiem-vu/": {"title": "x", "due_date": timezone.localdate().isoformat()},
        "kiem-diem/": {},
        "ket-thuc/": {},
        "huy/": {"reason": "x"},
    }
    for user in ("dv_x", "sec_y"):  # a member of the cell cannot approve; another cell's secretary sees nothing
        web_login(alpha_client, user, PASSWORD)
        for path, data in posts.items():
            assert alpha_client.post(base + path, data).status_code == 404, (user, path)
    with in_tenant(alpha):
        assert ReadReceipt.objects.count() == 0
        assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT
        assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
        assert MeetingTask.objects.get(pk=task.pk).status == TaskStatus.OPEN
        assert MeetingTask.objects.count() == 1


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_history_past_meeting_and_tasks(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting, task = _held_with_draft(tree)
        published_meeting(tree)  # not held: not in the history
    auth = _auth(alpha_client, "dv_x")
    history = alpha_client.get("/api/v1/meetings/history/", **auth).json()
    assert history["count"] == 1 and history["results"][0]["id"] == meeting.pk
    assert history["results"][0]["my_attendance"] == "present" and history["results"][0]["has_read"] is False
    assert alpha_client.get("/api/v1/meetings/history/?limit=x", **auth).status_code == 400
    data = alpha_client.get(f"/api/v1/meetings/{meeting.pk}/", **auth).json()
    assert data["minutes"] is None and data["resolution"]["text"] == "Nghị quyết làm đường"
    assert [t["title"] for t in data["tasks"]] == ["Vận động"] and data["my_attendance"]["status"] == "present"
    assert len(data["agenda"]) == 2
    assert alpha_client.get("/api/v1/meetings/history/", **auth).json()["results"][0]["has_read"] is True
    mine = alpha_client.get("/api/v1/meetings/tasks/mine/", **auth).json()
    assert [t["id"] for t in mine] == [task.pk]
    url = f"/api/v1/meetings/tasks/{task.pk}/status/"
    assert alpha_client.post(url, {"status": "cancelled"}, **auth).status_code == 400
    response = alpha_client.post(url, {"status": "done"}, **auth)
    assert response.status_code == 200 and response.json()["status"] == "done"
    with in_tenant(alpha):
        assert ReadReceipt.objects.get().member == tree.members["X"][0]
        assert MeetingTask.objects.get(pk=task.pk).completed_at is not None


def test_api_other_cell_gets_404_and_nothing_written(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting, task = _held_with_draft(tree)
        give_account(tree.members["Y"][0], "dv_y")
        owner_x2 = give_account(tree.members["X"][1], "dv_x2")
    y_auth = _auth(alpha_client, "dv_y")
    assert alpha_client.get(f"/api/v1/meetings/{meeting.pk}/", **y_auth).status_code == 404
    assert alpha_client.get("/api/v1/meetings/history/", **y_auth).json()["count"] == 0
    assert alpha_client.get("/api/v1/meetings/tasks/mine/", **y_auth).json() == []
    url = f"/api/v1/meetings/tasks/{task.pk}/status/"
    assert alpha_client.post(url, {"status": "done"}, **y_auth).status_code == 404
    # a member of the same cell who does not own the task: 404 too
    assert owner_x2.username == "dv_x2"
    assert alpha_client.post(url, {"status": "done"}, **_auth(alpha_client, "dv_x2")).status_code == 404
    with in_tenant(alpha):
        assert not ReadReceipt.objects.exists()
        assert MeetingTask.objects.get(pk=task.pk).status == TaskStatus.OPEN


# --- cross-tenant ------------------------------------------------------------------------------------------------


def test_cross_tenant_pages_and_api(tree, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        meeting, task = _closed(tree)
    with in_tenant(beta):
        build_tree()  # beta has its own sec_x and dv_x, but no meetings or tasks
    alpha_auth = _auth(alpha_client, "dv_x")
    for path in ("history/", f"{meeting.pk}/", "tasks/mine/"):
        assert beta_client.get(f"/api/v1/meetings/{path}", **alpha_auth).status_code == 401
    status_url = f"/api/v1/meetings/tasks/{task.pk}/status/"
    assert beta_client.post(status_url, {"status": "done"}, **alpha_auth).status_code == 401
    beta_auth = _auth(beta_client, "dv_x")
    assert beta_client.get(f"/api/v1/meetings/{meeting.pk}/", **beta_auth).status_code == 404
    assert beta_client.get("/api/v1/meetings/history/", **beta_auth).json()["count"] == 0
    assert beta_client.get("/api/v1/meetings/tasks/mine/", **beta_auth).json() == []
    assert beta_client.post(status_url, {"status": "done"}, **beta_auth).status_code == 404
    web_login(beta_client, "dv_x", PASSWORD)
    assert beta_client.get(f"/sinh-hoat/da-hop/{meeting.pk}/").status_code == 404
    assert beta_client.post(f"/sinh-hoat/nhiem-vu/{task.pk}/trang-thai/", {"status": "done"}).status_code == 404
    web_login(beta_client, "sec_x", PASSWORD)
    base = f"/sinh-hoat/quan-ly/{meeting.pk}/"
    for path in (
        "da-hop/",
        "bien-ban/",
        "bien-ban/duyet/",
        "nghi-quyet/",
        "nhiem-vu/",
        "kiem-diem/",
        "ket-thuc/",
        "huy/",
        f"xem-lai/{tree.members['X'][1].pk}/",
    ):
        assert beta_client.post(base + path, {"text": "x", "reason": "x", "title": "x"}).status_code == 404, path
    assert beta_client.post(f"/sinh-hoat/nhiem-vu/{task.pk}/trang-thai/", {"status": "cancelled"}).status_code == 404
    with in_tenant(alpha):
        assert not ReadReceipt.objects.exists()
        assert MeetingTask.objects.get(pk=task.pk).status == TaskStatus.OPEN
        assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CLOSED
    with in_tenant(beta):
        assert not ReadReceipt.objects.exists() and not MeetingTask.objects.exists()
