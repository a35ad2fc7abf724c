"""Every route of the tenant and platform URL configurations, with its full path pattern and qualified name."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    urlconf: str
    pattern: str  # e.g. "dang-vien/<int:member_id>/"
    name: str  # "members:detail" ("" when the route has no name)
    callback: object


def _walk(patterns: Sequence[object], prefix: str, namespace: str, urlconf: str) -> list[Route]:
    routes: list[Route] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            routes += _walk(entry.url_patterns, prefix + str(entry.pattern), ns, urlconf)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            routes.append(Route(urlconf, prefix + str(entry.pattern), name, entry.callback))
    return routes


def all_routes() -> list[Route]:
    routes: list[Route] = []
    for urlconf in (settings.ROOT_URLCONF, settings.PUBLIC_SCHEMA_URLCONF):
        routes += _walk(get_resolver(urlconf).url_patterns, "", "", urlconf)
    return routes
