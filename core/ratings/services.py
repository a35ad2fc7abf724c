"""Rating writes: the policy, a member's self-assessment, the cell's proposals, the approval by the committee
above; the same proposal/approval for organisations. One transaction each, an audit entry per rating changed
(its level is redacted at write: "rating" is a sensitive key, core/members/sensitive.py).

Permissions: the member themself (or a secretary acting for a member without a smartphone, MEMBERS_ACT_FOR)
self-assesses; RATINGS_PROPOSE over the cell proposes; RATINGS_APPROVE over the cell's *parent* approves, and not
on proposals they made themselves (four eyes). Approval is refused while a rated member lacks a proposal or the
"xuất sắc" cap is broken.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_ACT_FOR, RATINGS_APPROVE, RATINGS_MANAGE, RATINGS_PROPOSE
from core.audit.services import audit_record
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit
from core.org.selectors import org_root
from core.ratings.models import Level, MemberRating, RatingPolicy, UnitRating
from core.ratings.rules import RATED_UNIT_KINDS, CapState, cap_state, is_rated, rated_members, rating_cell
from core.ratings.selectors import rating_policy

CAP_BROKEN = _(
    "Số “hoàn thành xuất sắc nhiệm vụ” (%(n)s) vượt quá %(pct)s%% số được xếp loại hoàn thành tốt trở lên "
    "(tối đa %(max)s)."
)


def _open_year() -> int:
    year = rating_policy().open_year
    if year is None:
        raise ValidationError(_("Chưa mở đợt đánh giá, xếp loại năm nào."), code="closed")
    return year


def _level(value: str) -> str:
    if value not in Level.values:
        raise ValidationError(_("Mức xếp loại không hợp lệ."), code="bad_level")
    return value


@transaction.atomic
def rating_policy_set(*, cap_pct: int, open_year: int | None, actor: User) -> RatingPolicy:
    root = org_root()
    if root is None or not has_perm_on(actor, RATINGS_MANAGE, root):
        raise PermissionDenied
    if not 0 <= cap_pct <= 100:
        raise ValidationError(_("Tỷ lệ phải từ 0 đến 100."), code="bad_cap")
    policy = RatingPolicy.objects.select_for_update().get(pk=rating_policy().pk)
    before = {"cap_pct": policy.excellent_cap_pct, "open_year": policy.open_year}
    policy.excellent_cap_pct, policy.open_year = cap_pct, open_year
    policy.save()
    after = {"cap_pct": cap_pct, "open_year": open_year}
    audit_record(
        actor=actor, action="rating.policy_set", target=policy, unit=root, changes={"from": before, "to": after}
    )
    return policy


def _row(member: Member, year: int) -> MemberRating:
    cell = rating_cell(member)
    row, _created = MemberRating.objects.select_for_update().get_or_create(
        member=member, year=year, defaults={"cell": cell}
    )
    if row.approved_level:
        raise ValidationError(_("Xếp loại năm %(y)s đã được duyệt."), code="approved", params={"y": year})
    return row


@transaction.atomic
def rating_self_assess(*, member: Member, level: str, note: str, actor: User) -> MemberRating:
    member = Member.objects.select_related("cell__parent", "user").get(pk=member.pk)
    proxy = member.user_id != actor.pk
    if proxy and not has_perm_on(actor, MEMBERS_ACT_FOR, member.cell):
        raise PermissionDenied
    year = _open_year()
    if not is_rated(member, year):
        raise ValidationError(
            _(
                "Đồng chí %(name)s không thuộc diện đánh giá, xếp loại năm %(y)s "
                "(miễn sinh hoạt hoặc không còn sinh hoạt)."
            ),
            code="not_rated",
            params={"name": member.full_name, "y": year},
        )
    row = _row(member, year)
    row.self_level, row.self_note, row.self_at = _level(level), note.strip()[:1000], timezone.now()
    row.save()
    changes: dict[str, object] = {"year": year, "rating": {"self_level": row.self_level}, "proxy": proxy}
    if proxy:
        changes["on_behalf_of_member"] = {"id": member.pk, "name": member.full_name}
    audit_record(
        actor=actor,
        action="rating.self_assessed",
        target=member,
        unit=row.cell,
        changes=changes,
        on_behalf_of=member.user if proxy else None,
    )
    return row


@transaction.atomic
def rating_propose(*, cell: OrgUnit, levels: dict[int, str], notes: dict[int, str], actor: User) -> CapState:
    """The cell proposes levels for some or all of its rated members; returns the cell's cap state after."""
    if cell.kind != OrgKind.CELL or not has_perm_on(actor, RATINGS_PROPOSE, cell):
        raise PermissionDenied
    year = _open_year()
    members = {m.pk: m for m in rated_members(cell, year).select_related("cell__parent")}
    strangers = set(levels) - set(members)
    if strangers:
        raise ValidationError(_("Có đảng viên không thuộc diện xếp loại của chi bộ."), code="not_in_cell")
    now = timezone.now()
    for member_id, level in levels.items():
        row = _row(members[member_id], year)
        row.proposed_level, row.proposed_note = _level(level), notes.get(member_id, "").strip()[:500]
        row.proposed_by, row.proposed_at, row.cell = actor, now, cell
        row.save()
        audit_record(
            actor=actor,
            action="rating.proposed",
            target=members[member_id],
            unit=cell,
            changes={"year": year, "rating": {"proposed_level": level}},
        )
    return cell_cap(cell, year, field="proposed_level")


