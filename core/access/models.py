"""Role grants scoped to the org tree: (user, role, unit) applies to the unit's whole subtree."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TENANT_ADMIN = "tenant_admin", _("Quản trị đảng bộ")
    ORG_DEPARTMENT = "org_department", _("Ban tổ chức")
    COMMITTEE_ADMIN = "committee_admin", _("Quản trị cấp uỷ")
    CELL_SECRETARY = "cell_secretary", _("Bí thư chi bộ")
    CELL_DEPUTY = "cell_deputy", _("Phó bí thư chi bộ")
    INSPECTION = "inspection", _("Ủy ban kiểm tra")
    EDITOR = "editor", _("Biên tập viên")
    APPROVER = "approver", _("Người duyệt tin")
    PUBLISHER = "publisher", _("Người đăng tin")


class RoleGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="role_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "role", "unit"], name="rolegrant_unique")]
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} @ {self.unit_id}"
