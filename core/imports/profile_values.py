"""Cell values of the Regulation 339 profile columns → codes (docs/guides/import-formats.md).

Names are matched case- and accent-insensitively, codes are accepted too ("01" = Kinh). Each table maps the folded
spelling to the stored code; `choice()` (core/imports/values.py) raises BadValue with the message given here.
The education column also takes the "lớp/hệ" notation of the records (12/12, 9/12, 10/10, 7/10).
"""

from typing import Any

from core.imports.values import BadValue, text
from core.members.profile_lists import ETHNICITIES, NO_RELIGION, Education, Qualification, Religion, Theory
from core.members.search import fold


def _table(pairs: dict[str, str]) -> dict[str, str]:
    return {fold(k).replace("-", " ").replace("'", ""): v for k, v in pairs.items()}


ETHNICITY = _table(
    {
        **{name: code for code, name in ETHNICITIES},
        **{code: code for code, _name in ETHNICITIES},
        **{str(int(code)): code for code, _name in ETHNICITIES},
        "Việt": "01", "Mông": "08", "H'Mông": "08", "Mèo": "08", "Ê-đê": "12", "Bahnar": "13", "Vân Kiều": "23",
        "Bru": "23", "Khơ-me": "05", "Khmer Krom": "05", "Mnông": "20", "M'Nông": "20", "Chăm Hroi": "17",
    }
)  # fmt: skip
ETHNICITY_HELP = "Dân tộc không có trong danh mục 54 dân tộc (ghi tên, ví dụ Kinh, Tày, Mường, hoặc mã 01–54)."

RELIGION = _table(
    {
        **{str(label): str(value) for value, label in Religion.choices},
        **{str(value): str(value) for value in Religion.values},
        "không tôn giáo": NO_RELIGION, "không có": NO_RELIGION, "chưa": NO_RELIGION, "0": NO_RELIGION,
        "phật": "01", "đạo phật": "01", "thiên chúa giáo": "02", "thiên chúa": "02", "công giáo la mã": "02",
        "tin lành giáo": "03", "đạo tin lành": "03", "cao đài giáo": "04", "hòa hảo": "05", "hoà hảo": "05",
        "phật giáo hoà hảo": "05", "hồi giáo": "06", "islam": "06", "baha'i": "07", "bahai": "07",
        "cơ đốc phục lâm việt nam": "09", "minh lý đạo": "12", "bà la môn": "16",
    }
)  # fmt: skip
RELIGION_HELP = "Tôn giáo không có trong danh mục (ví dụ: Không, Phật giáo, Công giáo, Tin lành, Cao Đài)."

QUALIFICATION = _table(
    {
        **{str(label): str(value) for value, label in Qualification.choices},
        **{str(value): str(value) for value in Qualification.values},
        "không": Qualification.NONE, "chưa": Qualification.NONE, "đại học": Qualification.BACHELOR,
        "cử nhân": Qualification.BACHELOR, "kỹ sư": Qualification.BACHELOR, "kĩ sư": Qualification.BACHELOR,
        "bác sĩ": Qualification.BACHELOR, "ths": Qualification.MASTER, "thạc sỹ": Qualification.MASTER,
        "ts": Qualification.DOCTOR, "tiến sỹ": Qualification.DOCTOR, "tcn": Qualification.INTERMEDIATE,
    }
)  # fmt: skip
QUALIFICATION_HELP = "Chuyên môn chỉ nhận: Chưa qua đào tạo, Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ."

THEORY = _table(
    {
        **{str(label): str(value) for value, label in Theory.choices},
        **{str(value): str(value) for value in Theory.values},
        "không": Theory.NONE, "chưa": Theory.NONE, "sơ cấp lý luận": Theory.ELEMENTARY,
        "trung cấp lý luận chính trị": Theory.INTERMEDIATE, "cao cấp lý luận chính trị": Theory.ADVANCED,
        "cao cấp lý luận": Theory.ADVANCED, "cử nhân chính trị": Theory.BACHELOR,
    }
)  # fmt: skip
THEORY_HELP = "Lý luận chính trị chỉ nhận: Chưa học, Sơ cấp, Trung cấp, Cao cấp, Cử nhân."

EDUCATION = _table(
    {
        **{str(label): str(value) for value, label in Education.choices},
        **{str(value): str(value) for value in Education.values},
        "thcs": Education.LOWER_SECONDARY, "thpt": Education.UPPER_SECONDARY, "cấp 1": Education.PRIMARY,
        "cấp 2": Education.LOWER_SECONDARY, "cấp 3": Education.UPPER_SECONDARY,
    }
)  # fmt: skip
EDUCATION_HELP = "Giáo dục phổ thông: 12/12, 9/12, 10/10… hoặc Tiểu học, Trung học cơ sở, Trung học phổ thông."


def education_value(value: Any) -> str:
    """ "12/12" → upper secondary, "9/12" → lower secondary, "5/12" → primary (10-year system: "x/10")."""
    raw = text(value).replace(" ", "")
    if "/" in raw:
        grade, _sep, system = raw.partition("/")
        if grade.isdigit() and system in ("10", "12") and 1 <= int(grade) <= int(system):
            g, primary, lower = int(grade), (5 if system == "12" else 4), (9 if system == "12" else 7)
            return (
                Education.PRIMARY
                if g <= primary
                else Education.LOWER_SECONDARY
                if g <= lower
                else Education.UPPER_SECONDARY
            )
        raise BadValue(EDUCATION_HELP)
    found = EDUCATION.get(fold(raw).replace("-", " "))
    if found is None:
        raise BadValue(EDUCATION_HELP)
    return found


def lookup(value: Any, table: dict[str, str], message: str) -> str:
    key = fold(text(value)).replace("-", " ").replace("'", "")
    found = table.get(" ".join(key.split()))
    if found is None:
        raise BadValue(message)
    return found


# column → (parser, max length for free text); the parsers return the stored code or text
def ethnicity_value(value: Any) -> str:
    return lookup(value, ETHNICITY, ETHNICITY_HELP)


def religion_value(value: Any) -> str:
    return lookup(value, RELIGION, RELIGION_HELP)


def qualification_value(value: Any) -> str:
    return lookup(value, QUALIFICATION, QUALIFICATION_HELP)


def theory_value(value: Any) -> str:
    return lookup(value, THEORY, THEORY_HELP)


def free_text(limit: int) -> Any:
    def parse(value: Any) -> str:
        cleaned = " ".join(text(value).split())
        if len(cleaned) > limit:
            raise BadValue(f"Dài quá {limit} ký tự.")
        return cleaned

    return parse


PROFILE_PARSERS: dict[str, Any] = {
    "ethnicity": ethnicity_value,
    "religion": religion_value,
    "hometown": free_text(200),
    "residence": free_text(200),
    "education": education_value,
    "qualification": qualification_value,
    "theory": theory_value,
    "occupation": free_text(120),
    "workplace": free_text(200),
}
PROFILE_COLUMNS = tuple(PROFILE_PARSERS)
