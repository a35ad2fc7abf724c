"""API tokens, per tenant schema. Only a hash of the secret is stored."""

from typing import ClassVar

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    # First characters of the secret, to find the row; the rest is checked against `digest`.
    lookup = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    # The schema the token was minted in; a token presented under any other schema is rejected.
    schema_name = models.CharField(max_length=63)
    label = models.CharField(max_length=100, blank=True, help_text="device or client name")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.label or 'token'} ({self.user_id})"
