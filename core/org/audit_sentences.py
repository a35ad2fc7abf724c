"""Sentences of the org tree's audit entries (core/audit/sentences.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit.names import register_names
from core.audit.sentences import Entry, label, sentence
from core.org.models import OrgKind, OrgUnit


def _units(ids: list[int]) -> dict[int, str]:
    return dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name"))


register_names("unit", _units, target_types=("OrgUnit",))


@sentence("org.unit_created", _("Thành lập tổ chức"))
def _created(e: Entry) -> str:
    parent = f", trực thuộc {e.changes['parent']}" if e.changes.get("parent") else ""
    kind = label(OrgKind, e.changes.get("kind"))
    return f"{e.actor} thêm {e.target} ({kind}, mã {e.changes.get('code', '')}{parent})."


@sentence("org.unit_renamed", _("Đổi tên tổ chức"))
def _renamed(e: Entry) -> str:
    return f"{e.actor} đổi tên “{e.changes.get('from', '')}” thành “{e.changes.get('to', '')}”."


@sentence("org.unit_moved", _("Chuyển trực thuộc"))
def _moved(e: Entry) -> str:
    return f"{e.actor} chuyển {e.target} từ trực thuộc {e.changes.get('from')} sang trực thuộc {e.changes.get('to')}."


@sentence("org.unit_merged", _("Sáp nhập tổ chức"))
def _merged(e: Entry) -> str:
    moved = e.changes.get("members_moved", 0)
    return f"{e.actor} sáp nhập {e.target} vào {e.changes.get('into')} ({moved} đảng viên chuyển theo)."


@sentence("org.unit_split", _("Tách tổ chức"))
def _split(e: Entry) -> str:
    return f"{e.actor} tách {e.target} thành {', '.join(e.changes.get('into') or [])}."


@sentence("org.unit_closed", _("Giải thể tổ chức"))
def _closed(e: Entry) -> str:
    return f"{e.actor} giải thể {e.target}."


@sentence("org.unit_updated", _("Cập nhật tổ chức"))
def _updated(e: Entry) -> str:
    return f"{e.actor} cập nhật thông tin của {e.target}."
