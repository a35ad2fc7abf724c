"""The two demo tenants of `make run`."""

import datetime as dt

from core.demo.seed import DemoSpec
from core.demo.story import UnitStory, WaveStory
from core.org.models import OrgKind

NINHBINH = DemoSpec(
    slug="ninhbinh",
    root_name="Đảng bộ tỉnh Ninh Bình",
    root_code="NB",
    units=[
        (OrgKind.DISTRICT, n)
        for n in (
            "Đảng bộ huyện Yên Mô",
            "Đảng bộ huyện Yên Khánh",
            "Đảng bộ huyện Kim Sơn",
            "Đảng bộ huyện Hoa Lư",
            "Đảng bộ thành phố Tam Điệp",
            "Đảng bộ huyện Nho Quan",
            "Đảng bộ huyện Gia Viễn",
        )
    ],
    members_per_cell=12,
)
HANOI_DISTRICTS = (
    "quận Ba Đình", "quận Hoàn Kiếm", "quận Tây Hồ", "quận Long Biên", "quận Cầu Giấy", "quận Đống Đa",
    "quận Hai Bà Trưng", "quận Hoàng Mai", "quận Thanh Xuân", "quận Nam Từ Liêm", "quận Bắc Từ Liêm", "quận Hà Đông",
    "thị xã Sơn Tây", "huyện Ba Vì", "huyện Phúc Thọ", "huyện Đan Phượng", "huyện Hoài Đức", "huyện Quốc Oai",
    "huyện Thạch Thất", "huyện Chương Mỹ", "huyện Thanh Oai", "huyện Thường Tín", "huyện Phú Xuyên",
    "huyện Ứng Hoà", "huyện Mỹ Đức", "huyện Thanh Trì", "huyện Gia Lâm", "huyện Đông Anh", "huyện Sóc Sơn",
    "huyện Mê Linh",
)  # fmt: skip
HANOI_BLOCS = (
    "Khối các cơ quan thành phố", "Khối doanh nghiệp thành phố", "Công an thành phố", "Quân sự thành phố",
    "Bộ Tư lệnh Thủ đô", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Giao thông vận tải", "Sở Xây dựng",
    "Tổng công ty Vận tải Hà Nội", "Tổng công ty Du lịch Hà Nội", "Tổng công ty Thương mại Hà Nội",
    "Tổng công ty Đầu tư và Phát triển nhà Hà Nội", "Công ty Nước sạch Hà Nội", "Trường Đại học Thủ đô Hà Nội",
    "Bệnh viện Đa khoa Xanh Pôn", "Đài Phát thanh và Truyền hình Hà Nội", "Báo Hà Nội Mới",
    "Liên minh Hợp tác xã thành phố", "Ngân hàng Nhà nước chi nhánh Hà Nội",
)  # fmt: skip
HANOI = DemoSpec(
    slug="hanoi",
    root_name="Đảng bộ thành phố Hà Nội",
    root_code="HN",
    units=[(OrgKind.DISTRICT, f"Đảng bộ {n}") for n in HANOI_DISTRICTS]
    + [(OrgKind.BLOC, f"Đảng bộ {n}") for n in HANOI_BLOCS],
    grassroots_per_unit=1,
    cells_per_grassroots=2,
    members_per_cell=8,
)


def _codes(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"U{n:02d}" for n in range(first, last + 1))


# Hà Nội: 9 committees piloted January–March 2023, then 48 of 50 live from April.
HANOI_WAVES = [
    WaveStory("Thí điểm đợt 1 (9 đảng bộ)", dt.date(2023, 1, 1), dt.date(2023, 3, 31), _codes(1, 9),
              pilot_on=dt.date(2023, 1, 3), live_on=dt.date(2023, 4, 1)),
    WaveStory("Triển khai toàn thành phố", dt.date(2023, 4, 1), dt.date(2023, 4, 30), _codes(10, 48),
              pilot_on=dt.date(2023, 4, 1), live_on=dt.date(2023, 4, 1)),
]  # fmt: skip
# 96.1% of the live units' members ≈ 92.3% of all 50 units' members installed (436,459 of 472,869).
HANOI_STORIES = [UnitStory(code, dt.date(2023, 1, 3) if code <= "U09" else dt.date(2023, 4, 1), 0.961, 0.80, 2.5,
                           issued_pct=0.975) for code in _codes(1, 48)]  # fmt: skip
# Ninh Bình: Yên Mô piloted from January 2023; the pilot was extended to the end of 2023.
NINHBINH_WAVES = [
    WaveStory("Thí điểm huyện Yên Mô", dt.date(2023, 1, 1), dt.date(2023, 6, 30), ("U01",),
              pilot_on=dt.date(2023, 1, 3), extended_on=dt.date(2023, 6, 30), extended_to=dt.date(2023, 12, 31)),
]  # fmt: skip
# 97% with an account, 96% installed and logged in, ~2/3 log in monthly, ~3.7 visits each (≈20,000 a month).
NINHBINH_STORIES = [UnitStory("U01", dt.date(2023, 1, 3), 0.96, 0.67, 3.7, issued_pct=0.97)]
STORIES = {"hanoi": (HANOI_WAVES, HANOI_STORIES), "ninhbinh": (NINHBINH_WAVES, NINHBINH_STORIES)}
DEMO_TENANTS = {s.slug: s for s in (NINHBINH, HANOI)}
