"""Feedback threads: addressed to the member's cell or a committee above; handlers of that unit answer; status
flow and response times; the anonymity rule (hidden from the cell, shown above); a secretary files for a member
(audited proxy); attachments behind the access check; the API; other tenants see nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.access.models import Role
from core.audit.models import AuditEvent
from core.feedback.models import Source, Status, Thread
from core.feedback.selectors import ANONYMOUS, author_name, inbox, response_times, thread_for
from core.feedback.services import thread_create, thread_reply, thread_set_status
from core.members.models import Member
from core.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.core.content.files import pdf
from tests.core.meetings.test_pages_and_api import _auth
from tests.factories.org import user_with
from tests.helpers import in_tenant, web_login


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _open(tree, **kw):
    defaults = {
        "actor": tree.users["member_x"],
        "unit": tree.x,
        "subject": "Đường làng hỏng",
        "body": "Đề nghị chi bộ kiến nghị sửa.",
    }
    return thread_create(**(defaults | kw))


def test_member_sends_to_own_cell_or_above_only(tree):
    assert _open(tree).unit == tree.x
    assert _open(tree, unit=tree.d1).unit == tree.d1
    with pytest.raises(ValidationError):
        _open(tree, unit=tree.y)  # a neighbouring cell
    with pytest.raises(PermissionDenied):
        _open(tree, actor=tree.users["nobody"])  # not a member


def test_handlers_answer_the_member_is_notified_status_and_times(tree):
    thread = _open(tree)
    secretary, member = tree.users["sec_x"], tree.users["member_x"]
    assert Notification.objects.filter(user=secretary, notice__kind="feedback").exists()
    assert list(inbox(secretary)) == [thread] and not list(inbox(tree.users["nobody"]))
    with pytest.raises(PermissionDenied):
        thread_reply(actor=tree.users["nobody"], thread=thread, body="?")
    thread_reply(actor=secretary, thread=thread, body="Chi bộ đã ghi nhận, sẽ báo xã.")
    thread.refresh_from_db()
    assert thread.status == Status.ANSWERED and thread.first_response_at is not None
    assert Notification.objects.filter(user=member, notice__text__contains="đã trả lời").exists()
    thread_reply(actor=member, thread=thread, body="Cảm ơn chi bộ")
    thread.refresh_from_db()
    assert thread.status == Status.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        thread_set_status(actor=member, thread=thread, status=Status.CLOSED)
    thread_set_status(actor=secretary, thread=thread, status=Status.CLOSED)
    with pytest.raises(ValidationError):
        thread_reply(actor=member, thread=thread, body="còn nữa")
    times = response_times(tree.users["admin_d1"])
    assert [(t.unit, t.total, t.open, t.answered) for t in times] == [(tree.x.name, 1, 0, 1)]


def test_hidden_from_the_cell_but_not_from_the_committee_above(tree):
    thread = _open(tree, hide_name_from_cell=True)
    name = Member.objects.get(user=tree.users["member_x"]).full_name
    assert author_name(thread, tree.users["sec_x"]) == ANONYMOUS
    assert author_name(thread, tree.users["admin_d1"]) == name
    assert author_name(thread, tree.users["member_x"]) == name
    plain = _open(tree, subject="Không ẩn")
    assert author_name(plain, tree.users["sec_x"]) == name
    # notifications to handlers never carry the author's name
    assert not Notification.objects.filter(notice__text__contains=name).exists()


def test_secretary_files_for_a_member_audited(tree):
    other = tree.members["X"][1]
    thread = _open(tree, actor=tree.users["sec_x"], member=other, body="Đồng chí nhờ gửi: xin miễn sinh hoạt.")
    assert thread.source == Source.PROXY and thread.member == other and thread.filed_by == tree.users["sec_x"]
    event = AuditEvent.objects.get(action="feedback.thread_created", target_id=str(thread.pk))
    assert event.changes["on_behalf_of_member"]["name"] == other.full_name
    with pytest.raises(PermissionDenied):  # a member of another cell is not the secretary's
        _open(tree, actor=tree.users["sec_x"], member=tree.members["Z"][0], unit=tree.z)


def test_pages_attachments_and_access(tree, alpha, alpha_client):
    web_login(alpha_client, "dv_x", PASSWORD)
    response = alpha_client.post(
        "/y-kien/gui/",
        {
            "unit": tree.x.pk,
            "subject": "Xin tài liệu",
            "body": "Xin bản nghị quyết",
            "file": pdf("nq.pdf"),
        },
    )
    assert response.status_code == 302
    with in_tenant(alpha):
        thread = Thread.objects.get(subject="Xin tài liệu")
        attachment = thread.messages.get().attachments.get()
    page = alpha_client.get(f"/y-kien/{thread.pk}/").content.decode()
    assert "nq.pdf" in page
    assert alpha_client.get(f"/y-kien/{thread.pk}/tep/{attachment.pk}/").status_code == 200
    web_login(alpha_client, "nobody", PASSWORD)
    assert alpha_client.get(f"/y-kien/{thread.pk}/").status_code == 404
    assert alpha_client.get(f"/y-kien/{thread.pk}/tep/{attachment.pk}/").status_code == 404
    assert alpha_client.get("/y-kien/hop-thu/").status_code == 404
    web_login(alpha_client, "sec_x", PASSWORD)
    assert "Xin tài liệu" in alpha_client.get("/y-kien/hop-thu/").content.decode()


def test_api_and_cross_tenant(tree, alpha, beta, alpha_client, beta_client):
    auth = _auth(alpha_client, "dv_x")
    body = {"unit_id": tree.x.pk, "subject": "Qua API", "body": "Nội dung", "hide_name_from_cell": True}
    created = alpha_client.post("/api/v1/feedback/threads/", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    thread_id = created.json()["id"]
    sec = _auth(alpha_client, "sec_x")
    assert alpha_client.get(f"/api/v1/feedback/threads/{thread_id}/", **sec).json()["author"] == ANONYMOUS
    reply = alpha_client.post(f"/api/v1/feedback/threads/{thread_id}/replies/", {"body": "Đã nhận"},
                              content_type="application/json", **sec)  # fmt: skip
    assert reply.status_code == 201 and reply.json()["status"] == "answered"
    assert alpha_client.get("/api/v1/feedback/inbox/?status=bogus", **sec).status_code == 400
    assert len(alpha_client.get("/api/v1/feedback/inbox/?status=answered", **sec).json()) == 1
    assert alpha_client.post(f"/api/v1/feedback/threads/{thread_id}/status/", {"status": "closed"},
                             content_type="application/json", **auth).status_code == 403  # fmt: skip
    with in_tenant(beta):
        from tests.factories.org import build_tree

        build_tree()
    beta_auth = _auth(beta_client, "sec_x")
    assert beta_client.get(f"/api/v1/feedback/threads/{thread_id}/", **beta_auth).status_code == 404
    assert beta_client.get("/api/v1/feedback/inbox/", **beta_auth).json() == []
    assert beta_client.post(f"/api/v1/feedback/threads/{thread_id}/replies/", {"body": "x"},
                            content_type="application/json", **beta_auth).status_code == 404  # fmt: skip
    assert beta_client.get("/api/v1/feedback/threads/", **auth).status_code == 401
    with in_tenant(alpha):
        assert thread_for(tree.users["nobody"], thread_id) is None
        assert user_with("x_admin", (Role.COMMITTEE_ADMIN, tree.d2)) and not list(
            inbox(tree.users["admin_d1"]).filter(unit=tree.z)
        )
