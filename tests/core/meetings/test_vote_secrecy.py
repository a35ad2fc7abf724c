"""A secret ballot never reveals a choice by arithmetic (issue 10, finding 2): no counts while open, closing below
quorum needs a reason and publishes no counts, counts of groups under 3 (all participants, or the phone voters
beside paper ballots) are withheld — decided from public facts only — on every rendering: pages, API, live
screen, audit rows and the audit page."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit.models import AuditEvent
from core.meetings.models import SecretTally, Vote
from core.meetings.services.votes import ballot_cast, ballot_paper, vote_close, vote_open
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account, mark_present, published_meeting
from tests.core.meetings.test_pages_and_api import _auth
from tests.factories.org import MemberFactory
from tests.helpers import in_tenant, web_login

ROOT = Path(__file__).resolve().parents[3]
BASE = "/api/v1/meetings/manage/"


def _cell_of(tree, size: int):
    """Cell X with `size` members, all present at a published meeting; members 0..size-1 have logins dv_x, v1…"""
    extra = MemberFactory.create_batch(size - 3, cell=tree.x)
    members = [*tree.members["X"], *extra]
    users = [tree.users["member_x"], *(give_account(m, f"v{i}") for i, m in enumerate(members[1:], start=1))]
    meeting = published_meeting(tree)
    mark_present(meeting, *members)
    return meeting, members, users


def _no_counts(text: str, *, turnout: str = "") -> None:
    """No rendering of counts per choice: no results block (only the live turnout `n/E` where given) and no
    JSON or dict count."""
    shown = re.findall(r'class="stat__n">([^<]*)<', text)
    assert shown == ([turnout] if turnout else []), shown
    assert not re.search(r"""["'](yes|no|abstain)["']:\s*[1-9]""", text), text


def test_regression_one_voter_says_no_and_the_secretary_closes(tree, alpha, alpha_client):
    """The reported attack: secret vote, one member votes "no", the secretary watches turnout and closes at one
    participant. Closing is refused without a reason; with one, nothing but "no quorum" is published anywhere."""
    with in_tenant(alpha):
        meeting, _members, _users = _cell_of(tree, 6)
        vote = vote_open(meeting=meeting, question="Kết nạp đảng viên", secret=True, actor=tree.users["sec_x"])
    sec = _auth(alpha_client, "sec_x")
    voter = alpha_client.post(
        f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": "no"}, **_auth(alpha_client, "v1")
    )
    assert voter.status_code == 201
    screen = next(v for v in alpha_client.get(f"{BASE}{meeting.pk}/", **sec).json()["votes"] if v["id"] == vote.pk)
    assert screen["participants"] == 1 and screen["results"] is None  # turnout is public, counts are not
    refused = alpha_client.post(f"{BASE}votes/{vote.pk}/close/", {}, content_type="application/json", **sec)
    assert refused.status_code == 400 and refused.json()["code"] == "below_quorum"
    assert "1/6" in refused.json()["detail"] and "không được công bố" in refused.json()["detail"]
    reason = {"below_quorum_reason": "Đồng chí chủ trì cho dừng biểu quyết"}
    closed = alpha_client.post(f"{BASE}votes/{vote.pk}/close/", reason, content_type="application/json", **sec)
    assert closed.status_code == 200
    results = closed.json()["results"]
    assert (results["yes"], results["no"], results["abstain"]) == (None, None, None)
    assert (results["participants"], results["withheld"], results["quorum_met"], results["passed"]) == (
        1,
        "no_quorum",
        False,
        False,
    )
    _no_counts(closed.content.decode())
    with in_tenant(alpha):
        stored = Vote.objects.get(pk=vote.pk)
        assert (stored.yes, stored.no, stored.abstain, stored.participants) == (0, 0, 0, 1)
        assert not SecretTally.objects.filter(vote=vote).exists()  # nobody can read the counter afterwards
        audit = AuditEvent.objects.get(action="meeting.vote_closed")
        assert not {"yes", "no", "abstain"} & set(audit.changes) and audit.changes["withheld"] == "no_quorum"
        assert audit.changes["below_quorum_reason"] == reason["below_quorum_reason"]
    member_api = alpha_client.get(f"/api/v1/meetings/{meeting.pk}/votes/", **_auth(alpha_client, "v2")).content
    _no_counts(member_api.decode())
    web_login(alpha_client, "sec_x", PASSWORD)
    for url in (f"/sinh-hoat/quan-ly/{meeting.pk}/", f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/"):
        page = alpha_client.get(url).content.decode()
        assert "Không đủ số lượng biểu quyết" in page and 'data-testid="tally-withheld"' in page
        assert "Kết quả: KHÔNG HỢP LỆ" in page and reason["below_quorum_reason"] in page
        _no_counts(page)
    web_login(alpha_client, "v1", PASSWORD)
    _no_counts(alpha_client.get("/sinh-hoat/").content.decode())
    web_login(alpha_client, "admin_d1", PASSWORD)  # may read the audit log of the cell
    log = alpha_client.get("/nhat-ky/?action=meeting.vote_closed").content.decode()  # entries read as sentences
    assert "kết thúc biểu quyết" in log and "1/6 đồng chí tham gia" in log
    assert "không công bố số phiếu — không đủ số lượng biểu quyết" in log and "tán thành" not in log
    _no_counts(log)


def test_while_open_only_turnout_is_read(tree, alpha, alpha_client):
    """After each ballot the secretary's API and live screen change turnout only; they never read the counters."""
    with in_tenant(alpha):
        meeting, _members, _users = _cell_of(tree, 4)
        vote = vote_open(meeting=meeting, question="Bầu tổ trưởng", secret=True, actor=tree.users["sec_x"])
    sec = _auth(alpha_client, "sec_x")
    web = alpha_client.__class__(HTTP_HOST=alpha_client.defaults["HTTP_HOST"])
    web_login(web, "sec_x", PASSWORD)
    for n, (username, choice) in enumerate([("dv_x", "no"), ("v1", "yes"), ("v2", "no")], start=1):
        voted = alpha_client.post(
            f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": choice}, **_auth(alpha_client, username)
        )
        assert voted.status_code == 201
        with CaptureQueriesContext(connection) as reads:
            api = alpha_client.get(f"{BASE}{meeting.pk}/", **sec)
            live = web.get(f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/")
        assert not any("secrettally" in q["sql"] for q in reads.captured_queries)
        row = next(v for v in api.json()["votes"] if v["id"] == vote.pk)
        assert row["participants"] == n and row["results"] is None
        _no_counts(api.content.decode())
        _no_counts(live.content.decode(), turnout=f"{n}/4")


def test_fewer_than_three_participants_publish_only_the_verdict(tree, alpha):
    with in_tenant(alpha):
        meeting, members, users = _cell_of(tree, 3)  # E = 3: quorum at 2
        sec = tree.users["sec_x"]
        vote = vote_open(meeting=meeting, question="Q", secret=True, actor=sec)
        ballot_cast(vote=vote, member=members[0], choice="yes", actor=users[0])
        ballot_cast(vote=vote, member=members[1], choice="yes", actor=users[1])
        closed = vote_close(vote=vote, actor=sec)
        assert (closed.quorum_met, closed.passed, closed.withheld, closed.yes) == (True, True, "few", 0)


@pytest.mark.parametrize(
    ("phone", "paper", "withheld"),
    [(1, 3, "mixed"), (2, 2, "mixed"), (3, 1, ""), (0, 4, ""), (4, 0, "")],
)
def test_phone_voters_beside_paper_ballots(tree, alpha, phone, paper, withheld):
    """Whoever counted the paper ballots knows their counts; subtracting them from the result leaves the phone
    voters' counts, so those are published only for groups of 3 or more (or none)."""
    with in_tenant(alpha):
        meeting, members, users = _cell_of(tree, 4)
        sec = tree.users["sec_x"]
        vote = vote_open(meeting=meeting, question="Q", secret=True, actor=sec)
        for member, user in zip(members[:phone], users[:phone], strict=True):
            ballot_cast(vote=vote, member=member, choice="yes", actor=user)
        if paper:
            ballot_paper(vote=vote, members=members[phone:], counts={"no": paper}, actor=sec)
        closed = vote_close(vote=vote, actor=sec)
        assert closed.withheld == withheld and closed.participants == 4
        assert (closed.yes, closed.no) == ((0, 0) if withheld else (phone, paper))


@pytest.mark.parametrize("choices", [["yes", "yes", "yes"], ["yes", "no", "abstain"], ["no", "no", "yes"]])
def test_withholding_never_depends_on_the_counts(tree, alpha, choices):
    """Same public facts (3 of 3 on the phone) → same decision whatever was chosen: withholding a unanimous result
    would itself announce it."""
    with in_tenant(alpha):
        meeting, members, users = _cell_of(tree, 3)
        vote = vote_open(meeting=meeting, question="Q", secret=True, actor=tree.users["sec_x"])
        for member, user, choice in zip(members, users, choices, strict=True):
            ballot_cast(vote=vote, member=member, choice=choice, actor=user)
        closed = vote_close(vote=vote, actor=tree.users["sec_x"])
        assert closed.withheld == "" and [closed.yes, closed.no, closed.abstain] == [
            choices.count(c) for c in ("yes", "no", "abstain")
        ]


def test_only_the_results_partial_renders_counts():
    """Class guard: counts per choice reach a page only through _votes_results.html (which honours `withheld`),
    and Python reads Vote.yes/no/abstain only in the modules that apply the rule."""
    templates = [p for p in (ROOT / "templates").rglob("*.html") if re.search(r"\.(yes|abstain)\b", p.read_text())]
    assert [p.name for p in templates] == ["_votes_results.html"]
    allowed = {"core/meetings/services/votes.py", "core/meetings/selectors_votes.py", "core/demo/meetings.py"}
    readers = {
        str(p.relative_to(ROOT))
        for folder in ("core", "api", "tenants")
        for p in (ROOT / folder).rglob("*.py")
        if "migrations" not in p.parts and re.search(r"\bvote\.(yes|abstain)\b", p.read_text())
    }
    assert readers <= allowed, readers - allowed
