"""Account writes inside a tenant schema."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.accounts.models import AccountState, ApiToken
from core.accounts.tokens import tokens_revoke_all
from core.audit.services import audit_record

TENANT_ADMIN_GROUP = "Quản trị đảng bộ"


@transaction.atomic
def account_create_first_admin(*, email: str, actor: str = "system") -> User:
    """The tenant's first administrator: staff, in the tenant-admin group, no password yet.

    The password is chosen by the admin through a one-time link (see `password_setup_path`), so no
    initial password is ever sent or stored in clear.
    """
    user_model = get_user_model()
    username = (email or "admin").split("@")[0].lower() or "admin"
    user = user_model(username=username, email=email, is_staff=True, is_superuser=True)
    user.set_unusable_password()
    user.save()
    group, _ = Group.objects.get_or_create(name=TENANT_ADMIN_GROUP)
    user.groups.add(group)
    audit_record(
        actor=None,
        action="account.first_admin_created",
        target=user,
        changes={"username": username, "email": email, "by": actor},
    )
    return user


def password_setup_path(user: User) -> str:
    """Relative URL of the one-time page where `user` sets a password (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/tai-khoan/dat-mat-khau/{uid}/{default_token_generator.make_token(user)}/"


@transaction.atomic
def account_set_password(*, user: User, password: str, actor: User | None) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="account.password_set", target=user)
    return user


@transaction.atomic
def account_password_change(*, user: User, password: str) -> int:
    """The account holder changes their own password (already validated by the caller's form).

    Clears `must_change_password` and revokes every API token of the account (other devices log in again;
    restricted tokens never outlive the forced change). Other sessions end by themselves: Django ties
    sessions to the password hash; the caller keeps the current one with `update_session_auth_hash`.
    Returns how many tokens were revoked.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    AccountState.objects.filter(pk=user.pk, must_change_password=True).update(must_change_password=False)
    revoked = tokens_revoke_all(user)
    audit_record(actor=user, action="account.password_changed", target=user, changes={"tokens_revoked": revoked})
    return revoked


@transaction.atomic
def credentials_purge_expired() -> int:
    """Delete expired API tokens and sessions of the current schema; returns how many rows went."""
    from django.contrib.sessions.models import Session

    now = timezone.now()
    tokens, _ = ApiToken.objects.filter(expires_at__lte=now).delete()
    sessions, _ = Session.objects.filter(expire_date__lte=now).delete()
    if tokens or sessions:
        audit_record(actor=None, action="account.credentials_purged", changes={"tokens": tokens, "sessions": sessions})
    return tokens + sessions


def slips_printed(*, actor: User, job_id: str, unit_code: str, count: int) -> None:
    """Record that `actor` printed `count` activation slips of a bulk job (for one cell or the whole unit)."""
    audit_record(
        actor=actor, action="account.slips_printed", changes={"job": job_id, "unit": unit_code, "count": count}
    )
