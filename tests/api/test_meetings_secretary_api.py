"""Secretary's meetings API (/api/v1/meetings/manage/…): a whole meeting run through the API, Vietnamese 400s,
constant queries of the full meeting, 404 for another cell's secretary and for members on every endpoint, and
cross-tenant isolation (401 with another tenant's token, 404 for another tenant's ids) with nothing written."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.access.models import Role
from core.audit.models import AuditEvent
from core.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    MeetingTask,
    Minutes,
    OpenBallot,
    Opinion,
    ReadReceipt,
    Resolution,
    SecretBallotCast,
    TaskReview,
    TaskStatus,
    Vote,
)
from core.meetings.services.documents import document_attach
from core.meetings.services.participation import attendance_set, opinion_submit
from core.meetings.services.proceedings import meeting_mark_held, task_add
from core.meetings.services.votes import vote_open
from core.members.models import Member
from core.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import published_meeting
from tests.factories.org import MemberFactory, build_tree, user_with
from tests.helpers import in_tenant

BASE = "/api/v1/meetings/manage/"
PDF = b"%PDF-1.4\n% Tai lieu sinh hoat\n"


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _auth(client, username):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def _call(client, method, url, data, auth):
    if method == "get":
        return client.get(url, **auth)
    if method == "delete":
        return client.delete(url, **auth)
    if url.endswith("/documents/"):
        return client.post(url, data, **auth)  # multipart
    send = client.put if method == "put" else client.post
    return send(url, json.dumps(data), content_type="application/json", **auth)


def _pdf(name="Tài liệu.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def _snapshot() -> dict[str, object]:
    """Row counts of everything the secretary's endpoints write, plus each meeting's status."""
    models = [
        AuditEvent,
        Meeting,
        AgendaItem,
        Attendance,
        Opinion,
        Vote,
        OpenBallot,
        SecretBallotCast,
        Minutes,
        Resolution,
        MeetingTask,
        TaskReview,
        MeetingDocument,
        ReadReceipt,
        Notification,
    ]
    counts: dict[str, object] = {m.__name__: m._default_manager.count() for m in models}
    counts["statuses"] = sorted(Meeting.objects.values_list("pk", "status"))
    return counts


# --- the whole run -----------------------------------------------------------------------------------------------


def test_whole_meeting_run_through_the_api(tree, alpha, alpha_client):
    sec, admin, member = (_auth(alpha_client, u) for u in ("sec_x", "admin_d1", "dv_x"))
    x0, x1, x2 = tree.members["X"]
    start = timezone.now() + dt.timedelta(minutes=10)
    payload = {
        "cell": "X",
        "kind": "regular",
        "title": "Sinh hoạt tháng 12",
        "starts_at": _iso(start),
        "ends_at": _iso(start + dt.timedelta(hours=2)),
        "place": "Nhà văn hóa thôn Đông",
    }
    created = _call(alpha_client, "post", BASE, payload, sec)
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    url = f"{BASE}{meeting_id}/"
    assert created.json()["status"] == "draft" and created.json()["cell_code"] == "X"

    for title in ("Kiểm điểm nghị quyết tháng trước", "Triển khai nhiệm vụ tháng tới"):
        assert _call(alpha_client, "post", url + "agenda/", {"title": title}, sec).status_code == 201
    doc = _call(alpha_client, "post", url + "documents/", {"title": "", "file": _pdf()}, sec)
    assert doc.status_code == 201 and doc.json()["title"] == "Tài liệu"
    extra = _call(alpha_client, "post", url + "documents/", {"title": "Bản cũ", "file": _pdf("cu.pdf")}, sec)
    assert _call(alpha_client, "delete", f"{BASE}documents/{extra.json()['id']}/", None, sec).status_code == 204

    published = _call(alpha_client, "post", url + "publish/", {}, sec)
    assert published.status_code == 200 and published.json()["notified"] == 1  # only dv_x has an account
    assert published.json()["meeting"]["status"] == "published"

    code = alpha_client.get(url + "check-in-code/", **sec)
    assert code.status_code == 200 and code["Cache-Control"] == "no-store"
    data = code.json()
    assert len(data["code"]) == 6 and data["code"].isdigit()
    assert data["check_in_url"].endswith(f"/sinh-hoat/{meeting_id}/diem-danh/?ma={data['code']}")
    assert data["refresh_at"] <= data["valid_until"]
    checked = alpha_client.post(f"/api/v1/meetings/{meeting_id}/check-in/", {"code": data["code"]}, **member)
    assert checked.status_code == 200 and checked.json()["status"] == "present"

    excused = {"member": x1.pk, "status": "excused", "reason": "Đi công tác"}
    marked = _call(alpha_client, "post", url + "attendance/", excused, sec)
    assert marked.status_code == 200 and marked.json() == {**marked.json(), "member": x1.pk, "status": "excused"}
    items = alpha_client.get(url, **sec).json()["agenda"]
    proxy = {"member": x2.pk, "text": "Nhất trí với dự thảo", "agenda_item": items[0]["id"]}
    opinion = _call(alpha_client, "post", url + "opinions/", proxy, sec)
    assert opinion.status_code == 201 and opinion.json()["proxy"] is True

    with in_tenant(alpha):  # the clock moves on: the meeting has begun
        Meeting.objects.filter(pk=meeting_id).update(starts_at=timezone.now() - dt.timedelta(minutes=1))
    held = _call(alpha_client, "post", url + "held/", {}, sec)
    assert held.status_code == 200 and held.json()["status"] == "held"

    here = _call(alpha_client, "post", url + "attendance/", {"member": x2.pk, "status": "present"}, sec)
    assert here.status_code == 200  # x2 has no phone but is in the room: the secretary marks them present
    opened = _call(alpha_client, "post", url + "votes/", {"question": "Thông qua nghị quyết?", "secret": False}, sec)
    assert opened.status_code == 201, opened.content
    vote_id = opened.json()["id"]
    ballot = alpha_client.post(f"/api/v1/meetings/votes/{vote_id}/ballot/", {"choice": "yes"}, **member)
    assert ballot.status_code == 201
    row = _call(alpha_client, "post", f"{BASE}votes/{vote_id}/proxy/", {"member": x2.pk, "choice": "yes"}, sec)
    assert row.status_code == 200 and row.json()["participants"] == 2
    assert [b["proxy"] for b in sorted(row.json()["ballots"], key=lambda b: b["member"])] == [False, True]
    closed_vote = _call(alpha_client, "post", f"{BASE}votes/{vote_id}/close/", {}, sec).json()
    assert closed_vote["results"]["yes"] == 2 and closed_vote["results"]["passed"] is True

    secret = _call(alpha_client, "post", url + "votes/", {"question": "Bầu tổ trưởng", "secret": True}, sec).json()
    papers = {"members": [x1.pk, x2.pk], "yes": 1, "no": 1, "abstain": 0}
    absent = _call(alpha_client, "post", f"{BASE}votes/{secret['id']}/paper/", papers, sec)
    assert absent.status_code == 400 and absent.json()["code"] == "not_present"  # x1 is excused, not in the room
    assert x1.full_name in absent.json()["detail"] and "chưa được điểm danh có mặt" in absent.json()["detail"]
    papers = {"members": [x2.pk], "yes": 1, "no": 0, "abstain": 0}
    turnout = _call(alpha_client, "post", f"{BASE}votes/{secret['id']}/paper/", papers, sec).json()
    assert turnout["participants"] == 1 and turnout["results"] is None and turnout["ballots"] == []
    live = next(v for v in alpha_client.get(url, **sec).json()["votes"] if v["id"] == secret["id"])
    assert live["results"] is None
    assert {(m["id"], m["present"]) for m in live["not_voted"]} == {(x0.pk, True), (x1.pk, False)}
    ballot = alpha_client.post(f"/api/v1/meetings/votes/{secret['id']}/ballot/", {"choice": "no"}, **member)
    assert ballot.status_code == 201
    done = _call(alpha_client, "post", f"{BASE}votes/{secret['id']}/close/", {}, sec).json()
    # 2 of 3 took part (quorum); fewer than 3 participants: counts withheld, the verdict published
    assert (done["results"]["yes"], done["results"]["no"], done["results"]["names"]) == (None, None, [])
    assert (done["results"]["withheld"], done["results"]["quorum_met"], done["results"]["passed"]) == (
        "few",
        True,
        False,
    )

    assert _call(alpha_client, "put", url + "minutes/", {"text": "Biên bản buổi sinh hoạt"}, sec).status_code == 200
    own = _call(alpha_client, "post", url + "minutes/approve/", {}, sec)
    assert own.status_code == 400 and own.json()["code"] == "own_minutes" and "không tự duyệt" in own.json()["detail"]
    approved = _call(alpha_client, "post", url + "minutes/approve/", {}, admin)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == "admin_d1"
    resolution = _call(alpha_client, "put", url + "resolution/", {"text": "Nghị quyết tháng 12"}, sec)
    assert resolution.status_code == 200
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    task = _call(alpha_client, "post", url + "tasks/", {"title": "Thu đảng phí", "due_date": due, "owner": x0.pk}, sec)
    assert task.status_code == 201 and task.json()["owner_name"] == x0.full_name

    closed = _call(alpha_client, "post", url + "close/", {}, sec)
    assert closed.status_code == 200, closed.content
    assert closed.json()["meeting"]["status"] == "closed" and closed.json()["auto_unexcused"] == []

    full = alpha_client.get(url, **sec).json()
    assert full["meeting"]["status"] == "closed" and full["present"] == 2
    marks = {r["member"]: r["attendance"]["status"] for r in full["roster"]}
    assert marks == {x0.pk: "present", x1.pk: "excused", x2.pk: "present"}
    assert [o["text"] for o in full["opinions"][0]["opinions"]] == ["Nhất trí với dự thảo"]
    assert full["minutes"]["status"] == "approved" and full["resolution"]["text"] == "Nghị quyết tháng 12"
    assert [t["title"] for t in full["tasks"]] == ["Thu đảng phí"] and len(full["documents"]) == 1
    assert {r["member"] for r in full["catchup"]} == {x1.pk} and full["close_preview"] is None
    late = _call(alpha_client, "delete", f"{BASE}documents/{doc.json()['id']}/", None, sec)
    assert late.status_code == 400 and late.json()["code"] == "closed"


def test_reschedule_cancel_and_task_review_of_earlier_meetings(tree, alpha, alpha_client):
    sec = _auth(alpha_client, "sec_x")
    with in_tenant(alpha):
        earlier = published_meeting(tree)
        earlier = meeting_mark_held(
            meeting=earlier, actor=tree.users["sec_x"], now=earlier.starts_at + dt.timedelta(minutes=1)
        )
        due = timezone.localdate() + dt.timedelta(days=10)
        task = task_add(meeting=earlier, actor=tree.users["sec_x"], title="Vận động quỹ", due_date=due)
        y_meeting = published_meeting(tree, cell=tree.y)
        y_meeting = meeting_mark_held(
            meeting=y_meeting, actor=tree.users["sec_y"], now=y_meeting.starts_at + dt.timedelta(minutes=1)
        )
        y_task = task_add(meeting=y_meeting, actor=tree.users["sec_y"], title="Việc chi bộ Đoài", due_date=due)
        later = published_meeting(tree, starts_in=dt.timedelta(days=30))
    url = f"{BASE}{later.pk}/"
    to_review = alpha_client.get(url, **sec).json()["to_review"]
    assert [t["id"] for t in to_review] == [task.pk] and to_review[0]["this_review"] is None

    other = {"entries": [{"task": y_task.pk, "status": "done"}]}
    refused = _call(alpha_client, "post", url + "task-reviews/", other, sec)
    assert refused.status_code == 400 and refused.json()["code"] == "bad_task"
    entries = {"entries": [{"task": task.pk, "status": "in_progress", "note": "Đã thu 60%"}]}
    reviewed = _call(alpha_client, "post", url + "task-reviews/", entries, sec)
    assert reviewed.status_code == 200 and reviewed.json() == [
        {"task": task.pk, "task_title": "Vận động quỹ", "status": "in_progress", "note": "Đã thu 60%"}
    ]
    again = alpha_client.get(url, **sec).json()["to_review"][0]["this_review"]
    assert again == {"status": "in_progress", "note": "Đã thu 60%"}
    with in_tenant(alpha):
        assert MeetingTask.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS
        assert MeetingTask.objects.get(pk=y_task.pk).status == TaskStatus.OPEN

    new_start = later.starts_at + dt.timedelta(days=1)
    moved = {"starts_at": _iso(new_start), "ends_at": _iso(new_start + dt.timedelta(hours=1)), "place": "Hội trường"}
    response = _call(alpha_client, "post", url + "reschedule/", moved, sec)
    assert response.status_code == 200 and response.json()["place"] == "Hội trường"
    assert response.json()["title"] == later.title  # blank title keeps the old one (service rule)
    no_reason = _call(alpha_client, "post", url + "cancel/", {"reason": " "}, sec)
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "no_reason"
    cancelled = _call(alpha_client, "post", url + "cancel/", {"reason": "Trùng lịch họp xã"}, sec)
    assert cancelled.status_code == 200 and cancelled.json()["meeting"]["status"] == "cancelled"
    assert cancelled.json()["notified"] == 1  # it had been published: dv_x is told


# --- list --------------------------------------------------------------------------------------------------------


def test_list_is_scoped_filtered_and_paginated(tree, alpha, alpha_client):
    with in_tenant(alpha):
        mine = [published_meeting(tree, starts_in=dt.timedelta(days=d)) for d in (1, 2, 3)]
        theirs = published_meeting(tree, cell=tree.y)
        Meeting.objects.filter(pk=mine[0].pk).update(status=MeetingStatus.CANCELLED)
    sec = _auth(alpha_client, "sec_x")
    page = alpha_client.get(BASE, {"limit": 2}, **sec).json()
    assert page["count"] == 3 and [m["id"] for m in page["results"]] == [mine[2].pk, mine[1].pk]
    rest = alpha_client.get(BASE, {"limit": 2, "offset": 2}, **sec).json()
    assert [m["id"] for m in rest["results"]] == [mine[0].pk]
    cancelled = alpha_client.get(BASE, {"status": "cancelled"}, **sec).json()
    assert [m["id"] for m in cancelled["results"]] == [mine[0].pk]
    bad = alpha_client.get(BASE, {"status": "nope"}, **sec)
    assert bad.status_code == 400 and bad.json()["detail"] == "Trạng thái buổi sinh hoạt không hợp lệ."
    admin = alpha_client.get(BASE, **_auth(alpha_client, "admin_d1")).json()
    assert {m["id"] for m in admin["results"]} == {*(m.pk for m in mine), theirs.pk}
    assert alpha_client.get(BASE, **_auth(alpha_client, "dv_x")).status_code == 403


# --- Vietnamese 400s ---------------------------------------------------------------------------------------------


def test_bad_input_gives_vietnamese_400s_and_writes_nothing(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        before = _snapshot()
    sec = _auth(alpha_client, "sec_x")
    url = f"{BASE}{meeting.pk}/"
    start = timezone.now() + dt.timedelta(days=1)
    backwards = {"cell": "X", "title": "Họp", "starts_at": _iso(start), "ends_at": _iso(start - dt.timedelta(hours=1))}
    response = _call(alpha_client, "post", BASE, backwards, sec)
    assert response.status_code == 400
    assert response.json() == {"detail": "Giờ kết thúc phải sau giờ bắt đầu.", "code": "bad_times"}
    other_cell = {**backwards, "cell": "Y", "ends_at": _iso(start + dt.timedelta(hours=1))}
    response = _call(alpha_client, "post", BASE, other_cell, sec)
    assert response.status_code == 400 and response.json()["code"] == "bad_cell"
    no_reason = _call(
        alpha_client, "post", url + "attendance/", {"member": tree.members["X"][1].pk, "status": "excused"}, sec
    )
    assert no_reason.status_code == 400
    assert no_reason.json() == {"detail": "Vắng có lý do cần ghi rõ lý do.", "code": "no_reason"}
    y_member = tree.members["Y"][0].pk
    for path, payload in (
        ("attendance/", {"member": y_member, "status": "present"}),
        ("opinions/", {"member": y_member, "text": "Ý kiến"}),
        ("tasks/", {"title": "Việc", "due_date": "2099-01-01", "owner": y_member}),
        ("attendance/", {"member": 999999, "status": "present"}),
    ):
        response = _call(alpha_client, "post", url + path, payload, sec)
        assert response.status_code == 400, (path, response.content)
        assert response.json() == {"detail": "Đảng viên này không sinh hoạt tại chi bộ.", "code": "not_in_cell"}
    again = _call(alpha_client, "post", url + "publish/", {}, sec)
    assert again.status_code == 400 and again.json()["detail"] == "Buổi sinh hoạt này đã được thông báo."
    early = _call(alpha_client, "post", url + "held/", {}, sec)
    assert early.status_code == 400 and early.json()["code"] == "too_early"
    shape = _call(alpha_client, "post", url + "attendance/", {"member": "x", "status": "maybe"}, sec)
    assert shape.status_code == 400 and set(shape.json()) == {"member", "status"}
    with in_tenant(alpha):
        assert _snapshot() == before


# --- constant queries --------------------------------------------------------------------------------------------


def _held_y_meeting(tree) -> Meeting:
    meeting = published_meeting(tree, cell=tree.y)
    sec = tree.users["sec_y"]
    return meeting_mark_held(meeting=meeting, actor=sec, now=meeting.starts_at + dt.timedelta(minutes=1))


def _mark_everyone(tree, meeting: Meeting) -> None:
    sec = tree.users["sec_y"]
    for member in Member.objects.filter(cell=tree.y):
        if not Attendance.objects.filter(meeting=meeting, member=member).exists():
            attendance_set(meeting=meeting, member=member, status=AttendanceStatus.PRESENT, actor=sec)
            opinion_submit(meeting=meeting, member=member, text="Nhất trí", actor=sec)


def _queries(captured: CaptureQueriesContext) -> int:
    """Queries of one request, without the search_path switch (issued only after a test used in_tenant)."""
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def test_full_meeting_has_the_same_query_count_for_2_and_6_members(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = _held_y_meeting(tree)
        _mark_everyone(tree, meeting)
        vote_open(meeting=meeting, question="Thông qua?", secret=False, actor=tree.users["sec_y"])
    auth = _auth(alpha_client, "sec_y")
    url = f"{BASE}{meeting.pk}/"
    alpha_client.get(url, **auth)  # warm up (token last-used stamp, content types)
    with CaptureQueriesContext(connection) as two:
        first = alpha_client.get(url, **auth)
    assert first.status_code == 200 and len(first.json()["roster"]) == 2
    with in_tenant(alpha):
        MemberFactory.create_batch(4, cell=tree.y)
        _mark_everyone(tree, meeting)
    with CaptureQueriesContext(connection) as six:
        second = alpha_client.get(url, **auth)
    data = second.json()
    assert len(data["roster"]) == 6 and len(data["opinions"][-1]["opinions"]) == 6 and data["present"] == 6
    # E was fixed when the vote opened (2 members); the 4 who joined later are listed as not voting, with why
    assert len(data["votes"][0]["not_voted"]) == 2 and data["votes"][0]["participants"] == 0
    assert len(data["votes"][0]["non_voters"]) == 4 and data["voters"] == 6
    assert _queries(six) == _queries(two)


# --- permissions and tenants -------------------------------------------------------------------------------------


def _world(tree, alpha):
    """A published meeting of X with a document and an open vote, and a held one for the proceedings endpoints."""
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        doc = document_attach(meeting=meeting, title="Tài liệu", upload=_pdf(), actor=tree.users["sec_x"])
        vote = vote_open(meeting=meeting, question="Thông qua?", secret=True, actor=tree.users["sec_x"])
    return meeting, doc, vote


def _endpoints(meeting, doc, vote, member):
    m, start = f"{BASE}{meeting.pk}/", meeting.starts_at + dt.timedelta(days=1)
    return [
        ("get", m, None),
        ("post", m + "agenda/", {"title": "Thêm"}),
        ("post", m + "publish/", {}),
        ("post", m + "reschedule/", {"starts_at": _iso(start), "ends_at": _iso(start + dt.timedelta(hours=1))}),
        ("post", m + "cancel/", {"reason": "Lý do"}),
        ("post", m + "held/", {}),
        ("post", m + "close/", {}),
        ("get", m + "check-in-code/", None),
        ("post", m + "attendance/", {"member": member.pk, "status": "present"}),
        ("post", m + "opinions/", {"member": member.pk, "text": "Ý kiến"}),
        ("put", m + "minutes/", {"text": "Biên bản"}),
        ("post", m + "minutes/approve/", {}),
        ("put", m + "resolution/", {"text": "Nghị quyết"}),
        ("post", m + "tasks/", {"title": "Việc", "due_date": "2099-01-01"}),
        ("post", m + "task-reviews/", {"entries": [{"task": 1, "status": "done"}]}),
        ("post", m + "catch-up/", {"member": member.pk}),
        ("post", m + "votes/", {"question": "Thêm biểu quyết?"}),
        ("post", f"{BASE}votes/{vote.pk}/proxy/", {"member": member.pk, "choice": "yes"}),
        ("post", f"{BASE}votes/{vote.pk}/paper/", {"members": [member.pk], "yes": 1}),
        ("post", f"{BASE}votes/{vote.pk}/close/", {}),
        ("post", f"{BASE}votes/{vote.pk}/close/", {"below_quorum_reason": "Đóng khi chưa đủ 2/3"}),
        ("post", m + "documents/", {"title": "Khác", "file": _pdf()}),
        ("delete", f"{BASE}documents/{doc.pk}/", None),
    ]


def test_other_cells_secretary_and_members_get_404_on_every_endpoint(tree, alpha, alpha_client):
    meeting, doc, vote = _world(tree, alpha)
    with in_tenant(alpha):
        user_with("sec_y", (Role.CELL_SECRETARY, tree.y))
        before = _snapshot()
    for username in ("sec_y", "dv_x", "nobody"):
        auth = _auth(alpha_client, username)
        for method, url, payload in _endpoints(meeting, doc, vote, tree.members["X"][1]):
            response = _call(alpha_client, method, url, payload, auth)
            assert response.status_code == 404, (username, method, url, response.status_code)
    schedule = {"cell": "X", "title": "Họp", "starts_at": _iso(meeting.starts_at), "ends_at": _iso(meeting.ends_at)}
    assert _call(alpha_client, "post", BASE, schedule, _auth(alpha_client, "dv_x")).status_code == 403
    refused = _call(alpha_client, "post", BASE, schedule, _auth(alpha_client, "sec_y"))
    assert refused.status_code == 400 and refused.json()["code"] == "bad_cell"
    assert [m["id"] for m in alpha_client.get(BASE, **_auth(alpha_client, "sec_y")).json()["results"]] == []
    with in_tenant(alpha):
        assert _snapshot() == before


def test_cross_tenant_every_endpoint(tree, alpha, beta, alpha_client, beta_client):
    meeting, doc, vote = _world(tree, alpha)
    with in_tenant(beta):
        build_tree()  # beta has its own sec_x and members, but no meetings
    with in_tenant(alpha):
        before = _snapshot()
    alpha_token = _auth(alpha_client, "sec_x")
    beta_token = _auth(beta_client, "sec_x")
    endpoints = _endpoints(meeting, doc, vote, tree.members["X"][1])
    for method, url, payload in [("get", BASE, None), *endpoints]:
        response = _call(beta_client, method, url, payload, alpha_token)
        assert response.status_code == 401, (method, url, response.status_code)
    for method, url, payload in endpoints:
        response = _call(beta_client, method, url, payload, beta_token)
        assert response.status_code == 404, (method, url, response.status_code)
    assert beta_client.get(BASE, **beta_token).json()["count"] == 0
    with in_tenant(alpha):
        assert _snapshot() == before
    with in_tenant(beta):
        assert not Meeting.objects.exists() and not Vote.objects.exists()


def test_openapi_describes_every_secretary_endpoint(alpha_client):
    response = alpha_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = {p: ops for p, ops in response.json()["paths"].items() if p.startswith("/api/v1/meetings/manage/")}
    assert len(paths) == 23
    operations = [op for ops in paths.values() for method, op in ops.items() if method != "parameters"]
    assert len(operations) == 24 and all(" / " in op["summary"] for op in operations)
    upload = paths["/api/v1/meetings/manage/{meeting_id}/documents/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
