"""Committee meetings (họp cấp ủy): seats on a unit's committee decide who is called, notified, may check in,
give opinions and vote; cell statistics leave them out; seat pages are scoped and tenant-bound."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.audit.models import AuditEvent
from core.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    OpenBallot,
)
from core.meetings.roster import participants
from core.meetings.selectors import my_next_meeting
from core.meetings.services.checkin import attendance_check_in, checkin_code
from core.meetings.services.participation import opinion_submit
from core.meetings.services.proceedings import meeting_close, meeting_mark_held, minutes_approve, minutes_save
from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
from core.meetings.services.votes import vote_open
from core.members.committee import committee_of, committee_seat_add, committee_seat_end
from core.members.models import CommitteePosition, CommitteeSeat, MemberStatus
from core.notifications.models import Notification
from core.stats.meeting_selectors import meeting_unit
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account, mark_present, published_meeting
from tests.helpers import in_tenant, web_login


def _committee_meeting(tree, starts_in=dt.timedelta(minutes=5)):
    start = timezone.now() + starts_in
    meeting = meeting_schedule(
        cell=tree.c1,
        kind=MeetingKind.COMMITTEE,
        title="Họp Ban Chấp hành Đảng bộ xã",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        actor=tree.users["admin_d1"],
    )
    agenda_item_add(meeting=meeting, title="Đánh giá kết quả tháng", actor=tree.users["admin_d1"])
    return meeting


@pytest.fixture
def seated(tree, alpha):
    """C1's committee: the first member of X (dv_x) as secretary and the first member of Y as member."""
    with in_tenant(alpha):
        admin = tree.users["admin_d1"]
        committee_seat_add(unit=tree.c1, member=tree.members["X"][0], position=CommitteePosition.SECRETARY, actor=admin)
        committee_seat_add(unit=tree.c1, member=tree.members["Y"][0], position=CommitteePosition.MEMBER, actor=admin)
        yield tree


def test_seats_need_members_manage_inside_the_unit_and_are_audited(tree, alpha):
    with in_tenant(alpha):
        x_member, z_member = tree.members["X"][1], tree.members["Z"][0]
        with pytest.raises(PermissionDenied):  # a cell secretary does not appoint the commune's committee
            committee_seat_add(
                unit=tree.c1, member=x_member, position=CommitteePosition.MEMBER, actor=tree.users["sec_x"]
            )
        with pytest.raises(ValidationError) as outside:
            committee_seat_add(
                unit=tree.c1, member=z_member, position=CommitteePosition.MEMBER, actor=tree.users["btc"]
            )
        assert "đang sinh hoạt trong đảng bộ" in outside.value.messages[0]
        seat = committee_seat_add(
            unit=tree.c1, member=x_member, position=CommitteePosition.DEPUTY, actor=tree.users["admin_d1"]
        )
        with pytest.raises(ValidationError) as twice:
            committee_seat_add(
                unit=tree.c1, member=x_member, position=CommitteePosition.MEMBER, actor=tree.users["admin_d1"]
            )
        assert "đã là cấp ủy viên" in twice.value.messages[0]
        assert [s.member for s in committee_of(tree.c1)] == [x_member]
        committee_seat_end(seat=seat, actor=tree.users["admin_d1"])
        assert committee_of(tree.c1) == []
        assert CommitteeSeat.objects.get(pk=seat.pk).ended_on == timezone.localdate()  # history kept
        assert AuditEvent.objects.filter(action__startswith="members.committee_seat_").count() == 2


def test_regular_meetings_are_for_cells_committee_meetings_for_committees(tree, alpha):
    with in_tenant(alpha):
        start = timezone.now() + dt.timedelta(days=1)
        with pytest.raises(ValidationError) as wrong:
            meeting_schedule(
                cell=tree.c1, title="Sinh hoạt", starts_at=start, ends_at=start + dt.timedelta(hours=1),
                actor=tree.users["admin_d1"],
            )  # fmt: skip
        assert "họp cấp ủy" in wrong.value.messages[0]
        meeting = _committee_meeting(tree)
        with pytest.raises(ValidationError) as empty:
            meeting_publish(meeting=meeting, actor=tree.users["admin_d1"])
        assert "chưa có cấp ủy viên" in empty.value.messages[0]
        assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


