"""Audience readers from the org tree's paths, search folding and tsquery text, "new since last visit"."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.access.models import Role, RoleGrant
from core.access.permissions import LIBRARY_PUBLISH
from core.content.audience import (
    NOBODY,
    audience_members,
    audience_q,
    may_address,
    path_ids,
    reader_for,
    reader_sees,
)
from core.content.models import ContentVisit
from core.content.search import search_columns, search_fold, search_terms, tsquery_text
from core.content.visits import last_seen, visit_record
from core.members.models import Member, MemberStatus
from tests.helpers import in_tenant


def test_fold_makes_numbers_words_and_drops_accents():
    assert search_fold("Nghị quyết 57-NQ/TW") == "nghi quyet 57 nq tw"
    assert search_fold("ĐẢNG BỘ  Đông_Anh, 05/CT-TU") == "dang bo dong anh 05 ct tu"
    assert search_terms("  nghi quyet 57 ") == ["nghi", "quyet", "57"]
    assert search_terms("--- / ---") == []
    assert tsquery_text(["nghi", "quyet", "57"]) == "nghi & quyet & 57:*"
    cols = search_columns(key="57-NQ/TW", title="Về đột phá", summary="Tóm tắt", body="Toàn văn")
    assert cols == {
        "search_key": "57 nq tw",
        "search_title": "ve dot pha",
        "search_summary": "tom tat",
        "search_body": "toan van",
    }


def test_a_members_reader_is_the_path_of_their_cell(tree, alpha):
    with in_tenant(alpha):
        user = tree.users["member_x"]
        with CaptureQueriesContext(connection) as ctx:
            reader = reader_for(user)
            assert reader_for(user) is reader  # cached on the user
        assert len(ctx.captured_queries) == 2  # member + cell, role grants
        assert reader.unit_ids == path_ids(tree.x.path) == (tree.root.pk, tree.d1.pk, tree.c1.pk, tree.x.pk)
        assert reader_sees(reader, None) and reader_sees(reader, tree.d1.pk) and reader_sees(reader, tree.x.pk)
        assert not reader_sees(reader, tree.y.pk) and not reader_sees(reader, tree.d2.pk)


def test_readers_without_a_profile_read_at_their_grants_and_superusers_read_all(tree, alpha):
    with in_tenant(alpha):
        district = reader_for(tree.users["admin_d1"])
        assert district.unit_ids == (tree.root.pk, tree.d1.pk) and not district.is_member
        assert reader_sees(district, tree.d1.pk) and not reader_sees(district, tree.x.pk)
        nobody = reader_for(tree.users["nobody"])
        assert reader_sees(nobody, None) and not reader_sees(nobody, tree.root.pk)
        admin = User.objects.get(email="admin@alpha.vn")
        assert reader_for(admin).sees_all and audience_q(reader_for(admin)).children == []
        assert reader_for(AnonymousUser()) == NOBODY and not reader_sees(NOBODY, None)


def test_members_who_left_read_nothing_of_their_old_cell(tree, alpha):
    with in_tenant(alpha):
        member = tree.members["X"][0]
        Member.objects.filter(pk=member.pk).update(status=MemberStatus.TRANSFERRED_OUT)
        reader = reader_for(User.objects.get(pk=tree.users["member_x"].pk))
        assert reader.unit_ids == () and not reader_sees(reader, tree.x.pk)


def test_audience_members_and_who_may_address_an_audience(tree, alpha):
    with in_tenant(alpha):
        assert audience_members(tree.c1).count() == 5 and audience_members(None).count() == 7
        publisher = User.objects.create_user("pub_d1")
        RoleGrant.objects.create(user=publisher, role=Role.PUBLISHER, unit=tree.d1)
        assert may_address(publisher, LIBRARY_PUBLISH, tree.x)
        assert not may_address(publisher, LIBRARY_PUBLISH, tree.d2)
        assert not may_address(publisher, LIBRARY_PUBLISH, None)
        RoleGrant.objects.create(user=publisher, role=Role.PUBLISHER, unit=tree.root)
        fresh = User.objects.get(pk=publisher.pk)
        assert may_address(fresh, LIBRARY_PUBLISH, None)


def test_visits_keep_the_threshold_for_the_current_visit(tree, alpha):
    with in_tenant(alpha):
        user = tree.users["member_x"]
        t0 = timezone.now() - dt.timedelta(days=3)
        assert last_seen(user, "library") is None
        assert visit_record(user=user, area="library", now=t0) is None
        assert visit_record(user=user, area="library", now=t0 + dt.timedelta(minutes=5)) is None  # same visit
        t1 = t0 + dt.timedelta(days=1)
        assert visit_record(user=user, area="library", now=t1) == t0 + dt.timedelta(minutes=5)
        assert visit_record(user=user, area="library", now=t1 + dt.timedelta(minutes=10)) == t0 + dt.timedelta(
            minutes=5
        )
        assert last_seen(user, "library") == t1 + dt.timedelta(minutes=10)
        assert last_seen(user, "news") is None


def test_visits_are_per_tenant(tree, alpha, beta):
    with in_tenant(alpha):
        visit_record(user=tree.users["member_x"], area="library")
        assert ContentVisit.objects.count() == 1
    with in_tenant(beta):
        assert ContentVisit.objects.count() == 0
