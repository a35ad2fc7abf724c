"""Votes at cell meetings: open tally with names, secret ballot secrecy (database inspection), paper ballots,
quorum and majority arithmetic, permissions and cross-tenant isolation of every vote page and endpoint. Who may
vote (issue 20) is in test_vote_rules.py; what a secret ballot may publish in test_vote_secrecy.py."""

import datetime as dt
import json
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from core.access.models import Role
from core.audit.models import AuditEvent
from core.meetings.models import Meeting, OpenBallot, SecretBallotCast, SecretTally, Vote, VoteChoice
from core.meetings.selectors_votes import votes_for_member
from core.meetings.services.votes import (
    ballot_cast,
    ballot_paper,
    decision_passes,
    quorum_met,
    vote_close,
    vote_open,
)
from core.meetings.vote_rules import quorum_needed
from core.members.models import Member
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account, mark_present, published_meeting
from tests.core.meetings.test_pages_and_api import _auth
from tests.factories.org import MemberFactory, build_tree, user_with
from tests.helpers import in_tenant, web_login

CHOICE_STRINGS = {*VoteChoice.values, *(str(label) for label in VoteChoice.labels)}
IDENTITY_HINTS = ("member", "user", "actor", "voter", "recorded_by", "on_behalf")


def _grow_x(tree, n):
    """n more members of cell X with accounts dv_x1..dv_xn (X then has 3 + n members)."""
    extra = MemberFactory.create_batch(n, cell=tree.x)
    users = [give_account(m, f"dv_x{i + 1}") for i, m in enumerate(extra)]
    tree.members["X"].extend(extra)
    return extra, users


# --- the rule ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("participants", "eligible", "expected"),
    [(2, 3, True), (1, 3, False), (6, 9, True), (5, 9, False), (4, 6, True), (3, 6, False), (0, 0, False)],
)
def test_quorum_is_two_thirds_of_eligible(participants, eligible, expected):
    assert quorum_met(participants=participants, eligible=eligible) is expected
    if eligible:  # quorum_needed is the smallest P that meets it
        need = quorum_needed(eligible)
        assert quorum_met(participants=need, eligible=eligible) and not quorum_met(
            participants=need - 1, eligible=eligible
        )


@pytest.mark.parametrize(
    ("yes", "participants", "eligible", "expected"),
    [(2, 4, 4, False), (3, 4, 4, True), (3, 6, 6, False), (4, 4, 6, True), (2, 2, 3, True), (3, 3, 6, False)],
)
def test_passes_with_more_than_half_of_eligible_and_quorum(yes, participants, eligible, expected):
    # (3, 3, 6): half of the eligible present and all yes → no quorum, so it fails.
    assert decision_passes(yes=yes, participants=participants, eligible=eligible) is expected


# --- open votes --------------------------------------------------------------------------------------------------


def test_open_vote_counts_names_and_proxy(tree, alpha):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        sec = tree.users["sec_x"]
        a, b, c = tree.members["X"]
        b_user = give_account(b, "dv_b")
        mark_present(meeting, a, b, c)
        item = meeting.agenda_items.earliest("order")
        vote = vote_open(meeting=meeting, question="Thông qua nghị quyết", secret=False, actor=sec, agenda_item=item)
        assert vote.eligible == 3 and not SecretTally.objects.filter(vote=vote).exists()
        ballot_cast(vote=vote, member=a, choice="yes", actor=tree.users["member_x"])
        ballot_cast(vote=vote, member=b, choice="no", actor=b_user)
        ballot_cast(vote=vote, member=c, choice="yes", actor=sec)  # c has no phone: the secretary records it
        with pytest.raises(ValidationError) as again:
            ballot_cast(vote=vote, member=a, choice="no", actor=tree.users["member_x"])
        assert again.value.code == "already_voted"
        proxy_audit = AuditEvent.objects.get(action="meeting.vote_ballot_open", changes__member=c.pk)
        assert proxy_audit.actor == sec and proxy_audit.changes["proxy"] is True
        assert proxy_audit.changes["on_behalf_of_member"]["id"] == c.pk
        # before closing a member sees only their own choice
        (row,) = votes_for_member(meeting, b)
        assert row.has_voted and row.my_choice == "no" and row.results is None
        closed = vote_close(vote=vote, actor=sec)
        assert (closed.yes, closed.no, closed.abstain) == (2, 1, 0)
        assert closed.quorum_met is True and closed.passed is True and closed.status == "closed"
        (row,) = votes_for_member(meeting, b)
        assert row.results is not None
        assert dict(row.results.names) == {
            "Tán thành": sorted([a.full_name, c.full_name]),
            "Không tán thành": [b.full_name],
            "Không biểu quyết": [],
        }
        with pytest.raises(ValidationError):
            ballot_cast(vote=vote, member=b, choice="yes", actor=b_user)  # closed
        assert OpenBallot.objects.filter(vote=vote).count() == 3


