"""Edge guard: input no view should ever see is refused before routing, sessions, auth or the ORM run.

- A NUL character (U+0000) in the path, the query string, a form field or file name, a cookie or any HTTP
  header (the bearer token included). PostgreSQL text cannot hold it: psycopg raises DataError (a 500) the
  moment such a value reaches a query, whichever view or middleware sends it.
- A JSON body nested deeper than MAX_JSON_DEPTH (Python's decoder recurses: 100,000 `[` is a RecursionError,
  a 500) or carrying a NUL as `\\u0000` inside a string.

The answer is a 400 with a Vietnamese message: `{"detail", "code"}` under /api/, a small page elsewhere. The
API's JSON parser (api/parsers.py) applies the same depth limit, so the API stays safe without this layer.
See docs/adr/0014-edge-guard-csp-and-two-factor.md.
"""

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

MAX_JSON_DEPTH = 64
NUL = "\x00"
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKETS = re.compile(rb"[\[\]{}]")
# An escaped NUL inside a JSON string: \u0000 not itself escaped (an even run of backslashes before it).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when `body` opens more than `limit` nested arrays/objects (brackets inside strings ignored).

    Strings go first (one linear regex), then the scan stops at the first bracket past the limit: a hostile
    body costs at most one pass.
    """
    depth = 0
    for match in _JSON_BRACKETS.finditer(_JSON_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def json_refusal(body: bytes) -> str | None:
    """The refusal code for a JSON body that must not be decoded, else None."""
    if b"\x00" in body or _JSON_NUL.search(body):
        return "nul_character"
    if json_depth_exceeds(body):
        return "json_too_deep"
    return None


def _has_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def _form_has_nul(request: HttpRequest) -> bool:
    """Form fields and file names. A urlencoded body is checked raw (any method: DRF parses PUT/PATCH forms
    itself); multipart only for POST, where Django parses it (api/parsers.py covers the API's other methods)."""
    if request.content_type == "application/x-www-form-urlencoded":
        return b"\x00" in request.body or b"%00" in request.body
    if request.content_type != "multipart/form-data" or request.method != "POST":
        return False
    fields = (item for key, values in request.POST.lists() for item in (key, *values))
    uploads = (upload for _key, files in request.FILES.lists() for upload in files)
    names = (str(getattr(upload, attr, "") or "") for upload in uploads for attr in ("name", "field_name"))
    return _has_nul(fields) or _has_nul(names)


def _is_json(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json")


def refusal(request: HttpRequest) -> str | None:
    """The refusal code (a key of MESSAGES) when the request must be refused, else None."""
    meta = request.META
    headers = (str(value) for key, value in meta.items() if key.startswith("HTTP_"))
    if (
        NUL in request.path_info
        or NUL in meta.get("QUERY_STRING", "")
        or "%00" in meta.get("QUERY_STRING", "")
        or _has_nul(headers)
        or _has_nul(f"{key}{value}" for key, value in request.COOKIES.items())
        or _form_has_nul(request)
    ):
        return "nul_character"
    if _is_json(request) and request.method not in ("GET", "HEAD", "OPTIONS"):
        return json_refusal(request.body)
    return None


def bad_request(request: HttpRequest, code: str) -> HttpResponse:
    """400: JSON `{"detail", "code"}` in Vietnamese under /api/ (the API answers in Vietnamese), else a page in
    the language the user chose (this runs before the language middleware, so it reads the cookie itself)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"detail": message(code), "code": code}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string("errors/bad_request.html", {"message": message(code, language)})
    return HttpResponse(body, status=400, content_type="text/html; charset=utf-8")


def message(code: str, language: str | None = None) -> str:
    """The refusal's message, in Vietnamese unless another language is named."""
    with translation.override(language or settings.LANGUAGE_CODE):
        if code == "json_too_deep":
            return _("Dữ liệu JSON lồng nhau quá sâu (tối đa %(limit)s cấp).") % {"limit": MAX_JSON_DEPTH}
        return _("Yêu cầu chứa ký tự không hợp lệ (ký tự NUL). Vui lòng kiểm tra lại địa chỉ hoặc dữ liệu.")


class EdgeGuardMiddleware:
    """First in MIDDLEWARE: nothing after it sees a refused request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = refusal(request)
        if refused is not None:
            return bad_request(request, refused)
        return self.get_response(request)