def test_only_seat_holders_are_called_notified_and_may_take_part(seated, alpha):
    tree = seated
    with in_tenant(alpha):
        seat_y = tree.members["Y"][0]
        give_account(seat_y, "dv_y")
        plain_x = tree.members["X"][1]
        plain_user = give_account(plain_x, "dv_x2")
        meeting = _committee_meeting(tree)
        assert meeting_publish(meeting=meeting, actor=tree.users["admin_d1"]) == 2  # both seats have accounts
        notified = set(Notification.objects.values_list("user__username", flat=True))
        assert notified == {"dv_x", "dv_y"}
        assert set(participants(meeting)) == {tree.members["X"][0], seat_y}

        # The seat holder's next meeting is the committee meeting; a plain member of X never sees it.
        mine = my_next_meeting(tree.users["member_x"])
        assert mine is not None and mine.meeting == meeting
        other = my_next_meeting(plain_user)
        assert other is not None and other.meeting is None

        code = checkin_code(meeting)
        assert code is not None
        with pytest.raises(PermissionDenied):
            attendance_check_in(meeting=meeting, member_user=plain_user, code=code)
        attendance_check_in(meeting=meeting, member_user=tree.users["member_x"], code=code)
        with pytest.raises(PermissionDenied):
            opinion_submit(meeting=meeting, member=plain_x, text="Không phải cấp ủy viên", actor=plain_user)
        opinion_submit(meeting=meeting, member=seat_y, text="Nhất trí", actor=seat_y.user)

        meeting_mark_held(meeting=meeting, actor=tree.users["admin_d1"], now=meeting.starts_at)
        vote = vote_open(meeting=meeting, question="Thông qua báo cáo", secret=False, actor=tree.users["admin_d1"])
        assert vote.eligible == 2
        minutes_save(meeting=meeting, text="Biên bản họp cấp ủy", actor=tree.users["admin_d1"])
        minutes_approve(meeting=meeting, actor=_second_runner(tree))
        meeting_close(meeting=meeting, actor=tree.users["admin_d1"])
        marks = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
        assert marks == {tree.members["X"][0].pk: AttendanceStatus.PRESENT, seat_y.pk: AttendanceStatus.UNEXCUSED}


def _second_runner(tree):
    """Another runner over C1 for the four-eyes approval: the province's tenant admin."""
    from core.access.models import Role
    from tests.factories.org import user_with

    return user_with("quantri", (Role.TENANT_ADMIN, tree.root))


def test_committee_meetings_do_not_count_as_cell_meetings(seated, alpha):
    tree = seated
    with in_tenant(alpha):
        cell_meeting = published_meeting(tree)
        committee_meeting = _committee_meeting(tree)
        meeting_publish(meeting=committee_meeting, actor=tree.users["admin_d1"])
        for meeting in (cell_meeting, committee_meeting):
            Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        month = timezone.localdate(cell_meeting.starts_at).replace(day=1)
        figures = meeting_unit(tree.c1, month)
        assert figures.meetings_held == 1 and figures.cells_met == 1


def test_gone_seat_holder_is_not_called(seated, alpha):
    tree = seated
    with in_tenant(alpha):
        meeting = _committee_meeting(tree)
        tree.members["Y"][0].__class__.objects.filter(pk=tree.members["Y"][0].pk).update(
            status=MemberStatus.TRANSFERRED_OUT
        )
        assert list(participants(meeting)) == [tree.members["X"][0]]


