"""Admin password reset (ACCOUNTS_RESET) on the member's account page; issuing one member's account."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from core.access.models import RoleGrant
from core.accounts.activation import code_digest
from core.accounts.issuance import can_reset
from core.accounts.models import AccountState, ApiToken
from core.accounts.tokens import token_issue
from core.audit.models import AuditEvent
from core.members.models import Member
from tests.conftest import PASSWORD, host
from tests.core.accounts.helpers import give_account, make_member, make_tree, make_user
from tests.helpers import in_tenant, web_login


@pytest.fixture
def org(alpha):
    with in_tenant(alpha):
        tree = make_tree()
        lan = make_member(tree["CB1"], "Phạm Thị Lan", phone="0944444444")
        lan_user = give_account(lan)
        other = make_member(tree["CB2"], "Hoàng Văn Đoài")
        give_account(other)
        fresh = make_member(tree["CB1"], "Ngô Văn Mới")
        sec1 = make_user("bithu_cb1", role="cell_secretary", unit=tree["CB1"])
    return {"tree": tree, "lan": lan, "lan_user": lan_user, "other": other, "fresh": fresh, "sec1": sec1}


def _slip_password(html: str) -> str:
    found = re.search(r'data-password="([\w-]+)"', html)
    assert found is not None, "no slip on the page"
    return found.group(1)


def test_reset_gives_a_new_one_time_password_and_revokes_everything(alpha, alpha_client, org):
    member_client = Client(HTTP_HOST=host("alpha"))
    web_login(member_client, "0944444444", PASSWORD)
    assert "Xin chào" in member_client.get("/").content.decode()
    with in_tenant(alpha):
        _, raw = token_issue(user=org["lan_user"], label="điện thoại")
    assert member_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    web_login(alpha_client, "bithu_cb1", PASSWORD)
    page = alpha_client.get(f"/tai-khoan/dang-vien/{org['lan'].pk}/").content.decode()
    assert "Đặt lại mật khẩu" in page and org["lan"].party_card_number in page
    response = alpha_client.post(f"/tai-khoan/dang-vien/{org['lan'].pk}/dat-lai-mat-khau/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    new_password = _slip_password(response.content.decode())

    with in_tenant(alpha):
        user = User.objects.get(pk=org["lan_user"].pk)
        assert user.check_password(new_password) and not user.check_password(PASSWORD)
        state = AccountState.objects.get(pk=user.pk)
        assert state.must_change_password and state.initial_password_issued_at is not None
        assert not ApiToken.objects.filter(user=user).exists()
        event = AuditEvent.objects.get(action="account.password_reset")
        assert event.actor_id == org["sec1"].pk and event.target_id == str(user.pk)
        assert event.changes["tokens_revoked"] == 1
    assert member_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert "Xin chào" not in member_client.get("/").content.decode()  # the old session ended
    assert member_client.get("/api/v1/me/").status_code == 401

    web_login(member_client, "0944444444", new_password)
    assert member_client.get("/")["Location"].startswith("/tai-khoan/doi-mat-khau/")


def test_secretary_cannot_reach_members_of_another_cell(alpha, alpha_client, org):
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    other = org["other"]
    assert alpha_client.get(f"/tai-khoan/dang-vien/{other.pk}/").status_code == 404
    assert alpha_client.post(f"/tai-khoan/dang-vien/{other.pk}/dat-lai-mat-khau/").status_code == 404
    assert alpha_client.post(f"/tai-khoan/dang-vien/{other.pk}/cap/").status_code == 404
    with in_tenant(alpha):
        assert User.objects.get(pk=other.user_id).check_password(PASSWORD)


def test_plain_member_cannot_open_account_pages(alpha_client, org):
    web_login(alpha_client, "0944444444", PASSWORD)
    assert alpha_client.get(f"/tai-khoan/dang-vien/{org['lan'].pk}/").status_code == 404


def test_no_reset_of_own_or_more_powerful_accounts(alpha, alpha_client, org):
    with in_tenant(alpha):
        tree = org["tree"]
        secretary_member = make_member(tree["CB1"], "Bí Thư Đông")
        Member.objects.filter(pk=secretary_member.pk).update(user=org["sec1"])
        secretary_member.refresh_from_db()
        boss = make_member(tree["CB1"], "Uỷ Viên Huyện")
        boss_user = give_account(boss)
        RoleGrant.objects.create(user=boss_user, role="committee_admin", unit=tree["XA1"])
        staff = make_member(tree["CB1"], "Cán Bộ Văn Phòng")
        staff_user = give_account(staff)
        User.objects.filter(pk=staff_user.pk).update(is_staff=True)
        staff.refresh_from_db()
        sec1 = User.objects.get(pk=org["sec1"].pk)
        assert not can_reset(sec1, secretary_member)  # own account: change it instead
        assert not can_reset(sec1, boss)  # holds a grant above the secretary's cell
        assert not can_reset(sec1, staff)
        assert can_reset(sec1, org["lan"])
        assert can_reset(User.objects.get(username="admin"), boss)
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    response = alpha_client.post(f"/tai-khoan/dang-vien/{boss.pk}/dat-lai-mat-khau/", follow=True)
    assert "không thể đặt lại" in response.content.decode()
    with in_tenant(alpha):
        assert User.objects.get(pk=boss_user.pk).check_password(PASSWORD)


def test_issue_one_member_from_the_account_page(alpha, alpha_client, org):
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    page = alpha_client.get(f"/tai-khoan/dang-vien/{org['fresh'].pk}/").content.decode()
    assert "Chưa cấp" in page and "Cấp tài khoản và in phiếu" in page
    response = alpha_client.post(f"/tai-khoan/dang-vien/{org['fresh'].pk}/cap/")
    assert response.status_code == 200
    password = _slip_password(response.content.decode())
    with in_tenant(alpha):
        member = Member.objects.select_related("user").get(pk=org["fresh"].pk)
        assert member.user is not None and not member.user.has_usable_password()
        assert AccountState.objects.get(pk=member.user.pk).activation_digest == code_digest(password)
        assert AuditEvent.objects.filter(action="account.issued", actor=org["sec1"]).count() == 1
    member_client = Client(HTTP_HOST=host("alpha"))
    web_login(member_client, org["fresh"].party_card_number, password)  # the code opens the account once
    assert member_client.get("/")["Location"].startswith("/tai-khoan/doi-mat-khau/")
    again = alpha_client.post(f"/tai-khoan/dang-vien/{org['fresh'].pk}/cap/", follow=True)
    assert "đã có tài khoản" in again.content.decode()


def test_account_page_shows_adoption_facts(alpha, alpha_client, org):
    member_client = Client(HTTP_HOST=host("alpha"))
    web_login(member_client, "0944444444", PASSWORD)
    web_login(alpha_client, "bithu_cb1", PASSWORD)
    page = alpha_client.get(f"/tai-khoan/dang-vien/{org['lan'].pk}/").content.decode()
    assert 'data-testid="must-change">Không' in page
    assert "chưa cài đặt" in page
