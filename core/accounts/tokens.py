"""Token format and checks: `st_<schema>_<lookup><secret>`; the schema prefix is checked before any query.

A token minted for an account that must change its password is *restricted*: its body starts with
`RESTRICTED_MARK` ("-", a character the random part never contains). The mark is covered by the digest, so it
cannot be removed, and it lets the accounts middleware refuse such tokens everywhere except on the
password-change endpoint without a database query. Every transition out of that state (password change,
admin reset) revokes the account's tokens, so a restricted token never outlives the state it stands for.

A token is bound to the account's password: it stores `password_mark(user)`, an HMAC of the password hash,
and `token_resolve` refuses (and deletes) a token whose mark no longer matches. So *any* password change —
the services here, Django admin's forms, `manage.py changepassword`, `User.set_password()` + `save()`, even a
raw UPDATE — revokes every token of the account, exactly as Django ends its sessions (they carry
`get_session_auth_hash()`, the same idea). No signal, no hook on the user model (docs/adr/0010-…).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.accounts.models import ApiToken
from tenants.db.schema import current_schema

PREFIX = "st_"
LOOKUP_LEN = 12
BODY_LEN = 40
RESTRICTED_MARK = "-"
PASSWORD_MARK_SALT = "sotay.accounts.tokens.password_mark"


def password_mark(password_hash: str) -> str:
    """HMAC (SECRET_KEY) of a password hash: changes whenever the password is set, never reveals it."""
    return salted_hmac(PASSWORD_MARK_SALT, password_hash, algorithm="sha256").hexdigest()


def _digest(secret: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{secret}".encode()).hexdigest()


def _random_body(length: int) -> str:
    body = ""
    while len(body) < length:
        body += secrets.token_urlsafe(32).replace("_", "").replace("-", "")
    return body[:length]


def token_issue(*, user: User, label: str = "", restricted: bool = False) -> tuple[ApiToken, str]:
    """Create a token for `user` in the current schema; returns the row and the secret (shown once).

    `restricted=True` mints a token that only reaches the password-change endpoint (see module doc).
    """
    schema = current_schema()
    body = (RESTRICTED_MARK + _random_body(BODY_LEN - 1)) if restricted else _random_body(BODY_LEN)
    raw = f"{PREFIX}{schema}_{body}"
    token = ApiToken.objects.create(
        user=user,
        lookup=body[:LOOKUP_LEN],
        digest=_digest(raw),
        schema_name=schema,
        label=label[:100],
        password_mark=password_mark(user.password),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    return token, raw


def token_is_restricted(raw: str, schema: str) -> bool:
    """Whether `raw` (unverified) claims to be a restricted token of `schema`; no query."""
    return raw.startswith(f"{PREFIX}{schema}_{RESTRICTED_MARK}")


def token_resolve(raw: str) -> ApiToken | None:
    """The live token for `raw` in the current schema, or None (wrong schema, unknown, expired, or minted
    before the account's password last changed — such a token is deleted on the spot)."""
    schema = current_schema()
    expected_prefix = f"{PREFIX}{schema}_"
    if not raw.startswith(expected_prefix) or "\x00" in raw:  # PostgreSQL text cannot hold NUL (edge guard too)
        return None
    body = raw[len(expected_prefix) :]
    if len(body) < LOOKUP_LEN:
        return None
    token = ApiToken.objects.select_related("user").filter(lookup=body[:LOOKUP_LEN]).first()
    if token is None or token.schema_name != schema or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    if token.expires_at <= timezone.now() or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.password_mark, password_mark(token.user.password)):
        ApiToken.objects.filter(pk=token.pk).delete()
        return None
    return token


@transaction.atomic
def token_rotate(token: ApiToken) -> tuple[ApiToken, str]:
    """Replace `token` by a new one (same account, label and restriction); the old one stops working now."""
    deleted, _ = ApiToken.objects.filter(pk=token.pk).delete()
    if not deleted:  # revoked concurrently (e.g. a logout on the same token): do not resurrect it
        raise ApiToken.DoesNotExist
    return token_issue(user=token.user, label=token.label, restricted=token.lookup.startswith(RESTRICTED_MARK))


def tokens_revoke_all(user: User) -> int:
    """Delete every API token of `user` in the current schema; returns how many went."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
