"""The API's parsers: DRF's JSON, form and multipart parsers with the edge guard's checks.

- JSON: the nesting limit and the NUL check run on the raw body before decoding. Python's json decoder
  recurses once per nested array/object; 100,000 `[` raise RecursionError, which is not a ValueError, so
  stock DRF answers 500.
- Forms and multipart (any method, PUT/PATCH included): no NUL in a field name, value or file name.

The edge guard (config/edge.py) refuses most of this first; these parsers keep the API safe on their own
(a view called without the middleware, a method the middleware does not parse). Settings make them the
default; `tests/api/test_edge_guard.py` checks every API view uses them.
"""

from collections.abc import Mapping
from io import BytesIO
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

from config.edge import MAX_JSON_DEPTH, NUL, json_refusal, message


def _nul_inside(value: object) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, UploadedFile):
        return NUL in (value.name or "")
    if isinstance(value, Mapping):
        return any(_nul_inside(key) or _nul_inside(item) for key, item in _items(value))
    if isinstance(value, list | tuple):
        return any(_nul_inside(item) for item in value)
    return False


def _items(mapping: Mapping[Any, Any]) -> list[tuple[Any, Any]]:
    lists = getattr(mapping, "lists", None)  # QueryDict / MultiValueDict: every value, not only the last
    return list(lists()) if callable(lists) else list(mapping.items())


def _refuse_nul(*parts: object) -> None:
    if any(_nul_inside(part) for part in parts):
        raise ParseError(message("nul_character"), code="nul_character")


class GuardedJSONParser(JSONParser):
    def parse(
        self, stream: IO[Any] | None, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        body = stream.read() if stream is not None else b""
        refused = json_refusal(body)
        if refused is not None:
            raise ParseError(message(refused), code=refused)
        try:
            return super().parse(BytesIO(body), media_type, parser_context)
        except RecursionError as exc:  # only if MAX_JSON_DEPTH were raised above the interpreter's own limit
            raise ParseError(f"JSON > {MAX_JSON_DEPTH}", code="json_too_deep") from exc


class GuardedFormParser(FormParser):
    def parse(
        self, stream: IO[Any] | None, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        data = super().parse(stream, media_type, parser_context)  # type: ignore[arg-type]
        _refuse_nul(data)
        return data


class GuardedMultiPartParser(MultiPartParser):
    def parse(
        self, stream: IO[Any] | None, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> DataAndFiles:
        result = super().parse(stream, media_type, parser_context)  # type: ignore[arg-type]
        _refuse_nul(result.data, result.files)
        return result


PARSER_CLASSES = [GuardedJSONParser, GuardedFormParser, GuardedMultiPartParser]