def test_committee_page_scoped_and_tenant_bound(seated, alpha, alpha_client, beta_client):
    tree = seated
    web_login(alpha_client, "admin_d1", PASSWORD)
    plan = alpha_client.get("/sinh-hoat/quan-ly/").content.decode()
    assert "Cấp ủy Đảng bộ xã Yên Phong (họp cấp ủy)" in plan and "Họp cấp ủy" in plan
    page = alpha_client.get(f"/dang-vien/cap-uy/{tree.c1.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert tree.members["X"][0].full_name in body and "Bí thư" in body and "Bổ sung cấp ủy viên" in body
    card = tree.members["X"][2].party_card_number
    alpha_client.post(f"/dang-vien/cap-uy/{tree.c1.pk}/bo-sung/", {"card": card, "position": "standing"})
    with in_tenant(alpha):
        assert CommitteeSeat.objects.filter(member=tree.members["X"][2], position="standing").exists()
    bad = alpha_client.post(f"/dang-vien/cap-uy/{tree.c1.pk}/bo-sung/", {"card": "khong-co", "position": "member"})
    assert "Không tìm thấy đảng viên" in alpha_client.get(bad.url).content.decode()

    # A secretary of cell X sees X's page but not the commune's committee controls; Z is out of reach.
    alpha_client.logout()
    web_login(alpha_client, "sec_x", PASSWORD)
    assert alpha_client.get(f"/dang-vien/cap-uy/{tree.z.pk}/").status_code == 404
    assert alpha_client.post(f"/dang-vien/cap-uy/{tree.z.pk}/bo-sung/", {"card": card}).status_code == 404

    # Another tenant's host knows nothing of alpha's units or seats.
    web_login(beta_client, "admin", PASSWORD)
    with in_tenant(alpha):
        seat = CommitteeSeat.objects.filter(unit=tree.c1).order_by("pk")[0]
    assert beta_client.get(f"/dang-vien/cap-uy/{tree.c1.pk}/").status_code == 404
    assert beta_client.post(f"/dang-vien/cap-uy/{tree.c1.pk}/thoi/{seat.pk}/").status_code == 404
    with in_tenant(alpha):
        assert CommitteeSeat.objects.get(pk=seat.pk).ended_on is None


def test_seat_holder_reaches_every_upcoming_meeting_not_only_the_next(seated, alpha, alpha_client):
    """dv_x's next meeting is the cell meeting; the committee meeting three days later is listed beside it and
    takes opinions and votes now, on the page and through the API. A plain member of X never reaches it."""
    tree = seated
    admin = tree.users["admin_d1"]
    with in_tenant(alpha):
        cell_meeting = published_meeting(tree)
        committee = _committee_meeting(tree, starts_in=dt.timedelta(days=3))
        meeting_publish(meeting=committee, actor=admin)
        vote = vote_open(meeting=committee, question="Thông qua chương trình", secret=False, actor=admin)
        give_account(tree.members["X"][1], "dv_x2")
    web_login(alpha_client, "dv_x", PASSWORD)
    early = alpha_client.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "yes"}, follow=True)
    assert "cần điểm danh có mặt" in early.content.decode()  # votes are cast by members present at the meeting
    with in_tenant(alpha):
        mark_present(committee, tree.members["X"][0])
    page = alpha_client.get("/sinh-hoat/").content.decode()
    assert cell_meeting.title in page and "Các buổi sinh hoạt sắp tới khác" in page
    assert f"/sinh-hoat/sap-toi/{committee.pk}/" in page
    detail = alpha_client.get(f"/sinh-hoat/sap-toi/{committee.pk}/").content.decode()
    assert "Họp Ban Chấp hành Đảng bộ xã" in detail and "Đánh giá kết quả tháng" in detail
    sent = alpha_client.post(f"/sinh-hoat/{committee.pk}/y-kien/", {"text": "Đề nghị bổ sung báo cáo"})
    assert sent.status_code == 302 and sent.url == f"/sinh-hoat/sap-toi/{committee.pk}/"
    voted = alpha_client.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "yes"})
    assert voted.status_code == 302 and voted.url == f"/sinh-hoat/sap-toi/{committee.pk}/"

    token = alpha_client.post("/api/v1/auth/token/", {"username": "dv_x", "password": PASSWORD}).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    data = alpha_client.get("/api/v1/meetings/next/", **auth).json()
    assert data["meeting"]["id"] == cell_meeting.pk
    assert [(o["id"], o["kind"], o["unit"]) for o in data["others"]] == [(committee.pk, "committee", tree.c1.name)]
    api_opinion = alpha_client.post(f"/api/v1/meetings/{committee.pk}/opinions/", {"text": "Qua API"}, **auth)
    assert api_opinion.status_code == 201
    with in_tenant(alpha):
        assert sorted(committee.opinions.values_list("text", flat=True)) == ["Qua API", "Đề nghị bổ sung báo cáo"]
        assert OpenBallot.objects.get(vote=vote).member == tree.members["X"][0]

    # A plain member of X: only the cell meeting; the committee meeting is 404 everywhere.
    alpha_client.logout()
    web_login(alpha_client, "dv_x2", PASSWORD)
    assert "Các buổi sinh hoạt sắp tới khác" not in alpha_client.get("/sinh-hoat/").content.decode()
    assert alpha_client.get(f"/sinh-hoat/sap-toi/{committee.pk}/").status_code == 404
    assert alpha_client.post(f"/sinh-hoat/{committee.pk}/y-kien/", {"text": "x"}).status_code == 404
    assert alpha_client.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "no"}).status_code == 404
    with in_tenant(alpha):
        assert committee.opinions.count() == 2 and OpenBallot.objects.filter(vote=vote).count() == 1


