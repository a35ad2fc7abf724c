"""One-time activation codes (ADR 0029): readable, ≥ 50 bits, keyed hash only, once, until expiry, attempt limit,
only in their own tenant; the phone client opens the account with the code and chooses a password."""

import datetime as dt
import math

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from core.accounts import activation
from core.accounts.activation import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_ATTEMPTS,
    code_digest,
    display,
    job_code,
    new_code,
    new_job_key,
)
from core.accounts.bulk_issue import bulk_issue_batch
from core.accounts.models import AccountState
from core.audit.models import AuditEvent
from tests.conftest import host
from tests.core.accounts.helpers import make_member, make_tree
from tests.helpers import in_tenant

PHONE = "0966666666"


def test_codes_are_readable_and_carry_at_least_50_bits():
    assert not set(CODE_ALPHABET) & set("0O1lI")
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) >= 50
    samples = {new_code() for _ in range(2000)}
    assert len(samples) == 2000 and all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in samples)
    assert display("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"
    key = new_job_key()
    assert job_code(key, 7) == job_code(key, 7) != job_code(key, 8)  # derived: printable again from the key
    assert job_code(new_job_key(), 7) != job_code(key, 7)


@pytest.fixture
def issued(alpha):
    """A member issued an account with a known code, as bulk issuance does."""
    with in_tenant(alpha):
        tree = make_tree()
        member = make_member(tree["CB1"], "Trịnh Văn Mở", phone=PHONE)
        admin = User.objects.get(username="admin")
        code = new_code()
        result = bulk_issue_batch(member_ids=[member.pk], codes={member.pk: code}, actor=admin)
        user = User.objects.get(pk=result.issued[0].user_id)
    return {"member": member, "user": user, "code": code}


def _token_login(tenant: str, username: str, password: str):
    return Client(HTTP_HOST=host(tenant)).post("/api/v1/auth/token/", {"username": username, "password": password})


def test_only_the_keyed_hash_is_stored(alpha, issued):
    with in_tenant(alpha):
        state = AccountState.objects.get(pk=issued["user"].pk)
        assert state.activation_digest == code_digest(issued["code"]) and len(state.activation_digest) == 64
        assert issued["code"] not in state.activation_digest and not issued["user"].has_usable_password()
        assert state.activation_expires_at is not None and state.activation_expires_at > timezone.now()


def test_phone_client_opens_the_account_with_the_code_once_and_chooses_a_password(alpha, issued):
    login = _token_login("alpha", PHONE, display(issued["code"]).lower())
    assert login.status_code == 201 and login.json()["password_change_required"] is True
    restricted = {"Authorization": f"Bearer {login.json()['token']}"}
    phone = Client(HTTP_HOST=host("alpha"))
    assert phone.get("/api/v1/me/", headers=restricted).status_code == 403  # only the password page
    chosen = "Hoa-mai-vang-2026"
    changed = phone.post("/api/v1/auth/password/", {"new_password": chosen}, headers=restricted)
    assert changed.status_code == 200, changed.content
    assert _token_login("alpha", PHONE, issued["code"]).status_code == 401  # used up
    assert _token_login("alpha", PHONE, chosen).status_code == 201
    with in_tenant(alpha):
        assert AuditEvent.objects.filter(action="account.activated", actor=issued["user"]).count() == 1


def test_wrong_code_counts_and_the_limit_kills_the_code(alpha, issued):
    wrong = "ABCD-EFGH-JKMN" if issued["code"] != "ABCDEFGHJKMN" else "NMKJ-HGFE-DCBA"
    assert _token_login("alpha", PHONE, wrong).status_code == 401
    with in_tenant(alpha):
        assert AccountState.objects.get(pk=issued["user"].pk).activation_attempts == 1
        AccountState.objects.filter(pk=issued["user"].pk).update(activation_attempts=MAX_ATTEMPTS)
        assert not activation.activation_check(user=issued["user"], code=issued["code"])  # right code, too late
        assert AccountState.objects.get(pk=issued["user"].pk).activation_used_at is None


def test_an_expired_code_opens_nothing(alpha, issued):
    with in_tenant(alpha):
        AccountState.objects.filter(pk=issued["user"].pk).update(
            activation_expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    assert _token_login("alpha", PHONE, issued["code"]).status_code == 401


def test_a_code_is_used_once(alpha, issued):
    with in_tenant(alpha):
        assert activation.activation_check(user=issued["user"], code=issued["code"])
        assert not activation.activation_check(user=issued["user"], code=issued["code"])


def test_a_code_works_only_on_its_own_tenant(alpha, beta, issued):
    assert _token_login("beta", PHONE, issued["code"]).status_code == 401
    assert _token_login("beta", issued["member"].party_card_number, issued["code"]).status_code == 401
    with in_tenant(alpha):
        state = AccountState.objects.get(pk=issued["user"].pk)
        assert state.activation_used_at is None and state.activation_attempts == 0  # beta never saw alpha's rows
    assert _token_login("alpha", PHONE, issued["code"]).status_code == 201


def test_a_password_cannot_be_used_as_a_code_and_a_code_not_as_a_password(alpha, issued):
    with in_tenant(alpha):
        assert not activation.activation_check(user=issued["user"], code="not a code")
        assert AccountState.objects.get(pk=issued["user"].pk).activation_attempts == 1
