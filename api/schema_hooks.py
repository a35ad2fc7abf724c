"""OpenAPI post-processing: the error answers every operation can give, documented once.

Every endpoint may answer 400 (invalid input: `{"field": ["…"]}` or `{"detail", "code"}`, e.g. from the
edge guard), 401 (no or bad token), 403 (no right, password change or second factor pending, unit not
rolled out), 404 (missing or not yours: the access helpers never tell which) and 429 (the token login's
throttle, or the tenant's plan: API requests per minute, with Retry-After — billing_free.throttling).
Documenting them keeps the schema true for clients and lets schemathesis check the bodies.
"""

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "Lỗi: `detail` (và `code`) hoặc lỗi theo từng trường / error: detail (and code) or per-field",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "Dữ liệu không hợp lệ / invalid input",
    "401": "Chưa xác thực / not authenticated",
    "403": "Không có quyền hoặc cần hoàn tất bước khác / forbidden",
    "404": "Không tìm thấy (hoặc không thuộc phạm vi) / not found",
    "429": "Quá nhiều yêu cầu, thử lại sau số giây trong Retry-After / too many requests (see Retry-After)",
}


def document_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status not in responses:
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    }
    return result
