"""Org tree import: upsert units by code, parents in any order, moves with history, idempotent.

The file is read and checked row by row first; then, in one transaction holding the org tree's lock, the
rows are checked against the tree (parents, nesting, cycles), and the plan is applied with a few set-based
statements plus the caller's `on_written` hook (job row and audit).
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.imports.models import ImportMode
from core.imports.org_plan import OrgPlan, Planner
from core.imports.org_rows import read_org_file
from core.imports.org_write import OrgWriter, lock_tree
from core.imports.reading import Progress, read_whole_file
from core.imports.report import ErrorSink, ImportResult


def import_org(
    path: Path,
    filename: str,
    *,
    mode: str,
    dry_run: bool,
    scopes: list[str],
    progress: Progress,
    on_written: Callable[[ImportResult], None],
    actor: User | None = None,
    root_name: str = "Đảng bộ",
    event_data: dict[str, Any] | None = None,
) -> ImportResult:
    result = ImportResult(errors=ErrorSink(), dry_run=dry_run)
    progress(1, "Đang đọc tệp")
    org_file = read_whole_file(path, filename, result, read_org_file)
    if org_file is None:
        return result
    progress(40, "Đang đối chiếu với cây tổ chức")
    with transaction.atomic():
        if not dry_run:
            lock_tree()
        valid_only = mode == ImportMode.VALID_ONLY
        plan = Planner(org_file, result, valid_only, scopes, root_name).plan()
        if (result.errors and not valid_only) or not plan.accepted:
            return result
        _count(plan, result)
        if dry_run:
            return result
        progress(60, "Đang ghi cây tổ chức")
        OrgWriter(plan, actor, timezone.localdate(), event_data or {}).write()
        progress(95, "Đang hoàn tất")
        on_written(result)
    return result


def _count(plan: OrgPlan, result: ImportResult) -> None:
    result.loaded = True
    for row in plan.accepted:
        if row.code not in plan.units:
            result.inserted += 1
        elif plan.changes(row):
            result.updated += 1
        else:
            result.unchanged += 1
