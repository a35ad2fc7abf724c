"""Import benchmarks (issue "org tree, members … with import at Hà Nội scale"): a 20,000-cell org tree and
500,000 members through the real commands, then the same members file again (nothing may change).

Run by `make bench` (infra/dev/bench.py provides BENCH_DATABASE_URL); works on a fresh database or after
foundation.py. Creates its own tenant `importbench`. Prints a table like foundation.py.
"""

import csv
import datetime as dt
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SLUG = "importbench"
DISTRICTS = 30
COMMUNES_PER_DISTRICT = 20
CELLS = 20_000
MEMBERS = 500_000
TARGET_S = 30.0

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Ngọc", "Mạnh"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Phương", "Kim", "Minh", "Thuỳ", "Bích", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn", "Tùng"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Lan", "Linh", "Mai", "Nga", "Oanh", "Thảo", "Yến"]
STATUSES = ["Chính thức"] * 80 + ["Dự bị"] * 8 + ["Miễn sinh hoạt"] * 6 + ["Đi làm ăn xa"] * 5 + ["Từ trần"]
REASONS = ["Tuổi cao", "Sức khoẻ", "Khác"]


def cell_code(n: int) -> str:
    return f"CB{n:05d}"


def write_org(path: Path) -> int:
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Mã", "Tên", "Loại", "Mã cấp trên", "Hiệu lực từ"])
        # parents after their children on purpose: the importer orders them
        communes = DISTRICTS * COMMUNES_PER_DISTRICT
        for n in range(CELLS):
            out.writerow([cell_code(n), f"Chi bộ số {n + 1}", "Chi bộ", f"X{n % communes:04d}", "01/01/2010"])
        for n in range(communes):
            out.writerow([f"X{n:04d}", f"Đảng bộ xã số {n + 1}", "Xã", f"H{n % DISTRICTS:02d}", "01/01/2008"])
        for n in range(DISTRICTS):
            out.writerow([f"H{n:02d}", f"Đảng bộ huyện số {n + 1}", "Huyện", "", "01/01/2008"])
        rows = CELLS + communes + DISTRICTS
    return rows


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days))


PROFILE_HEADERS = ["Dân tộc", "Tôn giáo", "Quê quán", "Nơi ở hiện nay", "Trình độ văn hoá", "Chuyên môn, nghiệp vụ",
                   "Lý luận chính trị", "Nghề nghiệp", "Nơi làm việc"]  # fmt: skip
ETHNIC = ["Kinh"] * 88 + ["Tày", "Thái", "Mường", "Nùng", "Khmer", "H'Mông", "Dao", "Hoa", "Sán Dìu", "Ê Đê", "Gia Rai",
                          "Chăm"]  # fmt: skip
RELIGIONS = ["Không"] * 92 + ["Phật giáo"] * 4 + ["Công giáo"] * 3 + ["Tin lành"]
SCHOOL = ["12/12"] * 8 + ["9/12", "10/10"]
QUALIFICATIONS = ["Đại học", "Đại học", "Thạc sĩ", "Trung cấp", "Cao đẳng", "Chưa qua đào tạo"]
THEORY = ["Sơ cấp", "Sơ cấp", "Trung cấp", "Cao cấp", "Chưa học"]
JOBS = ["Cán bộ, công chức", "Viên chức", "Công nhân", "Nông dân", "Hưu trí", "Kinh doanh"]


def _profile(rng: random.Random) -> list[str]:
    """The Regulation 339 columns, as a province's register has them (names of the official lists)."""
    place = f"Xã số {rng.randrange(600)}"
    return [
        rng.choice(ETHNIC), rng.choice(RELIGIONS), place, f"Thôn {rng.randrange(40)}, {place}", rng.choice(SCHOOL),
        rng.choice(QUALIFICATIONS), rng.choice(THEORY), rng.choice(JOBS), f"Cơ quan số {rng.randrange(2000)}",
    ]  # fmt: skip


