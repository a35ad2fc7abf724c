"""Create (if missing) and fill the demo tenants `ninhbinh` and `hanoi`; prints their logins."""

from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from billing_free.models import Plan
from billing_free.services import plan_change
from core.demo.committees import seed_committees
from core.demo.course import seed_course
from core.demo.engage import seed_engagement
from core.demo.library import seed_library, seed_platform_library
from core.demo.meetings import HISTORY_MONTHS, seed_meetings
from core.demo.news import seed_news
from core.demo.ratings import demo_member_cell, seed_ratings
from core.demo.records import seed_records
from core.demo.seed import ADMIN_USERNAME, DEMO_PASSWORD, MEMBER_USERNAME, DemoSpec, seed_tenant
from core.demo.specs import DEMO_TENANTS, STORIES
from core.demo.story import seed_adoption, seed_rollout
from core.demo.study import seed_study
from core.demo.voters import EXEMPT_USERNAME, PROBATIONARY_USERNAME, seed_voting_demo
from core.org.models import OrgUnit
from core.reports.refresh import tally_refresh
from core.stats.meeting_services import meeting_refresh
from core.stats.selectors import last_months
from core.stats.services import adoption_refresh
from tenants.db.schema import tenant_schema
from tenants.library.services import library_subscribe
from tenants.models import Tenant, TenantStatus
from tenants.provisioning.services import tenant_provision, tenant_request

LIBRARY_NAMES = {"ninhbinh": ("Tỉnh uỷ Ninh Bình", "tỉnh"), "hanoi": ("Thành uỷ Hà Nội", "Thủ đô")}


def _months_since_2023() -> int:
    from django.utils import timezone

    today = timezone.localdate()
    return (today.year - 2023) * 12 + today.month


class Command(BaseCommand):
    @staticmethod
    def _member_count(tenant: Tenant) -> int:
        from core.members.models import GONE_STATUSES, Member

        with tenant_schema(tenant):
            return Member.objects.exclude(status__in=GONE_STATUSES).count()  # those still in the party's life

    @staticmethod
    def _seed(tenant: Tenant, spec: DemoSpec) -> None:
        """Tree, members and demo logins, then (once) the 2023 pilot story: adoption rows and rollout; and a
        year of cell meetings (topped up to the current months on every run) with their monthly figures."""
        from django.utils import timezone

        from tenants.rollout.models import RolloutUnit

        waves, stories = STORIES.get(spec.slug, ([], []))
        seed_platform_library()  # central documents, published once on the platform
        library_subscribe(actor="seed", tenant=tenant, on=True)
        first_time = not RolloutUnit.objects.filter(tenant=tenant).exists()
        with tenant_schema(tenant):
            seed_tenant(spec)
            seed_voting_demo()  # a probationary and an exempt login in the demo cell, before its meetings
            if waves and first_time:
                seed_adoption(stories, password=DEMO_PASSWORD, seed=spec.slug, last_day=timezone.localdate())
                units = list(OrgUnit.objects.filter(depth=1).order_by("code").values_list("code", "name"))
                for month in last_months(timezone.localdate(), _months_since_2023()):
                    adoption_refresh(month)  # the console's monthly series from the start of the pilots
            seed_committees()  # committees of the depth-1 units and their monthly meetings
            committee, short = LIBRARY_NAMES.get(spec.slug, ("Tỉnh uỷ", "tỉnh"))
            seed_library(committee=committee, short=short, seed=spec.slug)  # with the platform's central documents
            seed_news(seed=spec.slug, password_hash=make_password(DEMO_PASSWORD))  # boards, articles, a local feed
            if seed_meetings(spec.slug):  # a year of cell meetings; later runs add only the months since
                for month in last_months(timezone.localdate(), HISTORY_MONTHS + 1):
                    meeting_refresh(month)
            keep = demo_member_cell()  # the demo member's cell keeps its meetings, and its ratings to propose
            seed_records(spec.slug, timezone.localdate(), keep)  # status history, movements, work, rewards
            seed_ratings(spec.slug, timezone.localdate(), keep)  # last year approved; this year's campaign open
            tally_refresh()  # the standard reports
            seed_engagement()  # assistant knowledge base, feedback threads in every status, a push device
            seed_study()  # a running campaign on Resolution 57, reflections in every state, a closed contest
            seed_course()  # the secretaries' course from docs/guides, a check quiz, training sessions
        if waves and first_time:
            seed_rollout(tenant, units, waves)

    help = "Provision and seed the demo tenants (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", nargs="*", choices=sorted(DEMO_TENANTS), help="seed only these slugs")

    def handle(self, *args: Any, **options: Any) -> None:
        for slug in options["only"] or sorted(DEMO_TENANTS):
            spec = DEMO_TENANTS[slug]
            tenant = Tenant.objects.filter(schema_name=slug).first()
            if tenant is None:
                tenant = tenant_request(
                    slug=slug,
                    name=spec.root_name,
                    admin_email=f"admin@{slug}.example.vn",
                    actor="seed",
                    enqueue=False,
                )
                plan_change(  # the demo committees show a province in full rollout (Hà Nội: 472,869 members)
                    tenant=tenant,
                    plan=Plan.objects.get(code="tinh-thanh"),
                    reason="Dữ liệu mẫu: đảng bộ triển khai toàn tỉnh",
                    effective_on=timezone.localdate(),
                    actor="seed",
                )
            if tenant.status in (TenantStatus.PROVISIONING, TenantStatus.FAILED):
                if tenant.status == TenantStatus.FAILED:
                    Tenant.objects.filter(pk=tenant.pk).update(status=TenantStatus.PROVISIONING)
                tenant = tenant_provision(tenant_id=tenant.pk, actor="seed")
            self._seed(tenant, spec)
            result = {"members": self._member_count(tenant)}
            self.stdout.write(
                f"{slug}: {result['members']} đảng viên; đăng nhập {ADMIN_USERNAME}/{DEMO_PASSWORD} "
                f"(quản trị), bantochuc, huyen, bithu/{DEMO_PASSWORD} (ban tổ chức, huyện, bí thư chi bộ), "
                f"{MEMBER_USERNAME}/{DEMO_PASSWORD} (đảng viên), {PROBATIONARY_USERNAME} (đảng viên dự bị), "
                f"{EXEMPT_USERNAME} (đảng viên miễn sinh hoạt)"
            )
