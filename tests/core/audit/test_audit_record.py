"""audit_record field by field (written for the survivors of `make mutation ARGS=audit`)."""

from django.contrib.auth.models import AnonymousUser, User

from config.observability import request_id_var
from core.audit.models import AuditEvent
from core.audit.services import audit_record
from core.members.sensitive import MASK
from core.org.models import OrgUnit
from tests.helpers import in_tenant


def test_a_full_entry_names_actor_proxy_target_unit_and_request(alpha):
    with in_tenant(alpha):
        secretary = User.objects.create_user("bi_thu", password="x")
        member = User.objects.create_user("dang_vien", password="x")
        unit = OrgUnit(path="1.4.", name="Chi bộ")
        token = request_id_var.set("req-42")
        try:
            event = audit_record(
                actor=secretary,
                action="members.correct",
                target=member,
                changes={"citizen_id": "036190000001", "phone": "0912"},
                on_behalf_of=member,
                unit=unit,
            )
        finally:
            request_id_var.reset(token)
        stored = AuditEvent.objects.get(pk=event.pk)
        assert (stored.actor, stored.on_behalf_of, stored.action) == (secretary, member, "members.correct")
        assert (stored.target_type, stored.target_id) == ("User", str(member.pk))
        assert stored.changes == {"citizen_id": MASK, "phone": "0912"}
        assert (stored.request_id, stored.scope_path) == ("req-42", "1.4.")


def test_a_bare_entry_outside_a_request(alpha):
    with in_tenant(alpha):
        event = audit_record(actor=AnonymousUser(), action="imports.members")
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.actor is None and stored.on_behalf_of is None
        assert (stored.target_type, stored.target_id, stored.changes) == ("", "", {})
        assert (stored.request_id, stored.scope_path) == ("", "")  # "-" (no request) is not stored


def test_a_target_without_a_primary_key_keeps_its_kind(alpha):
    with in_tenant(alpha):
        event = audit_record(actor=None, action="imports.members", target=OrgUnit(name="mới"), unit=OrgUnit())
        assert (event.target_type, event.target_id, event.scope_path) == ("OrgUnit", "", "")


def test_a_target_that_is_not_a_model_is_named_by_its_kind_only(alpha):
    with in_tenant(alpha):
        event = audit_record(actor=None, action="imports.members", target="tệp danh sách.csv")
        assert (event.target_type, event.target_id) == ("str", "")
