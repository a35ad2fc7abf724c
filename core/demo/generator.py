"""Bulk demo data for one tenant at realistic scale: districts → communes → cells (~25 members each).

Ids are taken from the sequence up front so paths are written with the rows; members go in with COPY.
500,000 members and 20,000 cells take well under a minute here.
"""

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.audit.services import audit_record
from core.demo.names import member_facts, place
from core.org.models import OrgKind, OrgUnit
from core.org.services import org_unit_create

DISTRICT_NAMES = [
    "Ba Vì",
    "Chương Mỹ",
    "Đan Phượng",
    "Đông Anh",
    "Gia Lâm",
    "Hoài Đức",
    "Mê Linh",
    "Mỹ Đức",
    "Phú Xuyên",
    "Phúc Thọ",
    "Quốc Oai",
    "Sóc Sơn",
    "Thạch Thất",
    "Thanh Oai",
    "Thanh Trì",
    "Thường Tín",
    "Ứng Hoà",
    "Yên Mô",
    "Kim Sơn",
    "Nho Quan",
]
MEMBERS_PER_CELL = 25
CELLS_PER_COMMUNE = 10
MAX_DISTRICTS = 50


@dataclass(frozen=True)
class Generated:
    districts: int
    communes: int
    cells: int
    members: int


def _ids(n: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('org_orgunit', 'id')) FROM generate_series(1, %s)", [n])
        return [row[0] for row in cursor.fetchall()]


COPY_COLUMNS = (
    "party_card_number", "full_name", "name_folded", "date_of_birth", "sex", "admitted_on", "official_on",
    "cell_id", "citizen_id", "phone", "status", "exempt_reason", "has_smartphone", "updated_at",
    "ethnicity", "religion", "hometown", "residence", "education", "qualification", "theory", "occupation", "workplace",
)  # fmt: skip


def member_dicts(rng: random.Random, cells: list[int], n: int, first_card: int) -> Iterator[dict[str, Any]]:
    """Member i's facts, card number and the position of its cell in `cells` (key "cell_index")."""
    for i in range(n):
        facts = member_facts(rng)
        index = i // MEMBERS_PER_CELL % len(cells)
        facts.update(party_card_number=f"{first_card + i:010d}", cell_id=cells[index], cell_index=index)
        yield facts


def _member_rows(rng: random.Random, cells: list[int], n: int, first_card: int) -> Iterator[tuple]:
    now = timezone.now()
    for facts in member_dicts(rng, cells, n, first_card):
        facts["updated_at"] = now
        yield tuple(facts[c] for c in COPY_COLUMNS)


@dataclass(frozen=True)
class Tree:
    """The org units `build_tree` wrote: every cell's id and code and its district's code, in generation order
    (member i goes to cell i // MEMBERS_PER_CELL), and the first free card number."""

    root: OrgUnit
    districts: int
    communes: int
    cell_ids: list[int]
    cell_codes: list[str]
    cell_district: list[str]
    first_card: int


def build_tree(rng: random.Random, *, members: int, districts: int | None = None) -> Tree:
    """Districts → communes → cells for `members` members (~25 a cell), written with bulk_create."""
    root = OrgUnit.objects.filter(kind=OrgKind.ROOT).first() or org_unit_create(
        code="ROOT", name="Đảng bộ tỉnh (dữ liệu mẫu)", kind=OrgKind.ROOT, parent=None
    )
    run = OrgUnit.objects.filter(parent=root).count() + 1
    n_cells = max(1, math.ceil(members / MEMBERS_PER_CELL))
    n_communes = max(1, math.ceil(n_cells / CELLS_PER_COMMUNE))
    n_districts = districts or max(1, min(MAX_DISTRICTS, math.ceil(n_communes / 8)))
    today = timezone.localdate()
    rows: list[OrgUnit] = []
    district_ids = _ids(n_districts)
    commune_ids = _ids(n_communes)
    cell_ids = _ids(n_cells)
    for d, did in enumerate(district_ids):
        rows.append(
            OrgUnit(
                id=did,
                code=f"G{run}D{d + 1:02d}",
                kind=OrgKind.DISTRICT,
                parent=root,
                depth=1,
                name=f"Đảng bộ huyện {DISTRICT_NAMES[d % len(DISTRICT_NAMES)]} {d + 1}",
                path=f"{root.path}{did}.",
                valid_from=today,
            )
        )
    for c, cid in enumerate(commune_ids):
        district = rows[c % n_districts]
        rows.append(
            OrgUnit(
                id=cid,
                code=f"{district.code}X{c + 1:04d}",
                kind=OrgKind.COMMUNE,
                parent_id=district.id,
                depth=2,
                name=f"Đảng bộ xã {place(rng)}",
                path=f"{district.path}{cid}.",
                valid_from=today,
            )
        )
    communes = rows[n_districts:]
    cells: list[OrgUnit] = []
    for k, kid in enumerate(cell_ids):
        commune = communes[k % n_communes]
        cells.append(
            OrgUnit(
                id=kid,
                code=f"{commune.code}C{k + 1:05d}",
                kind=OrgKind.CELL,
                parent_id=commune.id,
                depth=3,
                name=f"Chi bộ thôn {place(rng)}",
                path=f"{commune.path}{kid}.",
                valid_from=today,
            )
        )
    OrgUnit.objects.bulk_create(rows + cells, batch_size=5000)
    return Tree(
        root=root,
        districts=n_districts,
        communes=n_communes,
        cell_ids=cell_ids,
        cell_codes=[cell.code for cell in cells],
        cell_district=[cell.code.split("X", 1)[0] for cell in cells],
        first_card=_first_free_card(),
    )


def _first_free_card() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(max(party_card_number::bigint), 0) FROM members_member "
            "WHERE party_card_number ~ '^[0-9]{1,18}$'"
        )
        return max(cursor.fetchone()[0] + 1, 9_000_000_000)


def generated_audit(tree: Tree, members: int) -> None:
    audit_record(
        actor=None,
        action="demo.generated",
        unit=tree.root,
        changes={
            "districts": tree.districts,
            "communes": tree.communes,
            "cells": len(tree.cell_ids),
            "members": members,
        },
    )


@transaction.atomic
def generate(*, members: int, seed: str = "demo", districts: int | None = None) -> Generated:
    """Org tree and members, the members written straight with COPY (demo seed and benches)."""
    rng = random.Random(seed)
    tree = build_tree(rng, members=members, districts=districts)
    cols = ", ".join(COPY_COLUMNS)
    raw = connection.cursor().cursor
    with raw.copy(f"COPY members_member ({cols}) FROM STDIN") as copy:
        for row in _member_rows(rng, tree.cell_ids, members, tree.first_card):
            copy.write_row(row)
    generated_audit(tree, members)
    return Generated(districts=tree.districts, communes=tree.communes, cells=len(tree.cell_ids), members=members)
