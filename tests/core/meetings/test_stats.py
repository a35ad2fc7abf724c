"""Cell meeting figures: stored monthly rows and live selectors computed from hand-made raw rows (held vs
expected, attendance without exempt marks, opinions, overdue tasks), local-month boundaries, roll-up."""

import datetime as dt

import pytest

from core.org.models import OrgUnit
from core.stats.meeting_selectors import meeting_cells, meeting_children, meeting_unit
from core.stats.meeting_services import meeting_refresh
from core.stats.models import MeetingMonthly
from core.stats.services import adoption_refresh_recent
from tests.core.meetings.stats_data import APRIL, EXPECTED_MARCH, FIELDS, MARCH, build_stats_facts
from tests.helpers import in_tenant


@pytest.fixture
def facts(tree):
    return build_stats_facts(tree)


def _rows(month: dt.date) -> dict[str, MeetingMonthly]:
    return {r.unit.code: r for r in MeetingMonthly.objects.filter(month=month).select_related("unit")}


def _tuple(row: object) -> tuple[int, ...]:
    return tuple(getattr(row, f) for f in FIELDS)


def test_refresh_counts_exactly_what_the_raw_rows_say(facts):
    assert meeting_refresh(MARCH) == 3  # root and the two depth-1 units
    rows = _rows(MARCH)
    assert {code: _tuple(row) for code, row in rows.items()} == EXPECTED_MARCH
    root = rows["ROOT"]
    assert root.expected == root.cells == 3
    assert (root.held_pct, root.attendance_pct) == (66.7, 66.7)
    assert (rows["D1"].held_pct, rows["D1"].attendance_pct, rows["D2"].held_pct) == (50.0, 75.0, 100.0)


def test_april_takes_the_late_night_meeting_and_counts_overdue_up_to_now(facts):
    meeting_refresh(APRIL)
    d1, d2 = _rows(APRIL)["D1"], _rows(APRIL)["D2"]
    assert (d1.cells_met, d1.meetings_held, d1.attendance_present, d1.attendance_expected) == (1, 1, 0, 1)
    assert d1.tasks_overdue == 1  # the open one; the other was completed on 5 April
    assert d2.tasks_overdue == 1  # due 10 April, still in progress
    assert (d2.meetings_held, d2.held_pct, d2.attendance_pct) == (0, 0.0, 0.0)


def test_live_selectors_agree_with_the_stored_rows(facts):
    meeting_refresh(MARCH)
    rows = _rows(MARCH)
    for code in ("ROOT", "D1", "D2"):
        assert _tuple(meeting_unit(OrgUnit.objects.get(code=code), MARCH)) == _tuple(rows[code])
    cells = {f.unit.code: _tuple(f) for f in meeting_cells(facts.d1, MARCH)}
    assert cells == {"X": (1, 1, 2, 3, 4, 3, 2), "Y": (1, 0, 0, 0, 0, 0, 0)}
    children = {f.unit.code: _tuple(f) for f in meeting_children(facts.root, MARCH)}
    assert children == {"D1": EXPECTED_MARCH["D1"], "D2": EXPECTED_MARCH["D2"]}
    assert [f.unit.code for f in meeting_children(facts.d1, MARCH)] == ["C1"]


def test_live_cells_take_constant_queries(facts, django_assert_num_queries):
    with django_assert_num_queries(2):  # the figures, then the units in bulk
        assert len(meeting_cells(facts.root, MARCH)) == 3


def test_refresh_is_idempotent_and_recent_refresh_writes_meeting_rows(facts):
    meeting_refresh(MARCH)
    meeting_refresh(MARCH)
    assert MeetingMonthly.objects.filter(month=MARCH).count() == 3
    adoption_refresh_recent(dt.date(2026, 4, 17))
    assert set(MeetingMonthly.objects.values_list("month", flat=True)) == {MARCH, APRIL}


def test_refresh_touches_only_the_current_tenant(facts, beta):
    meeting_refresh(MARCH)
    with in_tenant(beta):
        assert meeting_refresh(MARCH) == 0  # beta has no tree yet
        assert MeetingMonthly.objects.count() == 0
