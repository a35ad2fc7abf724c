"""The address a request really came from, for the login throttle.

Behind nginx every request arrives from nginx's address; nginx overwrites `X-Forwarded-For` with the client's
address (infra/nginx/sotay.conf). That header is believed only when the direct peer is one of
`TRUSTED_PROXY_ADDRESSES`; anyone else could write anything in it. The rightmost address that is not a
trusted proxy is the client.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return ""


def client_address(request: HttpRequest) -> str:
    peer = _valid(request.META.get("REMOTE_ADDR", "")) or "?"
    proxies = set(settings.TRUSTED_PROXY_ADDRESSES)
    if peer not in proxies:
        return peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _valid(hop)
        if address and address not in proxies:
            return address
    return peer
