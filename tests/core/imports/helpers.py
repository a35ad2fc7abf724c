"""Builders and small helpers shared by the import tests."""

import csv
import io
from typing import Any

from django.contrib.auth import get_user_model

from core.imports.models import ImportJob

MEMBER_HEADER = [
    "Số thẻ đảng",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Mã chi bộ",
    "Số CCCD",
    "Điện thoại",
    "Trạng thái",
    "Lý do miễn",
    "Có điện thoại thông minh",
]


def member_row(card: str = "01000001", **over: Any) -> list[str]:
    row = {
        "card": card,
        "name": "Nguyễn Văn An",
        "dob": "12/05/1960",
        "sex": "Nam",
        "admitted": "03/02/1985",
        "official": "03/02/1986",
        "cell": "CB1",
        "cccd": "001060004321",
        "phone": "0912345678",
        "status": "Chính thức",
        "reason": "",
        "smart": "có",
    }
    row.update(over)
    return list(row.values())


COMMITTEE_HEADER = ["Mã tổ chức", "Số thẻ đảng", "Chức vụ", "Từ ngày", "Đến ngày"]


def seat_row(
    unit: str = "X1", card: str = "01000001", position: str = "Bí thư", start: str = "", end: str = ""
) -> list[str]:
    return [unit, card, position, start, end]


def csv_text(header: list[str], rows: list[list[str]], sep: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def xlsx_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def members_csv(rows: list[list[str]], sep: str = ",") -> str:
    return csv_text(MEMBER_HEADER, rows, sep)


def committee_csv(rows: list[list[str]], sep: str = ",") -> str:
    return csv_text(COMMITTEE_HEADER, rows, sep)


def messages(job: ImportJob) -> list[str]:
    return [e["message"] for e in job.errors]


def admin_user() -> Any:
    return get_user_model().objects.get(username="admin")
