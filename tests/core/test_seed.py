"""The demo seed of `make run`: a provisioned tenant with a tree, members and scoped demo logins.

The seed runs once for the module (both demo tenants), inside a transaction rolled back when the module ends;
each test runs in a savepoint inside it (its writes are undone as usual). It used to run once per test: five
full seeds of tens of seconds each.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import cast

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from core.access.checks import scope_paths
from core.access.permissions import MEMBERS_VIEW
from core.members.models import GONE_STATUSES, Member
from core.org.models import OrgUnit
from tenants.models import Tenant
from tests.helpers import in_tenant


@dataclass
class Seeded:
    output: str
    media: Path


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker, tmp_path_factory) -> Iterator[Seeded]:
    """`seed_demo` for every demo tenant, once, in a transaction this module's tests nest in (savepoints)."""
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=str(media)):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            out = StringIO()
            call_command("seed_demo", stdout=out)
            # Fire the seed's deferred foreign-key checks now, once: otherwise every test's teardown fires them
            # again (a rolled-back savepoint re-arms the checks queued before it).
            connection.check_constraints()
        try:
            yield Seeded(output=out.getvalue(), media=media)
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                from tenants.routing import host_map

                host_map.invalidate()


def test_seed_demo_creates_a_ready_tenant_with_scoped_logins(demo, db):
    out = demo.output
    assert "ninhbinh: 336 đảng viên" in out and "bithu" in out and "dubi" in out
    tenant = Tenant.objects.get(schema_name="ninhbinh")
    assert tenant.status == "ready"
    with in_tenant(tenant):
        from django.contrib.auth.models import User

        assert OrgUnit.objects.get(kind="root").name == "Đảng bộ tỉnh Ninh Bình"
        assert Member.objects.exclude(status__in=GONE_STATUSES).count() == 336
        bithu = User.objects.get(username="bithu")
        (cell_path,) = scope_paths(bithu, MEMBERS_VIEW)
        assert Member.objects.filter(cell__path__startswith=cell_path).count() == 12
        assert Member.objects.get(user__username="dangvien").cell.path == cell_path
        assert Member.objects.get(user__username="dangvien").status == "official"  # an ordinary member: votes
        assert Member.objects.get(user__username="dubi", cell__path=cell_path).status == "probationary"
        assert Member.objects.get(user__username="mienhoat", cell__path=cell_path).status == "exempt"
    call_command("seed_demo", only=["ninhbinh"], stdout=StringIO())  # idempotent
    with in_tenant(tenant):
        assert Member.objects.exclude(status__in=GONE_STATUSES).count() == 336
    _demo_library_is_there(demo.media)
    _demo_news_is_there(tenant)
    _demo_engagement_is_there(tenant)


def _demo_engagement_is_there(tenant: Tenant) -> None:
    """A Vietnamese knowledge base, feedback threads in every status, a push device for the demo member."""
    from core.assistant.common_base import COMMON
    from core.assistant.models import Entry, Question
    from core.feedback.models import Source, Thread
    from core.notifications.models import PushSubscription

    with in_tenant(tenant):
        assert Entry.objects.filter(common_key__isnull=False).count() == len(COMMON)
        assert Entry.objects.filter(common_key__isnull=True).exists()
        assert Question.objects.filter(answered=True).exists() and Question.objects.filter(answered=False).exists()
        assert set(Thread.objects.values_list("status", flat=True)) == {"new", "in_progress", "answered", "closed"}
        assert Thread.objects.filter(hide_name_from_cell=True).exists()
        assert Thread.objects.filter(source=Source.PROXY).exists()
        assert PushSubscription.objects.filter(user__username="dangvien").exists()


def _demo_news_is_there(tenant: Tenant) -> None:
    """An editorial board with articles in every state (timelines through the services), a district board, covers,
    a feed imported from the local sample file, reads by others; the demo member starts with unread news."""
    from django.contrib.auth.models import User

    from core.news.freshness import freshness_summary
    from core.news.models import Article, ArticleEvent, ArticleRead, EditorialBoard, Feed
    from core.news.selectors import news_card

    with in_tenant(tenant):
        assert EditorialBoard.objects.count() == 2
        assert set(Article.objects.values_list("state", flat=True)) == {
            "draft", "submitted", "returned", "approved", "scheduled", "published", "unpublished"
        }  # fmt: skip
        feed = Feed.objects.get()
        assert feed.items_imported == 12 == Article.objects.filter(feed=feed).count() and not feed.last_error
        assert Article.objects.exclude(cover="").count() == 3
        assert ArticleEvent.objects.filter(kind="returned").exclude(comment="").exists()
        assert ArticleRead.objects.exists() and not ArticleRead.objects.filter(user__username="dangvien").exists()
        card = news_card(User.objects.get(username="dangvien"))
        assert card.unread > 0 and len(card.latest) == 3
        summary = freshness_summary()
        assert summary.committees == 8 and summary.silent == 6  # root and one district post; six districts do not


