"""Every audited action kind reads as a Vietnamese sentence with names.

The first test scans the code: each `audit_record(action=…)` call — a literal, or an f-string such as
f"org.unit_{kind}" — must match a registered sentence (core/audit/sentences.py). An app merged later that records
a new kind without declaring its sentence in `<app>/audit_sentences.py` fails here.
"""

import ast
import re
from pathlib import Path

import pytest
from django.utils import timezone

from core.audit.models import AuditEvent
from core.audit.names import NameBook
from core.audit.sentences import SENTENCES, render
from core.auditlog.selectors import audit_lines
from core.meetings.services.participation import attendance_set
from tests.core.meetings.conftest import published_meeting
from tests.factories.org import build_tree
from tests.helpers import in_tenant

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("api", "billing_free", "config", "core", "tenants")


def _pattern(node: ast.expr) -> str | None:
    """The action as a regex: literal text escaped, each {placeholder} any word."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(str(v.value)) if isinstance(v, ast.Constant) else r"[a-z_]+" for v in node.values]
        return "".join(parts)
    return None


def recorded_actions() -> dict[str, list[str]]:
    """action pattern → where it is recorded; a non-literal action is reported as "?" (not allowed)."""
    found: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name != "audit_record":
                    continue
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        pattern = _pattern(keyword.value) or "?"
                        found.setdefault(pattern, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_action_kind_recorded_in_the_code_has_a_sentence():
    found = recorded_actions()
    assert len(found) > 40  # the scan sees the whole code base
    assert "?" not in found, f"give audit_record a literal or f-string action: {found.get('?')}"
    missing = {p: where for p, where in found.items() if not any(re.fullmatch(p, kind) for kind in SENTENCES)}
    assert not missing, f"declare a sentence in <app>/audit_sentences.py for: {missing}"


def test_the_scan_understands_f_strings():
    assert _pattern(ast.parse('f"org.unit_{kind}"', mode="eval").body) == r"org\.unit_[a-z_]+"
    assert _pattern(ast.parse("action", mode="eval").body) is None


@pytest.mark.parametrize("action", sorted(SENTENCES))
def test_each_sentence_renders_even_for_an_entry_without_details(action, db):
    event = AuditEvent(action=action, changes={}, created_at=timezone.now())
    text = render(event, NameBook([event]))
    assert text.startswith("Hệ thống") and text.endswith(".") and "{" not in text


def test_the_issue_example_sentence(alpha):
    with in_tenant(alpha):
        tree = build_tree()
        meeting = published_meeting(tree)
        member = tree.members["X"][1]
        attendance_set(meeting=meeting, member=member, status="excused", reason="Ốm", actor=tree.users["sec_x"])
        (line,) = audit_lines(AuditEvent.objects.filter(action="meeting.attendance_set"))
    day = timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y")
    assert line.sentence == f"Bí thư sec_x ghi vắng có lý do cho đồng chí {member.full_name}, buổi sinh hoạt {day}."
    assert line.kind == "Ghi điểm danh" and line.unit == "Chi bộ thôn Đông"


def test_a_member_account_is_named_by_the_members_name(alpha):
    with in_tenant(alpha):
        tree = build_tree()
        owner = tree.members["X"][0]
        from core.members.services import correction_propose

        correction_propose(member=owner, values={"phone": "0987000111"}, note="", actor=tree.users["member_x"])
        (line,) = audit_lines(AuditEvent.objects.filter(action="member.correction_proposed"))
    assert line.sentence == f"Đồng chí {owner.full_name} đề nghị sửa hồ sơ của mình: điện thoại."


def test_names_of_a_page_load_in_a_fixed_number_of_queries(alpha, django_assert_max_num_queries):
    with in_tenant(alpha):
        tree = build_tree()
        meeting = published_meeting(tree)
        for n in range(30):
            member = tree.members["X"][n % 3]
            status = ("present", "excused", "unexcused")[n % 3]
            attendance_set(meeting=meeting, member=member, status=status, reason="Ốm", actor=tree.users["sec_x"])
        events = list(AuditEvent.objects.order_by("-pk")[:50])
        with django_assert_max_num_queries(6):  # users, grants, members, meetings, units (whatever the page size)
            lines = audit_lines(events)
    assert len(lines) == len(events) >= 40 and not [x for x in lines if "thực hiện thao tác" in x.sentence]
