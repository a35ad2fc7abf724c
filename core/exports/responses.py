"""HTTP responses carrying an export: attachment, no caching by shared proxies, no content sniffing."""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from core.exports.writers import Row, Sheet, csv_text, xlsx_bytes

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(body: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(filename: str, rows: Iterable[Row]) -> HttpResponse:
    return _attachment(csv_text(rows), CSV_TYPE, filename)


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    return _attachment(xlsx_bytes(sheets), XLSX_TYPE, filename)
