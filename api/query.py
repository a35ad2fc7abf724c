"""Query parameters validated by a serializer, documented by the same serializer.

`extend_schema(parameters=[SomeQuery])` documents each field as a query parameter (enum, integer bounds), and
`query(SomeQuery, request)` reads them: a value the schema does not allow (a `level` outside its list, an
`offset` that is not a non-negative integer) answers 400 with the usual per-field body
(`{"offset": ["…"]}`, the same shape as api/pagination.py), never a silent "no filter".
"""

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_OFFSET = 100_000


class WholeNumberField(serializers.IntegerField):
    """An integer written as digits only: DRF's IntegerField also takes "1.0" and " 7", the schema does not."""

    def to_internal_value(self, data: Any) -> int:
        text = str(data)
        if not (text.isascii() and text.isdigit()):
            self.fail("invalid")
        return super().to_internal_value(text)


def whole_number(name: str, *, default: int | None, low: int, high: int, help_text: str = "") -> WholeNumberField:
    wrong = f"Tham số {name} phải là số nguyên từ {low} đến {high}."
    return WholeNumberField(
        required=False,
        default=default,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={"invalid": wrong, "min_value": wrong, "max_value": wrong, "max_string_length": wrong},
    )


def offset_field() -> WholeNumberField:
    return whole_number("offset", default=0, low=0, high=MAX_OFFSET, help_text="vị trí bắt đầu / start of the page")


def query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The validated query parameters of `request` (400 with per-field errors when invalid)."""
    payload = serializer_class(data=request.query_params)
    if not payload.is_valid():
        raise ValidationError(payload.errors)
    return dict(payload.validated_data)
