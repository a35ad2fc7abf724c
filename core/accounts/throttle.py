"""Login throttling: failures counted per account and per client address in the (tenant-keyed) cache.

A phone number counts as one account however it is spelt ("0912 345 678", "+84912345678").
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from core.accounts.backends import normalise_phone


def _keys(request: HttpRequest, username: str) -> list[str]:
    addr = request.META.get("REMOTE_ADDR", "?")
    account = normalise_phone(username) or username.strip().lower()
    return [f"login-fail:user:{account}", f"login-fail:addr:{addr}"]


def login_blocked(request: HttpRequest, username: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(request, username))


def login_failed(request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        if cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def login_succeeded(request: HttpRequest, username: str) -> None:
    cache.delete(_keys(request, username)[0])
