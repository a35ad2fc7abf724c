"""The tenant's audit log (nhật ký): one row per write service call, append-only.

Rows are never changed or removed (docs/adr/0020-readable-append-only-audit.md): the model refuses `save()` of an
existing row and `delete()`, its manager refuses `update()` and `delete()`, and a database trigger
(migration 0004) refuses UPDATE, DELETE and TRUNCATE from any client — except the two updates the schema itself
needs: forgetting a deleted account (`actor`/`on_behalf_of` set to NULL by Django's SET_NULL) and masking a
newly registered sensitive field in old rows inside a migration (`SET LOCAL sotay.audit_redaction = 'on'`,
changing `changes` only; ADR 0012).
"""

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Audit entries are never updated or deleted."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("audit entries are append-only: they cannot be updated or deleted")


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    update_or_create = _refuse


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when a secretary acts for a member (proxy action): who the action was done for.
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # Materialised path of the org unit the action concerns ("" = tenant-wide): audit is browsed per subtree.
    scope_path = models.CharField(max_length=255, blank=True, default="")
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["-created_at"], name="audit_created_idx"),
            models.Index(fields=["scope_path"], name="audit_scope_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
        ]
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()