def cell_cap(cell: OrgUnit, year: int, field: str = "proposed_level") -> CapState:
    levels = MemberRating.objects.filter(cell=cell, year=year).values_list(field, flat=True)
    return cap_state(levels, rating_policy().excellent_cap_pct)


def _approver(actor: User, unit: OrgUnit) -> None:
    parent = unit.parent
    if parent is None or not has_perm_on(actor, RATINGS_APPROVE, parent):
        raise PermissionDenied


def _refuse_if_broken(state: CapState) -> None:
    if state.broken:
        raise ValidationError(
            CAP_BROKEN, code="cap", params={"n": state.excellent, "pct": state.cap_pct, "max": state.max_excellent}
        )


@transaction.atomic
def rating_approve_cell(*, cell: OrgUnit, actor: User, overrides: dict[int, str] | None = None) -> int:
    """The committee above approves the cell's proposals (or sets another level); returns how many."""
    cell = OrgUnit.objects.select_related("parent").get(pk=cell.pk)
    _approver(actor, cell)
    year = _open_year()
    rated = set(rated_members(cell, year).values_list("pk", flat=True))
    locked = MemberRating.objects.select_for_update(of=("self",)).select_related("member")
    rows = {r.member_id: r for r in locked.filter(cell=cell, year=year)}
    missing = [pk for pk in rated if pk not in rows or not (rows[pk].proposed_level or rows[pk].approved_level)]
    if missing:
        raise ValidationError(
            _("Còn %(n)s đảng viên chưa được chi bộ đề xuất mức xếp loại."),
            code="incomplete",
            params={"n": len(missing)},
        )
    pending = [r for pk, r in rows.items() if pk in rated and not r.approved_level]
    if any(r.proposed_by_id == actor.pk for r in pending):
        raise ValidationError(_("Người đề xuất không tự duyệt đề xuất của mình."), code="four_eyes")
    final = {
        pk: _level((overrides or {}).get(pk, r.approved_level or r.proposed_level))
        for pk, r in rows.items()
        if pk in rated
    }
    _refuse_if_broken(cap_state([final[pk] for pk in rated], rating_policy().excellent_cap_pct))
    now = timezone.now()
    for row in pending:
        row.approved_level, row.approved_by, row.approved_at = final[row.member_id], actor, now
        row.save(update_fields=["approved_level", "approved_by", "approved_at"])
        audit_record(
            actor=actor,
            action="rating.approved",
            target=row.member,
            unit=cell,
            changes={"year": year, "rating": {"approved_level": row.approved_level}},
        )
    return len(pending)


def _unit(unit: OrgUnit) -> OrgUnit:
    unit = OrgUnit.objects.select_related("parent").get(pk=unit.pk)
    if unit.kind not in RATED_UNIT_KINDS or not unit.is_open:
        raise ValidationError(_("Chỉ xếp loại chi bộ, đảng bộ cơ sở và đảng bộ xã, phường."), code="not_rated")
    return unit


@transaction.atomic
def rating_unit_propose(*, unit: OrgUnit, level: str, note: str, actor: User) -> UnitRating:
    unit = _unit(unit)
    if not has_perm_on(actor, RATINGS_PROPOSE, unit):
        raise PermissionDenied
    year = _open_year()
    row, _created = UnitRating.objects.select_for_update().get_or_create(unit=unit, year=year)
    if row.approved_level:
        raise ValidationError(_("Xếp loại năm %(y)s đã được duyệt."), code="approved", params={"y": year})
    row.proposed_level, row.proposed_note = _level(level), note.strip()[:500]
    row.proposed_by, row.proposed_at = actor, timezone.now()
    row.save()
    audit_record(
        actor=actor, action="rating.unit_proposed", target=unit, unit=unit,
        changes={"year": year, "rating": {"proposed_level": level}},
    )  # fmt: skip
    return row


@transaction.atomic
def rating_unit_approve(*, unit: OrgUnit, actor: User, level: str = "") -> UnitRating:
    """The committee above approves an organisation's proposal (or sets `level`); the cap counts the approved
    organisations under the same committee that year."""
    unit = _unit(unit)
    _approver(actor, unit)
    year = _open_year()
    row = UnitRating.objects.select_for_update().filter(unit=unit, year=year).first()
    if row is None or not row.proposed_level:
        raise ValidationError(_("Tổ chức này chưa đề xuất mức xếp loại."), code="incomplete")
    if row.approved_level:
        raise ValidationError(_("Xếp loại năm %(y)s đã được duyệt."), code="approved", params={"y": year})
    if row.proposed_by_id == actor.pk:
        raise ValidationError(_("Người đề xuất không tự duyệt đề xuất của mình."), code="four_eyes")
    final = _level(level or row.proposed_level)
    siblings = UnitRating.objects.filter(unit__parent=unit.parent, year=year).exclude(pk=row.pk)
    approved = [*siblings.exclude(approved_level="").values_list("approved_level", flat=True), final]
    _refuse_if_broken(cap_state(approved, rating_policy().excellent_cap_pct))
    row.approved_level, row.approved_by, row.approved_at = final, actor, timezone.now()
    row.save()
    audit_record(
        actor=actor, action="rating.unit_approved", target=unit, unit=unit,
        changes={"year": year, "rating": {"approved_level": final}},
    )  # fmt: skip
    return row
