"""Who may log in on a tenant host while the handbook is rolled out unit by unit.

A member may log in when the depth-1 unit above their cell (the rollout unit) is in OPEN_STATES. Never gated:
superusers, accounts with any RoleGrant (administrators preparing data), accounts without a member profile,
and every account of a tenant that has no rollout unit at all (it has not started using rollout). Once a
tenant has rollout units, a member whose unit has no row counts as not started.

Facts: one small indexed query in the tenant schema (the member's depth-1 unit and whether the account holds a
grant); states: one on the public `rollout_rolloutunit` table. A login reads both fresh. The per-request gate
(the middleware: `member_gate_detail`, `token_gate_detail`) reads them through tenants/rollout/gate_cache.py
(ADR 0039): no query on a signed-in member's request, and a pause still stops every member within
ROLLOUT_STATES_TTL seconds (2) on every node — at once in the process that made the change.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import Func
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext

from core.access.models import RoleGrant
from core.accounts.tokens import PREFIX, _digest
from core.members.models import Member
from core.org.models import OrgUnit
from tenants.db.schema import current_schema, tenant_connection
from tenants.rollout.gate_cache import (
    NOT_GATED,
    Facts,
    cached_facts,
    load_unit_states,
    token_facts_key,
    unit_states,
    user_facts_key,
)
from tenants.rollout.models import OPEN_STATES, UnitState

GATE_CODE = "unit_not_rolled_out"


@dataclass(frozen=True)
class Gate:
    """Why a member may not log in: the unit's state ("not_started", "paused", …) and a message for people."""

    state: str
    unit_name: str

    @property
    def message(self) -> str:
        name = self.unit_name or gettext("Đảng bộ")
        if self.state == UnitState.PAUSED:
            return gettext(
                "%(unit)s của đồng chí đang tạm dừng sử dụng Sổ tay điện tử. "
                "Đồng chí vui lòng liên hệ bí thư chi bộ để biết thêm."
            ) % {"unit": name}
        return gettext(
            "%(unit)s của đồng chí chưa được triển khai Sổ tay điện tử. "
            "Đồng chí sẽ đăng nhập được khi đảng bộ bắt đầu thí điểm."
        ) % {"unit": name}

    def as_api(self) -> dict[str, str]:
        return {"detail": self.message, "code": GATE_CODE, "state": self.state}


class UnitNotRolledOut(ValidationError):
    """Raised by the login backends: the login form shows the message; the API turns it into a 403."""

    def __init__(self, gate: Gate) -> None:
        super().__init__(gate.message, code=GATE_CODE)
        self.gate = gate


class _SplitPart(Func):
    function = "split_part"


def _top_unit(field: str) -> Subquery:
    """The depth-1 OrgUnit of a cell path "root.top.….": its id is the second element of the path."""
    top_id = Cast(_SplitPart(OuterRef("cell__path"), Value("."), Value(2)), IntegerField())
    return Subquery(OrgUnit.objects.filter(pk=top_id, depth=1).values(field)[:1])


def _facts(members: QuerySet[Member]) -> Facts | None:
    """(code, name) of the member's depth-1 unit; NOT_GATED for a grant, a superuser or a member outside the
    tree; None when no member is behind `members`."""
    row = (
        members.annotate(
            has_grant=Exists(RoleGrant.objects.filter(user_id=OuterRef("user_id"))),
            top_code=_top_unit("code"),
            top_name=_top_unit("name"),
        )
        .values_list("user__is_superuser", "has_grant", "top_code", "top_name")
        .first()
    )
    if row is None:
        return None
    if row[0] or row[1] or not row[2]:
        return NOT_GATED
    return row[2], row[3] or ""


def _tenant() -> tuple[str, int] | None:
    tenant = getattr(tenant_connection(), "tenant", None)
    schema = current_schema()
    pk = getattr(tenant, "pk", None) if tenant is not None and schema != "public" else None
    return (schema, pk) if pk is not None else None


def _decide(facts: Facts | None, *, fresh: bool) -> Gate | None:
    tenant = _tenant()
    if facts is None or facts == NOT_GATED or tenant is None:
        return None
    code, name = facts
    states = load_unit_states(tenant[1]) if fresh else unit_states(*tenant)
    if states is None:
        return None  # the tenant has no rollout unit: it has not started using rollout
    state, unit_name = states.get(code, (UnitState.NOT_STARTED, ""))
    if state in OPEN_STATES:
        return None
    return Gate(state=state, unit_name=unit_name or name)


def _user_ok(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and not user.is_superuser


def member_gate_detail(user: Any) -> Gate | None:
    """Why `user` (a tenant account, in the tenant schema) may not use the handbook now, or None (cached)."""
    if not _user_ok(user):
        return None
    facts = cached_facts(user_facts_key(user.pk), lambda: _facts(Member.objects.filter(user_id=user.pk)))
    return _decide(facts, fresh=False)


def member_gate(user: Any) -> str | None:
    """None = allowed; otherwise the unit's state as a reason code ("not_started", "paused")."""
    gate = member_gate_detail(user)
    return gate.state if gate is not None else None


def _token_members(raw: str) -> QuerySet[Member] | None:
    prefix = f"{PREFIX}{current_schema()}_"
    if not raw.startswith(prefix) or len(raw) < len(prefix) + 12:
        return None
    lookup = raw[len(prefix) : len(prefix) + 12]
    return Member.objects.filter(
        user__api_tokens__lookup=lookup,
        user__api_tokens__digest=_digest(raw),
        user__api_tokens__expires_at__gt=timezone.now(),
        user__is_active=True,
    )


def token_gate_detail(raw: str) -> Gate | None:
    """The gate for the account behind API token `raw` (unverified: an unknown, expired or forged token is not
    gated here — authentication refuses it later). Cached under a keyed hash of the token."""
    members = _token_members(raw)
    if members is None:
        return None
    return _decide(cached_facts(token_facts_key(raw), lambda: _facts(members)), fresh=False)


def check_login_allowed(user: User) -> None:
    """Raise UnitNotRolledOut when `user` may not log in now (called by the login backends; no cache)."""
    gate = _decide(_facts(Member.objects.filter(user_id=user.pk)), fresh=True) if _user_ok(user) else None
    if gate is not None:
        raise UnitNotRolledOut(gate)
