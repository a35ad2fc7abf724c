"""Template context: the current tenant (None on the platform host)."""

from django.conf import settings
from django.http import HttpRequest


def tenant(request: HttpRequest) -> dict[str, object]:
    return {"tenant": getattr(request, "tenant", None), "platform_domain": settings.PLATFORM_DOMAIN}
