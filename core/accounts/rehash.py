"""Upgrading a stored password hash at login without ending the account's other credentials (ADR 0030).

ADR 0010 binds sessions and API tokens to the password hash, so Django's own upgrade at login (PBKDF2 → Argon2id)
would end every other session and token of the account. `password_verify` checks a password and, when its hash
is due for an upgrade, stores the new hash *and* carries the credentials over in the same transaction:
- API tokens whose mark is the old hash's mark get the new hash's mark (one UPDATE);
- sessions cannot be found by account (they are opaque rows), so the old hash's session mark, bound to the new
  hash, is kept in `AccountState.rehashed_from_mark`; `SessionCarryOverMiddleware` re-marks a session that
  presents it while the stored hash is still the one the upgrade wrote.
Only a verified password is rehashed, and only when the stored hash did not change meanwhile, so a real
password change (any path) still revokes everything, as ADR 0010 wants.
"""

import hmac
from collections.abc import Callable

from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import salted_hmac

from core.accounts.models import AccountState, ApiToken
from core.accounts.tokens import password_mark
from core.tasks import non_tenant_schemas
from tenants.db.schema import current_schema

SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
ALGORITHM_SESSION_KEY = "_sotay_hash_algorithm"
CARRY_SALT = "sotay.accounts.rehash.carry"


def session_mark(password_hash: str) -> str:
    """What Django stores in a session for a password hash (`get_session_auth_hash`)."""
    return salted_hmac(SESSION_HASH_SALT, password_hash, algorithm="sha256").hexdigest()


def carry_mark(old_session_mark: str, new_hash: str) -> str:
    """Binds a superseded session mark to the hash that replaced it: once the password really changes (any
    path), the stored value no longer matches anything and older sessions end as ADR 0010 wants."""
    return salted_hmac(CARRY_SALT, f"{old_session_mark}|{new_hash}", algorithm="sha256").hexdigest()


def algorithm_of(password_hash: str) -> str:
    return password_hash.split("$", 1)[0]


@transaction.atomic
def password_rehash(*, user: User, password: str) -> bool:
    """Store a stronger hash of `password` (already verified) and carry the credentials over; False when the
    stored hash changed meanwhile (then nothing is written)."""
    old = user.password
    new = make_password(password)
    if not User.objects.filter(pk=user.pk, password=old).update(password=new):
        return False
    user.password = new
    if current_schema() not in non_tenant_schemas():
        ApiToken.objects.filter(user=user, password_mark=password_mark(old)).update(password_mark=password_mark(new))
        AccountState.objects.update_or_create(
            user=user, defaults={"rehashed_from_mark": carry_mark(session_mark(old), new)}
        )
    return True


def password_verify(user: User, password: str) -> bool:
    """`user.check_password`, with the upgrade done by `password_rehash` instead of `set_password` + `save`."""

    def setter(raw: str) -> None:
        password_rehash(user=user, password=raw)

    return check_password(password, user.password, setter)


def _carry_over(request: HttpRequest) -> None:
    session = request.session
    user_id, mark = session.get(SESSION_KEY), session.get(HASH_SESSION_KEY)
    if not user_id or not mark or current_schema() in non_tenant_schemas():
        return
    row = AccountState.objects.filter(pk=user_id).values_list("rehashed_from_mark", "user__password").first()
    if row is None:
        return
    old_mark, current_hash = row
    if old_mark and hmac.compare_digest(old_mark, carry_mark(mark, current_hash)):
        session[HASH_SESSION_KEY] = session_mark(current_hash)
    if hmac.compare_digest(session[HASH_SESSION_KEY], session_mark(current_hash)):
        session[ALGORITHM_SESSION_KEY] = algorithm_of(current_hash)


class SessionCarryOverMiddleware:
    """Between SessionMiddleware and AuthenticationMiddleware: a session minted before its account's hash was
    upgraded gets the new mark (one indexed query, only for sessions that do not yet record the current
    hasher's algorithm), so Django does not end it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        from django.contrib.auth.hashers import get_hasher

        session = request.session
        if session.get(SESSION_KEY) and session.get(ALGORITHM_SESSION_KEY) != get_hasher().algorithm:
            _carry_over(request)
        return self.get_response(request)