def test_vote_open_rules(tree, alpha):
    with in_tenant(alpha):
        sec = tree.users["sec_x"]
        meeting = published_meeting(tree)
        other = published_meeting(tree, cell=tree.y)
        with pytest.raises(ValidationError, match="nội dung biểu quyết"):
            vote_open(meeting=meeting, question="  ", secret=True, actor=sec)
        with pytest.raises(ValidationError):
            vote_open(meeting=meeting, question="Q", secret=True, actor=sec, agenda_item=other.agenda_items.first())
        with pytest.raises(PermissionDenied):
            vote_open(meeting=other, question="Q", secret=True, actor=sec)
        vote = vote_open(meeting=meeting, question="Bầu tổ trưởng", secret=True, actor=sec)
        assert sorted(SecretTally.objects.filter(vote=vote).values_list("choice", "count")) == [
            ("abstain", 0),
            ("no", 0),
            ("yes", 0),
        ]
        with pytest.raises(ValidationError) as second:
            vote_open(meeting=meeting, question="Thêm", secret=False, actor=sec)
        assert second.value.code == "vote_in_progress"
        vote_close(vote=vote, actor=sec, below_quorum_reason="Thử quy tắc mở biểu quyết")
        y_meeting = published_meeting(tree, cell=tree.y)  # Y: 2 official members
        with pytest.raises(ValidationError) as too_few:
            vote_open(meeting=y_meeting, question="Bầu tổ trưởng", secret=True, actor=tree.users["sec_y"])
        assert too_few.value.code == "too_few_for_secret" and "ít nhất 3" in too_few.value.messages[0]
        assert vote_open(meeting=y_meeting, question="Công khai", secret=False, actor=tree.users["sec_y"]).eligible == 2
        meeting.status = "cancelled"
        meeting.save()
        with pytest.raises(ValidationError):
            vote_open(meeting=meeting, question="Sau khi hủy", secret=False, actor=sec)


# --- secret ballots ----------------------------------------------------------------------------------------------


def test_secret_ballot_double_vote_and_proxy_refused(tree, alpha):
    with in_tenant(alpha):
        sec = tree.users["sec_x"]
        meeting = published_meeting(tree)
        a, _b, c = tree.members["X"]
        mark_present(meeting, *tree.members["X"])
        vote = vote_open(meeting=meeting, question="Kết nạp đảng viên", secret=True, actor=sec)
        ballot_cast(vote=vote, member=a, choice="yes", actor=tree.users["member_x"])
        with pytest.raises(ValidationError, match="Đồng chí đã bỏ phiếu") as again:
            ballot_cast(vote=vote, member=a, choice="no", actor=tree.users["member_x"])
        assert again.value.code == "already_voted"
        with pytest.raises(PermissionDenied):  # nobody, not even the secretary, casts a secret ballot for another
            ballot_cast(vote=vote, member=c, choice="no", actor=sec)
        # a secretary who is a member of the cell too cannot cast for another member either
        (sec_member,) = MemberFactory.create_batch(1, cell=tree.x)
        Member.objects.filter(pk=sec_member.pk).update(user=sec)
        with pytest.raises(PermissionDenied):
            ballot_cast(vote=vote, member=c, choice="no", actor=sec)
        assert SecretBallotCast.objects.filter(vote=vote).count() == 1
        assert dict(SecretTally.objects.filter(vote=vote).values_list("choice", "count")) == {
            "yes": 1,
            "no": 0,
            "abstain": 0,
        }


