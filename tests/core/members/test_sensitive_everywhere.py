"""Sensitive member fields (core/members/sensitive.py) never reach anyone without the right — class-wide.

A member's citizen ID goes through its whole life (value on file, a correction approved, another pending, a
direct update by the organisation department); an ethnicity, a religion and a discipline are recorded for members
of the cell. Then every GET route of the tenant host — pages, API (session auth), exports — is requested with real
object ids as a district admin, the cell secretary and a fellow cell member. No planted value of a field the viewer
may not see may appear in any response, nor in any stored audit row. A new route with a path parameter this test
cannot fill fails (add a value to PARAMS), so a new rendering is checked as soon as it exists. The organisation
department, who has the right, sees them (the control that the planted values do reach the renderings).
"""

import datetime as dt
import io
import itertools
import re
import zipfile
from dataclasses import dataclass

import pytest
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test import Client

from core.audit.models import AuditEvent
from core.members import services
from core.members.committee import committee_seat_add
from core.members.models import Member, ProfileCorrection
from core.members.record_services import DecisionInput, discipline_add
from core.members.sensitive import MASK, SENSITIVE_FIELDS
from core.ratings.services import rating_policy_set, rating_propose, rating_self_assess
from core.reports.refresh import tally_refresh
from tests.conftest import PASSWORD, host
from tests.core.meetings.conftest import give_account, published_meeting
from tests.factories.org import Tree, build_tree
from tests.helpers import in_tenant, web_login
from tests.routes import all_routes

# One planted value per life stage: on file, approved correction, pending correction, direct update.
ON_FILE, APPROVED, PENDING, UPDATED = "079100000011", "079100000022", "079100000033", "079100000044"
# Rare entries of the official lists (their names appear nowhere else) and a discipline's own words.
ETHNICITY, ETHNICITY_NAME = "54", "Rơ Măm"
RELIGION, RELIGION_NAME = "13", "Bửu Sơn Kỳ Hương"
DISCIPLINE_NO, DISCIPLINE_REASON = "KL-PLANTED-77", "Vi phạm PLANTED-KY-LUAT"
SELF_NOTE, PROPOSAL_NOTE = "PLANTED-TU-NHAN-XET", "PLANTED-CHI-BO-NHAN-XET"
PLANTED_BY_FIELD: dict[str, tuple[str, ...]] = {
    "citizen_id": (ON_FILE, APPROVED, PENDING, UPDATED),
    "ethnicity": (ETHNICITY_NAME,),
    "religion": (RELIGION_NAME,),
    "discipline": (DISCIPLINE_NO, DISCIPLINE_REASON),
    "rating": (SELF_NOTE, PROPOSAL_NOTE),
}
PLANTED = tuple(v for values in PLANTED_BY_FIELD.values() for v in values)
SKIPPED_PREFIXES = ("quan-tri/",)  # Django admin: staff only, and its AuditEvent list reads the redacted rows


@dataclass
class World:
    tree: Tree
    member: Member  # M: the member whose citizen ID is planted (has an account)
    other: Member  # updated directly by the organisation department
    params: dict[str, str | list[str]]


def _plant(tree: Tree) -> World:
    member, other, fellow = tree.members["X"]
    btc, own = tree.users["btc"], tree.users["member_x"]
    Member.objects.filter(pk=member.pk).update(citizen_id=ON_FILE)
    member.refresh_from_db()
    first = services.correction_propose(member=member, values={"citizen_id": APPROVED}, note="", actor=own)
    services.correction_decide(correction=first, approve=True, actor=btc)
    pending = services.correction_propose(
        member=member, values={"citizen_id": PENDING, "full_name": "Nguyễn Văn Ân"}, note="sai CCCD", actor=own
    )
    services.member_update(member=other, values={"citizen_id": UPDATED}, actor=btc)
    services.member_update(member=member, values={"ethnicity": ETHNICITY, "religion": RELIGION}, actor=btc)
    discipline = discipline_add(
        member=member,
        data=DecisionInput(
            form="reprimand", decision_number=DISCIPLINE_NO, decision_date=dt.date(2025, 3, 1), reason=DISCIPLINE_REASON
        ),
        actor=btc,
    )
    give_account(fellow, "fellow_x")
    rating_policy_set(cap_pct=20, open_year=2026, actor=btc)
    rating_self_assess(member=member, level="good", note=SELF_NOTE, actor=own)
    rating_propose(cell=tree.x, levels={member.pk: "good"}, notes={member.pk: PROPOSAL_NOTE}, actor=tree.users["sec_x"])
    tally_refresh()
    seat = committee_seat_add(unit=tree.c1, member=member, position="member", actor=btc)
    meeting = published_meeting(tree)
    grant = tree.users["sec_x"].role_grants.first()
    assert grant is not None
    ids = {
        "member_id": member.pk,
        "correction_id": pending.pk,
        "unit_id": tree.x.pk,
        "meeting_id": meeting.pk,
        "seat_id": seat.pk,
        "grant_id": grant.pk,
        "record_id": discipline.pk,
    }
    fixed: dict[str, str | list[str]] = {k: str(v) for k, v in ids.items()}
    params: dict[str, str | list[str]] = fixed | {
        "code": tree.x.code,
        "decision": "duyet",
        "action": "x",
        "key": "x",
        "uidb64": "x",
        "token": "x",
        "job_id": "1",
        "task_id": "1",
        "vote_id": "1",
        "document_id": "1",
        "attachment_id": "1",
        "article_id": "1",
        "size": "nho",
        "board_id": "1",
        "feed_id": "1",
        "series_id": "1",
        "notification_id": "1",
        "opinion_id": "1",
        "subscription_id": "1",
        "thread_id": "1",
        "question_id": "1",
        "entry_id": "1",
        "campaign_id": "1",
        "material_id": "1",
        "quiz_id": "1",
        "attempt_id": "1",
        "reflection_id": "1",
        "kind": ["work", "reward", "discipline"],
        "report": ["thanh-phan", "bien-dong", "xep-loai", "chi-bo"],
    }
    return World(tree=tree, member=member, other=other, params=params)


