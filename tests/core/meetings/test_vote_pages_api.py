"""The vote rules through pages and API, on cell and committee meetings: probationary members shown as "dự bị —
không biểu quyết" and refused a ballot but not an opinion; members not checked in refused; exempt members present
vote; the secretary sees who does not vote and why; proxy and paper ballots of committee meetings reach seat
holders of other cells through the roster (web and API alike); closing below quorum needs a reason; and none of it
crosses tenants."""

import json
import re

import pytest

from core.meetings.models import OpenBallot, Opinion, SecretBallotCast, Vote
from core.meetings.services.votes import vote_open
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account
from tests.core.meetings.test_pages_and_api import _auth
from tests.core.meetings.vote_world import KINDS, build_world
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

BASE = "/api/v1/meetings/manage/"


@pytest.fixture(params=KINDS)
def world(request, tree, alpha):
    with in_tenant(alpha):
        yield build_world(tree, request.param)


def _runner(world) -> str:
    return world.runner.get_username()


def _post_json(client, url, data, auth):
    return client.post(url, json.dumps(data), content_type="application/json", **auth)


def test_probationary_member_sees_why_and_still_gives_opinions(world, alpha, alpha_client):
    with in_tenant(alpha):
        vote = vote_open(meeting=world.meeting, question="Thông qua nghị quyết", secret=False, actor=world.runner)
    page_url = f"/sinh-hoat/sap-toi/{world.meeting.pk}/"
    web_login(alpha_client, "dv_prob", PASSWORD)
    page = alpha_client.get(page_url).content.decode()
    assert "Đảng viên dự bị — không biểu quyết." in page and "Thông qua nghị quyết" in page
    assert 'name="choice"' not in page and f"/sinh-hoat/{world.meeting.pk}/y-kien/" in page
    tried = alpha_client.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "yes"}, follow=True).content.decode()
    assert "dự bị — không biểu quyết (Điều lệ Đảng, Điều 5)" in tried
    sent = alpha_client.post(f"/sinh-hoat/{world.meeting.pk}/y-kien/", {"text": "Đề nghị làm rõ chỉ tiêu"})
    assert sent.status_code == 302
    auth = _auth(alpha_client, "dv_prob")
    assert alpha_client.get("/api/v1/meetings/next/", **auth).json()["my_vote_note"] == "dự bị — không biểu quyết"
    (row,) = alpha_client.get(f"/api/v1/meetings/{world.meeting.pk}/votes/", **auth).json()
    assert row["can_vote"] is False and "dự bị — không biểu quyết" in row["why_not"]
    refused = alpha_client.post(f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": "yes"}, **auth)
    assert refused.status_code == 400 and refused.json()["code"] == "probationary"
    opinion = alpha_client.post(f"/api/v1/meetings/{world.meeting.pk}/opinions/", {"text": "Qua ứng dụng"}, **auth)
    assert opinion.status_code == 201
    with in_tenant(alpha):
        assert not OpenBallot.objects.filter(vote=vote).exists()
        assert Opinion.objects.filter(member=world.probationary[0]).count() == 2


def test_members_vote_only_when_present_and_exempt_members_present_vote(world, alpha, alpha_client):
    with in_tenant(alpha):
        give_account(world.official[2], "dv_o3")  # not checked in
        vote = vote_open(meeting=world.meeting, question="Kín", secret=True, actor=world.runner)
    web_login(alpha_client, "dv_o3", PASSWORD)
    page = alpha_client.get(f"/sinh-hoat/sap-toi/{world.meeting.pk}/").content.decode()
    assert "cần điểm danh có mặt tại buổi sinh hoạt trước khi biểu quyết" in page and 'name="choice"' not in page
    refused = alpha_client.post(
        f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": "no"}, **_auth(alpha_client, "dv_o3")
    )
    assert refused.status_code == 400 and refused.json()["code"] == "not_present"
    web_login(alpha_client, "dv_exempt", PASSWORD)
    page = alpha_client.get(f"/sinh-hoat/sap-toi/{world.meeting.pk}/").content.decode()
    assert 'name="choice"' in page
    voted = alpha_client.post(f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "yes"}, follow=True).content.decode()
    assert "Đã ghi nhận phiếu biểu quyết" in voted
    (row,) = alpha_client.get(f"/api/v1/meetings/{world.meeting.pk}/votes/", **_auth(alpha_client, "dv_exempt")).json()
    assert row["has_voted"] is True and row["eligible"] == 5 and row["my_choice"] is None
    with in_tenant(alpha):
        assert list(SecretBallotCast.objects.filter(vote=vote).values_list("member_id", flat=True)) == [
            world.exempt_here.pk
        ]


