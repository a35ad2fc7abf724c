"""The official lists behind the Regulation 339 profile fields (stored as codes, shown as names).

- Ethnic groups: the 54 groups of the General Statistics Office's list (Danh mục các dân tộc Việt Nam, Quyết định
  121-TCTK/PPCĐ), with its two-digit codes. Names of peoples are proper names: not translated.
- Religions: the religions recognised by the State (Ban Tôn giáo Chính phủ), plus "không" (none, code 00).
- Education (giáo dục phổ thông), professional qualification (chuyên môn, nghiệp vụ) and political theory
  (lý luận chính trị): the levels the party member records (Mẫu 2-HSĐV) use.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

ETHNICITIES: tuple[tuple[str, str], ...] = (
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khmer"), ("06", "Mường"),
    ("07", "Nùng"), ("08", "Hmông"), ("09", "Dao"), ("10", "Gia Rai"), ("11", "Ngái"), ("12", "Ê Đê"),
    ("13", "Ba Na"), ("14", "Xơ Đăng"), ("15", "Sán Chay"), ("16", "Cơ Ho"), ("17", "Chăm"), ("18", "Sán Dìu"),
    ("19", "Hrê"), ("20", "Mnông"), ("21", "Raglay"), ("22", "Xtiêng"), ("23", "Bru Vân Kiều"), ("24", "Thổ"),
    ("25", "Giáy"), ("26", "Cơ Tu"), ("27", "Gié Triêng"), ("28", "Mạ"), ("29", "Khơ Mú"), ("30", "Co"),
    ("31", "Tà Ôi"), ("32", "Chơ Ro"), ("33", "Kháng"), ("34", "Xinh Mun"), ("35", "Hà Nhì"), ("36", "Chu Ru"),
    ("37", "Lào"), ("38", "La Chí"), ("39", "La Ha"), ("40", "Phù Lá"), ("41", "La Hủ"), ("42", "Lự"),
    ("43", "Lô Lô"), ("44", "Chứt"), ("45", "Mảng"), ("46", "Pà Thẻn"), ("47", "Cơ Lao"), ("48", "Cống"),
    ("49", "Bố Y"), ("50", "Si La"), ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ Măm"),
)  # fmt: skip

NO_RELIGION = "00"


class Religion(models.TextChoices):
    NONE = NO_RELIGION, _("Không")
    BUDDHISM = "01", _("Phật giáo")
    CATHOLIC = "02", _("Công giáo")
    PROTESTANT = "03", _("Tin lành")
    CAO_DAI = "04", _("Cao Đài")
    HOA_HAO = "05", _("Phật giáo Hòa Hảo")
    ISLAM = "06", _("Hồi giáo")
    BAHAI = "07", _("Tôn giáo Baha'i")
    TINH_DO = "08", _("Tịnh độ Cư sĩ Phật hội Việt Nam")
    ADVENTIST = "09", _("Cơ đốc Phục lâm")
    TU_AN = "10", _("Phật giáo Tứ Ân Hiếu Nghĩa")
    MINH_SU = "11", _("Minh Sư đạo")
    MINH_LY = "12", _("Minh Lý đạo - Tam Tông Miếu")
    BUU_SON = "13", _("Bửu Sơn Kỳ Hương")
    LDS = "14", _("Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô")
    HIEU_NGHIA = "15", _("Phật giáo Hiếu Nghĩa Tà Lơn")
    BRAHMAN = "16", _("Bà-la-môn giáo")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")


class Qualification(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    BACHELOR = "bachelor", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTOR = "doctor", _("Tiến sĩ")


class Theory(models.TextChoices):
    NONE = "none", _("Chưa học")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


ETHNICITY_NAMES = dict(ETHNICITIES)