def test_the_documented_sample_files_import_into_the_demo_tenant(demo, db):
    samples = Path(__file__).resolve().parents[2] / "docs" / "guides" / "samples"
    out = StringIO()
    call_command("import_org", str(samples / "org.csv"), tenant="hanoi", stdout=out)
    call_command("import_members", str(samples / "members.csv"), tenant="hanoi", stdout=out)
    tenant = Tenant.objects.get(schema_name="hanoi")
    with in_tenant(tenant):
        assert Member.objects.filter(party_card_number="01000123", full_name="Nguyễn Văn An").exists()
        hang = Member.objects.get(party_card_number="01000126")  # the Regulation 339 columns of the sample
        assert (hang.get_ethnicity_display(), hang.get_religion_display(), hang.theory) == (
            "Mường",
            "Công giáo",
            "elementary",
        )
        parent = OrgUnit.objects.get(code="BD").parent
        assert parent is not None and parent.code == "HN"


def test_demo_tenants_reproduce_the_2023_pilots(demo, db):
    import datetime as dt
    from collections import Counter

    from core.accounts.adoption import adoption_figures
    from tenants.rollout.models import RolloutTransition, RolloutUnit

    hanoi = Tenant.objects.get(schema_name="hanoi")
    states = Counter(RolloutUnit.objects.filter(tenant=hanoi).values_list("state", flat=True))
    assert states == {"live": 48, "not_started": 2}
    first_wave = RolloutTransition.objects.filter(rollout_unit__tenant=hanoi, to_state="pilot", at__month=1)
    assert first_wave.count() == 9 and {t.at.year for t in first_wave} == {2023}
    with in_tenant(hanoi):
        figures = adoption_figures(OrgUnit.objects.get(code="HN"), dt.date(2023, 11, 1))
    assert figures.members == 800
    assert 91.5 <= figures.installed.pct_of_members <= 93.0  # Hà Nội reported 92.30%

    ninhbinh = Tenant.objects.get(schema_name="ninhbinh")
    yen_mo = RolloutUnit.objects.get(tenant=ninhbinh, unit_name="Đảng bộ huyện Yên Mô")
    assert yen_mo.state == "extended" and yen_mo.pilot_end == dt.date(2023, 12, 31)
    assert yen_mo.transitions.filter(to_state="extended", new_end_date=dt.date(2023, 12, 31)).exists()
    with in_tenant(ninhbinh):
        figures = adoption_figures(OrgUnit.objects.get(code=yen_mo.unit_code), dt.date(2023, 11, 1))
    assert figures.accounts_issued.pct_of_members >= 96.5  # 97% on the app
    assert 95.0 <= figures.installed.pct_of_members <= 97.0  # 96% installed and logged in
    assert 60 <= figures.logged_in_this_month.pct_of_members <= 75  # 5,413 of 7,881 log in monthly


def test_demo_adoption_series_is_stored_from_2023(demo, db):
    from core.stats.models import AdoptionMonthly

    with in_tenant(Tenant.objects.get(schema_name="ninhbinh")):
        months = set(AdoptionMonthly.objects.values_list("month", flat=True))
        assert dt.date(2023, 1, 1) in months and dt.date(2023, 11, 1) in months
        yen_mo = AdoptionMonthly.objects.get(unit__name="Đảng bộ huyện Yên Mô", month=dt.date(2023, 11, 1))
        assert yen_mo.members == 48 and yen_mo.installed == 46
        _demo_records_ratings_and_reports()


