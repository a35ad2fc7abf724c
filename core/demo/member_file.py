"""Generated members put in through the product's own import path (issue 14, ADR 0031 amended).

`generate_imported` builds the org tree like the bulk generator, then writes the generated members as the member
import file the import pages accept (CSV, the Vietnamese headers of core/imports/columns.py, one file per
committee — each well under a plan's file size limit) and runs each file through the import job body the Celery
task runs (`import_job_create` + `import_job_run`, synchronously), with the tenant admin as the actor. The files'
jobs and audit rows stay, as after a real onboarding.
"""

import datetime as dt
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from core.demo.generator import Generated, Tree, build_tree, generated_audit, member_dicts
from core.exports.writers import csv_write
from core.imports.columns import MEMBER_COLUMNS
from core.imports.models import ImportKind, ImportStatus
from core.imports.services import import_job_create, import_job_run
from core.imports.values import vi_label
from core.members.models import ExemptReason, MemberStatus

FIELDS = (
    "party_card_number", "full_name", "date_of_birth", "sex", "admitted_on", "official_on", "cell_code",
    "citizen_id", "phone", "status", "exempt_reason", "has_smartphone",
    "ethnicity", "religion", "hometown", "residence", "education", "qualification", "theory", "occupation", "workplace",
)  # fmt: skip
HEADER = [MEMBER_COLUMNS.labels[f] for f in FIELDS]
STATUS_LABELS = {str(s.value): vi_label(s.label) for s in MemberStatus}
REASON_LABELS = {str(r.value): vi_label(r.label) for r in ExemptReason}
Adjust = Callable[[dict[str, Any]], None]


class ImportFailed(RuntimeError):
    pass


def _day(value: dt.date | None) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""  # strftime is slow at 1.4 M dates


def file_row(facts: dict[str, Any], cell_code: str) -> list[str]:
    """One member as a line of the import file, written as a person would (dd/mm/yyyy, Nam/Nữ, labels)."""
    values = {
        **facts,
        "date_of_birth": _day(facts["date_of_birth"]),
        "admitted_on": _day(facts["admitted_on"]),
        "official_on": _day(facts["official_on"]),
        "sex": "Nam" if facts["sex"] == "male" else "Nữ",
        "cell_code": cell_code,
        "status": STATUS_LABELS[str(facts["status"])],
        "exempt_reason": REASON_LABELS[str(facts["exempt_reason"])] if facts["exempt_reason"] else "",
        "has_smartphone": "Có" if facts["has_smartphone"] else "Không",
    }
    return [str(values[f]) for f in FIELDS]


def write_files(folder: Path, tree: Tree, rng: random.Random, members: int, adjust: Adjust | None) -> list[Path]:
    """The members as one CSV per committee (district), in generation order; returns the paths."""
    handles: dict[str, Any] = {}
    try:
        for facts in member_dicts(rng, tree.cell_ids, members, tree.first_card):
            if adjust is not None:
                adjust(facts)
            district = tree.cell_district[facts["cell_index"]]
            if district not in handles:
                handles[district] = (folder / f"dang-vien-{district}.csv").open("w", encoding="utf-8", newline="")
                csv_write(handles[district], [HEADER])  # the one CSV writer (formula guard), with Excel's BOM
            csv_write(handles[district], [file_row(facts, tree.cell_codes[facts["cell_index"]])], bom=False)
    finally:
        for handle in handles.values():
            handle.close()
    return [folder / f"dang-vien-{d}.csv" for d in sorted(handles)]


def import_file(path: Path, *, actor: User) -> int:
    """One member file through the import job (as queued by the import page, run in-process); rows inserted."""
    job = import_job_create(kind=ImportKind.MEMBERS, source=path, filename=path.name, actor=actor, enqueue=False)
    done = import_job_run(job_id=job.pk)
    if done is None or done.status != ImportStatus.DONE or done.rejected or done.error_count:
        detail = (done.progress_label, done.errors[:3]) if done is not None else "missing"
        raise ImportFailed(f"import of {path.name} did not finish cleanly: {detail}")
    return done.inserted


def generate_imported(
    *, members: int, actor: User, seed: str = "demo", districts: int | None = None, adjust: Adjust | None = None
) -> Generated:
    """The bulk generator's tree and members (same draws), the members through the import path.

    `adjust(facts)` may change a generated member before it is written (e.g. everyone official)."""
    rng = random.Random(seed)
    with transaction.atomic():
        tree = build_tree(rng, members=members, districts=districts)
        generated_audit(tree, members)
    inserted = 0
    with tempfile.TemporaryDirectory(prefix="replay-members-") as folder:
        for path in write_files(Path(folder), tree, rng, members, adjust):
            inserted += import_file(path, actor=actor)
    if inserted != members:
        raise ImportFailed(f"{inserted:,} members imported of {members:,} generated")
    return Generated(districts=tree.districts, communes=tree.communes, cells=len(tree.cell_ids), members=members)
