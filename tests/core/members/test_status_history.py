"""Status changes of a member: every transition, its dated history row and audit entry; who may record which
(secretaries: exempt and its end, "no smartphone", only in their cell); the adoption figures' non-user reasons
follow the new statuses."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.accounts.adoption import adoption_figures
from core.audit.models import AuditEvent
from core.auditlog.selectors import audit_lines
from core.members.models import ExemptReason, Member, MemberStatus, MemberStatusChange, StatusEvent
from core.members.status import TRANSITIONS, StatusInput, events_for, member_smartphone_set, member_status_change
from core.stats.selectors import adoption_row
from core.stats.services import adoption_refresh
from tests.conftest import PASSWORD
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

DAY = dt.date(2026, 3, 2)
S = MemberStatus

# event → (status before, extra input, status after)
CASES: dict[str, tuple[str, dict[str, Any], str]] = {
    StatusEvent.OFFICIAL: (S.PROBATIONARY, {}, S.OFFICIAL),
    StatusEvent.EXEMPT: (S.OFFICIAL, {"reason": ExemptReason.HEALTH}, S.EXEMPT),
    StatusEvent.WORKING_AWAY: (S.OFFICIAL, {"place": "Tỉnh Bình Dương"}, S.WORKING_AWAY),
    StatusEvent.RETURNED: (S.EXEMPT, {}, S.OFFICIAL),
    StatusEvent.TRANSFERRED_OUT: (S.OFFICIAL, {"place": "Đảng bộ tỉnh Nam Định"}, S.TRANSFERRED_OUT),
    StatusEvent.TRANSFERRED_IN: (S.TRANSFERRED_OUT, {"place": "Đảng bộ tỉnh Nam Định"}, S.OFFICIAL),
    StatusEvent.DECEASED: (S.OFFICIAL, {}, S.DECEASED),
    StatusEvent.EXPELLED: (S.OFFICIAL, {"decision_number": "12-QĐ/ĐU", "decision_date": DAY}, S.EXPELLED),
    StatusEvent.REMOVED: (S.WORKING_AWAY, {"decision_number": "13-QĐ/ĐU", "decision_date": DAY}, S.REMOVED),
}


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_every_transition_is_covered_here():
    assert set(CASES) == set(TRANSITIONS)


@pytest.mark.parametrize("event", sorted(CASES))
def test_each_transition_changes_the_status_and_keeps_a_dated_history_row(tree, event):
    before, extra, after = CASES[event]
    member = tree.members["Y"][0]
    Member.objects.filter(pk=member.pk).update(status=before, exempt_reason="age" if before == S.EXEMPT else "")
    btc = tree.users["btc"]
    change = member_status_change(member=member, data=StatusInput(event=event, on=DAY, **extra), actor=btc)
    member.refresh_from_db()
    assert member.status == after
    assert (change.event, change.status_before, change.status_after, change.on) == (event, before, after, DAY)
    assert change.actor == btc and list(member.status_changes.all()) == [change]
    assert member.exempt_reason == (ExemptReason.HEALTH if after == S.EXEMPT else "")
    if event == StatusEvent.OFFICIAL:
        assert member.official_on == DAY
    entry = AuditEvent.objects.get(action="member.status_changed", target_id=str(member.pk))
    assert entry.changes["status"] == {"from": before, "to": after}
    sentence = audit_lines([entry])[0].sentence
    assert sentence.startswith("Cán bộ Ban tổ chức btc ghi “") and member.full_name in sentence
    assert "02/03/2026" in sentence and str(StatusEvent(event).label).lower() in sentence


def test_history_is_kept_in_order_across_several_changes(tree):
    member, btc = tree.members["Y"][1], tree.users["btc"]
    member_status_change(member=member, data=StatusInput(event="working_away", on=DAY, place="Hàn Quốc"), actor=btc)
    member_status_change(member=member, data=StatusInput(event="returned", on=DAY + dt.timedelta(days=40)), actor=btc)
    member_status_change(
        member=member, data=StatusInput(event="exempt", on=DAY + dt.timedelta(days=90), reason="age"), actor=btc
    )
    rows = list(member.status_changes.values_list("event", "status_before", "status_after", "place"))
    assert rows == [
        ("working_away", "official", "working_away", "Hàn Quốc"),
        ("returned", "working_away", "official", ""),
        ("exempt", "official", "exempt", ""),
    ]


@pytest.mark.parametrize(
    ("status", "event", "message"),
    [
        (S.OFFICIAL, "official", "Không thể ghi “Công nhận đảng viên chính thức”"),
        (S.DECEASED, "exempt", "Không thể ghi “Miễn sinh hoạt” cho đảng viên đang ở trạng thái “Từ trần”"),
        (S.OFFICIAL, "returned", "Không thể ghi “Trở lại sinh hoạt”"),
        (S.EXPELLED, "transferred_in", "Không thể ghi"),
    ],
)
def test_impossible_transitions_are_refused_in_vietnamese(tree, status, event, message):
    member = tree.members["Y"][0]
    Member.objects.filter(pk=member.pk).update(status=status)
    with pytest.raises(ValidationError, match=message):
        member_status_change(
            member=member, data=StatusInput(event=event, on=DAY, place="x", reason="age"), actor=tree.users["btc"]
        )
    assert not MemberStatusChange.objects.filter(member=member).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (StatusInput(event="exempt", on=DAY), "Cần chọn lý do miễn sinh hoạt"),
        (StatusInput(event="working_away", on=DAY, place="  "), "Cần ghi nơi"),
        (StatusInput(event="expelled", on=DAY, decision_number="1-QĐ"), "Cần ghi số và ngày của quyết định"),
        (StatusInput(event="deceased", on=timezone.localdate() + dt.timedelta(days=1)), "không được sau hôm nay"),
        (StatusInput(event="exempt", on=DAY, reason="age", until=DAY - dt.timedelta(days=1)), "không được trước"),
    ],
)
def test_missing_details_are_refused(tree, data, message):
    with pytest.raises(ValidationError, match=message):
        member_status_change(member=tree.members["Y"][0], data=data, actor=tree.users["btc"])


def test_secretary_may_exempt_and_end_it_only_in_their_cell(tree):
    sec, mine, other = tree.users["sec_x"], tree.members["X"][1], tree.members["Y"][0]
    assert events_for(sec, mine) == ["exempt"]
    member_status_change(member=mine, data=StatusInput(event="exempt", on=DAY, reason="age"), actor=sec)
    mine.refresh_from_db()
    assert events_for(sec, mine) == ["returned"]  # not "working away", not "deceased": the department's records
    with pytest.raises(PermissionDenied):
        member_status_change(member=mine, data=StatusInput(event="deceased", on=DAY), actor=sec)
    with pytest.raises(PermissionDenied):  # a secretary outside their cell
        member_status_change(member=other, data=StatusInput(event="exempt", on=DAY, reason="age"), actor=sec)
    with pytest.raises(PermissionDenied):
        member_smartphone_set(member=other, has_smartphone=False, actor=sec)
    assert not MemberStatusChange.objects.filter(member=other).exists()


def test_secretary_marks_no_smartphone_audited(tree):
    member = tree.members["X"][2]
    member_smartphone_set(member=member, has_smartphone=False, actor=tree.users["sec_x"])
    member.refresh_from_db()
    assert member.has_smartphone is False
    entry = AuditEvent.objects.get(action="member.smartphone_set")
    assert audit_lines([entry])[0].sentence == (
        f"Bí thư sec_x ghi đồng chí {member.full_name} không có điện thoại thông minh."
    )
    member_smartphone_set(member=member, has_smartphone=False, actor=tree.users["sec_x"])  # no change: no entry
    assert AuditEvent.objects.filter(action="member.smartphone_set").count() == 1


def test_non_user_reasons_of_the_adoption_figures_follow_status_changes(tree):
    """A never-logged-in member counts as "other" until exempted for age; gone members leave the denominator —
    in the live definition and in the stored monthly rows alike."""
    root, btc, month = tree.root, tree.users["btc"], timezone.localdate().replace(day=1)
    before = adoption_figures(root, month)
    a, b, c = tree.members["Z"][0], tree.members["Z"][1], tree.members["Y"][0]
    member_status_change(member=a, data=StatusInput(event="exempt", on=DAY, reason="age"), actor=btc)
    member_status_change(member=b, data=StatusInput(event="deceased", on=DAY), actor=btc)
    member_status_change(
        member=c, data=StatusInput(event="removed", on=DAY, decision_number="9-QĐ", decision_date=DAY), actor=btc
    )
    after = adoption_figures(root, month)
    assert after.members == before.members - 2
    assert after.non_users_exempt_elderly_sick.count == before.non_users_exempt_elderly_sick.count + 1
    assert after.non_users_other.count == before.non_users_other.count - 3
    adoption_refresh(month)
    stored = adoption_row(root, month)
    assert stored is not None and stored.to_figures() == after


def test_status_page_shows_the_history_and_records_a_change(tree, alpha_client):
    member = tree.members["X"][1]
    web_login(alpha_client, "sec_x", PASSWORD)
    url = f"/dang-vien/{member.pk}/trang-thai/"
    page = alpha_client.get(url).content.decode()
    assert 'data-testid="status-form"' in page and 'value="exempt"' in page and 'value="deceased"' not in page
    bad = alpha_client.post(url, {"event": "exempt", "on": "31/02/2026", "reason": "age", "note": "ốm lâu"})
    body = bad.content.decode()
    assert bad.status_code == 200 and "Ngày không hợp lệ" in body and "ốm lâu" in body  # the form keeps the input
    response = alpha_client.post(url, {"event": "exempt", "on": "02/03/2026", "reason": "health"}, follow=True)
    body = response.content.decode()
    assert "Đã ghi thay đổi trạng thái" in body and "02/03/2026" in body and "Sức khoẻ" in body
    assert alpha_client.get(f"/dang-vien/{tree.members['Y'][0].pk}/trang-thai/").status_code == 404  # out of scope


def test_status_api_records_and_lists_the_history(tree, alpha_client):
    member = tree.members["Y"][0]
    web_login(alpha_client, "btc", PASSWORD)
    url = f"/api/v1/members/{member.pk}/status/"
    created = alpha_client.post(
        url, {"event": "working_away", "on": "2026-03-02", "place": "Nhật Bản"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status_after"] == "working_away"
    refused = alpha_client.post(url, {"event": "official", "on": "2026-03-02"}, content_type="application/json")
    assert refused.status_code == 400 and "Không thể ghi" in refused.json()["detail"]
    assert [row["event"] for row in alpha_client.get(url).json()] == ["working_away"]
    web_login(alpha_client, "sec_x", PASSWORD)
    assert alpha_client.get(url).status_code == 404  # another cell's member


def test_a_change_cannot_be_dated_before_the_previous_one(tree):
    member, btc = tree.members["Y"][0], tree.users["btc"]
    member_status_change(member=member, data=StatusInput(event="working_away", on=DAY, place="Huế"), actor=btc)
    with pytest.raises(ValidationError, match="không được trước lần thay đổi trạng thái trước \\(02/03/2026\\)"):
        member_status_change(
            member=member, data=StatusInput(event="returned", on=DAY - dt.timedelta(days=1)), actor=btc
        )
