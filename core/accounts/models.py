"""API tokens, per tenant schema. Only a hash of the secret is stored."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    # First characters of the secret, to find the row; the rest is checked against `digest`.
    lookup = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    # The schema the token was minted in; a token presented under any other schema is rejected.
    schema_name = models.CharField(max_length=63)
    label = models.CharField(max_length=100, blank=True, help_text="device or client name")
    # HMAC of the account's password hash when the token was minted: a token stops working as soon as the
    # password changes, whatever path changed it (core/accounts/tokens.py, docs/adr/0010-…).
    password_mark = models.CharField(max_length=64, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.label or 'token'} ({self.user_id})"


class AccountState(models.Model):
    """Adoption facts of one account: issued, first/last login, installed, forced password change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="account_state"
    )
    must_change_password = models.BooleanField(default=False)
    initial_password_issued_at = models.DateTimeField(null=True, blank=True)
    first_login_at = models.DateTimeField(null=True, blank=True)
    last_login_at = models.DateTimeField(null=True, blank=True)
    first_install_at = models.DateTimeField(null=True, blank=True)
    # One-time activation code (core/accounts/activation.py, docs/adr/0029-…): only its keyed hash is stored.
    activation_digest = models.CharField(max_length=64, blank=True, default="", db_default="")
    activation_expires_at = models.DateTimeField(null=True, blank=True)
    activation_attempts = models.PositiveSmallIntegerField(default=0, db_default=0)
    activation_used_at = models.DateTimeField(null=True, blank=True)
    # Session mark of the hash a login replaced by a stronger one of the same password (docs/adr/0030-…):
    # sessions minted under the old hash are carried over once instead of ending.
    rehashed_from_mark = models.CharField(max_length=64, blank=True, default="", db_default="")

    def __str__(self) -> str:
        return f"state of {self.user_id}"


class DeviceKind(models.TextChoices):
    PWA = "pwa", _("Ứng dụng web (PWA)")
    ANDROID = "android", "Android"
    IOS = "ios", "iOS"


class Device(models.Model):
    """A phone client or installed PWA; its registration counts as "installed"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="devices")
    kind = models.CharField(max_length=8, choices=DeviceKind.choices)
    device_id = models.CharField(max_length=100, help_text="identifier chosen by the client")
    label = models.CharField(max_length=100, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "device_id"], name="device_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.device_id}"


class DailyAccess(models.Model):
    """Accesses (visits: first request after 30 minutes of quiet) of one account on one day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "day"], name="dailyaccess_unique")]
        indexes: ClassVar = [models.Index(fields=["day"], name="dailyaccess_day_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day} ×{self.count}"
