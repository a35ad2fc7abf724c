"""Token format and checks: `st_<schema>_<lookup><secret>`; the schema prefix is checked before any query."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from core.accounts.models import ApiToken
from tenants.db.schema import current_schema

PREFIX = "st_"
LOOKUP_LEN = 12


def _digest(secret: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{secret}".encode()).hexdigest()


def token_issue(*, user: User, label: str = "") -> tuple[ApiToken, str]:
    """Create a token for `user` in the current schema; returns the row and the secret (shown once)."""
    schema = current_schema()
    body = secrets.token_urlsafe(32).replace("_", "").replace("-", "")[:40]
    raw = f"{PREFIX}{schema}_{body}"
    token = ApiToken.objects.create(
        user=user,
        lookup=body[:LOOKUP_LEN],
        digest=_digest(raw),
        schema_name=schema,
        label=label[:100],
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    return token, raw


def token_resolve(raw: str) -> ApiToken | None:
    """The live token for `raw` in the current schema, or None (wrong schema, unknown, expired)."""
    schema = current_schema()
    expected_prefix = f"{PREFIX}{schema}_"
    if not raw.startswith(expected_prefix):
        return None
    body = raw[len(expected_prefix) :]
    if len(body) < LOOKUP_LEN:
        return None
    token = ApiToken.objects.select_related("user").filter(lookup=body[:LOOKUP_LEN]).first()
    if token is None or token.schema_name != schema or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    if token.expires_at <= timezone.now() or not token.user.is_active:
        return None
    return token
