"""The annual quality rating: self-assessment → the cell's proposal → approval by the committee above, the
"xuất sắc" cap (a tenant setting), exempt members left out, four eyes, scope of every write, pages and API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.access.models import Role
from core.audit.models import AuditEvent
from core.auditlog.selectors import audit_lines
from core.members.models import Member, MemberStatus
from core.ratings.models import MemberRating, UnitRating
from core.ratings.rules import cap_state
from core.ratings.services import (
    rating_approve_cell,
    rating_policy_set,
    rating_propose,
    rating_self_assess,
    rating_unit_approve,
    rating_unit_propose,
)
from tests.conftest import PASSWORD
from tests.factories.org import MemberFactory, build_tree, user_with
from tests.helpers import in_tenant, web_login

YEAR = 2026


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        tree = build_tree()
        rating_policy_set(cap_pct=20, open_year=YEAR, actor=tree.users["btc"])
        # X gets more members so the 20 % cap allows one "xuất sắc" (5 good or above → max 1)
        tree.members["X"] += MemberFactory.create_batch(2, cell=tree.x)
        tree.users["admin_c1"] = user_with("admin_c1", (Role.COMMITTEE_ADMIN, tree.c1))
        yield tree


def _ids(tree, cell="X"):
    return [m.pk for m in tree.members[cell]]


@pytest.mark.parametrize(
    ("levels", "pct", "excellent", "allowed", "broken"),
    [
        (["excellent", "good", "good", "good", "good"], 20, 1, 1, False),
        (["excellent", "excellent", "good", "good", "good"], 20, 2, 1, True),
        (["excellent", "good", "good", "good", "done"], 20, 1, 0, True),  # 4 good or above: 20 % of 4 → 0
        (["excellent", "good", "done", "failed"], 50, 1, 1, False),
        (["", "good", "done"], 20, 0, 0, False),
    ],
)
def test_the_cap_is_a_share_of_those_rated_good_or_above(levels, pct, excellent, allowed, broken):
    state = cap_state(levels, pct)
    assert (state.excellent, state.max_excellent, state.broken) == (excellent, allowed, broken)


def test_the_whole_workflow_for_a_cell(tree):
    owner, sec, approver = tree.members["X"][0], tree.users["sec_x"], tree.users["admin_c1"]
    rating_self_assess(member=owner, level="excellent", note="Hoàn thành tốt", actor=tree.users["member_x"])
    levels = dict(zip(_ids(tree), ["excellent", "good", "good", "good", "good"], strict=True))
    state = rating_propose(cell=tree.x, levels=levels, notes={}, actor=sec)
    assert not state.broken and state.max_excellent == 1
    assert rating_approve_cell(cell=tree.x, actor=approver) == 5
    row = MemberRating.objects.get(member=owner, year=YEAR)
    assert (row.self_level, row.proposed_level, row.approved_level, row.stage) == (
        "excellent",
        "excellent",
        "excellent",
        "approved",
    )
    with pytest.raises(ValidationError, match="đã được duyệt"):
        rating_self_assess(member=owner, level="good", note="", actor=tree.users["member_x"])
    actions = list(AuditEvent.objects.filter(action__startswith="rating.").values_list("action", flat=True))
    assert actions.count("rating.proposed") == 5 and actions.count("rating.approved") == 5
    entry = AuditEvent.objects.filter(action="rating.approved", target_id=str(owner.pk)).get()
    assert entry.changes["rating"] == {"approved_level": "••••••"}
    assert audit_lines([entry])[0].sentence == (
        f"Quản trị cấp uỷ admin_c1 duyệt xếp loại chất lượng năm {YEAR} của đồng chí {owner.full_name}."
    )


def test_approval_is_refused_while_the_cap_is_broken_or_proposals_are_missing(tree):
    sec, approver = tree.users["sec_x"], tree.users["admin_c1"]
    ids = _ids(tree)
    rating_propose(
        cell=tree.x, levels=dict(zip(ids[:4], ["excellent"] * 2 + ["good"] * 2, strict=True)), notes={}, actor=sec
    )
    with pytest.raises(ValidationError, match="Còn 1 đảng viên chưa được chi bộ đề xuất"):
        rating_approve_cell(cell=tree.x, actor=approver)
    state = rating_propose(cell=tree.x, levels={ids[4]: "good"}, notes={}, actor=sec)
    assert state.broken and (state.excellent, state.max_excellent) == (2, 1)
    with pytest.raises(ValidationError, match=r"vượt quá 20% số được xếp loại hoàn thành tốt trở lên \(tối đa 1\)"):
        rating_approve_cell(cell=tree.x, actor=approver)
    assert rating_approve_cell(cell=tree.x, actor=approver, overrides={ids[1]: "good"}) == 5  # set by the approver
    assert MemberRating.objects.get(member_id=ids[1]).approved_level == "good"


def test_the_cap_is_a_tenant_setting(tree):
    rating_policy_set(cap_pct=50, open_year=YEAR, actor=tree.users["btc"])
    levels = dict(zip(_ids(tree), ["excellent", "excellent", "good", "good", "good"], strict=True))
    assert not rating_propose(cell=tree.x, levels=levels, notes={}, actor=tree.users["sec_x"]).broken
    with pytest.raises(PermissionDenied):  # only RATINGS_MANAGE at the root sets it
        rating_policy_set(cap_pct=90, open_year=YEAR, actor=tree.users["admin_d1"])


def test_exempt_members_are_not_rated_while_exempt(tree):
    exempt = tree.members["X"][1]
    Member.objects.filter(pk=exempt.pk).update(status=MemberStatus.EXEMPT, exempt_reason="age")
    with pytest.raises(ValidationError, match="không thuộc diện đánh giá"):
        rating_self_assess(member=Member.objects.get(pk=exempt.pk), level="good", note="", actor=tree.users["sec_x"])
    with pytest.raises(ValidationError, match="không thuộc diện xếp loại"):
        rating_propose(cell=tree.x, levels={exempt.pk: "good"}, notes={}, actor=tree.users["sec_x"])
    others = [pk for pk in _ids(tree) if pk != exempt.pk]
    rating_propose(cell=tree.x, levels=dict.fromkeys(others, "good"), notes={}, actor=tree.users["sec_x"])
    assert rating_approve_cell(cell=tree.x, actor=tree.users["admin_c1"]) == 4  # complete without the exempt one


def test_who_may_do_what(tree):
    x_member, y_member = tree.members["X"][1], tree.members["Y"][0]
    with pytest.raises(PermissionDenied):  # a secretary proposes for their own cell only
        rating_propose(cell=tree.y, levels={y_member.pk: "good"}, notes={}, actor=tree.users["sec_x"])
    with pytest.raises(PermissionDenied):  # self-assessment for another member without a proxy right
        rating_self_assess(member=x_member, level="good", note="", actor=tree.users["member_x"])
    rating_self_assess(member=x_member, level="good", note="ghi thay", actor=tree.users["sec_x"])  # proxy
    assert AuditEvent.objects.get(action="rating.self_assessed").changes["proxy"] is True
    rating_propose(cell=tree.x, levels=dict.fromkeys(_ids(tree), "good"), notes={}, actor=tree.users["sec_x"])
    with pytest.raises(PermissionDenied):  # the cell does not approve itself
        rating_approve_cell(cell=tree.x, actor=tree.users["sec_x"])
    with pytest.raises(PermissionDenied):  # the committee of another district
        rating_approve_cell(cell=tree.z, actor=tree.users["admin_c1"])


def test_four_eyes(tree):
    admin = tree.users["admin_d1"]  # holds both rights over X: may propose or approve, not both
    rating_propose(cell=tree.x, levels=dict.fromkeys(_ids(tree), "good"), notes={}, actor=admin)
    with pytest.raises(ValidationError, match="không tự duyệt"):
        rating_approve_cell(cell=tree.x, actor=admin)
    assert rating_approve_cell(cell=tree.x, actor=tree.users["admin_c1"]) == 5


def test_closed_campaign_refuses_writes(tree):
    rating_policy_set(cap_pct=20, open_year=None, actor=tree.users["btc"])
    with pytest.raises(ValidationError, match="Chưa mở đợt"):
        rating_self_assess(member=tree.members["X"][0], level="good", note="", actor=tree.users["member_x"])


def test_organisations_are_rated_by_the_committee_above(tree):
    cells = [tree.x, tree.y]  # under commune C1
    for cell in cells:
        rating_unit_propose(unit=cell, level="excellent", note="", actor=tree.users["admin_d1"])
    rating_unit_approve(unit=tree.x, actor=tree.users["admin_c1"], level="good")
    with pytest.raises(ValidationError, match="vượt quá"):  # 1 good approved + this excellent: 20 % of 2 → 0
        rating_unit_approve(unit=tree.y, actor=tree.users["admin_c1"])
    rating_unit_approve(unit=tree.y, actor=tree.users["admin_c1"], level="good")
    assert set(UnitRating.objects.values_list("approved_level", flat=True)) == {"good"}
    with pytest.raises(ValidationError, match="Chỉ xếp loại chi bộ"):
        rating_unit_propose(unit=tree.d1, level="good", note="", actor=tree.users["btc"])


def test_cell_page_proposes_and_shows_the_cap(tree, alpha_client):
    web_login(alpha_client, "sec_x", PASSWORD)
    url = f"/xep-loai/chi-bo/{tree.x.pk}/"
    ids = _ids(tree)
    data = {f"level_{pk}": "excellent" if n < 2 else "good" for n, pk in enumerate(ids)}
    body = alpha_client.post(url, data, follow=True).content.decode()
    assert "Đã lưu đề xuất của chi bộ" in body and "Đề xuất vượt tỷ lệ: 2 đồng chí" in body
    assert 'data-testid="approve"' not in body  # the secretary does not approve
    assert alpha_client.get(f"/xep-loai/chi-bo/{tree.y.pk}/").status_code == 404  # another cell
    web_login(alpha_client, "admin_c1", PASSWORD)
    page = alpha_client.get(url).content.decode()
    assert 'data-testid="approve"' in page and "Vượt tỷ lệ" in page
    refused = alpha_client.post(f"{url}duyet/", follow=True).content.decode()
    assert "vượt quá 20%" in refused
    assert MemberRating.objects.filter(year=YEAR).exclude(approved_level="").count() == 0


def test_my_rating_page_and_api(tree, alpha_client):
    web_login(alpha_client, "dv_x", PASSWORD)
    page = alpha_client.get("/xep-loai/").content.decode()
    assert f"Đang đánh giá, xếp loại năm {YEAR}" in page and 'name="level"' in page
    sent = alpha_client.post("/xep-loai/", {"level": "good", "note": "Tự nhận xét"}, follow=True).content.decode()
    assert "Đã ghi bản tự đánh giá" in sent
    mine = alpha_client.get("/api/v1/ratings/mine/").json()
    assert mine["open_year"] == YEAR and mine["rated"] and mine["ratings"][0]["self_level"] == "good"
    again = alpha_client.post("/api/v1/ratings/mine/", {"level": "excellent"}, content_type="application/json")
    assert again.status_code == 200 and again.json()["ratings"][0]["self_level"] == "excellent"
    profile = alpha_client.get("/dang-vien/cua-toi/").content.decode()
    assert "Kết quả xếp loại" in profile


def test_approvals_list_is_scoped(tree, alpha_client):
    web_login(alpha_client, "admin_c1", PASSWORD)
    body = alpha_client.get("/xep-loai/duyet/").content.decode()
    assert "Chi bộ thôn Đông" in body and "Chi bộ thôn Đoài" in body and "Chi bộ thôn Trung" not in body
    web_login(alpha_client, "sec_x", PASSWORD)
    assert alpha_client.get("/xep-loai/duyet/").status_code == 404
    assert alpha_client.get("/xep-loai/quy-dinh/").status_code == 404
