"""Production: every value from the environment (see infra/env.example)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only: redirect plain HTTP (nginx terminates TLS and sets X-Forwarded-Proto), HSTS for the platform
# domain and every tenant subdomain (one wildcard certificate), cookies never sent over plain HTTP. The health
# endpoints stay reachable over plain HTTP for load balancers probing the node directly.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
_email = env.email_url("EMAIL_URL", default="consolemail://")
MAILERS: dict[str, dict[str, object]] = {  # type: ignore[no-redef]
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            key.removeprefix("EMAIL_").lower(): value
            for key, value in _email.items()
            if key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL") and value
        }
        | (
            {"username": _email["EMAIL_HOST_USER"], "password": _email["EMAIL_HOST_PASSWORD"]}
            if _email.get("EMAIL_HOST_USER")
            else {}
        ),
    }
}
