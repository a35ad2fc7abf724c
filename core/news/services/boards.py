"""Editorial boards and the tenant's news settings (news.manage: tenant and committee admins)."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.access.checks import ANY, has_perm_on, scope_paths
from core.access.permissions import NEWS_MANAGE
from core.audit.services import audit_record
from core.news.models import EditorialBoard, NewsSettings
from core.org.models import OrgUnit

MAX_SILENT_DAYS = 365


@transaction.atomic
def board_create(*, unit: OrgUnit, name: str, actor: User) -> EditorialBoard:
    if not has_perm_on(actor, NEWS_MANAGE, unit):
        raise PermissionDenied
    name = " ".join(name.split()) or _("Ban biên tập %(unit)s") % {"unit": unit.name}
    if not unit.is_open:
        raise ValidationError(_("Tổ chức này đã giải thể hoặc sáp nhập."), code="unit_closed")
    if EditorialBoard.objects.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s đã có ban biên tập.") % {"unit": unit.name}, code="board_exists")
    board = EditorialBoard.objects.create(unit=unit, name=name[:200], created_by=actor)
    audit_record(actor=actor, action="news.board_created", target=board, unit=unit, changes={"name": board.name})
    return board


def news_settings() -> NewsSettings:
    """The tenant's settings row (defaults until someone saves it)."""
    return NewsSettings.objects.order_by("pk").first() or NewsSettings()


@transaction.atomic
def news_settings_update(*, silent_days: int, actor: User) -> NewsSettings:
    """Tenant-wide: only those holding news.manage over the whole tree (tenant admins) may change it."""
    scopes = scope_paths(actor, NEWS_MANAGE)
    root = OrgUnit.objects.filter(depth=0).order_by("pk").first()
    if not (ANY in scopes or (root is not None and root.path in scopes)):
        raise PermissionDenied
    if not 1 <= silent_days <= MAX_SILENT_DAYS:
        raise ValidationError(_("Số ngày phải từ 1 đến %(max)s.") % {"max": MAX_SILENT_DAYS}, code="silent_days_range")
    settings = NewsSettings.objects.select_for_update().order_by("pk").first() or NewsSettings()
    before = settings.silent_days if settings.pk else None
    settings.silent_days = silent_days
    settings.save()
    audit_record(
        actor=actor, action="news.settings_updated", target=settings, changes={"silent_days": [before, silent_days]}
    )
    return settings
