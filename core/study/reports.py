"""A campaign's figures per unit, rolled up the tree: members in scope, read every material, reflections submitted
(any status) and accepted, completed, quiz takers, passed and average best score (percent). Each figure is counted
per cell with one grouped query, then added to every unit on the cell's path (the materialised path), so the
arithmetic of any unit is the sum of its cells. Live counts: the 472,869-member tenant needs ADR 0022's
pre-aggregation before this meets its bench target (not built yet; ≈ 3.5 s live, ADR 0036)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.aggregates import BoolOr
from django.db.models import Count, Max, QuerySet

from core.content.audience import audience_members, path_ids
from core.org.models import OrgUnit
from core.study.models import Campaign, Completion, Material, MaterialRead, Reflection, ReflectionStatus
from core.study.quiz_models import Attempt

FIGURES = ("members", "read_all", "reflections", "accepted", "completed", "quiz_takers", "passed")


@dataclass
class UnitFigures:
    unit: OrgUnit
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    score_sum: float = 0.0

    @property
    def avg_score(self) -> float | None:
        takers = self.counts["quiz_takers"]
        return round(self.score_sum / takers, 1) if takers else None

    @property
    def pass_rate(self) -> float | None:
        takers = self.counts["quiz_takers"]
        return round(100 * self.counts["passed"] / takers, 1) if takers else None


def _per_cell(campaign: Campaign) -> tuple[dict[int, dict[str, int]], dict[int, float]]:
    cells: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    members = audience_members(campaign.audience_unit)
    for cell_id, n in members.values_list("cell_id").annotate(n=Count("pk")).values_list("cell_id", "n"):
        cells[cell_id]["members"] = n
    in_scope = members.values("pk")
    total = Material.objects.filter(campaign=campaign).count()
    if total:
        readers = (
            MaterialRead.objects.filter(material__campaign=campaign, member__in=in_scope)
            .values("member__cell_id", "member_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=total)
        )
        for row in readers:
            cells[row["member__cell_id"]]["read_all"] += 1
    reflections = Reflection.objects.filter(campaign=campaign, member__in=in_scope)
    for cell_id, status, n in reflections.values_list("member__cell_id", "status").annotate(n=Count("pk")):
        cells[cell_id]["reflections"] += n
        if status == ReflectionStatus.ACCEPTED:
            cells[cell_id]["accepted"] += n
    done = Completion.objects.filter(campaign=campaign, member__in=in_scope)
    for cell_id, n in done.values_list("member__cell_id").annotate(n=Count("pk")).values_list("member__cell_id", "n"):
        cells[cell_id]["completed"] = n
    scores: dict[int, float] = defaultdict(float)
    if campaign.quiz_id:
        _quiz(campaign.quiz_id, in_scope, cells, scores)
    return cells, scores


def _quiz(quiz_id: int, in_scope: QuerySet[Any], cells: dict[int, dict[str, int]], scores: dict[int, float]) -> None:
    """Per member: the best submitted score (as a percent of its total) and whether any attempt passed."""
    rows = (
        Attempt.objects.filter(quiz_id=quiz_id, submitted_at__isnull=False, member__in=in_scope)
        .values("member_id", "member__cell_id")
        .annotate(passed=BoolOr("passed"), best_pct=Max("score"), total=Max("total"))  # every attempt has N questions
    )
    for row in rows:
        cell = row["member__cell_id"]
        cells[cell]["quiz_takers"] += 1
        cells[cell]["passed"] += 1 if row["passed"] else 0
        scores[cell] += 100.0 * (row["best_pct"] or 0) / (row["total"] or 1)


def campaign_report(campaign: Campaign, parent: OrgUnit) -> tuple[UnitFigures, list[UnitFigures]]:
    """The parent's own figures and one row per child unit (each the sum over its cells)."""
    children = list(OrgUnit.objects.filter(parent=parent).order_by("name", "pk"))
    own = UnitFigures(unit=parent)
    rows = {child.pk: UnitFigures(unit=child) for child in children}
    cells, scores = _per_cell(campaign)
    paths = dict(OrgUnit.objects.filter(pk__in=cells, path__startswith=parent.path).values_list("pk", "path"))
    for cell_id, path in paths.items():
        ids = path_ids(path)
        targets = [own, *(rows[i] for i in ids if i in rows)]  # the path includes the cell itself
        for target in targets:
            for name in FIGURES:
                target.counts[name] += cells[cell_id][name]
            target.score_sum += scores.get(cell_id, 0.0)
    return own, [rows[c.pk] for c in children]


def report_rows(own: UnitFigures, rows: list[UnitFigures]) -> list[list[object]]:
    """The table for the export writer (core/exports): header, one line per unit, the total last."""
    header: list[object] = ["Đơn vị", "Đảng viên", "Đọc hết tài liệu", "Bài thu hoạch đã nộp", "Bài thu hoạch đạt",
              "Hoàn thành", "Dự thi", "Tỷ lệ đạt (%)", "Điểm trung bình (%)"]  # fmt: skip
    body: list[list[object]] = [
        [f.unit.name, *(f.counts[n] for n in FIGURES[:5]), f.counts["quiz_takers"], f.pass_rate, f.avg_score]
        for f in [*rows, own]
    ]
    return [header, *body]
