"""Parsing pieces: header aliases, value parsers, the fast row path agreeing with the full checks, fast_fold."""

import datetime as dt
import random
import unicodedata

import pytest

from core.imports.columns import MEMBER_COLUMNS, find_header
from core.imports.folding import fast_fold
from core.imports.member_rows import Cell, MemberRows
from core.imports.report import ErrorSink
from core.imports.values import BadValue, date_value, kind_value, phone_value
from core.members.search import fold
from tests.core.imports.helpers import MEMBER_HEADER, member_row


def test_fast_fold_is_fold():
    rng = random.Random(7)
    samples = [
        "Nguyễn Văn Ánh",
        "ĐỖ THỊ  HỒNG\tNHUNG",
        unicodedata.normalize("NFD", "Trần Quốc Toản"),
        "İstanbul",
        "Ωμέγα",
    ]
    pools = [(0x20, 0x7F), (0xC0, 0x250), (0x1E00, 0x1F00), (0x300, 0x370), (0x370, 0x400)]
    for _ in range(5000):
        samples.append("".join(chr(rng.randrange(*rng.choice(pools))) for _ in range(10)))
    assert [fast_fold(s) for s in samples] == [fold(s) for s in samples]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("25/12/1970", dt.date(1970, 12, 25)),
        ("5/1/1970", dt.date(1970, 1, 5)),
        ("25-12-1970", dt.date(1970, 12, 25)),
        ("25.12.1970", dt.date(1970, 12, 25)),
        ("1970-12-25", dt.date(1970, 12, 25)),
        ("1970-12-25 00:00:00", dt.date(1970, 12, 25)),
        (dt.datetime(1970, 12, 25, 0, 0), dt.date(1970, 12, 25)),
        ("", None),
    ],
)
def test_dates(raw, expected):
    assert date_value(raw) == expected


@pytest.mark.parametrize("raw", ["25/12/70", "1970/13/01", "30/02/2000", "hôm qua", 25121970])
def test_bad_dates(raw):
    with pytest.raises(BadValue):
        date_value(raw)


def test_phones_and_kinds():
    assert phone_value("+84 912 345 678") == "0912345678"
    assert phone_value("091.234.5678") == "0912345678"
    assert phone_value(912345678) == "0912345678"  # an Excel number that lost its leading zero
    assert kind_value("Đảng bộ xã") == "commune" and kind_value("TỔ ĐẢNG") == "party_group"
    assert kind_value("party_group") == "party_group"


def test_headers_match_with_or_without_accents_and_markers():
    header = [
        "STT",
        "Số thẻ Đảng (*)",
        "HO VA TEN",
        "ngày sinh:",
        "Giới tính",
        "Ngày vào đảng",
        "mã chi bộ",
        "trạng thái",
    ]
    found = find_header(iter([(1, header)]), MEMBER_COLUMNS, ErrorSink())
    assert found is not None
    assert found.index["party_card_number"] == 1 and found.names["full_name"] == "HO VA TEN"


def test_a_column_given_twice_is_an_error():
    errors = ErrorSink()
    header = [*MEMBER_HEADER, "họ tên"]
    assert find_header(iter([(1, header)]), MEMBER_COLUMNS, errors) is None
    assert "Cột bị lặp" in errors.items[0]["message"]


def _checker() -> MemberRows:
    header = find_header(iter([(1, list(MEMBER_HEADER))]), MEMBER_COLUMNS, ErrorSink())
    assert header is not None
    cells = {"CB1": Cell(5, "cell", True, "1.5."), "X1": Cell(4, "commune", True, "1.4.")}
    return MemberRows(header, cells, ErrorSink(), ["*"])


ROWS = [
    member_row(),
    member_row(name="  Trần   Thị\tBích Ngọc "),
    member_row(name=unicodedata.normalize("NFD", "Lê Văn Tám")),
    member_row(official="", status="Dự bị"),
    member_row(status="miễn sinh hoạt", reason="TUỔI CAO", smart="x"),
    member_row(phone="", cccd="", smart="0"),
    member_row(dob="1960-05-12", admitted="1985-02-03", official="1986-02-03"),
    member_row(name="Nguyễn Văn \\ A"),
    member_row(card=" 01000001 ", cell=" CB1 "),
    member_row(phone="+84912345678"),
]


@pytest.mark.parametrize("row", ROWS)
def test_fast_path_gives_the_same_line_as_the_full_checks(row):
    checker = _checker()
    full = checker._checked_line(2, list(row))
    assert full is not None and not checker.errors
    fast = checker.fast.line(2, list(row))
    assert fast in (None, full)  # None: left to the full checks
    assert checker.line(2, list(row)) == full


@pytest.mark.parametrize(
    "row",
    [
        member_row(cell="X1"),
        member_row(dob="31/02/1960"),
        member_row(official="01/01/1980"),
        member_row(status="Miễn sinh hoạt"),
        member_row(reason="khác"),
        member_row(phone="12"),
        member_row(cccd="1"),
        member_row(smart="?"),
        member_row(sex=""),
    ],
)
def test_fast_path_never_accepts_a_row_the_full_checks_refuse(row):
    checker = _checker()
    assert checker.fast.line(2, list(row)) is None
    assert checker.line(2, list(row)) is None and checker.errors
