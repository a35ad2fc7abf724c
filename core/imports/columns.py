"""Column headers: English field names and Vietnamese aliases, matched case- and accent-insensitively.

`find_header(rows, spec)` reads past title lines (e.g. "DANH SÁCH ĐẢNG VIÊN") to the first row that names
at least two known columns, and maps each known field to its column index and its header as written.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from core.imports.report import ErrorSink
from core.members.search import fold

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class ColumnSpec:
    fields: dict[str, tuple[str, ...]]  # field → folded aliases (the field name itself included)
    required: tuple[str, ...]
    labels: dict[str, str]  # field → the Vietnamese header shown in messages and docs


CARD_ALIASES = ("party_card_number", "so the dang", "so the dang vien", "so the", "the dang")

ORG_COLUMNS = ColumnSpec(
    fields={
        "code": ("code", "ma", "ma to chuc", "ma don vi", "ma dang bo"),
        "name": ("name", "ten", "ten to chuc", "ten don vi", "ten dang bo"),
        "kind": ("kind", "loai", "loai to chuc", "cap", "loai hinh"),
        "parent_code": (
            "parent_code",
            "parent",
            "ma cap tren",
            "ma to chuc cap tren",
            "cap tren",
            "ma don vi cap tren",
        ),
        "valid_from": ("valid_from", "hieu luc tu", "ngay hieu luc", "ngay thanh lap", "tu ngay"),
    },
    required=("code", "name", "kind"),
    labels={
        "code": "Mã",
        "name": "Tên",
        "kind": "Loại",
        "parent_code": "Mã cấp trên",
        "valid_from": "Hiệu lực từ",
    },
)

MEMBER_COLUMNS = ColumnSpec(
    fields={
        "party_card_number": CARD_ALIASES,
        "full_name": ("full_name", "ho va ten", "ho ten", "ten dang vien"),
        "date_of_birth": ("date_of_birth", "ngay sinh", "ngay thang nam sinh", "sinh ngay"),
        "sex": ("sex", "gioi tinh", "gioi"),
        "admitted_on": ("admitted_on", "ngay vao dang", "ngay ket nap", "ngay ket nap dang"),
        "official_on": ("official_on", "ngay chinh thuc", "ngay cong nhan chinh thuc", "ngay vao dang chinh thuc"),
        "cell_code": ("cell_code", "ma chi bo", "ma chi bo to dang", "ma to chuc"),
        "citizen_id": ("citizen_id", "so cccd", "cccd", "so can cuoc", "can cuoc cong dan", "so dinh danh"),
        "phone": ("phone", "dien thoai", "so dien thoai", "sdt", "so dt"),
        "status": ("status", "trang thai", "tinh trang"),
        "exempt_reason": ("exempt_reason", "ly do mien", "ly do mien sinh hoat"),
        "has_smartphone": (
            "has_smartphone",
            "co dien thoai thong minh",
            "dien thoai thong minh",
            "smartphone",
            "co smartphone",
        ),
        "ethnicity": ("ethnicity", "dan toc"),
        "religion": ("religion", "ton giao"),
        "hometown": ("hometown", "que quan", "nguyen quan"),
        "residence": ("residence", "noi o hien nay", "noi o", "noi cu tru", "cho o hien nay", "dia chi"),
        "education": ("education", "giao duc pho thong", "trinh do giao duc pho thong", "trinh do van hoa", "van hoa"),
        "qualification": (
            "qualification",
            "chuyen mon nghiep vu",
            "chuyen mon, nghiep vu",
            "trinh do chuyen mon",
            "chuyen mon",
            "hoc van",
            "trinh do chuyen mon nghiep vu",
        ),
        "theory": ("theory", "ly luan chinh tri", "trinh do ly luan chinh tri", "ly luan"),
        "occupation": ("occupation", "nghe nghiep", "nghe nghiep hien nay"),
        "workplace": ("workplace", "noi lam viec", "don vi cong tac", "noi cong tac", "co quan cong tac"),
    },
    required=("party_card_number", "full_name", "date_of_birth", "sex", "admitted_on", "cell_code", "status"),
    labels={
        "party_card_number": "Số thẻ đảng",
        "full_name": "Họ và tên",
        "date_of_birth": "Ngày sinh",
        "sex": "Giới tính",
        "admitted_on": "Ngày vào Đảng",
        "official_on": "Ngày chính thức",
        "cell_code": "Mã chi bộ",
        "citizen_id": "Số CCCD",
        "phone": "Điện thoại",
        "status": "Trạng thái",
        "exempt_reason": "Lý do miễn",
        "has_smartphone": "Có điện thoại thông minh",
        "ethnicity": "Dân tộc",
        "religion": "Tôn giáo",
        "hometown": "Quê quán",
        "residence": "Nơi ở hiện nay",
        "education": "Giáo dục phổ thông",
        "qualification": "Chuyên môn, nghiệp vụ",
        "theory": "Lý luận chính trị",
        "occupation": "Nghề nghiệp",
        "workplace": "Nơi làm việc",
    },
)

COMMITTEE_COLUMNS = ColumnSpec(
    fields={
        "unit_code": ("unit_code", "unit", "ma to chuc", "ma don vi", "ma dang bo", "ma chi bo", "ma cap uy", "ma"),
        "party_card_number": CARD_ALIASES,
        "position": ("position", "chuc vu", "chuc vu cap uy", "chuc danh"),
        "started_on": ("started_on", "tu ngay", "ngay bat dau", "bat dau", "ngay nhan chuc vu"),
        "ended_on": ("ended_on", "den ngay", "ngay ket thuc", "ket thuc", "ngay thoi chuc vu"),
    },
    required=("unit_code", "party_card_number", "position"),
    labels={
        "unit_code": "Mã tổ chức",
        "party_card_number": "Số thẻ đảng",
        "position": "Chức vụ",
        "started_on": "Từ ngày",
        "ended_on": "Đến ngày",
    },
)


def normalise_header(value: Any) -> str:
    """fold(), with "_"/"-" as spaces and required-markers ("*", ":") dropped: "Số thẻ Đảng (*)" → "so the dang"."""
    text = fold(str(value or "")).replace("_", " ").replace("-", " ")
    for junk in ("(*)", "*", ":", "(bat buoc)"):
        text = text.replace(junk, " ")
    return " ".join(text.split())


def _alias_index(spec: ColumnSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, aliases in spec.fields.items():
        for alias in aliases:
            index[normalise_header(alias)] = name
    return index


@dataclass
class Header:
    row: int  # the header's row number
    index: dict[str, int]  # field → column position
    names: dict[str, str]  # field → header text as written in the file

    def column(self, field: str) -> str:
        return self.names.get(field, field)


def _match(values: list[Any], aliases: dict[str, str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for position, value in enumerate(values):
        name = aliases.get(normalise_header(value))
        if name:
            found.setdefault(name, []).append(position)
    return found


def find_header(rows: Iterator[tuple[int, list[Any]]], spec: ColumnSpec, errors: ErrorSink) -> Header | None:
    """Consume rows up to the header and return it; None (with errors recorded) when columns are missing."""
    aliases = _alias_index(spec)
    first: tuple[int, list[Any]] | None = None
    for number, values in rows:
        if not any(v not in (None, "") for v in values):
            continue
        first = first or (number, values)
        found = _match(values, aliases)
        if len(found) >= 2:
            return _build(number, values, found, spec, errors)
        if number >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        errors.file_error("Tệp không có dữ liệu (không tìm thấy dòng tiêu đề).")
        return None
    return _build(first[0], first[1], _match(first[1], aliases), spec, errors)


def _build(
    number: int, values: list[Any], found: dict[str, list[int]], spec: ColumnSpec, errors: ErrorSink
) -> Header | None:
    ok = True
    for name, positions in found.items():
        if len(positions) > 1:
            ok = False
            header = ", ".join(f"“{values[p]}”" for p in positions)
            errors.add(number, str(values[positions[1]]), "", f"Cột bị lặp: {header} cùng là “{spec.labels[name]}”.")
    for name in spec.required:
        if name not in found:
            ok = False
            errors.add(number, spec.labels[name], "", f"Thiếu cột bắt buộc “{spec.labels[name]}”.")
    if not ok:
        return None
    return Header(
        row=number,
        index={name: positions[0] for name, positions in found.items()},
        names={name: str(values[positions[0]]).strip() for name, positions in found.items()},
    )
