"""Finding 7: a Content-Security-Policy on every page (no inline script or style anywhere), HTTPS settings
in production only, /readyz details for operators only (tests/core/test_pages_and_health.py)."""

import importlib
import re
from pathlib import Path

from django.conf import settings

from tests.conftest import PASSWORD
from tests.hardening.routes import PUBLIC_URLCONF, TENANT_URLCONF, routes
from tests.helpers import web_login

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|nonce)=)[^>]*>|\son[a-z]+=|javascript:", re.IGNORECASE)
# In rendered pages an inline <style>/<script> may carry this response's nonce (Django admin); ours have none.
RENDERED_INLINE = re.compile(
    r"<script(?![^>]*\b(?:src|nonce)=)[^>]*>|<style(?![^>]*\bnonce=)|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_no_template_has_inline_script_style_or_handlers():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group()}"
        for path in TEMPLATES.rglob("*.html")
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []


def test_every_page_of_every_route_carries_the_strict_policy(alpha_client, operator_client):
    web_login(alpha_client, "admin", PASSWORD)  # signed in: pages render, not only redirects
    checked = 0
    for client, urlconf in ((alpha_client, TENANT_URLCONF), (operator_client, PUBLIC_URLCONF)):
        for route in routes(urlconf):
            if "logout" in route.pattern or "dang-xuat" in route.pattern:
                continue
            response = client.get(route.path)
            policy = _policy(response)
            assert policy["frame-ancestors"] == "frame-ancestors 'none'" and policy["object-src"] == "object-src 'none'"
            assert re.fullmatch(r"script-src 'self'( 'nonce-[\w-]+')?", policy["script-src"]), (
                route.pattern
            )  # no inline, no eval, anywhere
            docs = route.pattern.startswith(("api/v1/docs", "api/v1/redoc"))
            assert ("'unsafe-inline'" in policy["style-src"]) == docs, route.pattern
            if response.get("Content-Type", "").startswith("text/html"):
                inline = INLINE_SCRIPT if docs else RENDERED_INLINE  # the docs' exception: inline styles, never scripts
                assert not inline.search(response.content.decode()), route.pattern
                checked += 1
    assert checked > 30


def test_https_only_in_production_settings(monkeypatch):
    assert not settings.SECURE_SSL_REDIRECT and not settings.SESSION_COOKIE_SECURE  # tests / local: plain HTTP
    monkeypatch.setenv("DATABASE_URL", "postgres://localhost/unused")
    production = importlib.import_module("config.settings.production")
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS >= 60 * 60 * 24 * 365 and production.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE and production.LANGUAGE_COOKIE_SECURE
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production.SECURE_REDIRECT_EXEMPT == [r"^healthz$", r"^readyz$"]