def test_secretary_sees_who_does_not_vote_and_why(world, alpha, alpha_client):
    with in_tenant(alpha):
        vote = vote_open(meeting=world.meeting, question="Công khai", secret=False, actor=world.runner)
    web_login(alpha_client, _runner(world), PASSWORD)
    page = alpha_client.get(f"/sinh-hoat/quan-ly/{world.meeting.pk}/").content.decode()
    assert f"{world.probationary[0].full_name}</strong> <small>(dự bị — không biểu quyết)</small>" in page
    assert "Không biểu quyết:" in page and f"{world.exempt_away.full_name} (miễn sinh hoạt, chưa có mặt" in page
    proxy_form = page[page.index(f"proxy-{vote.pk}-member") :].split("</select>")[0]
    options = {int(pk) for pk in re.findall(r'<option value="(\d+)"', proxy_form)}
    assert options == {world.official[0].pk, world.official[1].pk, world.exempt_here.pk}  # present, in E
    data = alpha_client.get(f"{BASE}{world.meeting.pk}/", **_auth(alpha_client, _runner(world))).json()
    notes = {r["member"]: (r["may_vote"], r["vote_note"]) for r in data["roster"]}
    assert notes[world.probationary[1].pk] == (False, "dự bị — không biểu quyết") and data["voters"] == 5
    (row,) = data["votes"]
    assert {n["id"]: n["note"] for n in row["non_voters"]}[world.probationary[0].pk] == "dự bị — không biểu quyết"
    assert {m["id"]: m["present"] for m in row["not_voted"]}[world.official[2].pk] is False
    assert row["quorum_needed"] == 4


def test_proxy_and_paper_ballots_go_through_the_roster_on_the_web_and_the_api(world, tree, alpha, alpha_client):
    """On a committee meeting the seat holders sit in cells X and Y (not in the meeting's unit): proxy and paper
    ballots reach them on both paths; a member of the same cells without a seat is refused on both paths."""
    outsider = tree.members["Y"][1] if world.kind == "committee" else tree.members["Z"][0]
    with in_tenant(alpha):
        open_vote = vote_open(meeting=world.meeting, question="Công khai", secret=False, actor=world.runner)
    web_login(alpha_client, _runner(world), PASSWORD)
    auth = _auth(alpha_client, _runner(world))
    proxy_url = f"/sinh-hoat/quan-ly/bieu-quyet/{open_vote.pk}/ghi-thay/"
    assert alpha_client.post(proxy_url, {"member": outsider.pk, "choice": "yes"}).status_code == 404
    assert alpha_client.post(proxy_url, {"member": world.official[1].pk, "choice": "yes"}).status_code == 302
    api_outsider = _post_json(alpha_client, f"{BASE}votes/{open_vote.pk}/proxy/", {"member": outsider.pk}, auth)
    assert api_outsider.status_code == 400
    api_proxy = {"member": world.exempt_here.pk, "choice": "no"}
    assert _post_json(alpha_client, f"{BASE}votes/{open_vote.pk}/proxy/", api_proxy, auth).status_code == 200
    with in_tenant(alpha):
        assert set(OpenBallot.objects.filter(vote=open_vote).values_list("member_id", flat=True)) == {
            world.official[1].pk,
            world.exempt_here.pk,
        }
    closed = _post_json(alpha_client, f"{BASE}votes/{open_vote.pk}/close/", {"below_quorum_reason": "Thử"}, auth)
    assert closed.status_code == 200
    with in_tenant(alpha):
        secret = vote_open(meeting=world.meeting, question="Kín", secret=True, actor=world.runner)
    paper_url = f"/sinh-hoat/quan-ly/bieu-quyet/{secret.pk}/phieu-giay/"
    web_outsider = alpha_client.post(
        paper_url, {"members": [outsider.pk], "yes": 1, "no": 0, "abstain": 0}, follow=True
    )
    assert "Có đảng viên không được triệu tập biểu quyết." in web_outsider.content.decode()
    alpha_client.post(paper_url, {"members": [world.official[1].pk], "yes": 1, "no": 0, "abstain": 0})
    bad = _post_json(alpha_client, f"{BASE}votes/{secret.pk}/paper/", {"members": [outsider.pk], "yes": 1}, auth)
    assert bad.status_code == 400 and bad.json()["code"] == "not_called"
    paper = {"members": [world.exempt_here.pk], "no": 1}
    assert _post_json(alpha_client, f"{BASE}votes/{secret.pk}/paper/", paper, auth).status_code == 200
    with in_tenant(alpha):
        assert set(SecretBallotCast.objects.filter(vote=secret).values_list("member_id", flat=True)) == {
            world.official[1].pk,
            world.exempt_here.pk,
        }