@pytest.fixture
def world(alpha):
    with in_tenant(alpha):
        tree = build_tree()
        return _plant(tree)


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def tenant_get_urls(params: dict[str, str | list[str]]) -> list[str]:
    """Every tenant route with its parameters filled; a parameter with several values gives one URL each."""
    urls = []
    for route in all_routes():
        if route.urlconf != "config.urls_tenants" or route.pattern.startswith(SKIPPED_PREFIXES):
            continue
        names = [m.group(2) for m in _PARAM.finditer(route.pattern)]
        missing = [n for n in names if n not in params]
        assert not missing, f"{route.name or route.pattern}: add a value for {missing} to PARAMS"
        choices = [[v] if isinstance(v, str) else v for v in (params[n] for n in names)]
        for combination in itertools.product(*choices):
            chosen = dict(zip(names, combination, strict=True))
            urls.append("/" + _PARAM.sub(lambda m, c=chosen: str(c[m.group(2)]), route.pattern))  # type: ignore[misc]
    return urls


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":  # XLSX (and any zip): search its XML parts
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return raw.decode("utf-8", "replace")


def _client(username: str) -> Client:
    client = Client(HTTP_HOST=host("alpha"))
    web_login(client, username, PASSWORD)
    return client


def _seen(client: Client, urls: list[str], values: tuple[str, ...] = PLANTED) -> dict[str, list[str]]:
    """Planted value → URLs whose response contains it."""
    found: dict[str, list[str]] = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        body = _body(response)
        for value in values:
            if value in body:
                found.setdefault(value, []).append(url)
    return found


# What each viewer may not see (the registry's permissions over cell X: secretaries and committee admins rate).
HIDDEN_FROM = {
    "admin_d1": ("citizen_id", "ethnicity", "religion", "discipline"),
    "sec_x": ("citizen_id", "ethnicity", "religion", "discipline"),
    "fellow_x": ("citizen_id", "ethnicity", "religion", "discipline", "rating"),
}


@pytest.mark.parametrize("viewer", sorted(HIDDEN_FROM))
def test_no_rendering_shows_a_sensitive_value_to_a_viewer_without_the_right(world, viewer):
    urls = tenant_get_urls(world.params)
    assert len(urls) > 100  # every tenant page and API route, not a hand-picked few
    values = tuple(v for field in HIDDEN_FROM[viewer] for v in PLANTED_BY_FIELD[field])
    assert _seen(_client(viewer), urls, values) == {}


def test_the_organisation_department_does_see_them(world):
    """The control: the planted values do reach the pages walked above."""
    seen = _seen(_client("btc"), tenant_get_urls(world.params))
    member_page = f"/dang-vien/{world.member.pk}/"
    assert member_page in seen[APPROVED] and member_page in seen[PENDING]  # on file now, and proposed
    assert (
        f"/api/v1/members/{world.other.pk}/" in _seen(_client("btc"), [f"/api/v1/members/{world.other.pk}/"])[UPDATED]
    )
    assert member_page in seen[ETHNICITY_NAME] and member_page in seen[RELIGION_NAME]
    file_page = f"/dang-vien/{world.member.pk}/ho-so/"
    assert file_page in seen[DISCIPLINE_NO] and file_page in seen[DISCIPLINE_REASON]
    sheet = f"/xep-loai/chi-bo/{world.tree.x.pk}/"
    assert sheet in seen[SELF_NOTE] and sheet in seen[PROPOSAL_NOTE]
    assert "/bao-cao/thanh-phan/" in seen[ETHNICITY_NAME]  # the report counts it, for those who may see it