def _rows(schema):
    """Every row of every table of `schema` as (table, {column: value}), JSON columns decoded."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = %s", [schema])
        tables = [t for (t,) in cursor.fetchall()]
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{schema}"."{table}" t')  # names from the catalog
            for (text,) in cursor.fetchall():
                yield table, json.loads(text)


def _flatten(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key, inner
            yield from _flatten(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _flatten(inner)
    elif isinstance(value, str) and value[:1] in "{[":
        try:
            yield from _flatten(json.loads(value))
        except ValueError:
            return


def _links_voter_and_choice(row, voter_ids):
    """A row holds a voter's id in an identity-like column/key and a choice value anywhere (also nested)."""
    pairs = [*row.items(), *_flatten(row)]
    has_choice = any(isinstance(v, str) and v in CHOICE_STRINGS for _k, v in pairs) or any(
        k == "choice" for k, _v in pairs
    )
    has_voter = any(
        any(h in str(k) for h in IDENTITY_HINTS) and isinstance(v, int) and not isinstance(v, bool) and v in voter_ids
        for k, v in pairs
    )
    return has_choice and has_voter


def test_secret_ballot_leaves_no_link_between_voter_and_choice(tree, alpha, alpha_client, caplog):
    caplog.set_level(logging.DEBUG)
    with in_tenant(alpha):
        sec = tree.users["sec_x"]
        extra, users = _grow_x(tree, 4)
        meeting = published_meeting(tree)
        mark_present(meeting, *tree.members["X"])
        vote = vote_open(meeting=meeting, question="Bầu đại biểu dự đại hội", secret=True, actor=sec)
        choices = ["yes", "no", "yes", "abstain", "yes"]
        voters = [tree.members["X"][0], *extra]
        accounts = [tree.users["member_x"], *users]
        for member, user, choice in zip(voters[:4], accounts[:4], choices[:4], strict=True):
            ballot_cast(vote=vote, member=member, choice=choice, actor=user)
        paper_members = tree.members["X"][1:3]
        ballot_paper(vote=vote, members=paper_members, counts={"no": 1, "abstain": 1}, actor=sec)
    # the last voter goes through the API (request logging, response) like a phone would
    response = alpha_client.post(
        f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": "yes"}, **_auth(alpha_client, "dv_x4")
    )
    assert response.status_code == 201 and "yes" not in response.content.decode()
    with in_tenant(alpha):
        made = {"yes": 3, "no": 2, "abstain": 2}  # choices + paper counts
        assert dict(SecretTally.objects.filter(vote=vote).values_list("choice", "count")) == made
        assert SecretBallotCast.objects.filter(vote=vote).count() == 7
        assert set(SecretBallotCast.objects.filter(vote=vote, on_paper=True).values_list("member_id", flat=True)) == {
            m.pk for m in paper_members
        }
        voter_ids = {m.pk for m in tree.members["X"]} | {u.pk for u in [*accounts, sec]}
        assert _links_voter_and_choice({"member_id": voters[0].pk, "choice": "yes"}, voter_ids)  # the detector works
        assert _links_voter_and_choice({"actor_id": sec.pk, "changes": '{"c": "no"}'}, voter_ids)
        scanned = set()
        for table, row in _rows(alpha.schema_name):
            scanned.add(table)
            assert not _links_voter_and_choice(row, voter_ids), (table, row)
        assert {"meetings_secretballotcast", "meetings_secrettally", "audit_auditevent"} <= scanned
        secret_audits = AuditEvent.objects.filter(
            action__in=["meeting.vote_ballot_secret", "meeting.vote_paper_ballots"]
        )
        assert secret_audits.count() == 6
        for event in secret_audits:
            text = json.dumps(event.changes, ensure_ascii=False)
            assert "choice" not in text and not any(f'"{c}"' in text for c in CHOICE_STRINGS)
            assert not any(key in event.changes for key in VoteChoice.values)
        closed = vote_close(vote=vote, actor=sec)
        assert (closed.yes, closed.no, closed.abstain, closed.participants, closed.withheld) == (3, 2, 2, 7, "")
        assert closed.quorum_met is True and closed.passed is False  # 3 yes of 7 eligible is not more than half
        assert not SecretTally.objects.filter(vote=vote).exists()  # the counters do not outlive the vote
    for record in caplog.records:
        message = record.getMessage()
        assert not any(f"'{c}'" in message or f'"{c}"' in message for c in VoteChoice.values), message


