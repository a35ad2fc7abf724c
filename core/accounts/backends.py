"""Log in with a phone number or a party card number (and the password of the linked account).

`MemberLoginBackend` comes before Django's `ModelBackend` in AUTHENTICATION_BACKENDS. It looks the
identifier up among members (party card number, or phone number in any usual spelling: "0912 345 678",
"+84912345678") and checks the password of the member's linked account. If no member matches, it returns None
and `ModelBackend` tries the identifier as a username (administrators, demo accounts).

When a member matches but the password is wrong it raises PermissionDenied, which ends Django's
`authenticate()`: the same account is not checked a second time by `ModelBackend` (an issued account's
username is its party card number), so each attempt costs one password hash, whether or not the identifier
exists. Several members may share a phone (an elderly member using a child's phone): up to
`MAX_SHARED_PHONE` accounts are tried; beyond that the phone is ambiguous and the party card number is needed.

An account issued in bulk has no usable password until its member opens it with the one-time activation code
printed on the slip (core/accounts/activation.py): the code is accepted in the password field, once, and the
session (or restricted token) it opens reaches only the page where the member chooses a password.

Login gates (`settings.LOGIN_GATES`, today the rollout gate of tenants/rollout/gating.py): once the password is
right, a member whose depth-1 unit is not rolled out (not started, paused) is refused with `UnitNotRolledOut` (a
ValidationError: the login form shows its message, the token API answers 403). Member accounts logging in with a
plain username are checked here too (they are authenticated by this backend rather than by ModelBackend). The gate
lives in `tenants.rollout`, which sits above accounts (it reads accounts' tokens), so accounts names it only through
the setting (ADR 0042).
"""

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.utils.module_loading import import_string

from core.accounts.activation import activation_check, looks_like_code
from core.accounts.rehash import password_verify
from core.members.models import GONE_STATUSES, Member
from core.tasks import non_tenant_schemas
from tenants.db.schema import current_schema

MAX_SHARED_PHONE = 3
# Members who left keep their history but may no longer log in.
FORMER_STATUSES = GONE_STATUSES
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def check_login_gates(user: User) -> None:
    """Each gate of `settings.LOGIN_GATES` (dotted paths) may refuse the member's login by raising."""
    for path in settings.LOGIN_GATES:
        import_string(path)(user)


def normalise_phone(value: str) -> str:
    """ "+84 912.345.678" → "0912345678"; returns "" when `value` is not a phone number."""
    digits = _PHONE_SEPARATORS.sub("", value.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if re.fullmatch(r"0\d{8,10}", digits) else ""


def _member_match(ident: str) -> Q:
    match = Q(party_card_number=ident) | Q(party_card_number=ident.upper())
    phone = normalise_phone(ident)
    if phone:
        match |= Q(phone=phone)
    return match


def member_accounts_for(identifier: str) -> list[User]:
    """Active accounts linked to the members whose party card number or phone is `identifier` (one query)."""
    ident = identifier.strip()
    if not ident:
        return []
    members = (
        Member.objects.filter(_member_match(ident), user__isnull=False)
        .exclude(status__in=FORMER_STATUSES)
        .select_related("user")
        .order_by("pk")
    )
    users = {m.user.pk: m.user for m in members[: MAX_SHARED_PHONE + 1] if m.user is not None}
    return list(users.values())


def identifier_account_ids(identifier: str) -> list[int]:
    """Every account `identifier` can name at login — a member's party card number or phone (any spelling),
    or a username — whatever the account's state; for the login throttle. Two indexed queries."""
    ident = identifier.strip()
    if not ident:
        return []
    by_member = Member.objects.filter(_member_match(ident), user__isnull=False).values_list("user_id", flat=True)
    ids = {pk for pk in by_member[: MAX_SHARED_PHONE + 1] if pk is not None}
    ids.update(User._default_manager.filter(username=ident).values_list("pk", flat=True))
    return sorted(ids)


def member_by_username(identifier: str) -> Member | None:
    """The member whose linked account has `identifier` as username (any status), with the account; one query."""
    return Member.objects.filter(user__username=identifier.strip()).select_related("user").first()


def _credential_ok(user: User, secret: str) -> bool:
    """The password (its hash upgraded without ending other credentials, ADR 0030), or — for an account not yet
    opened — its one-time activation code (ADR 0029)."""
    if user.has_usable_password():
        return password_verify(user, secret)
    return looks_like_code(secret) and activation_check(user=user, code=secret)


class UsernameLoginBackend(ModelBackend):
    """Django's ModelBackend (administrators log in with a username), upgrading hashes as members' logins do."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None or password is None:
            return None
        user = User._default_manager.filter(username=username).first()
        if user is None:
            User().set_password(password)  # same time as a wrong password: no user enumeration
        elif password_verify(user, password) and self.user_can_authenticate(user):
            return user
        # Django's ModelBackend stays listed after this one only so that sessions it opened stay valid: it must
        # not check the same password a second time.
        raise PermissionDenied("wrong username or password")


class MemberLoginBackend(BaseBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or password is None or current_schema() in non_tenant_schemas():
            return None  # the platform host has no members: the console logs in with ModelBackend
        candidates = member_accounts_for(username)
        if not candidates:
            member = member_by_username(username)
            if member is None or member.user is None:
                return None  # not a member's account: ModelBackend tries the username (administrators)
            if member.status in FORMER_STATUSES:
                raise PermissionDenied("the member has left the committee")  # ModelBackend must not let them in
            candidates = [member.user]
        if len(candidates) > MAX_SHARED_PHONE:
            raise PermissionDenied("ambiguous phone number")
        for user in candidates:
            if user.is_active and _credential_ok(user, password):
                check_login_gates(user)
                return user
        raise PermissionDenied("wrong password for a member identifier")

    def get_user(self, user_id: Any) -> User | None:
        # One query, as before: a session of a member who has since left is no longer valid.
        user = User._default_manager.filter(pk=user_id).exclude(member__status__in=FORMER_STATUSES).first()
        return user if user is not None and user.is_active else None
