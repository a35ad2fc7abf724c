"""Writes of a member's work history, rewards and disciplines (MEMBERS_MANAGE over the member's cell).

A discipline is a sensitive record (core/members/sensitive.py): only those who may see it record or remove
one, and its audit entry names the member, never the form, the decision or the reason (redacted at write).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_MANAGE
from core.audit.services import audit_record
from core.members.models import Discipline, DisciplineForm, Member, Reward, WorkPeriod
from core.members.sensitive import may_see

# record kind → (model, audit key, sensitive field guarding it or "")
KINDS: dict[str, tuple[type[Model], str, str]] = {
    "work": (WorkPeriod, "work", ""),
    "reward": (Reward, "reward", ""),
    "discipline": (Discipline, "discipline", "discipline"),
}


@dataclass(frozen=True)
class DecisionInput:
    form: str
    decision_number: str
    decision_date: dt.date
    issued_by: str = ""
    reason: str = ""


def _allowed(actor: User, member: Member, kind: str) -> None:
    if not has_perm_on(actor, MEMBERS_MANAGE, member.cell):
        raise PermissionDenied
    guard = KINDS[kind][2]
    if guard and not may_see(actor, member, guard):
        raise PermissionDenied(_("Đồng chí không có quyền ghi kỷ luật của đảng viên này."))


def _not_future(day: dt.date | None, label: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(_("%(label)s không được sau hôm nay."), code="future", params={"label": label})


@transaction.atomic
def work_period_add(
    *, member: Member, started_on: dt.date, ended_on: dt.date | None, position: str, workplace: str, actor: User
) -> WorkPeriod:
    member = Member.objects.select_related("cell").get(pk=member.pk)
    _allowed(actor, member, "work")
    _not_future(started_on, str(_("Ngày bắt đầu")))
    if ended_on is not None and ended_on < started_on:
        raise ValidationError(_("Ngày kết thúc không được trước ngày bắt đầu."), code="bad_dates")
    if not position.strip() or not workplace.strip():
        raise ValidationError(_("Cần ghi chức vụ, công việc và nơi công tác."), code="missing")
    period = WorkPeriod.objects.create(
        member=member,
        started_on=started_on,
        ended_on=ended_on,
        position=position.strip()[:200],
        workplace=workplace.strip()[:200],
        created_by=actor,
    )
    changes = {"work": {"from": started_on.isoformat(), "position": period.position, "workplace": period.workplace}}
    audit_record(actor=actor, action="member.work_added", target=member, unit=member.cell, changes=changes)
    return period


def _decision(model: type[Reward] | type[Discipline], member: Member, data: DecisionInput, actor: User) -> Any:
    if not data.form.strip() or not data.decision_number.strip():
        raise ValidationError(_("Cần ghi hình thức và số quyết định."), code="missing")
    if model is Discipline and data.form not in DisciplineForm.values:
        raise ValidationError(_("Hình thức kỷ luật không hợp lệ."), code="bad_form")
    _not_future(data.decision_date, str(_("Ngày quyết định")))
    return model.objects.create(
        member=member,
        form=data.form.strip()[:200],
        decision_number=data.decision_number.strip()[:50],
        decision_date=data.decision_date,
        issued_by=data.issued_by.strip()[:200],
        reason=data.reason.strip()[:500],
        created_by=actor,
    )


@transaction.atomic
def reward_add(*, member: Member, data: DecisionInput, actor: User) -> Reward:
    member = Member.objects.select_related("cell").get(pk=member.pk)
    _allowed(actor, member, "reward")
    reward: Reward = _decision(Reward, member, data, actor)
    changes = {"reward": {"form": reward.form, "decision_number": reward.decision_number}}
    audit_record(actor=actor, action="member.reward_added", target=member, unit=member.cell, changes=changes)
    return reward


@transaction.atomic
def discipline_add(*, member: Member, data: DecisionInput, actor: User) -> Discipline:
    member = Member.objects.select_related("cell").get(pk=member.pk)
    _allowed(actor, member, "discipline")
    discipline: Discipline = _decision(Discipline, member, data, actor)
    changes = {"discipline": {"form": discipline.form, "decision_number": discipline.decision_number}}
    audit_record(actor=actor, action="member.discipline_added", target=member, unit=member.cell, changes=changes)
    return discipline


@transaction.atomic
def record_remove(*, member: Member, kind: str, record_id: int, actor: User) -> None:
    """Remove a line entered by mistake (audited; a discipline's entry keeps no detail)."""
    if kind not in KINDS:
        raise ValidationError(_("Loại mục không hợp lệ."), code="bad_kind")
    member = Member.objects.select_related("cell").get(pk=member.pk)
    _allowed(actor, member, kind)
    model, key, _guard = KINDS[kind]
    row = model._default_manager.filter(pk=record_id, member=member).first()
    if row is None:
        raise ValidationError(_("Không tìm thấy mục này trong hồ sơ."), code="missing")
    detail = {"id": row.pk, "text": str(row)}
    row.delete()
    audit_record(actor=actor, action=f"member.{key}_removed", target=member, unit=member.cell, changes={key: detail})
