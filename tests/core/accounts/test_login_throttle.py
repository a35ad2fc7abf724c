"""The login throttle counts on the account an identifier resolves to (card number, phone in any spelling,
username), per source address; a slower per-account back-off lets the real member in from a device or address
they used before. Web login and POST /api/v1/auth/token/ alike."""

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory, override_settings

from core.accounts.addresses import client_address
from core.accounts.throttle import TRUST_COOKIE
from core.members.models import Member
from tests.conftest import PASSWORD, host
from tests.core.accounts.helpers import make_member, make_tree
from tests.helpers import in_tenant

PHONE = "0930123456"
ATTACKER = "203.0.113.66"
MEMBER_HOME = "198.51.100.7"


@pytest.fixture
def hung(alpha):
    """A member whose account has its own username: four ways to name one account."""
    with in_tenant(alpha):
        member = make_member(make_tree()["CB1"], "Đỗ Văn Hùng", phone=PHONE)
        user = User.objects.create_user("hung.dv", password=PASSWORD)
        Member.objects.filter(pk=member.pk).update(user=user)
    return member


def spellings(member: Member) -> list[str]:
    return [member.party_card_number, PHONE, "+84930123456", "84930123456", "0930 123 456", "093.012.3456", "hung.dv"]


def web(identifier: str, password: str, address: str, client: Client | None = None) -> str:
    """ "ok", "wrong", "source" (address refused) or "account" (account under attack) for a web login."""
    client = client or Client(HTTP_HOST=host("alpha"))
    response = client.post("/dang-nhap/", {"username": identifier, "password": password}, REMOTE_ADDR=address)
    if response.status_code == 302:
        return "ok"
    body = response.content.decode()
    if "quá nhiều lần" in body:
        return "source"
    if "tạm thời chỉ đăng nhập được từ thiết bị" in body:
        return "account"
    assert "không đúng" in body, body[:400]
    return "wrong"


def api(identifier: str, password: str, address: str) -> str:
    client = Client(HTTP_HOST=host("alpha"))
    response = client.post("/api/v1/auth/token/", {"username": identifier, "password": password}, REMOTE_ADDR=address)
    if response.status_code == 201:
        return "ok"
    if response.status_code == 401:
        return "wrong"
    assert response.status_code == 429, response.content[:300]
    return response.json()["code"].removeprefix("login_throttled_")


LOGINS = {"web": web, "api": api}


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize("final", range(7), ids=["card", "phone", "+84", "84", "spaced", "dotted", "username"])
def test_failures_in_one_spelling_lock_every_spelling_from_that_address(hung, settings, login, final):
    names = spellings(hung)
    for i in range(settings.LOGIN_FAILURE_LIMIT):
        assert LOGINS[login](names[(final + 1 + i) % len(names)], "sai-mat-khau", ATTACKER) == "wrong"
    assert LOGINS[login](names[final], PASSWORD, ATTACKER) == "source"  # right password, still refused
    # the lock is on (account, address): the same office address still reaches other accounts
    assert LOGINS[login]("member_alpha", PASSWORD, ATTACKER) == "ok"


@pytest.mark.parametrize("login", LOGINS)
def test_the_real_member_gets_in_from_another_address_while_the_attacker_is_locked(hung, settings, login):
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 2):
        LOGINS[login]("+84930123456", "sai-mat-khau", ATTACKER)
    assert LOGINS[login](PHONE, PASSWORD, MEMBER_HOME) == "ok"
    assert LOGINS[login](PHONE, PASSWORD, ATTACKER) == "source"


def _distributed_attack(settings, member: Member) -> None:
    """LOGIN_ACCOUNT_FAILURE_LIMIT wrong guesses in every spelling, each address staying under its own limit."""
    names = spellings(member)
    for i in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
        assert api(names[i % len(names)], f"doan-{i}", f"203.0.113.{i // 2 + 1}") == "wrong"


@pytest.mark.parametrize("login", LOGINS)
def test_an_account_under_a_distributed_attack_refuses_new_sources(hung, settings, login):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    _distributed_attack(settings, hung)
    assert LOGINS[login]("hung.dv", PASSWORD, "192.0.2.200") == "account"  # right password, unknown source


def test_a_browser_that_logged_in_before_still_gets_in_from_a_new_address(hung, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    browser = Client(HTTP_HOST=host("alpha"))
    assert web(PHONE, PASSWORD, "192.0.2.10", browser) == "ok"  # last month, on the member's phone
    assert browser.cookies[TRUST_COOKIE]["httponly"]
    browser.post("/dang-xuat/")
    _distributed_attack(settings, hung)
    assert web("+84930123456", PASSWORD, "192.0.2.99", Client(HTTP_HOST=host("alpha"))) == "account"
    assert web("+84930123456", PASSWORD, "192.0.2.99", browser) == "ok"  # same phone, new mobile address


@pytest.mark.parametrize("login", LOGINS)
def test_an_address_that_logged_in_before_still_gets_in(hung, settings, login):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    assert api(PHONE, PASSWORD, MEMBER_HOME) == "ok"
    _distributed_attack(settings, hung)
    assert LOGINS[login](hung.party_card_number, PASSWORD, MEMBER_HOME) == "ok"
    assert LOGINS[login](hung.party_card_number, PASSWORD, "192.0.2.1") == "account"


def test_a_forged_or_foreign_trust_cookie_is_ignored(hung, alpha, beta, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    beta_browser = Client(HTTP_HOST=host("beta"))
    with in_tenant(beta):
        User.objects.create_user("hung.dv", password=PASSWORD)
    assert web("hung.dv", PASSWORD, "192.0.2.10", beta_browser) == "ok"
    beta_cookie = beta_browser.cookies.get(TRUST_COOKIE)
    _distributed_attack(settings, hung)
    for value in ("u1", "forged:signature", beta_cookie.value if beta_cookie else "x"):
        client = Client(HTTP_HOST=host("alpha"))
        client.cookies[TRUST_COOKIE] = value
        assert web(PHONE, PASSWORD, "192.0.2.50", client) == "account"


def test_one_address_spraying_many_identifiers_is_refused(hung, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for i in range(6):
        assert web(f"09000000{i:02d}", "sai", ATTACKER) == "wrong"
    assert web(PHONE, PASSWORD, ATTACKER) == "source"
    assert web(PHONE, PASSWORD, MEMBER_HOME) == "ok"


@pytest.mark.parametrize(
    ("typed", "then"), [(["0977000111", "+84977000111"], "+84 977 000 111"), (["Ai-Do", "ai-do"], "AI-DO")]
)
def test_identifiers_naming_no_account_are_counted_by_their_folded_spelling(alpha, settings, typed, then):
    for i in range(settings.LOGIN_FAILURE_LIMIT):
        assert web(typed[i % 2], "sai", ATTACKER) == "wrong"
    assert web(then, "sai", ATTACKER) == "source"


@override_settings(TRUSTED_PROXY_ADDRESSES=["10.0.0.5"])
def test_forwarded_for_is_believed_only_from_a_trusted_proxy():
    factory = RequestFactory()
    via_nginx = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(via_nginx) == "198.51.100.7"
    spoofed = factory.get("/", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(spoofed) == "203.0.113.66"
    chained = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, junk, 198.51.100.7, 10.0.0.5")
    assert client_address(chained) == "198.51.100.7"
    assert client_address(factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="nonsense")) == "10.0.0.5"