def _demo_records_ratings_and_reports() -> None:
    """Full profiles, a year of ratings, movements this year, and reports that show real distributions."""
    from django.db.models import Count
    from django.utils import timezone

    from core.members.models import MemberStatusChange
    from core.org.models import OrgKind
    from core.ratings.models import MemberRating, RatingPolicy
    from core.reports.builders import composition, movement_report, ratings_report
    from core.reports.refresh import tally_state

    year = timezone.localdate().year
    active = Member.objects.exclude(status__in=GONE_STATUSES)
    assert not active.filter(ethnicity="").exists() and not active.filter(theory="").exists()
    ethnicities = dict(active.values_list("ethnicity").annotate(n=Count("pk")))
    assert ethnicities["01"] > 0.7 * active.count() and len(ethnicities) >= 3  # Kinh first, minorities too
    assert RatingPolicy.objects.get().open_year == year
    last = MemberRating.objects.filter(year=year - 1)
    assert last.exclude(approved_level="").count() == last.count() > 200
    assert set(last.values_list("approved_level", flat=True)) >= {"excellent", "good", "done"}
    assert MemberRating.objects.filter(year=year).exclude(self_level="").exists()
    assert {"exempt", "deceased", "transferred_out", "official"} <= set(
        MemberStatusChange.objects.values_list("event", flat=True)
    )
    assert tally_state().generation >= 1
    root = OrgUnit.objects.get(kind=OrgKind.ROOT)
    admin = User.objects.get(username="quantri")
    sections = {s.key: s for s in composition(admin, root).sections}
    assert (
        len([r for r in sections["age"].rows if r[1]]) >= 5
        and len([r for r in sections["ethnicity"].rows if r[1]]) >= 4
    )
    period = movement_report(admin, root, dt.date(year, 1, 1), timezone.localdate())
    moves = {r[0]: cast(int, r[1]) for r in period.sections[0].rows}
    assert moves["Từ trần"] > 0 and moves["Kết nạp đảng viên mới"] > 0 and moves["Chuyển sinh hoạt đi"] > 0
    rated = {r[0]: cast(int, r[1]) for r in ratings_report(admin, root, year - 1).sections[0].rows}
    assert rated["Hoàn thành xuất sắc nhiệm vụ"] > 0 and rated["Hoàn thành tốt nhiệm vụ"] > rated["Hoàn thành nhiệm vụ"]


def test_demo_tenants_have_a_year_of_meetings_and_the_next_one_published(demo, db):
    from django.db.models import Count, Q
    from django.utils import timezone

    from core.demo.meetings import seed_meetings
    from core.meetings.models import Attendance, Meeting, MeetingTask, Minutes, Vote
    from core.meetings.selectors import my_next_meeting
    from core.stats.models import MeetingMonthly
    from core.stats.services import previous_month

    tenant = Tenant.objects.get(schema_name="ninhbinh")
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    first = this_month
    for _ in range(12):
        first = previous_month(first)
    with in_tenant(tenant):
        cells = OrgUnit.objects.filter(kind="cell")
        history = Q(meetings__kind="regular", meetings__status__in=["held", "closed"])
        history &= Q(meetings__series_month__gte=first, meetings__series_month__lt=this_month)
        per_cell = cells.annotate(n=Count("meetings", filter=history))
        assert cells.count() == 28 and {c.n for c in per_cell} == {12}
        upcoming = Meeting.objects.filter(series_month=next_month, status="published")
        assert upcoming.count() == 28 and all(m.agenda_items.exists() for m in upcoming[:3])
        assert Meeting.objects.filter(kind="thematic", status="closed").exists()
        marks = Attendance.objects.filter(meeting__status__in=["held", "closed"]).exclude(status="exempt")
        present_pct = 100 * marks.filter(status="present").count() / marks.count()
        assert 85 <= present_pct <= 95
        assert Attendance.objects.filter(status="excused", reason="ốm").exists()
        assert Attendance.objects.filter(status="exempt", member__status="exempt").exists()
        assert Attendance.objects.filter(status="present", member__status="exempt").exists()  # some still come
        from core.meetings.vote_rules import may_vote

        for vote in Vote.objects.filter(status="closed").select_related("meeting")[:20]:  # E by the vote rule
            here = set(vote.meeting.attendances.filter(status="present").values_list("member_id", flat=True))
            members = Member.objects.filter(cell_id=vote.meeting.cell_id).exclude(
                status__in=["transferred_out", "deceased"]
            )
            assert vote.eligible == sum(may_vote(status=m.status, present=m.pk in here) for m in members)
            assert vote.participants == vote.yes + vote.abstain <= len(here)
        assert Minutes.objects.filter(status="approved").count() >= 28 * 12
        assert Vote.objects.filter(status="closed").exists()
        tasks = MeetingTask.objects.all()
        assert tasks.filter(status="done").count() > tasks.exclude(status="done").count() > 0
        last = MeetingMonthly.objects.get(unit__depth=0, month=previous_month(this_month))
        assert last.cells == last.expected == last.cells_met == 28 and 85 <= last.attendance_pct <= 95
        from django.contrib.auth.models import User

        mine = my_next_meeting(User.objects.get(username="dangvien"))
        assert mine is not None and mine.meeting is not None and mine.meeting.status == "published"
        assert mine.meeting.kind == "regular"  # the demo member sits on no committee
        committee = Meeting.objects.filter(kind="committee")
        units = OrgUnit.objects.filter(depth=1).count()
        assert committee.filter(status="closed").count() == 3 * units
        assert committee.filter(status="published", starts_at__date__gte=next_month).count() == units
        closed = committee.filter(status="closed").first()
        assert closed is not None and closed.attendances.count() == 5
        count = Meeting.objects.count()
        assert seed_meetings("ninhbinh") == 0 and Meeting.objects.count() == count  # idempotent
        from core.demo.committees import seed_committees

        assert seed_committees() == 0 and Meeting.objects.count() == count


