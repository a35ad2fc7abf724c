"""Rollout services and console pages: sync, every legal transition, illegal ones, extensions, waves, history."""

import datetime as dt
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tenants.models import PlatformAuditEvent
from tenants.rollout.models import TRANSITIONS, RolloutTransition, RolloutUnit, UnitState
from tenants.rollout.services import rollout_units_sync, unit_transition, wave_create, wave_promote
from tests.factories.org import build_tree
from tests.helpers import in_tenant

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def units(alpha) -> dict[str, RolloutUnit]:
    with in_tenant(alpha):
        build_tree()
    rollout_units_sync(alpha, actor="operator")
    return {u.unit_code: u for u in RolloutUnit.objects.filter(tenant=alpha)}


def _move(unit: RolloutUnit, to: str, end: dt.date | None = None) -> RolloutUnit:
    return unit_transition(unit, to, "operator", f"lý do {to}", new_end_date=end)


def test_sync_creates_not_started_rows_for_depth1_units_and_refreshes_names(alpha, units):
    assert set(units) == {"D1", "D2"}
    assert all(u.state == UnitState.NOT_STARTED for u in units.values())
    assert units["D1"].unit_name == "Đảng bộ huyện Yên Mô"
    with in_tenant(alpha):
        from core.org.models import OrgUnit

        OrgUnit.objects.filter(code="D2").update(name="Đảng bộ thị xã Kim Sơn")
    assert rollout_units_sync(alpha) == {"created": 0, "renamed": 1, "total": 2}
    assert RolloutUnit.objects.get(tenant=alpha, unit_code="D2").unit_name == "Đảng bộ thị xã Kim Sơn"
    assert PlatformAuditEvent.objects.filter(action="rollout.units_synced", tenant_slug="alpha").count() == 2


# Paths from not_started; {index: days from today} gives the new end date of extensions.
PATHS = [
    ([UnitState.PILOT, UnitState.LIVE, UnitState.PAUSED, UnitState.LIVE], {}),
    ([UnitState.PILOT, UnitState.EXTENDED, UnitState.EXTENDED, UnitState.LIVE], {1: 30, 2: 60}),
    ([UnitState.PILOT, UnitState.PAUSED, UnitState.PILOT, UnitState.EXTENDED, UnitState.PAUSED], {3: 20}),
    ([UnitState.PILOT, UnitState.EXTENDED, UnitState.LIVE], {1: 10}),
]


@pytest.mark.parametrize(("path", "end_dates"), PATHS)
def test_every_legal_transition_records_history_and_audit(units, path, end_dates):
    unit = units["D1"]
    for i, state in enumerate(path):
        end = TODAY + dt.timedelta(days=end_dates[i]) if i in end_dates else None
        _move(unit, state, end)
        unit.refresh_from_db()
        assert unit.state == state
    history = list(RolloutTransition.objects.filter(rollout_unit=unit))
    states = [UnitState.NOT_STARTED, *path]
    assert [(h.from_state, h.to_state) for h in history] == list(pairwise(states))
    assert all(h.actor == "operator" and h.reason and h.at for h in history)
    assert PlatformAuditEvent.objects.filter(action__startswith="rollout.unit_", tenant_slug="alpha").count() == len(
        path
    )


def test_the_parametrised_paths_cover_every_legal_move():
    covered = {move for path, _ in PATHS for move in pairwise([UnitState.NOT_STARTED, *path])}
    legal = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert legal <= covered


@pytest.mark.parametrize(
    ("setup", "to"),
    [
        ([], UnitState.LIVE),
        ([], UnitState.EXTENDED),
        ([], UnitState.PAUSED),
        ([UnitState.PILOT, UnitState.LIVE], UnitState.PILOT),
        ([UnitState.PILOT, UnitState.LIVE], UnitState.EXTENDED),
        ([UnitState.PILOT, UnitState.PAUSED], UnitState.NOT_STARTED),
    ],
)
def test_illegal_transitions_are_refused_with_both_states_named(units, setup, to):
    unit = units["D1"]
    for state in setup:
        _move(unit, state)
    before = RolloutTransition.objects.count()
    with pytest.raises(ValidationError) as refused:
        _move(unit, to, TODAY + dt.timedelta(days=30))
    message = " ".join(refused.value.messages)
    unit.refresh_from_db()
    assert "Không thể chuyển “Đảng bộ huyện Yên Mô”" in message
    assert f"từ “{UnitState(unit.state).label}” sang “{UnitState(to).label}”" in message
    assert RolloutTransition.objects.count() == before


def test_a_reason_is_required(units):
    with pytest.raises(ValidationError, match="lý do"):
        unit_transition(units["D1"], UnitState.PILOT, "operator", "   ")
    assert RolloutUnit.objects.get(pk=units["D1"].pk).state == UnitState.NOT_STARTED


def test_extension_requires_a_later_end_date_and_records_it(units):
    unit = _move(units["D1"], UnitState.PILOT, TODAY + dt.timedelta(days=10))
    assert unit.pilot_end == TODAY + dt.timedelta(days=10)
    with pytest.raises(ValidationError, match="ngày kết thúc mới"):
        _move(unit, UnitState.EXTENDED)
    with pytest.raises(ValidationError, match="phải sau"):
        _move(unit, UnitState.EXTENDED, TODAY + dt.timedelta(days=5))  # before the current pilot end
    new_end = TODAY + dt.timedelta(days=40)
    _move(unit, UnitState.EXTENDED, new_end)
    unit.refresh_from_db()
    assert unit.state == UnitState.EXTENDED and unit.pilot_end == new_end
    last = RolloutTransition.objects.filter(rollout_unit=unit).last()
    assert last is not None and last.new_end_date == new_end and last.to_state == UnitState.EXTENDED