def test_seat_taken_today_may_vote_in_a_vote_opened_early_this_morning(seated, alpha):
    """Seat dates are local days: a vote opened at 06:00 Hà Nội time (23:00 UTC the day before) still counts a
    seat that started today as held when the vote opened."""
    from core.meetings.services.votes import ballot_cast

    tree = seated
    with in_tenant(alpha):
        meeting = _committee_meeting(tree)
        meeting_publish(meeting=meeting, actor=tree.users["admin_d1"])
        vote = vote_open(meeting=meeting, question="Thông qua", secret=False, actor=tree.users["admin_d1"])
        early = dt.datetime.combine(timezone.localdate(), dt.time(6), tzinfo=timezone.get_default_timezone())
        assert early.astimezone(dt.UTC).date() < timezone.localdate()
        type(vote).objects.filter(pk=vote.pk).update(opened_at=early)
        vote.refresh_from_db()
        member = tree.members["X"][0]
        assert member.committee_seats.get(unit=tree.c1).started_on == timezone.localdate()
        mark_present(meeting, member)
        ballot_cast(vote=vote, member=member, choice="yes", actor=tree.users["member_x"])
        assert OpenBallot.objects.get(vote=vote).member == member


def test_committee_page_links_to_the_import_with_committee_preselected(seated, alpha, alpha_client):
    tree = seated
    web_login(alpha_client, "btc", PASSWORD)  # organisation department: may import
    page = alpha_client.get(f"/dang-vien/cap-uy/{tree.c1.pk}/").content.decode()
    assert "/nhap-du-lieu/tai-len/?loai=committee" in page
    checked = re.compile(r'<input type="radio" name="kind" value="(\w+)"[^>]*checked')
    assert checked.findall(alpha_client.get("/nhap-du-lieu/tai-len/?loai=committee").content.decode()) == ["committee"]
    assert "committee" not in checked.findall(alpha_client.get("/nhap-du-lieu/tai-len/?loai=bogus").content.decode())
    alpha_client.logout()
    web_login(alpha_client, "sec_x", PASSWORD)  # a cell secretary does not import
    assert "/nhap-du-lieu/tai-len/" not in alpha_client.get(f"/dang-vien/cap-uy/{tree.x.pk}/").content.decode()
