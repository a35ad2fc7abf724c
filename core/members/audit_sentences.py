"""Sentences of the members area's audit entries (core/audit/sentences.py). Sensitive values were masked at
write: a discipline or a changed citizen ID reads as "đã đổi", never as its value."""

from django.utils.translation import gettext_lazy as _

from core.audit.names import register_names
from core.audit.sentences import Entry, Renderer, day, label, sentence
from core.members.models import CommitteePosition, ExemptReason, Member, MemberStatus, StatusEvent
from core.members.sensitive import MASK, SENSITIVE_FIELDS


def _members(ids: list[int]) -> dict[int, str]:
    return dict(Member.objects.filter(pk__in=ids).values_list("pk", "full_name"))


register_names("member", _members, target_types=("Member",))

FIELD_LABELS = {
    "party_card_number": "số thẻ đảng", "full_name": "họ và tên", "date_of_birth": "ngày sinh", "sex": "giới tính",
    "admitted_on": "ngày vào Đảng", "official_on": "ngày chính thức", "phone": "điện thoại",
    "has_smartphone": "điện thoại thông minh", "hometown": "quê quán", "residence": "nơi ở",
    "education": "giáo dục phổ thông", "qualification": "chuyên môn", "theory": "lý luận chính trị",
    "occupation": "nghề nghiệp", "workplace": "nơi làm việc",
}  # fmt: skip


def _field(name: str) -> str:
    spec = SENSITIVE_FIELDS.get(name)
    return str(spec.label).lower() if spec else FIELD_LABELS.get(name, name)


def _fields(changes: dict) -> str:
    """ "họ và tên, số CCCD" — which fields changed (values are not repeated in the sentence)."""
    names = [_field(k) for k in changes if k not in ("event", "place", "proxy", "on_behalf_of_member")]
    return ", ".join(names) or "hồ sơ"


@sentence("member.created", _("Thêm đảng viên"))
def _created(e: Entry) -> str:
    how = {
        StatusEvent.ADMITTED: " (kết nạp mới)",
        StatusEvent.TRANSFERRED_IN: f" (chuyển đến từ {e.changes.get('place', '')})",
    }.get(e.changes.get("event", ""), "")
    return f"{e.actor} thêm {e.target} vào danh sách đảng viên{how}."


@sentence("member.updated", _("Sửa hồ sơ đảng viên"))
def _updated(e: Entry) -> str:
    return f"{e.actor} sửa hồ sơ của {e.target}: {_fields(e.changes)}."


@sentence("member.transferred", _("Chuyển sinh hoạt giữa các chi bộ"))
def _transferred(e: Entry) -> str:
    return f"{e.actor} chuyển sinh hoạt của {e.target} từ chi bộ {e.before('cell')} đến chi bộ {e.to('cell')}."


@sentence("member.correction_proposed", _("Đề nghị sửa hồ sơ"))
def _proposed(e: Entry) -> str:
    fields = _fields(e.changes.get("fields") or {})
    if e.for_whom:
        return f"{e.actor} ghi đề nghị sửa hồ sơ ({fields}){e.for_whom}."
    return f"{e.actor} đề nghị sửa hồ sơ của mình: {fields}."


@sentence("member.correction_approved", _("Duyệt đề nghị sửa hồ sơ"))
def _approved(e: Entry) -> str:
    return f"{e.actor} duyệt đề nghị sửa hồ sơ của {e.target} ({_fields(e.changes)})."


@sentence("member.correction_rejected", _("Từ chối đề nghị sửa hồ sơ"))
def _rejected(e: Entry) -> str:
    return f"{e.actor} từ chối đề nghị sửa hồ sơ của {e.target} ({_fields(e.changes)})."


def _status_detail(e: Entry) -> str:
    c = e.changes
    parts = []
    if c.get("exempt_reason"):
        parts.append(label(ExemptReason, c["exempt_reason"]))
    if c.get("place"):
        parts.append(str(c["place"]))
    if c.get("decision_number"):
        parts.append(f"quyết định số {c['decision_number']} ngày {day(c.get('decision_date'))}")
    return f" ({', '.join(parts)})" if parts else ""


@sentence("member.status_changed", _("Thay đổi trạng thái đảng viên"))
def _status(e: Entry) -> str:
    event = label(StatusEvent, e.changes["event"])
    after = label(MemberStatus, e.to("status"))
    return (
        f"{e.actor} ghi “{event}”{_status_detail(e)} cho {e.target} từ ngày {day(e.changes.get('on'))}; "
        f"trạng thái mới: {after}."
    )


@sentence("member.smartphone_set", _("Ghi có/không có điện thoại thông minh"))
def _smartphone(e: Entry) -> str:
    has = e.to("has_smartphone")
    return f"{e.actor} ghi {e.target} {'có' if has else 'không có'} điện thoại thông minh."


@sentence("member.work_added", _("Ghi quá trình công tác"))
def _work(e: Entry) -> str:
    work = e.changes.get("work") or {}
    return f"{e.actor} ghi quá trình công tác của {e.target}: {work.get('position', '')}, {work.get('workplace', '')}."


@sentence("member.reward_added", _("Ghi khen thưởng"))
def _reward(e: Entry) -> str:
    reward = e.changes.get("reward") or {}
    return (
        f"{e.actor} ghi khen thưởng “{reward.get('form', '')}” (quyết định số {reward.get('decision_number', '')}) "
        f"cho {e.target}."
    )


@sentence("member.discipline_added", _("Ghi kỷ luật"))
def _discipline(e: Entry) -> str:
    return f"{e.actor} ghi một quyết định kỷ luật vào hồ sơ của {e.target} (nội dung {MASK})."


def _removed(what: str) -> Renderer:
    def render(e: Entry) -> str:
        return f"{e.actor} xoá một dòng {what} ghi nhầm khỏi hồ sơ của {e.target}."

    return render


sentence("member.work_removed", _("Xoá dòng quá trình công tác"))(_removed("quá trình công tác"))
sentence("member.reward_removed", _("Xoá dòng khen thưởng"))(_removed("khen thưởng"))
sentence("member.discipline_removed", _("Xoá dòng kỷ luật"))(_removed("kỷ luật"))


@sentence("members.committee_seat_added", _("Bổ sung cấp ủy viên"))
def _seat_added(e: Entry) -> str:
    position = label(CommitteePosition, e.changes.get("position"))
    return f"{e.actor} bổ sung {e.target} vào cấp ủy {e.changes.get('unit', '')} ({position})."


@sentence("members.committee_seat_ended", _("Thôi giữ chức vụ cấp ủy"))
def _seat_ended(e: Entry) -> str:
    return (
        f"{e.actor} ghi {e.target} thôi giữ chức vụ cấp ủy {e.changes.get('unit', '')} "
        f"từ ngày {day(e.changes.get('ended_on'))}."
    )