def _demo_library_is_there(media) -> None:
    """Central documents mirrored from the platform, the province's, a district's and a cell's own, drafts and a
    withdrawn one, a PDF each, reads by other members (the demo member starts with everything unread)."""
    from core.content.audience import reader_for
    from core.library.models import Document, DocumentRead
    from core.library.selectors import Filters, library_page
    from tenants.library.models import PlatformDocument

    assert PlatformDocument.objects.filter(state="published").count() == 7
    tenant = Tenant.objects.get(schema_name="ninhbinh")
    with in_tenant(tenant):
        from django.contrib.auth.models import User

        assert Document.objects.filter(platform_id__isnull=False, state="published").count() == 7
        assert set(Document.objects.values_list("level", flat=True)) == {
            "central",
            "province",
            "district",
            "grassroots",
        }
        assert set(Document.objects.values_list("state", flat=True)) == {"draft", "published", "withdrawn"}
        reader = reader_for(User.objects.get(username="dangvien"))
        found = library_page(reader, Filters(q="nghi quyet 57")).items
        assert found[0].number == "57-NQ/TW"
        assert DocumentRead.objects.exists() and not DocumentRead.objects.filter(user__username="dangvien").exists()
        for document in Document.objects.filter(state="published"):
            attachment = document.attachments.get()
            assert attachment.content_type == "application/pdf" and attachment.size > 500
    pdfs = list(media.rglob("*.pdf"))
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    assert len([p for p in pdfs if p.parent.parent.name == "_platform"]) == 7  # objects/_platform/library/
    from core.content.objects import storage_usage
    from core.content.storage import PLATFORM

    assert storage_usage(PLATFORM).objects == 7  # stored once for the platform, not per subscribing tenant


def test_seed_has_a_running_campaign_reflections_in_every_state_and_a_closed_contest(demo, db):
    from core.study.models import Campaign, Completion, Reflection
    from core.study.quiz_models import Quiz
    from core.study.ranking import ranking

    with in_tenant(Tenant.objects.get(schema_name="ninhbinh")):
        campaign = Campaign.objects.get()
        assert "57-NQ/TW" in campaign.title and campaign.materials.filter(document__isnull=False).exists()
        assert set(Reflection.objects.values_list("status", flat=True)) == {"submitted", "accepted", "returned"}
        assert Completion.objects.exclude(proxy_by=None).exists()
        contest = Quiz.objects.get(is_contest=True)
        ranked = ranking(contest)
        assert ranked and ranked[0].rank == 1 and len(ranked) >= 3


def test_seed_has_the_secretaries_course_from_the_guides(demo, db):
    from core.study.course_models import Course

    with in_tenant(Tenant.objects.get(schema_name="ninhbinh")):
        course = Course.objects.get()
        titles = list(course.lessons.values_list("title", flat=True))
        assert titles == ["Sinh hoạt chi bộ trên Sổ tay", "Văn bản, nghị quyết", "Vai trò và phạm vi quyền"]
        assert course.lessons.get(position=0).quiz is not None and "<h2>" in course.lessons.get(position=0).body
        assert course.sessions.count() == 2
