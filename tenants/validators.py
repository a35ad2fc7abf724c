"""Tenant slug rules. The slug is the PostgreSQL schema name; its host label swaps `_` for `-`."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SLUG_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

# Words that must never become a schema or a subdomain: PostgreSQL's own schemas, the platform's hosts
# and paths, and names operators would confuse with infrastructure.
RESERVED_SLUGS = frozenset(
    {
        "public",
        "information_schema",
        "template",
        "default",
        "postgres",
        "root",
        "admin",
        "api",
        "console",
        "www",
        "mail",
        "smtp",
        "static",
        "media",
        "assets",
        "cdn",
        "test",
        "tests",
        "localhost",
        "celery",
        "status",
        "health",
        "healthz",
        "readyz",
        "docs",
        "help",
        "support",
        "billing",
        "sotay",
        "app",
        "auth",
        "login",
        "dev",
        "staging",
        "prod",
        "production",
    }
)


def validate_slug(value: str) -> None:
    """Raise a ValidationError with a Vietnamese message when `value` cannot be a tenant slug."""
    if not SLUG_RE.match(value or ""):
        raise ValidationError(
            _(
                "Mã đảng bộ chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái, "
                "dài 2–40 ký tự (ví dụ: ninhbinh, ha_noi)."
            ),
            code="invalid_slug",
        )
    if value in RESERVED_SLUGS or value.startswith("pg_"):
        raise ValidationError(
            _("Mã đảng bộ “%(slug)s” là từ dành riêng cho hệ thống, vui lòng chọn mã khác."),
            code="reserved_slug",
            params={"slug": value},
        )


def host_label(slug: str) -> str:
    """The DNS label of a tenant: hostnames may not contain `_`, slugs may not contain `-`."""
    return slug.replace("_", "-")
