"""Replay both pilots at full size in two scratch committees (issue 14; core/demo/replay.py):

    .venv/bin/python manage.py replay_pilots            # Hà Nội 472,869 members + Ninh Bình's Yên Mô 8,125
    .venv/bin/python manage.py replay_pilots --scale 0.01 --hanoi hnthu --ninhbinh nbthu   # a small rehearsal

Each committee is created and provisioned here (no Celery worker needed; Hà Nội on the Tỉnh/Thành plan, its size),
filled (members through the import job, one file per committee), its accounts issued in one job,
its rollout history written (waves, dated transitions) and its adoption figures refreshed; the command then
prints what the console shows on the reports' days with timings. An existing committee of the same slug is
refused: delete it first (`manage.py tenant_delete`).
"""

import resource
import time
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from billing_free.models import Plan
from billing_free.services import plan_change
from core.demo.replay import HANOI_DAY, YENMO_DAY, YENMO_MONTHS, Replayed, hanoi_waves, replay_hanoi, replay_yenmo
from core.demo.story import WaveStory, seed_rollout
from core.org.models import OrgUnit
from core.stats.day_figures import activity_average, day_table
from core.stats.presentation import day_sentence
from tenants.db.schema import tenant_schema
from tenants.models import Tenant
from tenants.provisioning.services import tenant_provision, tenant_request

FULL_PLAN = "tinh-thanh"  # Hà Nội's 472,869 members pass the pilot plan's 100,000 (the import checks the quota)


def _fresh_tenant(slug: str, name: str, *, full_plan: bool = False) -> Tenant:
    if Tenant.objects.filter(schema_name=slug).exists():
        raise CommandError(f"Đảng bộ “{slug}” đã có: xoá trước (tenant_delete) / tenant {slug!r} exists")
    tenant = tenant_request(
        slug=slug, name=name, admin_email=f"btc@{slug.replace('_', '-')}.vn", actor="replay", enqueue=False
    )
    tenant = tenant_provision(tenant_id=tenant.pk, actor="replay")
    if full_plan:
        plan_change(
            tenant=tenant,
            plan=Plan.objects.get(code=FULL_PLAN),
            reason="Phát lại thí điểm: triển khai toàn thành phố",
            effective_on=timezone.localdate(),
            actor="replay",
        )
    return tenant


def hanoi_rollout(tenant: Tenant, units: list[tuple[str, str]]) -> None:
    import datetime as dt

    pilots, idle = hanoi_waves(len(units))
    second = tuple(code for code, _ in units[pilots : len(units) - idle])
    waves = [
        WaveStory("Đợt 1: thí điểm 9 đảng bộ", dt.date(2023, 1, 5), dt.date(2023, 3, 31),
                  tuple(code for code, _ in units[:pilots]), pilot_on=dt.date(2023, 1, 5), live_on=dt.date(2023, 4, 1)),
    ]  # fmt: skip
    if second:
        waves.append(
            WaveStory("Đợt 2: triển khai toàn thành phố", dt.date(2023, 4, 1), dt.date(2023, 6, 30), second,
                      pilot_on=dt.date(2023, 4, 1), live_on=dt.date(2023, 4, 1))
        )  # fmt: skip
    seed_rollout(tenant, units, waves)


def yenmo_rollout(tenant: Tenant, units: list[tuple[str, str]]) -> None:
    import datetime as dt

    story = WaveStory(
        "Thí điểm Yên Mô", dt.date(2023, 1, 1), dt.date(2023, 6, 30), (units[0][0],), pilot_on=dt.date(2023, 1, 3),
        extended_on=dt.date(2023, 8, 22), extended_to=dt.date(2023, 12, 31),
    )  # fmt: skip
    seed_rollout(tenant, units, [story])


class Command(BaseCommand):
    help = "Replay the Hà Nội and Yên Mô pilots at full size in two scratch committees."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="share of the real sizes (default 1)")
        parser.add_argument("--hanoi", default="hanoi_pilot", help="slug of the Hà Nội committee to create")
        parser.add_argument("--ninhbinh", default="ninhbinh_pilot", help="slug of the Ninh Bình committee")
        parser.add_argument("--only", choices=["hanoi", "yenmo"], help="replay one pilot only")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not 0 < opts["scale"] <= 1:
            raise CommandError("--scale phải trong (0, 1] / must be in (0, 1]")
        if opts["only"] != "yenmo":
            self._pilot(opts["hanoi"], "Đảng bộ thành phố Hà Nội (phát lại thí điểm)", "hanoi", opts["scale"])
        if opts["only"] != "hanoi":
            self._pilot(opts["ninhbinh"], "Đảng bộ tỉnh Ninh Bình (phát lại thí điểm)", "yenmo", opts["scale"])

    def _pilot(self, slug: str, name: str, which: str, scale: float) -> None:
        started = time.perf_counter()
        tenant = _fresh_tenant(slug, name, full_plan=which == "hanoi")
        with tenant_schema(tenant):
            actor = User.objects.filter(is_superuser=True).order_by("pk").first()
            assert actor is not None
            result = (replay_hanoi if which == "hanoi" else replay_yenmo)(actor=actor, scale=scale)
            summary = self._summary(which, result)
        (hanoi_rollout if which == "hanoi" else yenmo_rollout)(tenant, result.units)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"{tenant.name} [{slug}]: {result.members:,} members, {result.accounts:,} accounts, "
            f"{time.perf_counter() - started:.1f} s, peak RSS {rss:.0f} MB\n  {summary}"
        )

    @staticmethod
    def _summary(which: str, result: Replayed) -> str:
        if which == "hanoi":
            root = OrgUnit.objects.get(depth=0)
            return day_sentence(day_table(root, HANOI_DAY).total, 2)
        unit = OrgUnit.objects.get(depth=1)
        activity = activity_average(unit, YENMO_MONTHS[0], YENMO_MONTHS[-1])
        return day_sentence(day_table(unit, YENMO_DAY).total, 0, activity)