def write_members(path: Path) -> None:
    rng = random.Random(20261122)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "Số thẻ đảng",
                "Họ và tên",
                "Ngày sinh",
                "Giới tính",
                "Ngày vào Đảng",
                "Ngày chính thức",
                "Mã chi bộ",
                "Số CCCD",
                "Điện thoại",
                "Trạng thái",
                "Lý do miễn",
                "Có điện thoại thông minh",
                *PROFILE_HEADERS,
            ]
        )
        for n in range(MEMBERS):
            female = rng.random() < 0.45
            name = " ".join(
                (
                    rng.choice(FAMILY),
                    rng.choice(MIDDLE_F if female else MIDDLE_M),
                    rng.choice(GIVEN_F if female else GIVEN_M),
                )
            )
            born = _date(rng, dt.date(1935, 1, 1), dt.date(2002, 1, 1))
            admitted = _date(rng, born + dt.timedelta(days=18 * 366), dt.date(2025, 1, 1))
            status = rng.choice(STATUSES)
            official = "" if status == "Dự bị" else (admitted + dt.timedelta(days=365)).strftime("%d/%m/%Y")
            out.writerow(
                [
                    f"{10_000_000 + n}",
                    name,
                    born.strftime("%d/%m/%Y"),
                    "Nữ" if female else "Nam",
                    admitted.strftime("%d/%m/%Y"),
                    official,
                    cell_code(rng.randrange(CELLS)),
                    f"0{rng.randrange(1, 97):02d}{rng.randrange(10**9):09d}",
                    f"09{rng.randrange(10**8):08d}" if rng.random() < 0.85 else "",
                    status,
                    rng.choice(REASONS) if status == "Miễn sinh hoạt" else "",
                    "có" if rng.random() < 0.8 else "không",
                    *_profile(rng),
                ]
            )


def _setup() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=os.environ["BENCH_DATABASE_URL"],
        PYTHONPATH=str(ROOT),
    )
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.models import Tenant
    from tenants.provisioning.services import tenant_provision, tenant_request

    call_command("migrate_tenants", processes=2, verbosity=0, stdout=io.StringIO())
    if Tenant.objects.filter(schema_name=SLUG).exists():
        _empty_tenant()
        return
    tenant = tenant_request(
        slug=SLUG, name="Đảng bộ Import Bench", admin_email=f"a@{SLUG}.vn", actor="bench", enqueue=False
    )
    tenant_provision(tenant_id=tenant.pk, actor="bench")


def _empty_tenant() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {SLUG}.members_membertransfer, {SLUG}.members_profilecorrection, {SLUG}.members_member, "
            f"{SLUG}.org_orgunitevent, {SLUG}.access_rolegrant, {SLUG}.org_orgunit CASCADE"
        )


def _timed(command: str, path: Path) -> tuple[float, dict[str, int]]:
    from django.core.management import call_command

    from core.imports.models import ImportJob
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.models import Tenant

    out = io.StringIO()
    started = time.perf_counter()
    call_command(command, "--tenant", SLUG, str(path), stdout=out)
    elapsed = time.perf_counter() - started
    activate_tenant(Tenant.objects.get(schema_name=SLUG))
    job = ImportJob.objects.order_by("-pk").first()
    activate_public()
    assert job is not None
    print(out.getvalue().strip().splitlines()[-2], flush=True)
    return elapsed, {"inserted": job.inserted, "updated": job.updated, "unchanged": job.unchanged}


def main() -> None:
    print("setting up: migrate, tenant importbench, generate a 20,000-cell tree and 500,000 members …", flush=True)
    _setup()
    with tempfile.TemporaryDirectory(prefix="sotay-import-bench-") as tmp:
        org_csv, members_csv = Path(tmp) / "org.csv", Path(tmp) / "members.csv"
        org_rows = write_org(org_csv)
        write_members(members_csv)
        size_mb = members_csv.stat().st_size / 1e6
        org_s, org = _timed("import_org", org_csv)
        first_s, first = _timed("import_members", members_csv)
        again_s, again = _timed("import_members", members_csv)
    if org["inserted"] != org_rows or first["inserted"] != MEMBERS or again["inserted"] or again["updated"]:
        raise SystemExit(f"unexpected counts: org {org}, first {first}, again {again}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        (f"org import, {org_rows:,} units ({CELLS:,} cells), s", f"{org_s:.2f}", "a few s"),
        (f"members import, {MEMBERS:,} rows ({size_mb:.0f} MB CSV), s", f"{first_s:.2f}", f"≤ {TARGET_S:.0f} s"),
        ("members re-import, same file (0 inserted, 0 updated), s", f"{again_s:.2f}", f"≤ {TARGET_S:.0f} s"),
        ("peak RSS of the whole run (incl. file generation), MB", f"{peak_mb:.0f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>10}  target")
    print("-" * (width + 22))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>10}  {target}")
    if first_s > TARGET_S or again_s > TARGET_S:
        sys.exit(1)


if __name__ == "__main__":
    main()