def test_closing_below_quorum_on_the_page_needs_a_reason(world, alpha, alpha_client):
    with in_tenant(alpha):
        vote = vote_open(meeting=world.meeting, question="Công khai", secret=False, actor=world.runner)
    web_login(alpha_client, _runner(world), PASSWORD)
    close_url = f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/"
    page = alpha_client.get(close_url).content.decode()  # the confirmation page
    assert 'name="below_quorum_reason"' in page and "cần ít nhất 4" in page
    refused = alpha_client.post(close_url, {}, follow=True).content.decode()
    assert "Chưa đủ 2/3 số đảng viên có quyền biểu quyết tham gia (0/5, cần ít nhất 4)" in refused
    with in_tenant(alpha):
        assert Vote.objects.get(pk=vote.pk).status == "open"
    done = alpha_client.post(close_url, {"below_quorum_reason": "Mất điện, hoãn biểu quyết"}, follow=True)
    body = done.content.decode()
    assert "không hợp lệ (không đủ số lượng biểu quyết)" in body and "Mất điện, hoãn biểu quyết" in body
    with in_tenant(alpha):
        assert Vote.objects.get(pk=vote.pk).below_quorum_reason == "Mất điện, hoãn biểu quyết"


def test_cross_tenant_on_committee_and_cell_votes(world, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        vote = vote_open(meeting=world.meeting, question="Kín", secret=True, actor=world.runner)
    with in_tenant(beta):
        build_tree()  # the same usernames in beta
    member = world.official[1].pk
    web_urls = [
        (f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ghi-thay/", {"member": member, "choice": "yes"}),
        (f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/phieu-giay/", {"members": [member], "yes": 1}),
        (f"/sinh-hoat/quan-ly/bieu-quyet/{vote.pk}/ket-thuc/", {"below_quorum_reason": "Lý do"}),
        (f"/sinh-hoat/bieu-quyet/{vote.pk}/", {"choice": "yes"}),
    ]
    web_login(beta_client, _runner(world), PASSWORD)
    for url, data in web_urls:
        assert beta_client.post(url, data).status_code == 404, url
    api = [
        (f"{BASE}votes/{vote.pk}/proxy/", {"member": member, "choice": "yes"}),
        (f"{BASE}votes/{vote.pk}/paper/", {"members": [member], "yes": 1}),
        (f"{BASE}votes/{vote.pk}/close/", {"below_quorum_reason": "Lý do"}),
        (f"/api/v1/meetings/votes/{vote.pk}/ballot/", {"choice": "yes"}),
    ]
    alpha_token, beta_token = _auth(alpha_client, _runner(world)), _auth(beta_client, _runner(world))
    for url, data in api:
        assert _post_json(beta_client, url, data, alpha_token).status_code == 401, url
        assert _post_json(beta_client, url, data, beta_token).status_code == 404, url
    assert beta_client.get(f"/api/v1/meetings/{world.meeting.pk}/votes/", **beta_token).status_code == 404
    with in_tenant(alpha):
        assert Vote.objects.get(pk=vote.pk).status == "open" and not SecretBallotCast.objects.exists()
    with in_tenant(beta):
        assert not Vote.objects.exists()
