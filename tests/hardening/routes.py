"""Every URL pattern of a urlconf as a concrete path, for the class-wide tests (edge guard, login walk).

A route's parameters are filled from `values` by name (real ids from a test's data) or else with a sample
per converter, so the walk needs no list of pages: a page added tomorrow is walked tomorrow.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

CONVERTER_SAMPLES = {"int": "1", "str": "abc", "slug": "abc", "uuid": "00000000-0000-0000-0000-000000000001"}
CONVERTER_SAMPLES["path"] = "1"
_REGEX_CANDIDATES = ("1", "auth", "abc")
_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

TENANT_URLCONF = "config.urls_tenants"
PUBLIC_URLCONF = "config.urls_public"


@dataclass(frozen=True)
class Route:
    pattern: str  # the route as written, e.g. "sinh-hoat/quan-ly/<int:meeting_id>/"
    params: tuple[str, ...]
    path: str  # a concrete path, e.g. "/sinh-hoat/quan-ly/7/"


def _fill_route(pattern: RoutePattern, values: Mapping[str, str]) -> tuple[str, list[str]]:
    names: list[str] = []

    def one(match: re.Match[str]) -> str:
        names.append(match["name"])
        return values.get(match["name"]) or CONVERTER_SAMPLES[match["converter"] or "str"]

    return _ROUTE_PARAM.sub(one, str(pattern)), names


def _fill_regex(pattern: RegexPattern, values: Mapping[str, str]) -> tuple[str, list[str]]:
    template, params = normalize(pattern.regex.pattern)[0]
    given = {name: values[name] for name in params if values.get(name)}
    for candidate in _REGEX_CANDIDATES:
        filled = template % ({name: candidate for name in params} | given)
        if pattern.regex.match(filled):
            return filled, list(params)
        given = {}  # the given values do not fit this pattern (an admin app label): samples only
    raise AssertionError(f"no sample path for {pattern.regex.pattern!r}")


def _walk(patterns: list, prefix: str, names: list[str], values: Mapping[str, str]) -> Iterator[Route]:
    for entry in patterns:
        fill = _fill_route if isinstance(entry.pattern, RoutePattern) else _fill_regex
        piece, params = fill(entry.pattern, values)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + piece, names + params, values)
        elif isinstance(entry, URLPattern):
            yield Route(pattern=prefix + str(entry.pattern), params=tuple(names + params), path="/" + prefix + piece)


def routes(urlconf: str, values: Mapping[str, str] | None = None) -> list[Route]:
    """Every pattern of `urlconf`, each once, with its parameters filled."""
    return list(_walk(get_resolver(urlconf).url_patterns, "", [], {} if values is None else values))
