"""Who may log in on a tenant host while the handbook is rolled out unit by unit.

A member may log in when the depth-1 unit above their cell (the rollout unit) is in OPEN_STATES. Never gated:
superusers, accounts with any RoleGrant (administrators preparing data), accounts without a member profile,
and every account of a tenant that has no rollout unit at all (it has not started using rollout). Once a
tenant has rollout units, a member whose unit has no row counts as not started.

Cost: at most two small indexed queries — one in the tenant schema (the member's depth-1 unit and whether the
account holds a grant) and one on the public `rollout_rolloutunit` table. Nothing is cached, so a pause takes
effect on the next request.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.expressions import Func
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext

from core.access.models import RoleGrant
from core.accounts.tokens import PREFIX, _digest
from core.members.models import Member
from core.org.models import OrgUnit
from tenants.db.schema import current_schema, tenant_connection
from tenants.rollout.models import OPEN_STATES, RolloutUnit, UnitState

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


def _facts(members: QuerySet[Member]) -> tuple[str, str] | None:
    """(code, name) of the member's depth-1 unit, or None when not gated (no member, a grant, a superuser)."""
    row = (
        members.exclude(user__is_superuser=True)
        .annotate(
            has_grant=Exists(RoleGrant.objects.filter(user_id=OuterRef("user_id"))),
            top_code=_top_unit("code"),
            top_name=_top_unit("name"),
        )
        .values_list("has_grant", "top_code", "top_name")
        .first()
    )
    if row is None or row[0] or not row[1]:
        return None
    return row[1], row[2] or ""


def _state(tenant_id: int, code: str) -> tuple[str, str] | None:
    """(state, unit name) of `code` in the tenant, ("not_started", "") when it has no row, None when the tenant
    has no rollout unit at all — one query, the unit's own row first."""
    row = (
        RolloutUnit.objects.filter(tenant_id=tenant_id)
        .order_by(Case(When(unit_code=code, then=Value(0)), default=Value(1)), "pk")
        .values_list("unit_code", "state", "unit_name")
        .first()
    )
    if row is None:
        return None
    if row[0] != code:
        return UnitState.NOT_STARTED, ""
    return row[1], row[2]


def _tenant_id() -> int | None:
    tenant = getattr(tenant_connection(), "tenant", None)
    return getattr(tenant, "pk", None) if tenant is not None and current_schema() != "public" else None


def _decide(facts: tuple[str, str] | None) -> Gate | None:
    tenant_id = _tenant_id()
    if facts is None or tenant_id is None:
        return None
    code, name = facts
    found = _state(tenant_id, code)
    if found is None or found[0] in OPEN_STATES:
        return None
    return Gate(state=found[0], unit_name=found[1] or name)


def member_gate_detail(user: Any) -> Gate | None:
    """Why `user` (a tenant account, in the tenant schema) may not use the handbook now, or None."""
    if not isinstance(user, User) or not user.is_authenticated or user.is_superuser:
        return None
    return _decide(_facts(Member.objects.filter(user_id=user.pk)))


def member_gate(user: Any) -> str | None:
    """None = allowed; otherwise the unit's state as a reason code ("not_started", "paused")."""
    gate = member_gate_detail(user)
    return gate.state if gate is not None else None


def token_gate_detail(raw: str) -> Gate | None:
    """The gate for the account behind API token `raw` (unverified: an unknown, expired or forged token is not
    gated here — authentication refuses it later)."""
    prefix = f"{PREFIX}{current_schema()}_"
    if not raw.startswith(prefix) or len(raw) < len(prefix) + 12:
        return None
    lookup = raw[len(prefix) : len(prefix) + 12]
    members = Member.objects.filter(
        user__api_tokens__lookup=lookup,
        user__api_tokens__digest=_digest(raw),
        user__api_tokens__expires_at__gt=timezone.now(),
        user__is_active=True,
    )
    return _decide(_facts(members))


def check_login_allowed(user: User) -> None:
    """Raise UnitNotRolledOut when `user` may not log in now (called by the login backends)."""
    gate = member_gate_detail(user)
    if gate is not None:
        raise UnitNotRolledOut(gate)