def test_no_stored_audit_row_holds_a_sensitive_value(world, alpha):
    with in_tenant(alpha):
        as_text = AuditEvent.objects.annotate(text=Cast("changes", TextField()))
        assert as_text.filter(text__contains="citizen_id").count() >= 4  # the four changes were audited …
        for value in PLANTED:
            assert not as_text.filter(text__contains=value).exists()  # … without their values
        for key, code in (("ethnicity", ETHNICITY), ("religion", RELIGION)):
            (row,) = AuditEvent.objects.filter(action="member.updated", changes__has_key=key)
            assert row.changes[key] == {"from": "", "to": MASK}, code  # empty before: nothing to hide
        (row,) = AuditEvent.objects.filter(action="member.discipline_added")
        assert row.changes == {"discipline": {"form": MASK, "decision_number": MASK}}
        (row,) = AuditEvent.objects.filter(action="rating.proposed")
        assert row.changes == {"year": 2026, "rating": {"proposed_level": MASK}}  # the level is not kept


def test_the_registry_names_real_member_fields():
    for name, spec in SENSITIVE_FIELDS.items():
        if spec.on_member:
            assert Member._meta.get_field(name)
    assert set(PLANTED_BY_FIELD) == set(SENSITIVE_FIELDS)  # every registry entry is planted somewhere


def test_searching_by_a_citizen_id_finds_nobody(world):
    for viewer in ("sec_x", "btc"):
        client = _client(viewer)
        assert client.get("/api/v1/members/", {"q": ON_FILE}).json()["count"] == 0
        assert client.get("/api/v1/members/", {"q": APPROVED}).json()["count"] == 0
        assert world.member.full_name not in client.get("/dang-vien/", {"q": APPROVED}).content.decode()


def test_pending_correction_is_masked_and_not_decidable_for_the_secretary(world, alpha):
    secretary = _client("sec_x")
    page = secretary.get(f"/dang-vien/{world.member.pk}/").content.decode()
    item = page.split('data-testid="correction"')[1].split("</div>")[0]
    assert "Số CCCD: •••••• → <strong>••••••</strong>" in item and "Nguyễn Văn Ân" in item
    assert "duyet" not in item
    correction = world.params["correction_id"]
    response = secretary.post(f"/dang-vien/de-nghi/{correction}/duyet/", follow=True)
    assert "không có quyền xem nên không duyệt được" in response.content.decode()
    with in_tenant(alpha):
        assert ProfileCorrection.objects.get(pk=correction).status == "pending"


def test_secretary_cannot_propose_a_citizen_id_for_a_member(world, alpha):
    secretary = _client("sec_x")
    page = secretary.get(f"/dang-vien/{world.member.pk}/").content.decode()
    assert 'name="citizen_id"' not in page  # not offered
    with in_tenant(alpha):
        before = ProfileCorrection.objects.count()
    url = f"/dang-vien/{world.member.pk}/de-nghi-thay/"
    response = secretary.post(url, {"citizen_id": "079199999999", "note": "thay"}, follow=True)
    assert "Đồng chí không có quyền đề nghị sửa Số CCCD của đảng viên này." in response.content.decode()
    with in_tenant(alpha):
        assert ProfileCorrection.objects.count() == before
    ok = secretary.post(url, {"phone": "0987000111", "note": "thay"}, follow=True).content.decode()
    assert "Đã gửi đề nghị sửa thông tin" in ok  # other fields: the proxy still works


def test_member_may_still_correct_their_own_citizen_id(world):
    own = _client("dv_x")
    page = own.get("/dang-vien/cua-toi/").content.decode()
    assert 'name="citizen_id"' in page and APPROVED in page


def test_a_district_admin_may_not_change_a_citizen_id_directly(world, alpha):
    from django.core.exceptions import ValidationError

    with in_tenant(alpha), pytest.raises(ValidationError, match="không có quyền sửa Số CCCD"):
        services.member_update(
            member=world.other, values={"citizen_id": "079188888888"}, actor=world.tree.users["admin_d1"]
        )


def test_audit_rows_written_before_masking_are_redacted_by_the_migration(alpha):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("core.audit.migrations.0003_redact_sensitive_values")
    raw = {"fields": {"citizen_id": {"from": ON_FILE, "to": APPROVED}, "phone": {"from": "1", "to": "2"}}}
    with in_tenant(alpha):
        old = AuditEvent.objects.create(action="member.correction_proposed", changes=raw)
        untouched = AuditEvent.objects.create(action="org.renamed", changes={"name": {"from": "A", "to": "B"}})
        migration.redact_existing(apps, None)
        old.refresh_from_db()
        untouched.refresh_from_db()
    assert old.changes == {
        "fields": {"citizen_id": {"from": "••••••", "to": "••••••"}, "phone": {"from": "1", "to": "2"}}
    }
    assert untouched.changes == {"name": {"from": "A", "to": "B"}}
