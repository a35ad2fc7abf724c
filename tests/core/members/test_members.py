"""Members: accent-insensitive search, transfers keep history, corrections approved by the cell."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.members.models import CorrectionStatus, Member, MemberTransfer
from core.members.search import fold
from core.members.selectors import member_search
from core.members.services import correction_decide, correction_propose, member_transfer
from tests.factories.org import MemberFactory, build_tree
from tests.helpers import in_tenant


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_fold_removes_vietnamese_diacritics():
    assert fold("  Nguyễn Văn  Ánh ") == "nguyen van anh"
    assert fold("Đặng Thị Hường") == "dang thi huong"


def test_search_is_accent_insensitive(tree):
    MemberFactory(cell=tree.x, full_name="Nguyễn Văn A")
    found = [m.full_name for m in member_search(tree.users["btc"], q="nguyen van a").rows]
    assert found[0] == "Nguyễn Văn A"  # exact name first; "Nguyễn Văn An" also contains the words typed
    assert set(found) <= {"Nguyễn Văn A", "Nguyễn Văn An"}
    assert [m.full_name for m in member_search(tree.users["btc"], q="NGUYỄN văn a").rows] == found
    assert member_search(tree.users["btc"], q="tran thi binh").rows[0].full_name == "Trần Thị Bình"


def test_search_by_party_card_and_phone(tree):
    m = tree.members["Z"][1]
    assert member_search(tree.users["btc"], q=m.party_card_number).rows == [m]
    assert member_search(tree.users["btc"], q=m.phone).rows == [m]


def test_filters_by_subtree_and_status(tree):
    Member.objects.filter(pk=tree.members["Y"][0].pk).update(status="exempt", exempt_reason="age")
    page = member_search(tree.users["btc"], unit=tree.c1, status="exempt")
    assert [m.pk for m in page.rows] == [tree.members["Y"][0].pk]


def test_transfer_keeps_history_and_needs_both_cells_in_scope(tree):
    member = tree.members["X"][2]
    member_transfer(member=member, to_cell=tree.y, actor=tree.users["admin_d1"], reason="Chuyển nơi cư trú")
    assert Member.objects.get(pk=member.pk).cell_id == tree.y.pk
    assert MemberTransfer.objects.get(member=member).from_cell_id == tree.x.pk
    with pytest.raises(PermissionDenied):
        member_transfer(member=member, to_cell=tree.z, actor=tree.users["admin_d1"])
    with pytest.raises(ValidationError, match="chi bộ hoặc tổ đảng"):
        member_transfer(member=member, to_cell=tree.c1, actor=tree.users["btc"])


def test_member_proposes_secretary_approves(tree):
    member = tree.members["X"][0]
    correction = correction_propose(
        member=member, values={"phone": "0987654321"}, note="Đổi số", actor=tree.users["member_x"]
    )
    with pytest.raises(PermissionDenied):  # a district admin may not approve corrections
        correction_decide(correction=correction, approve=True, actor=tree.users["admin_d1"])
    correction_decide(correction=correction, approve=True, actor=tree.users["sec_x"])
    assert Member.objects.get(pk=member.pk).phone == "0987654321"
    assert type(correction).objects.get(pk=correction.pk).status == CorrectionStatus.APPROVED
    with pytest.raises(ValidationError, match="đã được xử lý"):
        correction_decide(correction=correction, approve=False, actor=tree.users["sec_x"])


def test_corrections_reject_unknown_fields_and_no_change(tree):
    member = tree.members["X"][0]
    with pytest.raises(ValidationError, match="Không thể đề nghị"):
        correction_propose(member=member, values={"status": "official"}, note="", actor=tree.users["member_x"])
    with pytest.raises(ValidationError, match="Không có thay đổi"):
        correction_propose(member=member, values={"phone": member.phone}, note="", actor=tree.users["member_x"])


def test_rejected_correction_changes_nothing(tree):
    member = tree.members["X"][0]
    correction = correction_propose(
        member=member, values={"full_name": "Nguyễn Văn Ân"}, note="", actor=tree.users["member_x"]
    )
    correction_decide(correction=correction, approve=False, actor=tree.users["btc"])
    assert Member.objects.get(pk=member.pk).full_name == member.full_name
