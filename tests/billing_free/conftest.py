"""Fixtures for billing_free: a plan with small limits for alpha, an alpha tree, an officer of beta."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from billing_free.models import Plan, TenantPlan
from billing_free.plans import forget_plans
from tenants.models import Tenant
from tenants.rollout.models import ConsoleOfficer
from tests.conftest import PASSWORD
from tests.factories.org import build_tree
from tests.helpers import console_login, in_tenant

MB = 1024 * 1024


def small_plan(tenant: Tenant, **limits: int) -> Plan:
    """Put `tenant` on a fresh plan with the given limits (others unlimited); rolled back after the test."""
    values = {
        "max_members": 0,
        "max_storage_mb": 0,
        "max_live_units": 0,
        "max_attachment_mb": 0,
        "api_per_minute": 0,
        "notifications_per_day": 0,
    } | limits
    plan, _ = Plan.objects.update_or_create(code=f"nho-{tenant.schema_name}", defaults={"name": "Gói nhỏ", **values})
    TenantPlan.objects.filter(tenant=tenant).update(plan=plan)
    forget_plans()
    return plan


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


@pytest.fixture
def officer_client(platform_client: Client, beta: Tenant) -> Client:
    """A console officer of beta (sees only beta)."""
    user = User.objects.create_user("can_bo_beta", password=PASSWORD)
    ConsoleOfficer.objects.create(user=user, tenant=beta)
    console_login(platform_client, "can_bo_beta", PASSWORD)
    return platform_client
