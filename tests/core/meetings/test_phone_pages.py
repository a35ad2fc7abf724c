"""The secretary's meeting page in three steps, one-tap attendance, confirmation pages, opinions sent twice,
what a member sees of their own input, the service worker per member (ADRs 0032, 0033)."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from core.audit.models import AuditEvent
from core.meetings.models import Attendance, AttendanceStatus, Meeting, Opinion, Vote, VoteStatus
from core.meetings.services.participation import opinion_submit
from core.meetings.services.proceedings import meeting_mark_held, minutes_save
from core.meetings.services.votes import vote_open
from core.meetings.view_helpers import default_step
from core.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import mark_present, published_meeting
from tests.helpers import in_tenant, web_login


def _started(tree, alpha):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=2))
        meeting.refresh_from_db()
    return meeting


def test_default_step_follows_the_meeting(tree, alpha):
    with in_tenant(alpha):
        soon = published_meeting(tree, starts_in=dt.timedelta(minutes=30))
        later = published_meeting(tree, starts_in=dt.timedelta(days=10))
        assert default_step(later) == "chuan-bi" and default_step(soon) == "trong-hop"
        soon.status = "closed"
        assert default_step(soon) == "sau-hop"


def test_each_step_shows_its_own_sections(tree, alpha, alpha_client):
    meeting = _started(tree, alpha)
    web_login(alpha_client, "sec_x", PASSWORD)
    url = f"/sinh-hoat/quan-ly/{meeting.pk}/"
    during = alpha_client.get(url).content.decode()  # meeting time: opens on "Trong buổi họp"
    assert 'id="diem-danh"' in during and 'id="bieu-quyet"' in during and 'id="chuong-trinh"' not in during
    assert "Chưa điểm danh" in during and ">Ghi<" in during and ">Sửa<" not in during
    before = alpha_client.get(url + "?buoc=chuan-bi").content.decode()
    assert 'id="chuong-trinh"' in before and 'id="diem-danh"' not in before
    assert (
        f"/sinh-hoat/quan-ly/{meeting.pk}/huy/" in before
        and 'action="/sinh-hoat/quan-ly/' + str(meeting.pk) + '/huy/"' not in before
    )
    after = alpha_client.get(url + "?buoc=sau-hop").content.decode()
    assert 'id="diem-danh"' not in after and 'aria-current="step"' in after
    assert alpha_client.get(url + "?buoc=<script>").status_code == 200  # unknown step: the default one


def test_one_tap_attendance_returns_to_the_member_row(tree, alpha, alpha_client):
    meeting = _started(tree, alpha)
    member = tree.members["X"][1]
    web_login(alpha_client, "sec_x", PASSWORD)
    response = alpha_client.post(
        f"/sinh-hoat/quan-ly/{meeting.pk}/diem-danh/{member.pk}/", {"status": "present", "reason": "gõ nhầm"}
    )
    assert response.status_code == 302 and response.url.endswith(f"?buoc=trong-hop#m-{member.pk}")
    with in_tenant(alpha):
        mark = Attendance.objects.get(meeting=meeting, member=member)
        assert mark.status == AttendanceStatus.PRESENT and mark.reason == ""  # a reason only for excused
    page = alpha_client.get(response.url).content.decode()
    assert f"{member.full_name}: Có mặt." in page


def test_closing_a_vote_goes_through_a_confirmation_stating_the_quorum(tree, alpha, alpha_client):
    meeting = _started(tree, alpha)
    with in_tenant(alpha):
        meeting_mark_held(meeting=meeting, actor=tree.users["sec_x"])
        mark_present(meeting, *tree.members["X"])
        vote = vote_open(meeting=meeting, question="Thông qua nghị quyết", secret=False, actor=tree.users["sec_x"])
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.get(f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/").content.decode()
    assert "Kết thúc biểu quyết?" in page and "0/3" in page and "cần ít nhất 2" in page and "Chưa đủ 2/3" in page
    assert 'name="below_quorum_reason"' in page
    refused = alpha_client.post(f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/", {})
    assert refused.url == f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/"  # back to the confirmation
    with in_tenant(alpha):
        assert Vote.objects.get(pk=vote.pk).status == VoteStatus.OPEN
    live = alpha_client.get(f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/").content.decode()
    assert f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/?tu=man-hinh" in live  # close from the live screen
    done = alpha_client.post(
        f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/", {"below_quorum_reason": "Hết giờ", "back": "man-hinh"}
    )
    assert done.url == f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/"
    with in_tenant(alpha):
        closed = Vote.objects.get(pk=vote.pk)
        assert closed.status == VoteStatus.CLOSED and not closed.quorum_met


def test_cancel_and_close_ask_first(tree, alpha, alpha_client):
    meeting = _started(tree, alpha)
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/huy/").content.decode()
    assert "Hủy buổi sinh hoạt?" in page and "không khôi phục được" in page and 'name="reason"' in page
    with in_tenant(alpha):
        meeting_mark_held(meeting=meeting, actor=tree.users["sec_x"])
    close = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/ket-thuc/").content.decode()
    assert "cần có biên bản đã được duyệt" in close and "Kết thúc buổi sinh hoạt</button>" not in close
    with in_tenant(alpha):
        assert Meeting.objects.get(pk=meeting.pk).status == "held"


def test_the_writer_of_the_minutes_is_told_who_approves(tree, alpha, alpha_client):
    meeting = _started(tree, alpha)
    with in_tenant(alpha):
        meeting_mark_held(meeting=meeting, actor=tree.users["sec_x"])
        minutes_save(meeting=meeting, actor=tree.users["sec_x"], text="Biên bản")
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/?buoc=sau-hop").content.decode()
    assert 'data-testid="approval-note"' in page and "admin_d1" in page and "Duyệt biên bản</button>" not in page


def test_new_minutes_notify_who_must_approve_them_once(tree, alpha, alpha_client):
    meeting = _started(tree, alpha)
    with in_tenant(alpha):
        meeting_mark_held(meeting=meeting, actor=tree.users["sec_x"])
        minutes_save(meeting=meeting, actor=tree.users["sec_x"], text="Biên bản")
        minutes_save(meeting=meeting, actor=tree.users["sec_x"], text="Biên bản, sửa lần 2")  # not told again
        told = Notification.objects.filter(notice__url__contains=f"/quan-ly/{meeting.pk}/")
        assert sorted(n.user.username for n in told) == ["admin_d1"]  # the writer is not asked to approve
        assert "chờ đồng chí duyệt" in told[0].notice.text and told[0].notice.url.endswith("?buoc=sau-hop#bien-ban")
        saved = AuditEvent.objects.filter(action="meeting.minutes_saved").order_by("pk")
        assert [e.changes["approvers_notified"] for e in saved] == [1, 0]
    web_login(alpha_client, "admin_d1", PASSWORD)
    assert "chờ đồng chí duyệt" in alpha_client.get("/thong-bao/").content.decode()


def test_an_opinion_sent_twice_with_its_key_records_once(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
    web_login(alpha_client, "dv_x", PASSWORD)
    for _ in range(2):
        response = alpha_client.post(f"/sinh-hoat/{meeting.pk}/y-kien/", {"text": "Nhất trí", "idem": "k-1"})
        assert response.status_code == 302
    with in_tenant(alpha):
        assert Opinion.objects.filter(meeting=meeting).count() == 1
        assert AuditEvent.objects.filter(action="meeting.opinion_submitted").count() == 1
        again = opinion_submit(meeting=meeting, member=tree.members["X"][0], text="Khác", actor=tree.users["member_x"],
                               client_key="k-1")  # fmt: skip
        assert again.text == "Nhất trí"
    alpha_client.post(f"/sinh-hoat/{meeting.pk}/y-kien/", {"text": "Ý kiến thứ hai"})  # no key: always recorded
    page = alpha_client.get("/sinh-hoat/").content.decode()
    assert 'data-testid="my-opinions"' in page and "Nhất trí" in page and "Ý kiến thứ hai" in page


def test_service_worker_is_bound_to_the_member_and_tenant(tree, alpha, alpha_client, beta_client):
    anonymous = alpha_client.get("/sw.js").content.decode()
    assert 'const PAGES = "";' in anonymous
    web_login(alpha_client, "dv_x", PASSWORD)
    mine = alpha_client.get("/sw.js").content.decode()
    page = alpha_client.get("/sinh-hoat/").content.decode()
    key = page.split('data-user="')[1].split('"')[0]
    assert len(key) == 16 and f'const PAGES = "sotay-pages-alpha-{key}";' in mine
    other = Client(HTTP_HOST=alpha_client.defaults["HTTP_HOST"])
    web_login(other, "sec_x", PASSWORD)
    assert key not in other.get("/sw.js").content.decode()
    assert "Đồng chí đang ngoại tuyến" in alpha_client.get("/ngoai-tuyen/").content.decode()


def test_confirmation_pages_and_steps_across_tenants(tree, alpha, beta, alpha_client, beta_client):
    """A secretary of beta (same username) opens alpha's meeting, vote and confirmation pages on beta's host,
    and with beta's session on alpha's host: not found, and nothing changes."""
    meeting = _started(tree, alpha)
    with in_tenant(alpha):
        meeting_mark_held(meeting=meeting, actor=tree.users["sec_x"])
        vote = vote_open(meeting=meeting, question="Thông qua", secret=False, actor=tree.users["sec_x"])
    with in_tenant(beta):
        from tests.factories.org import build_tree

        build_tree()
    web_login(beta_client, "sec_x", PASSWORD)
    urls = [
        f"/sinh-hoat/quan-ly/{meeting.pk}/?buoc=trong-hop",
        f"/sinh-hoat/quan-ly/{meeting.pk}/ket-thuc/",
        f"/sinh-hoat/quan-ly/{meeting.pk}/huy/",
        f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/",
    ]
    for url in urls:
        assert beta_client.get(url).status_code == 404, url
    assert beta_client.post(urls[3], {"below_quorum_reason": "x"}).status_code == 404
    alpha_client.cookies = beta_client.cookies  # beta's session on alpha's host: not signed in there
    assert alpha_client.get(urls[1]).status_code == 302
    with in_tenant(alpha):
        assert Vote.objects.get(pk=vote.pk).status == VoteStatus.OPEN
        assert Meeting.objects.get(pk=meeting.pk).status == "held"


def test_a_member_edits_their_opinion_until_the_meeting_starts(tree, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        mine = opinion_submit(
            meeting=meeting, member=tree.members["X"][0], text="Nhất trí", actor=tree.users["member_x"]
        )
        proxy = opinion_submit(meeting=meeting, member=tree.members["X"][0], text="Ghi thay", actor=tree.users["sec_x"])
    web_login(alpha_client, "dv_x", PASSWORD)
    assert "Sửa ý kiến này" in alpha_client.get("/sinh-hoat/").content.decode()
    alpha_client.post(f"/sinh-hoat/y-kien/{mine.pk}/sua/", {"text": "Nhất trí, đề nghị bổ sung kinh phí"})
    alpha_client.post(f"/sinh-hoat/y-kien/{proxy.pk}/sua/", {"text": "Đổi lời ghi thay"})  # the secretary's record
    with in_tenant(alpha):
        assert Opinion.objects.get(pk=mine.pk).text == "Nhất trí, đề nghị bổ sung kinh phí"
        assert Opinion.objects.get(pk=proxy.pk).text == "Ghi thay"
        assert AuditEvent.objects.filter(action="meeting.opinion_edited").count() == 1
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=1))
    late = alpha_client.post(f"/sinh-hoat/y-kien/{mine.pk}/sua/", {"text": "Muộn"}, follow=True).content.decode()
    assert "không sửa ý kiến được nữa" in late
    with in_tenant(beta):
        from tests.factories.org import build_tree

        build_tree()
    web_login(beta_client, "dv_x", PASSWORD)  # the same login in another committee
    assert beta_client.post(f"/sinh-hoat/y-kien/{mine.pk}/sua/", {"text": "x"}).status_code == 404
    with in_tenant(alpha):
        assert Opinion.objects.get(pk=mine.pk).text == "Nhất trí, đề nghị bổ sung kinh phí"
