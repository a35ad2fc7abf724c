"""The checks of core/accounts/tokens.py and api/authentication.py one by one, each with the input that only it
stops (written to kill the mutants `make mutation ARGS=tokens` found alive; docs/guides/mutation.md)."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from api import authentication
from core.accounts.models import ApiToken
from core.accounts.tokens import (
    BODY_LEN,
    LOOKUP_LEN,
    PREFIX,
    RESTRICTED_MARK,
    token_is_restricted,
    token_issue,
    token_resolve,
    token_rotate,
)
from tests.conftest import host
from tests.core.accounts.helpers import give_account, make_member, make_tree
from tests.helpers import in_tenant


@pytest.fixture
def account(alpha):
    with in_tenant(alpha):
        return give_account(make_member(make_tree()["CB1"], "Đỗ Văn Hùng", phone="0944444444"))


def _get_me(authorization: str):
    return Client(HTTP_HOST=host("alpha")).get("/api/v1/me/", headers={"Authorization": authorization})


def test_issued_tokens_have_the_documented_shape_and_random_bodies(alpha, account):
    with in_tenant(alpha):
        issued = [token_issue(user=account, label="Máy Hùng") for _ in range(40)]
    bodies = [raw.removeprefix(f"{PREFIX}alpha_") for _, raw in issued]
    for (row, raw), body in zip(issued, bodies, strict=True):
        assert raw.startswith(f"{PREFIX}alpha_")
        assert len(body) == BODY_LEN and re.fullmatch(r"[A-Za-z0-9]+", body), body  # never "_" nor the mark "-"
        assert row.lookup == body[:LOOKUP_LEN] and row.schema_name == "alpha" and row.label == "Máy Hùng"
        assert not token_is_restricted(raw, "alpha")
    assert len({body[:4] for body in bodies}) > 1  # random from the first character on
    with in_tenant(alpha):
        ttl = ApiToken.objects.get(pk=issued[0][0].pk).expires_at - timezone.now()
    assert timedelta(days=settings.API_TOKEN_TTL_DAYS) - timedelta(minutes=5) < ttl
    assert ttl <= timedelta(days=settings.API_TOKEN_TTL_DAYS)


def test_a_long_device_label_is_cut_to_the_column(alpha, account):
    with in_tenant(alpha):
        row, _ = token_issue(user=account, label="Đ" * 150)
        assert ApiToken.objects.get(pk=row.pk).label == "Đ" * 100


def test_a_restricted_token_carries_the_mark_and_keeps_it_when_rotated(alpha, account):
    with in_tenant(alpha):
        row, raw = token_issue(user=account, restricted=True)
        body = raw.removeprefix(f"{PREFIX}alpha_")
        assert body.startswith(RESTRICTED_MARK) and len(body) == BODY_LEN
        assert token_is_restricted(raw, "alpha")
        new_row, new_raw = token_rotate(row)
        assert token_is_restricted(new_raw, "alpha") and new_row.lookup.startswith(RESTRICTED_MARK)
        assert token_resolve(raw) is None and token_resolve(new_raw) is not None
        plain, _ = token_issue(user=account)
        assert plain.label == ""
        labelled, _ = token_issue(user=account, label="Máy Hùng")
        rotated, rotated_raw = token_rotate(labelled)
        assert not token_is_restricted(rotated_raw, "alpha") and rotated.label == "Máy Hùng"


def test_rotating_a_token_revoked_meanwhile_does_not_bring_it_back(alpha, account):
    with in_tenant(alpha):
        row, _ = token_issue(user=account)
        ApiToken.objects.filter(pk=row.pk).delete()
        with pytest.raises(ApiToken.DoesNotExist):
            token_rotate(row)
        assert not ApiToken.objects.filter(user=account).exists()


def test_a_right_lookup_with_a_wrong_secret_is_refused(alpha, account):
    with in_tenant(alpha):
        row, raw = token_issue(user=account)
        forged = raw[:-1] + ("A" if raw[-1] != "A" else "B")  # same lookup, same schema, another secret
        assert token_resolve(forged) is None
        short = f"{PREFIX}alpha_{row.lookup[: LOOKUP_LEN - 1]}"
        assert token_resolve(short) is None
        assert token_resolve(raw + "\x00") is None  # never reaches PostgreSQL (text cannot hold NUL)
        assert token_resolve(f"{PREFIX}alpha_" + "\x00" * LOOKUP_LEN + "x" * 28) is None  # not even as the lookup
        assert token_resolve(raw).pk == row.pk  # type: ignore[union-attr]


def test_a_token_minted_before_a_password_change_is_deleted_when_presented(alpha, account):
    with in_tenant(alpha):
        row, raw = token_issue(user=account)
        account.set_password("Mat-khau-moi-2026-x")
        account.save()
        assert token_resolve(raw) is None
        assert not ApiToken.objects.filter(pk=row.pk).exists()


def test_bearer_and_token_keywords_and_malformed_headers(alpha, account):
    with in_tenant(alpha):
        _, raw = token_issue(user=account)
    assert _get_me(f"Bearer {raw}").status_code == 200
    assert _get_me(f"Token {raw}").status_code == 200
    for header in ("Bearer", f"Bearer {raw} extra"):
        refused = _get_me(header)
        assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Bearer"
        assert refused.json()["detail"] == "Mã truy cập không hợp lệ."


def test_first_use_stamps_last_used_and_a_recent_stamp_is_not_rewritten(alpha, account):
    with in_tenant(alpha):
        row, raw = token_issue(user=account)
        assert row.last_used_at is None
    assert _get_me(f"Bearer {raw}").status_code == 200
    with in_tenant(alpha):
        first = ApiToken.objects.get(pk=row.pk).last_used_at
        assert first is not None
        recent = timezone.now() - timedelta(seconds=299)
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=recent)
    assert _get_me(f"Bearer {raw}").status_code == 200
    with in_tenant(alpha):
        assert ApiToken.objects.get(pk=row.pk).last_used_at == recent
        old = timezone.now() - timedelta(seconds=301)
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=old)
    assert _get_me(f"Bearer {raw}").status_code == 200
    with in_tenant(alpha):
        assert ApiToken.objects.get(pk=row.pk).last_used_at > old  # type: ignore[operator]


def test_the_last_used_stamp_is_rewritten_after_exactly_five_minutes(alpha, account, monkeypatch):
    """The write throttle's boundary, on a clock that does not move: 300 s since the stamp is still recent,
    300.5 s is not."""
    fixed = timezone.now()
    monkeypatch.setattr(authentication, "timezone", SimpleNamespace(now=lambda: fixed))
    with in_tenant(alpha):
        row, raw = token_issue(user=account)
    for age, rewritten in ((300, False), (300.5, True)):
        stamp = fixed - timedelta(seconds=age)
        with in_tenant(alpha):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=stamp)
        assert _get_me(f"Bearer {raw}").status_code == 200
        with in_tenant(alpha):
            assert ApiToken.objects.get(pk=row.pk).last_used_at == (fixed if rewritten else stamp), age


def test_resolving_a_token_is_one_query(alpha, account, django_assert_num_queries):
    with in_tenant(alpha):
        _, raw = token_issue(user=account)
        with django_assert_num_queries(1):  # the token and its account together
            token = token_resolve(raw)
            assert token is not None and token.user.is_active


def test_the_openapi_schema_describes_the_bearer_scheme(alpha_client):
    schema = alpha_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    scheme = schema["components"]["securitySchemes"]["tenantToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "Token from /api/v1/auth/token/" in scheme["description"]
