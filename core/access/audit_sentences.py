"""Sentences of role grants in the audit log (core/audit/sentences.py), and the titles the grants give their holders
in it ("Bí thư Nguyễn Văn A"; core/audit/names.py)."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from core.access.models import Role, RoleGrant
from core.audit.names import ADMIN_TITLE, register_titles
from core.audit.sentences import Entry, label, sentence

TITLES: dict[str, str] = {
    Role.TENANT_ADMIN: ADMIN_TITLE,
    Role.ORG_DEPARTMENT: "Cán bộ Ban tổ chức",
    Role.COMMITTEE_ADMIN: "Quản trị cấp uỷ",
    Role.CELL_SECRETARY: "Bí thư",
    Role.CELL_DEPUTY: "Phó bí thư",
    Role.INSPECTION: "Ủy viên Ủy ban kiểm tra",
    Role.EDITOR: "Biên tập viên",
    Role.APPROVER: "Người duyệt tin",
    Role.PUBLISHER: "Người đăng tin",
}


def _grant_titles(user_ids: set[int]) -> dict[int, list[tuple[str, str]]]:
    """{user id: [(title, unit path), …]} from the users' role grants (one query)."""
    titles: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = RoleGrant.objects.filter(user_id__in=user_ids).values_list("user_id", "role", "unit__path")
    for user_id, role, path in rows:
        titles[user_id].append((TITLES.get(role, ""), path))
    return titles


register_titles(_grant_titles)


@sentence("role.granted", _("Giao vai trò"))
def _granted(e: Entry) -> str:
    role = label(Role, e.changes.get("role"))
    return f"{e.actor} giao vai trò “{role}” tại {e.changes.get('unit', '')} cho tài khoản {e.changes.get('user', '')}."


@sentence("role.revoked", _("Thu hồi vai trò"))
def _revoked(e: Entry) -> str:
    role = label(Role, e.changes.get("role"))
    return (
        f"{e.actor} thu hồi vai trò “{role}” tại {e.changes.get('unit', '')} của tài khoản {e.changes.get('user', '')}."
    )
