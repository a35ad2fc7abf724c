"""Deleting a tenant's user never reaches public rows: the User model lives in every schema, and a Python-side
cascade from it would read and delete public rows (console officers) by a *tenant* user's id. Found by the
Citus readiness walk (tests/citus/): the relation is DB_CASCADE now, left to each schema's own constraints."""

from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory

from tenants.admin_sites import tenant_site
from tenants.rollout.models import ConsoleOfficer
from tests.helpers import in_tenant


def test_deleting_a_tenant_user_leaves_the_console_officer_with_the_same_id(alpha, beta):
    officer = User.objects.create_user("can_bo_beta", password="x")  # a console user, in public
    ConsoleOfficer.objects.create(user=officer, tenant=beta, invited_by="tests")
    with in_tenant(alpha):
        twin = User.objects.filter(pk=officer.pk).first() or User.objects.create(pk=officer.pk, username="trung_so")
        twin.delete()
        assert not User.objects.filter(pk=officer.pk).exists()
    assert ConsoleOfficer.objects.filter(user=officer, tenant=beta).exists()
    with connection.cursor() as cursor:  # the public user's own deletion still removes its officer row (DB cascade)
        cursor.execute("DELETE FROM public.auth_user WHERE id = %s", [officer.pk])
    assert not ConsoleOfficer.objects.filter(tenant=beta).exists()


def test_the_tenant_admins_delete_page_lists_no_public_row(alpha, beta):
    officer = User.objects.create_user("can_bo_beta", password="x")
    ConsoleOfficer.objects.create(user=officer, tenant=beta, invited_by="tests")
    with in_tenant(alpha):
        twin = User.objects.filter(pk=officer.pk).first() or User.objects.create(pk=officer.pk, username="trung_so")
        request = RequestFactory().get("/")
        request.user = User(is_superuser=True, is_active=True, is_staff=True)
        nested, counts, _perms, protected = tenant_site._registry[User].get_deleted_objects([twin], request)
    assert counts == {str(User._meta.verbose_name_plural): 1} and not protected and "can_bo_beta" not in str(nested)
