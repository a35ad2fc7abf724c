"""Web Push to members' devices with pywebpush (VAPID, aes128gcm-encrypted payloads).

Endpoints are accepted only on the browsers' push services (settings.WEBPUSH_ENDPOINT_HOSTS, plus
WEBPUSH_EXTRA_HOSTS): the server POSTs to them, so an arbitrary address would be a request forgery vector.
A push service answering 404 or 410 has forgotten the subscription: it is deleted (pruned).
"""

import json
import logging
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from pywebpush import WebPushException, webpush

from core.notifications.models import PushSubscription

log = logging.getLogger(__name__)
GONE = (404, 410)


def push_configured() -> bool:
    return bool(settings.WEBPUSH_VAPID_PUBLIC_KEY and settings.WEBPUSH_VAPID_PRIVATE_KEY)


def endpoint_allowed(endpoint: str) -> bool:
    """An https URL on a known push service, or any URL on an operator-listed extra host."""
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if not host or parts.username or parts.password:
        return False
    if host in {h.lower() for h in settings.WEBPUSH_EXTRA_HOSTS}:
        return parts.scheme in ("https", "http")
    known = any(host == h or host.endswith("." + h) for h in settings.WEBPUSH_ENDPOINT_HOSTS)
    return known and parts.scheme == "https"


@dataclass
class Outcome:
    sent: int = 0
    pruned: int = 0
    failed: int = 0


def payload(*, title: str, body: str, url: str, tag: str) -> str:
    return json.dumps({"title": title, "body": body, "url": url, "tag": tag}, ensure_ascii=False)


_local = threading.local()


def _session() -> requests.Session:
    """One HTTP session per sending thread: connections to a push service are reused between messages."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


def send_one(sub: PushSubscription, data: str) -> int:
    """POST one encrypted message; returns the push service's HTTP status (0 when unreachable)."""
    if not endpoint_allowed(sub.endpoint):
        return 410  # an address no longer allowed is pruned like a gone one
    try:
        response = webpush(
            subscription_info={"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}},
            data=data,
            vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.WEBPUSH_CONTACT},
            timeout=settings.WEBPUSH_TIMEOUT_SECONDS,
            ttl=24 * 60 * 60,
            requests_session=_session(),
        )
    except WebPushException as exc:
        return exc.response.status_code if exc.response is not None else 0
    except Exception:  # network errors: counted as failures, the in-app row is there anyway
        log.warning("web push to %s failed", urlsplit(sub.endpoint).hostname, exc_info=True)
        return 0
    return int(getattr(response, "status_code", 201))


def record(outcome: Outcome, sub: PushSubscription, status: int) -> None:
    from django.utils import timezone

    if 200 <= status < 300:
        outcome.sent += 1
        PushSubscription.objects.filter(pk=sub.pk).update(last_success_at=timezone.now(), failures=0)
    elif status in GONE:
        outcome.pruned += 1
        PushSubscription.objects.filter(pk=sub.pk).delete()
    else:
        outcome.failed += 1
        PushSubscription.objects.filter(pk=sub.pk).update(failures=sub.failures + 1)