def test_paper_ballots_rules(tree, alpha):
    with in_tenant(alpha):
        sec = tree.users["sec_x"]
        meeting = published_meeting(tree)
        a, b, c = tree.members["X"]
        mark_present(meeting, a, b, c)
        vote = vote_open(meeting=meeting, question="Biểu quyết kín", secret=True, actor=sec)
        ballot_cast(vote=vote, member=a, choice="no", actor=tree.users["member_x"])
        with pytest.raises(ValidationError) as mismatch:
            ballot_paper(vote=vote, members=[b, c], counts={"yes": 1}, actor=sec)
        assert mismatch.value.code == "counts_mismatch"
        with pytest.raises(ValidationError) as already:
            ballot_paper(vote=vote, members=[a, b], counts={"yes": 2}, actor=sec)
        assert already.value.code == "already_voted" and a.full_name in already.value.messages[0]
        with pytest.raises(ValidationError):
            ballot_paper(vote=vote, members=[b], counts={"yes": -1, "no": 2}, actor=sec)
        with pytest.raises(ValidationError):  # a member of another cell
            ballot_paper(vote=vote, members=[tree.members["Y"][0]], counts={"yes": 1}, actor=sec)
        with pytest.raises(PermissionDenied):
            ballot_paper(vote=vote, members=[b], counts={"yes": 1}, actor=tree.users["member_x"])
        assert SecretBallotCast.objects.filter(vote=vote).count() == 1
        assert sum(SecretTally.objects.filter(vote=vote).values_list("count", flat=True)) == 1
        ballot_paper(vote=vote, members=[b, c], counts={"yes": 2}, actor=sec)
        closed = vote_close(vote=vote, actor=sec)
        assert (closed.quorum_met, closed.passed, closed.participants) == (True, True, 3)
        # 1 phone voter beside 2 paper ballots: whoever counted the paper could read that one choice → withheld
        assert (closed.yes, closed.no, closed.abstain, closed.withheld) == (0, 0, 0, "mixed")
        open_vote = vote_open(meeting=meeting, question="Công khai", secret=False, actor=sec)
        with pytest.raises(ValidationError) as not_secret:
            ballot_paper(vote=open_vote, members=[b], counts={"yes": 1}, actor=sec)
        assert not_secret.value.code == "open"


# --- pages -------------------------------------------------------------------------------------------------------


