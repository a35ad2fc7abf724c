"""An API token stops working the moment it expires: refused at authentication (API and resolver), not only
removed later by the nightly purge (core/accounts/tokens.py::token_resolve)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from core.accounts.models import ApiToken
from core.accounts.tokens import token_issue, token_resolve
from tests.conftest import PASSWORD, host
from tests.core.accounts.helpers import give_account, make_member, make_tree
from tests.helpers import in_tenant

PHONE = "0944444444"


@pytest.fixture
def account(alpha):
    with in_tenant(alpha):
        member = make_member(make_tree()["CB1"], "Đỗ Văn Hùng", phone=PHONE)
        return give_account(member)


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def _me(raw: str) -> int:
    return Client(HTTP_HOST=host("alpha")).get("/api/v1/me/", headers=_bearer(raw)).status_code


def _expire(row: ApiToken, alpha, at) -> None:
    with in_tenant(alpha):
        ApiToken.objects.filter(pk=row.pk).update(expires_at=at)


def test_an_expired_token_is_refused_by_the_api(alpha, alpha_client, account):
    login = alpha_client.post("/api/v1/auth/token/", {"username": PHONE, "password": PASSWORD})
    assert login.status_code == 201, login.content
    raw = login.json()["token"]
    assert _me(raw) == 200
    with in_tenant(alpha):
        row = ApiToken.objects.get(user=account)
    _expire(row, alpha, timezone.now() - timedelta(seconds=1))
    response = Client(HTTP_HOST=host("alpha")).get("/api/v1/me/", headers=_bearer(raw))
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập không hợp lệ hoặc đã hết hạn."
    assert alpha_client.post("/api/v1/auth/refresh/", headers=_bearer(raw)).status_code == 401


def test_the_resolver_refuses_a_token_from_its_expiry_instant_on(alpha, account):
    now = timezone.now()
    with in_tenant(alpha):
        row, raw = token_issue(user=account)
        ApiToken.objects.filter(pk=row.pk).update(expires_at=now)
        with mock.patch("core.accounts.tokens.timezone.now", return_value=now - timedelta(microseconds=1)):
            still = token_resolve(raw)
        assert still is not None and still.pk == row.pk  # one microsecond before: alive
        with mock.patch("core.accounts.tokens.timezone.now", return_value=now):
            assert token_resolve(raw) is None  # at the instant itself: expired
        assert token_resolve(raw) is None


def test_an_expired_restricted_token_gets_a_401_not_the_password_change_answer(alpha, account):
    with in_tenant(alpha):
        row, raw = token_issue(user=account, restricted=True)
    refused = Client(HTTP_HOST=host("alpha")).get("/api/v1/me/", headers=_bearer(raw))
    assert (refused.status_code, refused.json()["code"]) == (403, "password_change_required")
    _expire(row, alpha, timezone.now() - timedelta(minutes=1))
    assert _me(raw) == 401


def test_a_token_of_a_deactivated_account_is_refused(alpha, account):
    with in_tenant(alpha):
        _, raw = token_issue(user=account)
    assert _me(raw) == 200
    with in_tenant(alpha):
        account.is_active = False
        account.save(update_fields=["is_active"])
        assert token_resolve(raw) is None
    assert _me(raw) == 401
