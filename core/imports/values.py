"""Cell values → clean values. Each parser returns the value or raises BadValue with a Vietnamese message.

Parsers accept CSV text and XLSX cell types alike (dates, numbers, booleans). They are on the hot path of
a 500,000-row import, so the common cases avoid exceptions and repeated work (dates are cached).
"""

import datetime as dt
from typing import Any

from django.utils import translation

from core.members.models import CommitteePosition, ExemptReason, MemberStatus, Sex
from core.members.search import fold
from core.org.models import KIND_ALIASES

DATE_HELP = "cần dạng ngày/tháng/năm, ví dụ 25/12/1970, hoặc 1970-12-25"


class BadValue(ValueError):
    pass


def vi_label(label: object) -> str:
    """A choice label as the Vietnamese source text (labels are translatable; import files are Vietnamese)."""
    with translation.override("vi"):
        return str(label)


def _folded_map(aliases: dict[str, str]) -> dict[str, str]:
    return {fold(k): v for k, v in aliases.items()}


SEX = _folded_map(
    {"nam": Sex.MALE, "nữ": Sex.FEMALE, "male": Sex.MALE, "female": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE}
)
STATUS = _folded_map(
    {
        **{str(choice.value): str(choice.value) for choice in MemberStatus},
        **{vi_label(choice.label): str(choice.value) for choice in MemberStatus},
        "miễn": MemberStatus.EXEMPT,
        "miễn sinh hoạt đảng": MemberStatus.EXEMPT,
        "làm ăn xa": MemberStatus.WORKING_AWAY,
        "chuyển đi": MemberStatus.TRANSFERRED_OUT,
        "chuyển sinh hoạt": MemberStatus.TRANSFERRED_OUT,
        "đã mất": MemberStatus.DECEASED,
        "từ trần": MemberStatus.DECEASED,
    }
)
EXEMPT_REASON = _folded_map(
    {
        **{str(choice.value): str(choice.value) for choice in ExemptReason},
        **{vi_label(choice.label): str(choice.value) for choice in ExemptReason},
        "tuổi cao": ExemptReason.AGE,
        "sức khỏe": ExemptReason.HEALTH,
        "sức khoẻ yếu": ExemptReason.HEALTH,
        "ốm đau": ExemptReason.HEALTH,
        "khác": ExemptReason.OTHER,
    }
)
POSITION = _folded_map(
    {
        **{str(choice.value): str(choice.value) for choice in CommitteePosition},
        **{vi_label(choice.label): str(choice.value) for choice in CommitteePosition},
        "phó bí thư thường trực": CommitteePosition.DEPUTY,
        "ủy viên thường vụ": CommitteePosition.STANDING,
        "thường vụ": CommitteePosition.STANDING,
        "ủy viên": CommitteePosition.MEMBER,
        "cấp ủy": CommitteePosition.MEMBER,
        "đảng ủy viên": CommitteePosition.MEMBER,
        "chi ủy viên": CommitteePosition.MEMBER,
    }
)
POSITION_HELP = "Chức vụ chỉ nhận: Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, Cấp ủy viên."
TRUE_WORDS = {"co", "x", "1", "yes", "y", "true", "dung", "c"}
FALSE_WORDS = {"khong", "0", "no", "n", "false", "sai", "k", "-"}
KINDS = _folded_map(KIND_ALIASES)

_CARD_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-./")

_date_cache: dict[str, dt.date] = {}


def text(value: Any) -> str:
    """A cell as trimmed text; whole numbers from XLSX lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _parse_date_text(raw: str) -> dt.date:
    head = raw[:10] if len(raw) > 10 and raw[10] in " T" else raw
    for sep in ("/", "-", "."):
        if sep in head:
            parts = head.split(sep)
            break
    else:
        raise BadValue(f"Ngày không hợp lệ ({DATE_HELP}).")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise BadValue(f"Ngày không hợp lệ ({DATE_HELP}).")
    if len(parts[0]) == 4:
        year, month, day = parts
    else:
        day, month, year = parts
    if len(year) != 4:
        raise BadValue(f"Năm phải có 4 chữ số ({DATE_HELP}).")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise BadValue(f"Ngày không tồn tại ({DATE_HELP}).") from None


def date_value(value: Any) -> dt.date | None:
    """dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, or a real date cell; empty → None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue(f"Ngày không hợp lệ ({DATE_HELP}).")
    raw = value.strip()
    if not raw:
        return None
    found = _date_cache.get(raw)
    if found is None:
        found = _parse_date_text(raw)
        if found.year < 1890:
            raise BadValue("Năm không hợp lệ (trước 1890).")
        if len(_date_cache) > 100_000:
            _date_cache.clear()
        _date_cache[raw] = found
    return found


def choice(value: Any, table: dict[str, str], message: str) -> str:
    key = fold(text(value))
    found = table.get(key)
    if found is None:
        raise BadValue(message)
    return found


def card_value(value: Any) -> str:
    """A party card number without spaces: at most 20 digits, letters and `-./`."""
    card = text(value).replace(" ", "")
    if not card:
        raise BadValue("Thiếu số thẻ đảng.")
    if len(card) > 20 or not _CARD_CHARS.issuperset(card):
        raise BadValue("Số thẻ đảng không hợp lệ (tối đa 20 ký tự: chữ số, chữ cái).")
    return card


def kind_value(value: Any) -> str:
    key = fold(text(value).replace("_", " "))
    found = KINDS.get(key) or KINDS.get(key.replace(" ", "_"))
    if found is None:
        raise BadValue(
            "Loại tổ chức không hợp lệ (dùng: huyện/quận, xã/phường, khối, cơ sở, bộ phận, chi bộ, tổ đảng)."
        )
    return found


def phone_value(value: Any) -> str:
    """10 digits starting with 0; spaces, dots, dashes and a +84 prefix are accepted and removed."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raw = text(value)
        raw = "0" + raw if len(raw) == 9 else raw  # Excel dropped the leading zero
    else:
        raw = text(value)
    digits = raw.replace(" ", "").replace(".", "").replace("-", "").replace("(", "").replace(")", "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if len(digits) != 10 or not digits.isdigit() or digits[0] != "0":
        raise BadValue("Số điện thoại phải gồm 10 chữ số và bắt đầu bằng 0.")
    return digits


def citizen_id_value(value: Any) -> str:
    raw = text(value).replace(" ", "").replace(".", "")
    if isinstance(value, int | float) and not isinstance(value, bool) and len(raw) in (10, 11):
        raw = raw.zfill(12)  # Excel dropped the leading zeros (CCCD numbers start with a province code 0xx)
    if len(raw) != 12 or not raw.isdigit():
        raise BadValue("Số CCCD phải gồm đúng 12 chữ số.")
    return raw


def bool_value(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    key = fold(text(value))
    if not key:
        return False
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise BadValue("Chỉ nhận: có / không (hoặc x, 1, 0).")
