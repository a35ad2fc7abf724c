"""Deterministic, realistic Vietnamese personal names for demo data."""

import datetime as dt
import random
from typing import Any

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Phan",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Đào",
    "Mai",
    "Tạ",
    "Lương",
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Công", "Thanh", "Bá", "Đình"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Phương", "Kim", "Bích", "Diệu"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hoà",
    "Lâm",
    "Tiến",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quỳnh",
    "Thảo",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Huyền",
]


def full_name(rng: random.Random, sex: str) -> str:
    if sex == "male":
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


PLACES = ["Đông", "Đoài", "Thượng", "Hạ", "Trung", "Phú", "Yên", "Khánh", "An", "Hưng", "Thịnh", "Tân", "Hoà",
          "Bình", "Lạc", "Thành", "Vĩnh", "Phúc", "Long", "Xuân"]  # fmt: skip


def place(rng: random.Random) -> str:
    """A village/commune name such as "Yên Khánh"."""
    return f"{rng.choice(PLACES)} {rng.choice(PLACES)}"


def member_facts(rng: random.Random) -> dict[str, Any]:
    """A plausible member profile (no card number, no cell): age-dependent status, exemption and phone."""
    from core.members.models import ExemptReason, MemberStatus
    from core.members.search import fold

    sex = "male" if rng.random() < 0.62 else "female"
    name = full_name(rng, sex)
    born = dt.date(rng.randint(1940, 2002), rng.randint(1, 12), rng.randint(1, 28))
    admitted = dt.date(min(born.year + rng.randint(19, 45), 2025), rng.randint(1, 12), rng.randint(1, 28))
    roll = rng.random()
    status = (
        MemberStatus.PROBATIONARY if admitted.year >= 2025
        else MemberStatus.EXEMPT if born.year < 1950 and roll < 0.6
        else MemberStatus.WORKING_AWAY if roll < 0.03
        else MemberStatus.OFFICIAL
    )  # fmt: skip
    exempt = (ExemptReason.AGE if roll < 0.45 else ExemptReason.HEALTH) if status == MemberStatus.EXEMPT else ""
    from core.demo.profiles import profile_facts

    return {
        **profile_facts(name, born),
        "full_name": name,
        "name_folded": fold(name),
        "date_of_birth": born,
        "sex": sex,
        "admitted_on": admitted,
        "official_on": None if status == MemberStatus.PROBATIONARY else admitted + dt.timedelta(days=365),
        "citizen_id": f"0{rng.randint(10, 99)}{rng.randint(0, 999999999):09d}",
        "phone": f"09{rng.randint(10000000, 99999999)}",
        "status": status,
        "exempt_reason": exempt,
        "has_smartphone": rng.random() > (0.45 if born.year < 1950 else 0.04),
    }
