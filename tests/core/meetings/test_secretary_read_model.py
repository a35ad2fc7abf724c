"""One read model per screen (issue 19): the secretary's meeting page renders the typed `RunnerMeeting` that the
secretary's API serialises (`selectors_secretary.meeting_for_runner`), read once per request, on every step, for a
cell meeting and for a committee meeting (whose roster is the committee's seat holders, not the unit's cell)."""

import pytest

from core.meetings import selectors_secretary
from core.meetings.selectors_secretary import RunnerMeeting
from core.meetings.services.votes import vote_open
from tests.conftest import PASSWORD
from tests.core.meetings.test_pages_and_api import _auth
from tests.core.meetings.vote_world import KINDS, build_world
from tests.helpers import in_tenant, web_login

STEPS = ["chuan-bi", "trong-hop", "sau-hop"]


@pytest.fixture(params=KINDS)
def world(request, tree, alpha):
    with in_tenant(alpha):
        yield build_world(tree, request.param)


def test_the_page_renders_the_read_model_the_api_returns(world, alpha, alpha_client, monkeypatch):
    with in_tenant(alpha):
        vote_open(meeting=world.meeting, question="Thông qua chương trình", secret=False, actor=world.runner)
    reads: list[RunnerMeeting] = []

    def counted(meeting, now=None):
        screen = selectors_secretary.meeting_for_runner(meeting, now)
        reads.append(screen)
        return screen

    monkeypatch.setattr("core.meetings.views.meeting_for_runner", counted)
    runner = world.runner.get_username()
    web_login(alpha_client, runner, PASSWORD)
    api = alpha_client.get(f"/api/v1/meetings/manage/{world.meeting.pk}/", **_auth(alpha_client, runner)).json()
    for step in STEPS:
        response = alpha_client.get(f"/sinh-hoat/quan-ly/{world.meeting.pk}/", {"buoc": step})
        assert response.status_code == 200
        screen = response.context["screen"]
        assert isinstance(screen, RunnerMeeting) and reads[-1] is screen  # one read, and the page shows it
        assert [row.member.pk for row in screen.roster] == [row["member"] for row in api["roster"]]
        assert (screen.present, screen.voters) == (api["present"], api["voters"])
        assert [v.vote.pk for v in screen.votes] == [v["id"] for v in api["votes"]]
        assert [item.pk for item in screen.agenda] == [item["id"] for item in api["agenda"]]
    assert len(reads) == len(STEPS)
    during = alpha_client.get(f"/sinh-hoat/quan-ly/{world.meeting.pk}/", {"buoc": "trong-hop"}).content.decode()
    for row in api["roster"]:  # the committee's seat holders from cells X and Y, or the cell's members
        assert f'id="m-{row["member"]}"' in during
    assert f"({api['present']}/{len(api['roster'])})" in during
    assert "Thông qua chương trình" in during
