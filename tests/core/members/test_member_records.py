"""Adding and editing members, and their file (work history, rewards, disciplines), from pages and the API:
permission and scope of every write, sensitive fields refused to those who may not see them, bad input keeps
what was typed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit.models import AuditEvent
from core.auditlog.selectors import audit_lines
from core.members.enrolment import member_create
from core.members.models import Member, MemberStatusChange
from core.members.record_services import DecisionInput, discipline_add, record_remove, reward_add, work_period_add
from core.members.services import member_update
from tests.conftest import PASSWORD
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

PROFILE = {
    "party_card_number": "93123456",
    "full_name": "Vũ Thị Mai",
    "date_of_birth": dt.date(1990, 4, 2),
    "sex": "female",
    "admitted_on": dt.date(2020, 5, 19),
    "official_on": dt.date(2021, 5, 19),
    "ethnicity": "06",
    "religion": "00",
    "hometown": "Xã Yên Phong, huyện Yên Mô",
    "education": "upper_secondary",
    "qualification": "bachelor",
    "theory": "intermediate",
    "occupation": "Viên chức",
    "workplace": "Trường THCS Yên Phong",
}
FORM = {
    **{k: v for k, v in PROFILE.items() if not isinstance(v, dt.date)},
    "date_of_birth": "02/04/1990",
    "admitted_on": "19/05/2020",
    "official_on": "19/05/2021",
    "has_smartphone": "on",
    "cell": "X",
    "joined": "transferred_in",
    "place": "Đảng bộ tỉnh Nam Định",
}


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_the_department_adds_a_member_with_the_regulation_339_profile(tree):
    member = member_create(cell=tree.x, values=PROFILE, actor=tree.users["btc"], event="admitted")
    assert member.status == "official" and member.get_ethnicity_display() == "Mường"
    (change,) = member.status_changes.all()
    assert (change.event, change.on, change.status_after) == ("admitted", PROFILE["admitted_on"], "official")
    entry = AuditEvent.objects.get(action="member.created")
    assert entry.changes["ethnicity"] == "••••••" and entry.changes["hometown"] == PROFILE["hometown"]
    assert audit_lines([entry])[0].sentence == (
        "Cán bộ Ban tổ chức btc thêm đồng chí Vũ Thị Mai vào danh sách đảng viên (kết nạp mới)."
    )


def test_adding_needs_the_right_over_the_cell(tree):
    with pytest.raises(PermissionDenied):  # the district admin of D1 adding to D2's cell Z
        member_create(cell=tree.z, values={**PROFILE, "ethnicity": ""}, actor=tree.users["admin_d1"])
    with pytest.raises(PermissionDenied):  # a secretary never adds members
        member_create(cell=tree.x, values={**PROFILE, "ethnicity": ""}, actor=tree.users["sec_x"])
    with pytest.raises(ValidationError, match="không có quyền ghi Dân tộc"):
        member_create(cell=tree.x, values=PROFILE, actor=tree.users["admin_d1"])
    with pytest.raises(ValidationError, match="chi bộ hoặc tổ đảng"):
        member_create(cell=tree.c1, values=PROFILE, actor=tree.users["btc"])
    ok = member_create(cell=tree.x, values={**PROFILE, "ethnicity": "", "religion": ""}, actor=tree.users["admin_d1"])
    assert ok.cell == tree.x


def test_add_page_keeps_what_was_typed_and_says_what_is_wrong(tree, alpha_client):
    web_login(alpha_client, "btc", PASSWORD)
    response = alpha_client.post("/dang-vien/them/", {**FORM, "date_of_birth": "30/02/1990", "cell": "X"})
    body = response.content.decode()
    assert response.status_code == 200 and "Ngày không hợp lệ" in body
    assert 'value="Vũ Thị Mai"' in body and "Trường THCS Yên Phong" in body
    missing_cell = alpha_client.post("/dang-vien/them/", {**FORM, "cell": "KHONGCO"}).content.decode()
    assert "Không có chi bộ với mã này." in missing_cell and 'value="KHONGCO"' in missing_cell
    created = alpha_client.post("/dang-vien/them/", FORM, follow=True).content.decode()
    assert "Đã thêm đồng chí Vũ Thị Mai" in created and "Mường" in created
    member = Member.objects.get(party_card_number="93123456")
    assert member.status_changes.get().place == "Đảng bộ tỉnh Nam Định"
    duplicate = alpha_client.post("/dang-vien/them/", FORM).content.decode()
    assert "Số thẻ đảng" in duplicate and "đã tồn tại" in duplicate


def test_committee_admin_is_not_offered_the_sensitive_fields(tree, alpha_client):
    web_login(alpha_client, "admin_d1", PASSWORD)
    page = alpha_client.get("/dang-vien/them/").content.decode()
    assert 'name="full_name"' in page and 'name="ethnicity"' not in page and 'name="citizen_id"' not in page
    edit = alpha_client.get(f"/dang-vien/{tree.members['X'][0].pk}/sua/").content.decode()
    assert 'name="hometown"' in edit and 'name="religion"' not in edit
    assert alpha_client.get(f"/dang-vien/{tree.members['Z'][0].pk}/sua/").status_code == 404  # outside D1
    web_login(alpha_client, "sec_x", PASSWORD)
    assert alpha_client.get(f"/dang-vien/{tree.members['X'][0].pk}/sua/").status_code == 404  # no MEMBERS_MANAGE
    assert alpha_client.get("/dang-vien/them/").status_code == 404


def test_edit_page_updates_the_profile_and_refuses_status(tree, alpha_client):
    member = tree.members["X"][1]
    web_login(alpha_client, "btc", PASSWORD)
    url = f"/dang-vien/{member.pk}/sua/"
    data = {**FORM, "party_card_number": member.party_card_number, "theory": "advanced"}
    assert "Đã lưu hồ sơ" in alpha_client.post(url, data, follow=True).content.decode()
    member.refresh_from_db()
    assert member.theory == "advanced" and member.full_name == "Vũ Thị Mai"
    with pytest.raises(ValidationError, match="Không sửa trực tiếp được các mục: status"):
        member_update(member=member, values={"status": "deceased"}, actor=tree.users["btc"])


def test_file_work_rewards_and_disciplines(tree):
    member, btc, admin = tree.members["X"][0], tree.users["btc"], tree.users["admin_d1"]
    work_period_add(
        member=member,
        started_on=dt.date(2012, 9, 1),
        ended_on=None,
        position="Giáo viên",
        workplace="Trường THCS Yên Phong",
        actor=admin,
    )
    reward = reward_add(member=member, data=DecisionInput("Bằng khen", "15-QĐ/UBND", dt.date(2024, 1, 5)), actor=admin)
    with pytest.raises(PermissionDenied):  # a district admin may not record (nor see) disciplines
        discipline_add(member=member, data=DecisionInput("reprimand", "1-QĐ", dt.date(2025, 1, 5)), actor=admin)
    with pytest.raises(PermissionDenied):
        reward_add(
            member=member, data=DecisionInput("Giấy khen", "2-QĐ", dt.date(2024, 1, 5)), actor=tree.users["sec_x"]
        )
    with pytest.raises(ValidationError, match="Hình thức kỷ luật không hợp lệ"):
        discipline_add(member=member, data=DecisionInput("phạt tiền", "1-QĐ", dt.date(2025, 1, 5)), actor=btc)
    discipline_add(member=member, data=DecisionInput("warning", "3-QĐ/ĐU", dt.date(2025, 1, 5)), actor=btc)
    assert member.work_periods.count() == 1 and member.disciplines.get().get_form_display() == "Cảnh cáo"
    record_remove(member=member, kind="reward", record_id=reward.pk, actor=admin)
    assert not member.rewards.exists()
    kinds = list(
        AuditEvent.objects.filter(target_type="Member", target_id=str(member.pk))
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert kinds == ["member.work_added", "member.reward_added", "member.discipline_added", "member.reward_removed"]


def test_file_page_hides_disciplines_from_secretaries(tree, alpha_client):
    member = tree.members["X"][0]
    discipline_add(
        member=member,
        data=DecisionInput("warning", "3-QĐ/ĐU", dt.date(2025, 1, 5), reason="Vắng họp"),
        actor=tree.users["btc"],
    )
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.get(f"/dang-vien/{member.pk}/ho-so/").content.decode()
    assert 'data-testid="work"' in page and 'data-testid="disciplines"' not in page and "3-QĐ/ĐU" not in page
    assert alpha_client.get(f"/api/v1/members/{member.pk}/file/").json()["disciplines"] is None
    web_login(alpha_client, "btc", PASSWORD)
    assert "3-QĐ/ĐU" in alpha_client.get(f"/dang-vien/{member.pk}/ho-so/").content.decode()
    bad = alpha_client.post(
        f"/dang-vien/{member.pk}/ho-so/reward/them/",
        {"form": "Giấy khen", "decision_number": "9", "decision_date": "x"},
    )
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.content.decode()
    assert 'value="Giấy khen"' in bad.content.decode()


def test_members_api_adds_edits_and_reads_the_profile(tree, alpha_client):
    web_login(alpha_client, "btc", PASSWORD)
    payload = {**{k: str(v) for k, v in PROFILE.items()}, "cell": "Y", "joined": "entered"}
    created = alpha_client.post("/api/v1/members/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    member_id = created.json()["id"]
    assert MemberStatusChange.objects.get(member_id=member_id).event == "entered"
    patched = alpha_client.patch(
        f"/api/v1/members/{member_id}/", {"workplace": "UBND xã"}, content_type="application/json"
    )
    assert patched.status_code == 200
    detail = alpha_client.get(f"/api/v1/members/{member_id}/").json()
    assert detail["workplace"] == "UBND xã" and detail["ethnicity"] == "06"
    bad = alpha_client.patch(f"/api/v1/members/{member_id}/", {"ethnicity": "99"}, content_type="application/json")
    assert bad.status_code == 400
    web_login(alpha_client, "admin_d1", PASSWORD)
    assert alpha_client.get(f"/api/v1/members/{member_id}/").json()["ethnicity"] is None  # hidden, not absent
    refused = alpha_client.patch(f"/api/v1/members/{member_id}/", {"religion": "01"}, content_type="application/json")
    assert refused.status_code == 400 and "Tôn giáo" in refused.json()["detail"]
    web_login(alpha_client, "sec_x", PASSWORD)
    assert alpha_client.post("/api/v1/members/", payload, content_type="application/json").status_code == 403
