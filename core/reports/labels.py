"""Names of the reported values: every dimension's codes as Vietnamese labels (translated on English pages)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.members.models import ACTIVE_STATUSES, MemberStatus, Sex
from core.members.profile_lists import ETHNICITIES, Education, Qualification, Religion, Theory
from core.ratings.models import Level

NOT_RECORDED = _("Chưa ghi")

AGE = {
    "le30": _("Từ 30 tuổi trở xuống"),
    "31_40": _("Từ 31 đến 40 tuổi"),
    "41_50": _("Từ 41 đến 50 tuổi"),
    "51_60": _("Từ 51 đến 60 tuổi"),
    "61_70": _("Từ 61 đến 70 tuổi"),
    "gt70": _("Trên 70 tuổi"),
}
CELL_SIZE = {
    "0": _("Chưa có đảng viên"),
    "lt10": _("Dưới 10 đảng viên"),
    "10_19": _("Từ 10 đến 19 đảng viên"),
    "20_29": _("Từ 20 đến 29 đảng viên"),
    "30_49": _("Từ 30 đến 49 đảng viên"),
    "ge50": _("Từ 50 đảng viên trở lên"),
}
RATING_STAGES = {"proposed": _("Đã đề xuất, chưa duyệt"), "self": pgettext_lazy("rating stage", "Mới tự đánh giá")}

LABELS: dict[str, dict[str, Any]] = {
    "sex": dict(Sex.choices),
    "age": AGE,
    "ethnicity": dict(ETHNICITIES),
    "religion": dict(Religion.choices),
    "education": dict(Education.choices),
    "qualification": dict(Qualification.choices),
    "theory": dict(Theory.choices),
    "status": dict(MemberStatus.choices),
    "cell_size": CELL_SIZE,
    "rating": {**dict(Level.choices), **RATING_STAGES},
    "unit_rating": {**dict(Level.choices), **RATING_STAGES},
}
# Values in the order a report lists them (codes not listed — e.g. ethnicities — follow by count).
ORDER: dict[str, list[str]] = {
    "sex": list(Sex.values),
    "age": list(AGE),
    "education": list(Education.values),
    "qualification": list(Qualification.values),
    "theory": list(Theory.values),
    "status": [s.value for s in ACTIVE_STATUSES],  # gone members are not counted
    "cell_size": list(CELL_SIZE),
    "rating": [*Level.values, *RATING_STAGES],
    "unit_rating": [*Level.values, *RATING_STAGES],
}


def label(dimension: str, value: str) -> str:
    if value == "":
        return str(NOT_RECORDED)
    return str(LABELS.get(dimension.split(":")[0], {}).get(value, value))
