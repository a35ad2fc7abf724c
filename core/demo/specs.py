"""The two demo tenants of `make run`."""

from core.demo.seed import DemoSpec
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
HANOI = DemoSpec(
    slug="hanoi",
    root_name="Đảng bộ thành phố Hà Nội",
    root_code="HN",
    units=[
        (OrgKind.DISTRICT, n)
        for n in (
            "Đảng bộ quận Ba Đình",
            "Đảng bộ quận Hoàn Kiếm",
            "Đảng bộ quận Đống Đa",
            "Đảng bộ quận Cầu Giấy",
            "Đảng bộ quận Hai Bà Trưng",
            "Đảng bộ quận Tây Hồ",
            "Đảng bộ huyện Sóc Sơn",
        )
    ]
    + [(OrgKind.BLOC, "Đảng bộ Khối các cơ quan thành phố")],
    members_per_cell=10,
)
DEMO_TENANTS = {s.slug: s for s in (NINHBINH, HANOI)}