def test_wave_create_and_promote_all_or_nothing(alpha, units):
    wave = wave_create(alpha, "Đợt 1", TODAY, TODAY + dt.timedelta(days=60), 90, 80, ["D1", "D2"], "operator")
    assert set(wave.units.values_list("unit_code", flat=True)) == {"D1", "D2"}
    _move(units["D1"], UnitState.PILOT)
    with pytest.raises(ValidationError) as refused:
        wave_promote(wave, "operator", "Đạt mục tiêu")
    assert "Đảng bộ huyện Kim Sơn (Chưa triển khai)" in " ".join(refused.value.messages)
    assert RolloutUnit.objects.get(pk=units["D1"].pk).state == UnitState.PILOT  # nothing moved
    _move(units["D2"], UnitState.PILOT)
    assert wave_promote(wave, "operator", "Đạt mục tiêu") == 2
    assert set(RolloutUnit.objects.filter(wave=wave).values_list("state", flat=True)) == {UnitState.LIVE}
    assert PlatformAuditEvent.objects.filter(action="rollout.wave_promoted").count() == 1


def test_wave_create_refuses_bad_input(alpha, units):
    with pytest.raises(ValidationError, match="sau ngày bắt đầu"):
        wave_create(alpha, "Đợt", TODAY, TODAY - dt.timedelta(days=1), 90, 80, ["D1"], "operator")
    with pytest.raises(ValidationError, match="ZZ"):
        wave_create(alpha, "Đợt", TODAY, TODAY, 90, 80, ["D1", "ZZ"], "operator")


def test_plan_page_groups_units_and_transitions_through_the_form(operator_client, alpha, units):
    base = f"/console/dang-bo/{alpha.pk}/trien-khai/"
    body = operator_client.get(base).content.decode()
    assert "Chưa triển khai (2)" in body and "Đảng bộ huyện Yên Mô" in body
    unit = units["D1"]
    url = f"{base}don-vi/{unit.pk}/chuyen/"
    bad = operator_client.post(url, {f"u{unit.pk}-to_state": UnitState.PILOT, f"u{unit.pk}-reason": ""})
    assert bad.status_code == 400 and "Vui lòng ghi lý do" in bad.content.decode()
    ok = operator_client.post(url, {f"u{unit.pk}-to_state": UnitState.PILOT, f"u{unit.pk}-reason": "Bắt đầu"})
    assert ok.status_code == 302
    unit.refresh_from_db()
    assert unit.state == UnitState.PILOT
    bad_ext = operator_client.post(
        url, {f"u{unit.pk}-to_state": UnitState.EXTENDED, f"u{unit.pk}-reason": "Chưa đạt mục tiêu giữ nguyên"}
    ).content.decode()
    assert "ngày kết thúc mới" in bad_ext and "Chưa đạt mục tiêu giữ nguyên" in bad_ext  # input kept
    history = operator_client.get(f"{base}don-vi/{unit.pk}/lich-su/").content.decode()
    assert "Bắt đầu" in history and "Thí điểm" in history


def test_wave_form_and_promote_button(operator_client, alpha, units):
    base = f"/console/dang-bo/{alpha.pk}/trien-khai/"
    bad = operator_client.post(
        base + "dot/moi/", {"wave-name": "Đợt thử", "wave-planned_start": "2026-05-01", "wave-planned_end": "x"}
    )
    assert bad.status_code == 400 and "Đợt thử" in bad.content.decode()
    data = {
        "wave-name": "Đợt 1",
        "wave-planned_start": "2026-05-01",
        "wave-planned_end": "2026-07-01",
        "wave-target_installed_pct": "90",
        "wave-target_active_pct": "80",
        "wave-unit_codes": ["D1"],
    }
    assert operator_client.post(base + "dot/moi/", data).status_code == 302
    wave = units["D1"].__class__.objects.get(pk=units["D1"].pk).wave
    assert wave is not None and wave.name == "Đợt 1"
    refused = operator_client.post(f"{base}dot/{wave.pk}/chinh-thuc/", {f"w{wave.pk}-reason": "Xong"})
    assert refused.status_code == 400 and "Chưa thể triển khai chính thức" in refused.content.decode()
    _move(units["D1"], UnitState.PILOT)
    assert operator_client.post(f"{base}dot/{wave.pk}/chinh-thuc/", {f"w{wave.pk}-reason": "Xong"}).status_code == 302
    assert RolloutUnit.objects.get(pk=units["D1"].pk).state == UnitState.LIVE


def test_sync_button(operator_client, alpha):
    with in_tenant(alpha):
        build_tree()
    response = operator_client.post(f"/console/dang-bo/{alpha.pk}/trien-khai/dong-bo/", follow=True)
    assert "thêm 2" in response.content.decode()
    assert RolloutUnit.objects.filter(tenant=alpha).count() == 2
