"""Regulation 339 profile facts for demo members, with the distributions of real member registers.

Drawn from a generator seeded by the member's own name and birth date, so adding them does not change any other
demo fact (the adoption story and meeting history stay as they were).
"""

import datetime as dt
import random
from typing import Any

from core.demo.names import place

# Party members by ethnic group, roughly (Kinh ≈ 88 %; the larger minorities; a tail of small groups).
ETHNICITY_WEIGHTS = [
    ("01", 880), ("02", 22), ("03", 20), ("06", 18), ("07", 12), ("05", 10), ("08", 8), ("09", 8), ("04", 4),
    ("10", 4), ("12", 4), ("13", 3), ("18", 3), ("17", 2), ("14", 2), ("16", 2), ("24", 1), ("25", 1), ("29", 1),
]  # fmt: skip
RELIGION_WEIGHTS = [("00", 915), ("01", 40), ("02", 32), ("03", 5), ("04", 3), ("05", 3), ("06", 1), ("08", 1)]
OCCUPATIONS_WORKING = [
    ("Cán bộ, công chức", 30), ("Viên chức", 22), ("Nông dân", 15), ("Công nhân", 10), ("Kinh doanh", 8),
    ("Lực lượng vũ trang", 8), ("Lao động tự do", 5), ("Sinh viên", 2),
]  # fmt: skip
WORKPLACES = ["UBND xã", "Trường THCS", "Trạm y tế xã", "Hợp tác xã nông nghiệp", "Công ty TNHH", "Bưu điện huyện",
              "Ban Chỉ huy quân sự xã", "Công an xã", "Hội Nông dân xã", "Trường Tiểu học"]  # fmt: skip


def _pick(rng: random.Random, weights: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weights], weights=[w for _v, w in weights])[0]


def _qualification(rng: random.Random, born: int) -> str:
    if born >= 1975:
        table = [("bachelor", 46), ("master", 9), ("doctor", 1), ("college", 8), ("intermediate", 14),
                 ("elementary", 4), ("none", 18)]  # fmt: skip
    else:
        table = [("bachelor", 24), ("master", 3), ("college", 6), ("intermediate", 24), ("elementary", 8), ("none", 35)]
    return _pick(rng, table)


def _theory(rng: random.Random, born: int) -> str:
    if born >= 1995:
        return _pick(rng, [("elementary", 60), ("none", 38), ("intermediate", 2)])
    return _pick(rng, [("elementary", 52), ("intermediate", 28), ("advanced", 5), ("bachelor", 1), ("none", 14)])


def profile_facts(full_name: str, born: dt.date, district: str = "") -> dict[str, Any]:
    rng = random.Random(f"{full_name}|{born.isoformat()}")
    education = (
        "primary"
        if born.year < 1945 and rng.random() < 0.4
        else "lower_secondary"
        if (born.year < 1960 and rng.random() < 0.35)
        else "upper_secondary"
    )
    retired = born.year < 1964
    occupation = "Hưu trí" if retired else _pick(rng, OCCUPATIONS_WORKING)
    home = f"Xã {place(rng)}{', ' + district if district else ''}"
    return {
        "ethnicity": _pick(rng, ETHNICITY_WEIGHTS),
        "religion": _pick(rng, RELIGION_WEIGHTS),
        "hometown": home,
        "residence": home if rng.random() < 0.7 else f"Thôn {place(rng)}{', ' + district if district else ''}",
        "education": education,
        "qualification": _qualification(rng, born.year),
        "theory": _theory(rng, born.year),
        "occupation": occupation,
        "workplace": "" if retired or occupation in ("Nông dân", "Lao động tự do") else rng.choice(WORKPLACES),
    }
