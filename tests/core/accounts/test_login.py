"""Login with phone number or party card number (web page), login facts, and the backend's edge cases."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.utils import timezone

from core.accounts.backends import MemberLoginBackend, member_accounts_for, normalise_phone
from core.accounts.models import AccountState
from tests.conftest import PASSWORD
from tests.core.accounts.helpers import give_account, make_member, make_tree
from tests.helpers import in_tenant


@pytest.fixture
def member_with_account(alpha):
    with in_tenant(alpha):
        tree = make_tree()
        member = make_member(tree["CB1"], "Nguyễn Văn Minh", phone="0912345678")
        user = give_account(member)
    return member, user


@pytest.mark.parametrize("identifier", ["0912345678", "0912 345 678", "+84912345678", "84912345678", "091.234.5678"])
def test_web_login_by_phone_in_any_usual_spelling(alpha_client, member_with_account, identifier):
    response = alpha_client.post("/dang-nhap/", {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert "Xin chào, Nguyễn Văn Minh" in alpha_client.get("/").content.decode()


def test_web_login_by_party_card_number(alpha_client, member_with_account):
    member, _ = member_with_account
    response = alpha_client.post("/dang-nhap/", {"username": member.party_card_number, "password": PASSWORD})
    assert response.status_code == 302
    assert "Xin chào" in alpha_client.get("/").content.decode()


def test_login_page_label_names_phone_and_card(alpha_client):
    page = alpha_client.get("/dang-nhap/").content.decode()
    assert "Số điện thoại hoặc số thẻ đảng" in page


def test_wrong_password_for_a_phone_is_refused_and_counted_by_the_throttle(alpha_client, member_with_account, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = alpha_client.post("/dang-nhap/", {"username": "0912345678", "password": "sai-mat-khau"})
        assert response.status_code == 200
        assert "không đúng" in response.content.decode()
    blocked = alpha_client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD})
    assert blocked.status_code == 200 and "quá nhiều lần" in blocked.content.decode()


def test_usernames_still_log_in_through_model_backend(alpha_client):
    response = alpha_client.post("/dang-nhap/", {"username": "member_alpha", "password": PASSWORD})
    assert response.status_code == 302


def test_member_without_account_cannot_log_in(alpha, alpha_client):
    with in_tenant(alpha):
        tree = make_tree()
        make_member(tree["CB1"], "Lê Thị Hoa", phone="0987654321")
    response = alpha_client.post("/dang-nhap/", {"username": "0987654321", "password": PASSWORD})
    assert response.status_code == 200


def test_inactive_account_cannot_log_in_by_phone(alpha, alpha_client, member_with_account):
    _, user = member_with_account
    with in_tenant(alpha):
        User.objects.filter(pk=user.pk).update(is_active=False)
    assert alpha_client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD}).status_code == 200


def test_alpha_phone_does_not_log_in_on_beta(beta_client, member_with_account):
    response = beta_client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_shared_phone_each_member_logs_in_with_their_own_password(alpha):
    with in_tenant(alpha):
        tree = make_tree()
        father = make_member(tree["CB1"], "Trần Văn Cha", phone="0911111111", date_of_birth=dt.date(1940, 1, 1))
        son = make_member(tree["CB1"], "Trần Văn Con", phone="0911111111")
        father_user = give_account(father, password="mat-khau-cua-cha")
        son_user = give_account(son, password="mat-khau-cua-con")
        request = RequestFactory().post("/dang-nhap/")
        assert authenticate(request, username="0911111111", password="mat-khau-cua-cha") == father_user
        assert authenticate(request, username="0911111111", password="mat-khau-cua-con") == son_user
        assert authenticate(request, username="0911111111", password="sai") is None


def test_login_records_first_and_last_login(alpha, alpha_client, member_with_account):
    _, user = member_with_account
    alpha_client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD})
    with in_tenant(alpha):
        state = AccountState.objects.get(pk=user.pk)
        first, last = state.first_login_at, state.last_login_at
        assert first is not None and first == last
        AccountState.objects.filter(pk=user.pk).update(
            first_login_at=first - dt.timedelta(days=3), last_login_at=first - dt.timedelta(days=1)
        )
    alpha_client.post("/dang-xuat/")
    alpha_client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD})
    with in_tenant(alpha):
        state = AccountState.objects.get(pk=user.pk)
        assert state.first_login_at == first - dt.timedelta(days=3)  # kept
        last = state.last_login_at
        assert last is not None and timezone.now() - last < dt.timedelta(minutes=1)  # moved to now


def test_login_creates_the_state_row_for_accounts_that_had_none(alpha, alpha_client):
    alpha_client.post("/dang-nhap/", {"username": "member_alpha", "password": PASSWORD})
    with in_tenant(alpha):
        state = AccountState.objects.get(user__username="member_alpha")
        assert state.first_login_at is not None and not state.must_change_password


def test_backend_is_inert_on_the_platform_schema(db):
    assert MemberLoginBackend().authenticate(None, username="0912345678", password=PASSWORD) is None


def test_phone_normalisation():
    assert normalise_phone("+84 912 345 678") == "0912345678"
    assert normalise_phone("(091) 234-5678") == "0912345678"
    assert normalise_phone("member_alpha") == ""
    assert normalise_phone("37000001") == ""


def test_lookup_is_one_query(alpha, member_with_account, django_assert_num_queries):
    with in_tenant(alpha):
        User.objects.exists()  # the schema switch's SET search_path happens here
        with django_assert_num_queries(1):
            assert len(member_accounts_for("0912345678")) == 1


def test_throttle_counts_a_phone_once_however_it_is_spelt(alpha_client, member_with_account, settings):
    spellings = ["0912345678", "0912 345 678", "+84912345678", "091.234.5678"]
    for i in range(settings.LOGIN_FAILURE_LIMIT):
        alpha_client.post("/dang-nhap/", {"username": spellings[i % 4], "password": "sai"})
    attempt = {"username": "84912345678", "password": PASSWORD}
    blocked = alpha_client.post("/dang-nhap/", attempt)
    assert "quá nhiều lần" in blocked.content.decode()


@pytest.mark.parametrize("status", ["transferred_out", "deceased"])
def test_members_who_left_can_no_longer_log_in_nor_keep_their_session(alpha, alpha_client, member_with_account, status):
    from core.members.models import Member

    member, user = member_with_account
    assert (
        alpha_client.post("/dang-nhap/", {"username": member.party_card_number, "password": PASSWORD}).status_code
        == 302
    )
    with in_tenant(alpha):
        Member.objects.filter(pk=member.pk).update(status=status)
    assert "Xin chào" not in alpha_client.get("/").content.decode()  # the open session ends
    for identifier in ("0912345678", member.party_card_number, user.username):
        response = alpha_client.post("/dang-nhap/", {"username": identifier, "password": PASSWORD})
        assert response.status_code == 200, identifier
