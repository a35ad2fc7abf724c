"""Login throttle: failures counted on the *account* the identifier names, per source address, with a slower
per-account back-off that spares the member's own devices (docs/adr/0011-login-throttle.md).

An identifier is resolved to every account it can name (party card number, phone in any spelling
"0930…"/"+84930…", username: `backends.identifier_account_ids`), so switching spellings does not buy new
guesses. An identifier naming no account is counted under a digest of its folded spelling. Counters live in
the tenant-keyed cache. Three rules:

1. (account, address): `LOGIN_FAILURE_LIMIT` failures within `LOGIN_FAILURE_WINDOW` → that address may not try
   that account until the window ends. The main lock; it does not touch the real member elsewhere.
2. address: `LOGIN_ADDRESS_FAILURE_LIMIT` failures on any identifiers in the same window → the address is
   refused (password spraying). Generous, because a commune office shares one address.
3. account: `LOGIN_ACCOUNT_FAILURE_LIMIT` failures from all addresses within `LOGIN_ACCOUNT_WINDOW` → the account
   is under attack: attempts from *untrusted* sources are refused until the window ends. A source is trusted for
   an account when the browser carries the signed device cookie set at a successful login of that account, or
   its address had a successful login of that account within `LOGIN_TRUST_DAYS`. So a distributed attack gets at
   most LOGIN_ACCOUNT_FAILURE_LIMIT guesses an hour, and the real member still gets in from a device or
   address they used before.
"""

import hashlib
from collections.abc import Iterable
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from core.accounts.addresses import client_address
from core.accounts.backends import identifier_account_ids, normalise_phone
from tenants.db.schema import current_schema

THROTTLED_SOURCE = _("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.")
THROTTLED_ACCOUNT = _(
    "Tài khoản này vừa bị thử mật khẩu sai nhiều lần nên tạm thời chỉ đăng nhập được từ thiết bị hoặc nơi "
    "đồng chí đã đăng nhập trước đây. Vui lòng dùng thiết bị quen thuộc hoặc thử lại sau một giờ."
)
TRUST_COOKIE = "sotay_login_trust"
TRUSTED_ACCOUNTS_PER_BROWSER = 5  # a family sharing one phone
_RESOLVED_ATTR = "_sotay_login_accounts"


class Refusal(StrEnum):
    """Why an attempt is refused before its password is checked."""

    SOURCE = "source"  # rules 1 and 2: this address tried too often
    ACCOUNT = "account"  # rule 3: the account is under attack and this source is not trusted


def _accounts(request: HttpRequest, identifier: str) -> list[str]:
    """Throttle keys of the accounts `identifier` names, resolved once per request."""
    cached = getattr(request, _RESOLVED_ATTR, None)
    if cached is not None and cached[0] == identifier:
        return list(cached[1])
    ids = identifier_account_ids(identifier)
    if ids:
        keys = [f"u{pk}" for pk in ids]
    else:
        folded = normalise_phone(identifier) or identifier.strip().lower()
        keys = ["i" + hashlib.sha256(folded.encode()).hexdigest()[:32]]
    setattr(request, _RESOLVED_ATTR, (identifier, keys))
    return keys


def _pair_key(account: str, address: str) -> str:
    return f"login-fail:pair:{account}:{address}"


def _address_key(address: str) -> str:
    return f"login-fail:addr:{address}"


def _account_key(account: str) -> str:
    return f"login-fail:account:{account}"


def _known_address_key(account: str, address: str) -> str:
    return f"login-ok:{account}:{address}"


def _cookie_salt() -> str:
    return f"sotay.login-trust:{current_schema()}"  # a cookie of one tenant means nothing on another


def _cookie_accounts(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(TRUST_COOKIE, "")
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=_cookie_salt(), max_age=settings.LOGIN_TRUST_DAYS * 86400)
    except signing.BadSignature:
        return []
    return [str(a) for a in value] if isinstance(value, list) else []


def _trusted(request: HttpRequest, account: str, address: str) -> bool:
    return account in _cookie_accounts(request) or bool(cache.get(_known_address_key(account, address)))


def login_refusal(request: HttpRequest, identifier: str) -> Refusal | None:
    """Whether an attempt with `identifier` from this request must be refused without checking a password."""
    address = client_address(request)
    accounts = _accounts(request, identifier)
    keys = [_address_key(address)] + [_pair_key(a, address) for a in accounts] + [_account_key(a) for a in accounts]
    counts = cache.get_many(keys)
    if counts.get(_address_key(address), 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return Refusal.SOURCE
    if any(counts.get(_pair_key(a, address), 0) >= settings.LOGIN_FAILURE_LIMIT for a in accounts):
        return Refusal.SOURCE
    for account in accounts:
        attacked = counts.get(_account_key(account), 0) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        if attacked and not _trusted(request, account, address):
            return Refusal.ACCOUNT
    return None


def _increment(keys: Iterable[str], timeout: int) -> None:
    for key in keys:
        if cache.add(key, 1, timeout=timeout):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=timeout)


def login_failed(request: HttpRequest, identifier: str) -> None:
    address = client_address(request)
    accounts = _accounts(request, identifier)
    window = settings.LOGIN_FAILURE_WINDOW
    _increment([_address_key(address), *(_pair_key(a, address) for a in accounts)], window)
    _increment([_account_key(a) for a in accounts], settings.LOGIN_ACCOUNT_WINDOW)


def login_succeeded(request: HttpRequest, identifier: str) -> None:
    """The password was right: this address's counters for these accounts start again, and the address is
    trusted for them. The account-wide counter is left alone: an attack elsewhere goes on being slowed."""
    address = client_address(request)
    accounts = _accounts(request, identifier)
    cache.delete_many([_pair_key(a, address) for a in accounts])
    trust = settings.LOGIN_TRUST_DAYS * 86400
    cache.set_many({_known_address_key(a, address): 1 for a in accounts}, timeout=trust)


def login_trust_browser(request: HttpRequest, response: HttpResponseBase, user: User) -> None:
    """Remember in a signed, host-only cookie that this browser logged in to `user` (rule 3's device)."""
    account = f"u{user.pk}"
    accounts = [account] + [a for a in _cookie_accounts(request) if a != account]
    value = signing.dumps(accounts[:TRUSTED_ACCOUNTS_PER_BROWSER], salt=_cookie_salt())
    response.set_cookie(
        TRUST_COOKIE,
        value,
        max_age=settings.LOGIN_TRUST_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
