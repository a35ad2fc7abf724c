"""Pagination for list endpoints: DRF's limit/offset, with `limit` and `offset` validated.

Stock LimitOffsetPagination reads `?offset=null` or `?limit=-3` as "not given" and answers 200, which the
schema (integers) does not allow; here a value that is not a non-negative integer is a 400 in Vietnamese.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


def _non_negative(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit():
        raise ValidationError({name: [f"Tham số {name} phải là số nguyên không âm."]}, code="invalid")
    return int(raw)


class ValidatedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 500

    def get_limit(self, request: Request) -> int | None:
        limit = _non_negative(request, self.limit_query_param)
        if limit is None:
            return self.default_limit
        if limit == 0:
            raise ValidationError(
                {self.limit_query_param: [f"Tham số {self.limit_query_param} phải lớn hơn 0."]}, code="invalid"
            )
        return min(limit, self.max_limit) if self.max_limit else limit

    def get_offset(self, request: Request) -> int:
        return _non_negative(request, self.offset_query_param) or 0