def test_pages_secretary_runs_a_secret_vote_member_votes(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        mark_present(meeting, *tree.members["X"])
        item = meeting.agenda_items.earliest("order")
    web_login(alpha_client, "sec_x", PASSWORD)
    detail = f"/sinh-hoat/quan-ly/{meeting.pk}/"
    assert "Mở biểu quyết" in alpha_client.get(detail).content.decode()
    alpha_client.post(
        f"{detail}bieu-quyet/", {"question": "Thông qua nghị quyết tháng", "agenda_item": item.pk, "secret": "1"}
    )
    with in_tenant(alpha):
        vote = Vote.objects.get(meeting=meeting)
    assert vote.secret and vote.agenda_item_id == item.pk
    page = alpha_client.get(detail).content.decode()
    assert "Thông qua nghị quyết tháng" in page and "0/3" in page and "Chưa đủ 2/3" in page
    live = alpha_client.get(f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/")
    assert live.status_code == 200 and live["Refresh"] == "15" and "0/3" in live.content.decode()

    member = alpha_client.__class__(HTTP_HOST=alpha_client.defaults["HTTP_HOST"])
    web_login(member, "dv_x", PASSWORD)
    mine = member.get("/sinh-hoat/").content.decode()
    assert "Thông qua nghị quyết tháng" in mine and 'value="abstain"' in mine and "Không tán thành" in mine
    response = member.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "no"}, follow=True)
    body = response.content.decode()
    assert "Đồng chí đã bỏ phiếu." in body and 'name="choice"' not in body
    assert "Không tán thành" not in body and "Tán thành" not in body  # the page never repeats a secret choice
    again = member.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "yes"}, follow=True).content.decode()
    assert "Đồng chí đã bỏ phiếu" in again

    # the secretary records the other two on paper, sees turnout, closes
    with in_tenant(alpha):
        others = [m.pk for m in tree.members["X"][1:]]
    alpha_client.post(
        f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/phieu-giay/", {"members": others, "yes": 2, "no": 0, "abstain": 0}
    )
    page = alpha_client.get(detail).content.decode()
    assert "3/3" in page and "Đã đủ 2/3" in page
    alpha_client.post(f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/")
    results = member.get("/sinh-hoat/").content.decode()
    assert "Kết quả: THÔNG QUA" in results and "Tham gia 3/3" in results


def test_pages_open_vote_proxy(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        vote = vote_open(meeting=meeting, question="Công khai", secret=False, actor=tree.users["sec_x"])
        phoneless = tree.members["X"][2]
        mark_present(meeting, phoneless)
    web_login(alpha_client, "sec_x", PASSWORD)
    alpha_client.post(f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ghi-thay/", {"member": phoneless.pk, "choice": "yes"})
    page = alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/").content.decode()
    assert phoneless.full_name in page and "ghi thay bởi sec_x" in page and "1/3" in page
    with in_tenant(alpha):
        assert OpenBallot.objects.get(vote=vote).member_id == phoneless.pk


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_lists_votes_and_casts(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        sec = tree.users["sec_x"]
        mark_present(meeting, tree.members["X"][0])
        open_vote = vote_open(meeting=meeting, question="Công khai", secret=False, actor=sec)
    auth = _auth(alpha_client, "dv_x")
    url = f"/api/v1/meetings/{meeting.pk}/votes/"
    assert (
        alpha_client.post(f"/api/v1/meetings/votes/{open_vote.pk}/ballot/", {"choice": "maybe"}, **auth).status_code
        == 400
    )
    assert (
        alpha_client.post(f"/api/v1/meetings/votes/{open_vote.pk}/ballot/", {"choice": "yes"}, **auth).status_code
        == 201
    )
    with in_tenant(alpha):
        vote_close(vote=open_vote, actor=sec, below_quorum_reason="Hết giờ")
        secret = vote_open(meeting=meeting, question="Kín", secret=True, actor=sec)
    ballot = f"/api/v1/meetings/votes/{secret.pk}/ballot/"
    assert alpha_client.post(ballot, {"choice": "abstain"}, **auth).status_code == 201
    second = alpha_client.post(ballot, {"choice": "yes"}, **auth)
    assert second.status_code == 400 and second.json()["code"] == "already_voted"
    data = alpha_client.get(url, **auth).json()
    by_id = {v["id"]: v for v in data}
    assert by_id[open_vote.pk]["my_choice"] == "yes" and by_id[open_vote.pk]["results"]["yes"] == 1
    assert by_id[open_vote.pk]["results"]["below_quorum_reason"] == "Hết giờ"
    assert by_id[open_vote.pk]["results"]["names"][0]["members"] == [tree.members["X"][0].full_name]
    assert by_id[secret.pk] == {
        "id": secret.pk,
        "question": "Kín",
        "agenda_item": None,
        "secret": True,
        "status": "open",
        "eligible": 3,
        "has_voted": True,
        "my_choice": None,
        "can_vote": False,
        "why_not": "",
        "results": None,
    }
    with in_tenant(alpha):
        mark_present(meeting, *tree.members["X"][1:])
        ballot_paper(vote=secret, members=tree.members["X"][1:], counts={"yes": 1, "no": 1}, actor=sec)
        vote_close(vote=secret, actor=sec)
    closed = {v["id"]: v for v in alpha_client.get(url, **auth).json()}[secret.pk]
    assert closed["my_choice"] is None and closed["results"]["names"] == []
    # 1 phone ballot beside 2 paper ones: counts withheld, participants and verdict published
    assert closed["results"]["withheld"] == "mixed" and closed["results"]["abstain"] is None
    assert (closed["results"]["participants"], closed["results"]["passed"]) == (3, False)


# --- permissions and tenants -------------------------------------------------------------------------------------


def test_member_of_another_cell_and_other_secretaries_get_404(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        published_meeting(tree, cell=tree.y)  # dv_y has a next meeting of their own; creates sec_y
        y_member = tree.members["Y"][0]
        y_user = give_account(y_member, "dv_y")
        vote = vote_open(meeting=meeting, question="Kín", secret=True, actor=tree.users["sec_x"])
        user_with("admin_d1_other", (Role.COMMITTEE_ADMIN, tree.d2))  # admin of the other district
        with pytest.raises(ValidationError) as outsider:
            ballot_cast(vote=vote, member=y_member, choice="yes", actor=y_user)
        assert outsider.value.code == "not_called"
    y_auth = _auth(alpha_client, "dv_y")
    assert alpha_client.get(f"/api/v1/meetings/{meeting.pk}/votes/", **y_auth).status_code == 404
    assert (
        alpha_client.post(f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": "yes"}, **y_auth).status_code == 404
    )
    web_login(alpha_client, "dv_y", PASSWORD)
    assert alpha_client.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "yes"}).status_code == 404
    assert alpha_client.get(f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/").status_code == 404
    for username in ("sec_y", "admin_d1_other", "nobody"):
        web_login(alpha_client, username, PASSWORD)
        _assert_runner_pages_404(alpha_client, meeting.pk, vote.pk, tree.members["X"])
    # the secretary of X cannot proxy a secret ballot through the page either
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.post(
        f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ghi-thay/", {"member": tree.members["X"][2].pk, "choice": "yes"}
    )
    assert page.status_code == 302
    with in_tenant(alpha):
        assert not SecretBallotCast.objects.exists() and Vote.objects.get().status == "open"
        assert sum(SecretTally.objects.values_list("count", flat=True)) == 0


def _assert_runner_pages_404(client, meeting_id, vote_id, members):
    base = f"/sinh-hoat/quan-ly/bieu-quyet/{vote_id}/"
    assert client.post(f"/sinh-hoat/quan-ly/{meeting_id}/bieu-quyet/", {"question": "Q"}).status_code == 404
    assert client.get(base).status_code == 404
    assert client.post(base + "ghi-thay/", {"member": members[2].pk, "choice": "yes"}).status_code == 404
    assert client.post(base + "phieu-giay/", {"members": [members[2].pk], "yes": 1}).status_code == 404
    assert client.post(base + "ket-thuc/").status_code == 404


def test_cross_tenant(tree, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        vote = vote_open(meeting=meeting, question="Kín", secret=True, actor=tree.users["sec_x"])
    with in_tenant(beta):
        beta_tree = build_tree()  # same usernames in beta, with a next meeting of their own
        beta_meeting = published_meeting(beta_tree)
        if beta_meeting.pk == meeting.pk:  # keep ids apart so that a 404 means isolation, not a missing id
            beta_meeting = published_meeting(beta_tree, starts_in=dt.timedelta(minutes=5))
            Meeting.objects.filter(pk=meeting.pk).delete()
    alpha_auth = _auth(alpha_client, "dv_x")
    assert beta_client.get(f"/api/v1/meetings/{meeting.pk}/votes/", **alpha_auth).status_code == 401
    assert (
        beta_client.post(f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": "yes"}, **alpha_auth).status_code
        == 401
    )
    beta_auth = _auth(beta_client, "dv_x")
    assert beta_client.get(f"/api/v1/meetings/{meeting.pk}/votes/", **beta_auth).status_code == 404
    assert (
        beta_client.post(f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": "yes"}, **beta_auth).status_code == 404
    )
    web_login(beta_client, "dv_x", PASSWORD)
    assert beta_client.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "yes"}).status_code == 404
    web_login(beta_client, "sec_x", PASSWORD)
    _assert_runner_pages_404(beta_client, meeting.pk, vote.pk, tree.members["X"])
    with in_tenant(alpha):
        assert not SecretBallotCast.objects.exists() and Vote.objects.get().status == "open"
        assert Vote.objects.count() == 1
    with in_tenant(beta):
        assert not Vote.objects.exists() and not SecretBallotCast.objects.exists()
