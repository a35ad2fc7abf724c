"""Argon2id is the hasher; an older hash (PBKDF2 in production, MD5 in the test settings) stays valid and is
upgraded at the next login WITHOUT ending the account's other sessions and API tokens (ADR 0030), while a real
password change still ends them (ADR 0010)."""

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client, override_settings

from core.accounts.hashers import Argon2idHasher
from core.accounts.models import AccountState
from tests.conftest import PASSWORD, host
from tests.core.accounts.helpers import give_account, make_member, make_tree
from tests.helpers import in_tenant, web_login

PHONE = "0955555555"
UPGRADED = ["core.accounts.hashers.Argon2idHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]


def _client() -> Client:
    return Client(HTTP_HOST=host("alpha"))


def _token_works(token: str) -> bool:
    return _client().get("/api/v1/me/", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def _session_works(client: Client) -> bool:
    return client.get("/api/v1/me/").status_code == 200


@pytest.fixture
def old_account(alpha):
    """An account whose hash is the older kind, with a phone token and a browser session minted under it."""
    with in_tenant(alpha):
        member = make_member(make_tree()["CB1"], "Lê Thị Hạnh", phone=PHONE)
        user = give_account(member)
        assert user.password.startswith("md5$")
    token = _client().post("/api/v1/auth/token/", {"username": PHONE, "password": PASSWORD}).json()["token"]
    browser = _client()
    web_login(browser, PHONE, PASSWORD)
    assert _session_works(browser) and _token_works(token)
    return {"user": user, "token": token, "browser": browser}


def test_the_configured_hasher_is_argon2id_at_owasp_minimum_or_above(settings):
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "core.accounts.hashers.Argon2idHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS  # old hashes stay valid
    encoded = Argon2idHasher().encode("mật khẩu", Argon2idHasher().salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert Argon2idHasher.memory_cost >= 19_456 and Argon2idHasher.time_cost >= 2


def test_login_upgrades_the_hash_and_keeps_other_sessions_and_tokens(alpha, old_account):
    with override_settings(PASSWORD_HASHERS=UPGRADED):
        phone = _client()
        login = phone.post("/api/v1/auth/token/", {"username": PHONE, "password": PASSWORD})
        assert login.status_code == 201
        with in_tenant(alpha):
            user = User.objects.get(pk=old_account["user"].pk)
            assert user.password.startswith("argon2$argon2id$") and user.check_password(PASSWORD)
            assert AccountState.objects.get(pk=user.pk).rehashed_from_mark
        assert _token_works(old_account["token"])  # the phone's older token: carried over
        assert _session_works(old_account["browser"])  # the browser's session: carried over
        assert _session_works(old_account["browser"])  # and again, now under the new mark
        assert _token_works(login.json()["token"])
        web = _client()
        web_login(web, PHONE, PASSWORD)  # an upgraded hash verifies again, nothing more to upgrade
        assert _session_works(web)


def test_a_real_password_change_after_the_upgrade_still_ends_everything(alpha, old_account):
    with override_settings(PASSWORD_HASHERS=UPGRADED):
        own = _client()
        web_login(own, PHONE, PASSWORD)  # upgrades
        response = own.post(
            "/tai-khoan/doi-mat-khau/",
            {"old_password": PASSWORD, "new_password1": "Hoa-sen-2026-moi", "new_password2": "Hoa-sen-2026-moi"},
        )
        assert response.status_code == 302
        assert not _token_works(old_account["token"])
        assert not _session_works(old_account["browser"])
        assert _session_works(own)


def test_a_session_of_another_account_cannot_borrow_the_carry_over(alpha, old_account):
    """The old mark only re-marks a session that presents it for that very account."""
    with in_tenant(alpha):
        other = give_account(make_member(make_tree_cell(), "Phan Văn Khác"))
        other.password = make_password(PASSWORD)
        other.save()
    intruder = _client()
    web_login(intruder, other.username, PASSWORD)
    with override_settings(PASSWORD_HASHERS=UPGRADED):
        web_login(_client(), PHONE, PASSWORD)  # the holder's hash upgraded
        assert _session_works(intruder)  # unaffected, and still only the other account
        assert intruder.get("/api/v1/me/").json()["username"] == other.username


def make_tree_cell():
    from core.org.models import OrgUnit

    return OrgUnit.objects.get(code="CB1")
