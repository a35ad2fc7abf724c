"""Fixtures of the import tests: private media in a temp dir, a small org tree in `alpha` (with members for the
committee import), file builders."""

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.imports.models import ImportJob, ImportMode
from core.imports.services import import_job_create, import_job_run
from core.members.models import Member, MemberStatus
from core.org.models import OrgKind, OrgUnit
from tenants.models import Tenant
from tests.helpers import in_tenant


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def in_alpha(alpha: Tenant) -> Iterator[Tenant]:
    with in_tenant(alpha):
        yield alpha


@pytest.fixture
def tree(in_alpha: Tenant) -> dict[str, OrgUnit]:
    """ROOT > D1 (district) > X1 (commune) > CB1, CB2 (cells) > T1 (party group under CB2); D2 district."""
    units: dict[str, OrgUnit] = {}

    def add(code: str, kind: str, parent: str | None) -> None:
        parent_unit = units.get(parent) if parent else None
        unit = OrgUnit.objects.create(
            code=code,
            name=f"Đơn vị {code}",
            kind=kind,
            parent=parent_unit,
            path="",
            depth=(parent_unit.depth + 1) if parent_unit else 0,
            valid_from=dt.date(2010, 1, 1),
        )
        unit.path = f"{parent_unit.path if parent_unit else ''}{unit.pk}."
        unit.save(update_fields=["path"])
        units[code] = unit

    add("ROOT", OrgKind.ROOT, None)
    add("D1", OrgKind.DISTRICT, "ROOT")
    add("D2", OrgKind.DISTRICT, "ROOT")
    add("X1", OrgKind.COMMUNE, "D1")
    add("CB1", OrgKind.CELL, "X1")
    add("CB2", OrgKind.CELL, "X1")
    add("T1", OrgKind.PARTY_GROUP, "CB2")
    return units


# Members of the tree for the committee import: card → (cell code, status).
SEAT_MEMBERS = {
    "01000001": ("CB1", MemberStatus.OFFICIAL),
    "01000002": ("CB1", MemberStatus.OFFICIAL),
    "01000003": ("CB2", MemberStatus.OFFICIAL),
    "01000004": ("T1", MemberStatus.WORKING_AWAY),
    "01000005": ("CB1", MemberStatus.TRANSFERRED_OUT),
    "01000006": ("CB2", MemberStatus.DECEASED),
}


@pytest.fixture
def seat_members(tree: dict[str, OrgUnit]) -> dict[str, Member]:
    """The members above, and "CB3", a cell of X1 dissolved in 2020."""
    closed = OrgUnit.objects.create(
        code="CB3",
        name="Đơn vị CB3",
        kind=OrgKind.CELL,
        parent=tree["X1"],
        path="",
        depth=tree["X1"].depth + 1,
        valid_from=dt.date(2010, 1, 1),
        valid_to=dt.date(2020, 6, 30),
    )
    closed.path = f"{tree['X1'].path}{closed.pk}."
    closed.save(update_fields=["path"])
    tree["CB3"] = closed
    return {
        card: Member.objects.create(
            party_card_number=card,
            full_name=f"Đảng viên {card[-1]}",
            date_of_birth=dt.date(1970, 1, 1),
            sex="male",
            admitted_on=dt.date(1995, 1, 1),
            cell=tree[cell],
            status=status,
        )
        for card, (cell, status) in SEAT_MEMBERS.items()
    }


RunImport = Callable[..., ImportJob]


@pytest.fixture
def run_import(in_alpha: Tenant, tmp_path: Path) -> RunImport:
    """Create and run a job synchronously, as the commands do; returns the finished job."""

    def run(
        kind: str,
        content: str | bytes,
        filename: str = "data.csv",
        *,
        mode: str = ImportMode.ALL_OR_NOTHING,
        dry_run: bool = False,
        actor: Any = None,
    ) -> ImportJob:
        path = tmp_path / f"upload-{kind}-{filename}"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        job = import_job_create(
            kind=kind, source=path, filename=filename, actor=actor, dry_run=dry_run, mode=mode, enqueue=False
        )
        finished = import_job_run(job_id=job.pk)
        assert finished is not None
        return finished

    return run
