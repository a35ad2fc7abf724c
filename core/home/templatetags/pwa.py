"""`{% pwa_user_key %}`: an opaque key of the signed-in member on this tenant, for the phone's offline copies.

The service worker names its page cache after it and the page script keeps queued actions under it, so a phone
shared by two members never shows one member's saved pages or sends their queued opinions as the other (ADR 0033).
Not the user id: an HMAC of the tenant schema and user id with the secret key, so it reveals nothing."""

import hashlib
import hmac

from django import template
from django.conf import settings
from django.http import HttpRequest

from tenants.db.schema import current_schema

register = template.Library()


def user_key(request: HttpRequest | None) -> str:
    """ "" when nobody is signed in; else 16 hex digits bound to (tenant schema, user id)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    message = f"{current_schema()}:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


@register.simple_tag(takes_context=True)
def pwa_user_key(context: template.Context) -> str:
    return user_key(context.get("request"))
