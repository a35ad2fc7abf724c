"""Adoption figures on a small hand-made subtree: exact counts, percentages of members, two queries."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from core.accounts.adoption import Figure, adoption_figures, month_bounds
from core.accounts.models import AccountState, DailyAccess, Device
from core.org.services import org_unit_create
from tests.core.accounts.helpers import give_account, make_member, make_tree
from tests.helpers import in_tenant

NOV = dt.date(2026, 11, 15)


def _use(user, *, device=False, logged_in=True, accesses=()):
    if logged_in:
        AccountState.objects.filter(pk=user.pk).update(first_login_at=timezone.now(), last_login_at=timezone.now())
    if device:
        Device.objects.create(user=user, kind="android", device_id=f"dev-{user.pk}")
    for day, count in accesses:
        DailyAccess.objects.create(user=user, day=day, count=count)


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        t = make_tree()
        cb1, cb2, cb3 = t["CB1"], t["CB2"], t["CB3"]
        a = give_account(make_member(cb1, "A"))
        _use(a, device=True, accesses=[(dt.date(2026, 11, 2), 2), (dt.date(2026, 11, 30), 3)])
        b = give_account(make_member(cb1, "B"))
        _use(b, accesses=[(dt.date(2026, 10, 31), 4)])
        c = give_account(make_member(cb1, "C"))
        _use(c, device=True, accesses=[(dt.date(2026, 11, 1), 1)])
        give_account(make_member(cb1, "D"), must_change=True)  # issued, never logged in
        make_member(cb1, "E", has_smartphone=False)
        make_member(cb1, "F", status="exempt", exempt_reason="age")
        make_member(cb1, "G", status="exempt", exempt_reason="health", has_smartphone=False)
        make_member(cb2, "H", status="working_away")
        make_member(cb2, "I", status="exempt", exempt_reason="other")
        j = give_account(make_member(cb2, "J"))
        _use(j, device=True, accesses=[(dt.date(2026, 12, 1), 7)])
        k = give_account(make_member(cb1, "K", status="transferred_out"))
        _use(k, device=True, accesses=[(dt.date(2026, 11, 3), 10)])
        make_member(cb1, "L", status="deceased")
        m = give_account(make_member(cb3, "M"))
        _use(m, device=True, accesses=[(dt.date(2026, 11, 3), 9)])
    return t


def test_figures_of_a_commune(alpha, tree, django_assert_num_queries):
    with in_tenant(alpha):
        User.objects.exists()
        with django_assert_num_queries(2):
            f = adoption_figures(tree["XA1"], NOV)
    assert f.month == dt.date(2026, 11, 1) and f.unit_id == tree["XA1"].pk
    assert f.members == 10
    assert f.accounts_issued == Figure(5, 50.0)
    assert f.installed == Figure(3, 30.0)
    assert f.logged_in_ever == Figure(4, 40.0)
    assert f.logged_in_this_month == Figure(2, 20.0)
    assert f.accesses_this_month == 6
    assert f.non_users == Figure(6, 60.0)
    assert f.non_users_no_smartphone == Figure(2, 20.0)  # E, and G (no smartphone wins over exempt)
    assert f.non_users_exempt_elderly_sick == Figure(1, 10.0)  # F
    assert f.non_users_working_away == Figure(1, 10.0)  # H
    assert f.non_users_other == Figure(2, 20.0)  # D (issued, never logged in) and I (exempt, other reason)


def test_figures_of_one_cell_round_to_one_decimal(alpha, tree):
    with in_tenant(alpha):
        f = adoption_figures(tree["CB2"], NOV)
    assert f.members == 3
    assert f.accounts_issued == Figure(1, 33.3)
    assert f.logged_in_this_month == Figure(0, 0.0) and f.accesses_this_month == 0
    with in_tenant(alpha):
        december = adoption_figures(tree["CB2"], dt.date(2026, 12, 31))
    assert december.logged_in_this_month == Figure(1, 33.3) and december.accesses_this_month == 7


def test_the_root_counts_every_subtree(alpha, tree):
    with in_tenant(alpha):
        f = adoption_figures(tree["ROOT"], NOV)
    assert f.members == 11 and f.accesses_this_month == 15 and f.logged_in_this_month == Figure(3, 27.3)


def test_an_empty_unit_has_zero_percentages(alpha, tree):
    with in_tenant(alpha):
        empty = org_unit_create(code="CB9", name="Chi bộ mới", kind="cell", parent=tree["XA2"])
        f = adoption_figures(empty, NOV)
    assert f.members == 0 and f.installed == Figure(0, 0.0) and f.non_users == Figure(0, 0.0)


def test_month_bounds():
    assert month_bounds(dt.date(2026, 12, 31)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert month_bounds(dt.date(2027, 2, 1)) == (dt.date(2027, 2, 1), dt.date(2027, 3, 1))
