"""Pages fail closed: every route of the tenant and console urlconfs, walked from the URL resolver.

Each route is requested (GET and POST) anonymously, with the session cookie of another tenant's admin, and
as a plain member of the tenant (no role) — with real ids of this tenant's objects in the URL, so a page
that forgot its guard would answer 200 with data. Only the explicit lists below may answer otherwise, each
with its reason. A page added tomorrow is walked tomorrow: if it forgets `login_required`/its right check,
this test fails.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import resolve
from rest_framework.views import APIView

from core.access.models import Role, RoleGrant
from core.assistant.models import Entry, Question
from core.feedback.services import thread_create
from core.library.models import DocumentKind, DocumentLevel
from core.library.services import attachment_add, document_create, document_publish
from core.meetings.models import MeetingTask
from core.meetings.services.votes import vote_open
from core.members.models import CommitteeSeat, ProfileCorrection
from core.members.record_services import work_period_add
from core.news.models import Feed
from core.notifications.models import PushSubscription
from tenants.rollout.models import ConsoleOfficer
from tests.conftest import PASSWORD, host
from tests.core.content.files import pdf
from tests.core.meetings.conftest import published_meeting
from tests.core.news.conftest import NewsWorld, news_world
from tests.core.news.test_reading import published
from tests.factories.org import user_with
from tests.hardening.routes import PUBLIC_URLCONF, TENANT_URLCONF, Route, routes
from tests.helpers import console_login, in_tenant, web_login

# Tenant views anyone may open (marked `login_not_required`), and why.
TENANT_PUBLIC = {
    "home": "landing page: the committee's name and the login button (figures only when signed in)",
    "login": "the login page",
    "password_setup": "one-time link from an account slip: the token in the URL is the credential",
    "set_language": "the language switch on the login page",
    "manifest": "PWA manifest, fetched before login",
    "service_worker": "PWA service worker, registered on the login page too",
    "offline": "the service worker's offline page",
    "healthz": "load balancers",
    "readyz": "load balancers (status code only for them)",
    "meetings:ical": "calendar apps cannot log in: the secret key in the URL is the credential, 404 otherwise",
    "tenant_admin:login": "the Django admin's own login page",
}
# API views without authentication (named Dangerously… in api/), and why.
API_PUBLIC = {
    "api:root": "lists the API's entry points",
    "api:token_login": "where a client without a token gets one",
    "api:schema": "the OpenAPI schema (no data)",
    "api:docs": "Swagger UI for the schema",
    "api:redoc": "Redoc for the schema",
}
# Pages a plain member (no role) may open, and why. Every other route must refuse them.
MEMBER_VISIBLE = {
    "members:me": "the member's own profile",
    "members:my_cell": "the member's own cell",
    "accounts:password_change": "the member's own password",
    "meetings:mine": "the member's next meetings",
    "meetings:upcoming": "a meeting of the member's own cell (the walk uses one)",
    "meetings:opinion": "the member's opinion on their own cell's meeting",
    "meetings:check_in": "checking in to their own cell's meeting",
    "meetings:history": "the member's past meetings",
    "meetings:tasks_mine": "the member's own tasks",
    "meetings:vote_ballot": "casting the member's own ballot",
    "meetings:calendar": "the member's calendar feed address",
    "meetings:calendar_reset": "changing the member's own feed address",
    "notifications:list": "the member's notifications",
    "notifications:read_all": "marking the member's notifications read",
    "notifications:open": "opening one of the member's notifications",
    "library:list": "the documents addressed to the member's units (none of the walk's: they go to D2)",
    "library:bookmarks": "the member's own bookmarks",
    "news:list": "the news addressed to the member's units (none of the walk's: it goes to D2)",
    "ratings:home": "the member's own quality rating and self-assessment",
    "notifications:settings": "the member's own notification preferences and devices",
    "assistant:ask": "asking the virtual assistant",
    "feedback:mine": "the member's own feedback threads",
    "feedback:new": "sending feedback to the member's own cell or a committee above",
    "study:mine": "the study campaigns addressed to the member's units (the walk's goes to D2)",
}
API_MEMBER_VISIBLE = {
    "api:me",
    "api:me_profile",
    "api:me_cell",
    "api:devices",
    "api:auth_password",
    "api:meeting_next",
    "api:meeting_opinions",
    "api:meeting_check_in",
    "api:meeting_history",
    "api:meeting_past",
    "api:meeting_tasks_mine",
    "api:meeting_votes",
    "api:meeting_vote_ballot",
    "api:notifications",
    "api:notifications_read",
    "api:my_ratings",
    "api:notification_preferences",
    "api:notification_devices",
    "api:notification_vapid_key",
    "api:assistant_ask",
    "api:assistant_entries",
    "api:feedback_threads",
}
# Valid bodies for the POSTs that validate their input before checking the right (an empty POST would be a 400
# whatever the caller's rights, proving nothing).
POST_BODIES = {"api:accounts_issue": {"unit": "X"}, "api:study_answer": {"question_id": 1}}
# Not requested with the member's own credentials: they would end the walk's session or token.
ENDS_THE_SESSION = {"logout", "tenant_admin:logout", "api:token_logout", "api:auth_refresh"}

LOGIN_PAGES = ("/dang-nhap/", "/quan-tri/login/", "/console/dang-nhap/", "/console/quan-tri/login/")
REFUSED = {403, 404, 405}


def _view(route: Route, urlconf: str) -> tuple[str, object]:
    match = resolve(route.path, urlconf)
    return match.view_name, match.func


def _is_api(func: object) -> bool:
    view_class = getattr(func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def _no_data(response) -> bool:
    """A 200 from a list endpoint scoped to the caller's rights, with nothing in it."""
    if response.status_code != 200 or response.get("Content-Type") != "application/json":
        return False
    body = response.json()
    return body == [] or (isinstance(body, dict) and body.get("results") == [])


def _to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES)


def _content_outside_x(world: NewsWorld) -> dict[str, str]:
    """A published document (with a file) and a published article, both addressed to district D2 only: the
    member of cell X walking must not reach them; a board and a feed of district D1 they do not run."""
    tree = world.tree
    publisher = user_with("pub_root", (Role.PUBLISHER, tree.root))
    document = document_create(
        actor=publisher, unit=tree.root, audience_unit=tree.d2, title="Chỉ thị của huyện Kim Sơn", number="7-CT/HU",
        kind=DocumentKind.DIRECTIVE, level=DocumentLevel.DISTRICT,
    )  # fmt: skip
    attachment = attachment_add(document=document, actor=publisher, upload=pdf())
    document_publish(document=document, actor=publisher)
    article = published(world, board=world.root_board, author="editor_root", audience=tree.d2)
    feed = Feed.objects.create(board=world.d1_board, url="https://bao.example.vn/rss", title="Báo thử")
    return {
        "document_id": str(document.pk),
        "attachment_id": str(attachment.pk),
        "article_id": str(article.pk),
        "size": "nho",
        "board_id": str(world.d1_board.pk),
        "feed_id": str(feed.pk),
    }


@pytest.fixture
def walk_values(alpha, settings, tmp_path) -> dict[str, str]:
    """Real ids of alpha's objects for the URL parameters; the member walking is `dv_x` of cell X."""
    settings.MEDIA_ROOT = str(tmp_path)
    with in_tenant(alpha):
        world = news_world()  # the tree, editorial boards and their people
        tree = world.tree
        meeting = published_meeting(tree)
        mate = tree.members["X"][1]
        vote = vote_open(meeting=meeting, question="Thông qua?", secret=False, actor=tree.users["sec_x"])
        task = MeetingTask.objects.create(
            cell=tree.x, meeting=meeting, title="Nhiệm vụ", owner=mate, due_date=dt.date.today()
        )
        correction = ProfileCorrection.objects.create(member=mate, changes={"phone": {"from": "1", "to": "2"}})
        seat = CommitteeSeat.objects.create(unit=tree.x, member=mate, position="secretary", started_on=dt.date.today())
        grant = RoleGrant.objects.get(user=tree.users["sec_x"], role=Role.CELL_SECRETARY)
        work = work_period_add(
            member=mate, started_on=dt.date(2020, 1, 1), ended_on=None, position="Cán bộ", workplace="Xã Yên Phong",
            actor=tree.users["btc"],
        )  # fmt: skip
        content = _content_outside_x(world)
        thread = thread_create(actor=tree.users["sec_x"], member=mate, unit=tree.x, subject="Thay", body="Nội dung")
        asked = Question.objects.create(text="Câu hỏi", folded="cau hoi", user=tree.users["sec_x"])
        entry = Entry.objects.create(question="Hỏi", answer="Đáp", unit=tree.x)
        device = PushSubscription.objects.create(
            user=tree.users["sec_x"], endpoint="https://fcm.googleapis.com/fcm/send/walk", p256dh="k", auth="a"
        )
    return {
        "unit_id": str(tree.x.pk),
        "code": tree.x.code,
        "member_id": str(mate.pk),
        "meeting_id": str(meeting.pk),
        "vote_id": str(vote.pk),
        "task_id": str(task.pk),
        "correction_id": str(correction.pk),
        "seat_id": str(seat.pk),
        "grant_id": str(grant.pk),
        "kind": "work",
        "record_id": str(work.pk),
        "id": str(tree.users["sec_x"].pk),
        "object_id": str(tree.users["sec_x"].pk),
        **content,
        "thread_id": str(thread.pk),
        "attachment_id": "1",
        "question_id": str(asked.pk),
        "entry_id": str(entry.pk),
        "subscription_id": str(device.pk),
    }


def test_the_public_pages_are_exactly_the_listed_ones():
    """A view that opts out of the login requirement must be listed above with its reason."""
    for urlconf, listed in ((TENANT_URLCONF, TENANT_PUBLIC), (PUBLIC_URLCONF, CONSOLE_PUBLIC)):
        public = set()
        for route in routes(urlconf):
            name, func = _view(route, urlconf)
            if not _is_api(func) and getattr(func, "login_required", True) is False:
                public.add(name)
        assert public == set(listed), urlconf


def test_anonymous_and_another_tenants_admin_get_only_the_public_pages(walk_values, alpha_client, beta_client):
    web_login(beta_client, "admin", PASSWORD)  # beta's most privileged account
    stranger = Client(HTTP_HOST=host("alpha"))
    stranger.cookies[settings.SESSION_COOKIE_NAME] = beta_client.cookies[settings.SESSION_COOKIE_NAME].value
    checked = 0
    for route in routes(TENANT_URLCONF, walk_values):
        name, func = _view(route, TENANT_URLCONF)
        if name in TENANT_PUBLIC or name in API_PUBLIC:
            continue
        for client in (alpha_client, stranger):
            for response in (client.get(route.path), client.post(route.path)):
                if _is_api(func):
                    assert response.status_code in (401, 403), (name, response.status_code)
                else:
                    assert _to_login(response), (name, response.status_code, response.get("Location"))
                checked += 1
    assert checked > 400


def test_another_tenants_token_opens_no_api_route(walk_values, alpha_client, beta_client):
    token = beta_client.post("/api/v1/auth/token/", {"username": "member_beta", "password": PASSWORD}).json()["token"]
    for route in routes(TENANT_URLCONF, walk_values):
        name, func = _view(route, TENANT_URLCONF)
        if _is_api(func) and name not in API_PUBLIC:
            for method in (alpha_client.get, alpha_client.post):
                assert method(route.path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401, name


def test_a_plain_member_reaches_only_the_member_pages(walk_values, alpha_client):
    web_login(alpha_client, "dv_x", PASSWORD)
    token = alpha_client.post("/api/v1/auth/token/", {"username": "dv_x", "password": PASSWORD}).json()["token"]
    refused = 0
    for route in routes(TENANT_URLCONF, walk_values):
        name, func = _view(route, TENANT_URLCONF)
        visible = (
            TENANT_PUBLIC | MEMBER_VISIBLE if not _is_api(func) else API_PUBLIC | dict.fromkeys(API_MEMBER_VISIBLE)
        )
        if name in visible or name in ENDS_THE_SESSION:
            continue
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if _is_api(func) else {}
        post = alpha_client.post(route.path, POST_BODIES.get(name, {}), **auth)
        for response in (alpha_client.get(route.path, **auth), post):
            assert response.status_code in REFUSED or _to_login(response) or _no_data(response), (
                name,
                response.status_code,
                response.content[:200],
            )
            refused += 1
    assert refused > 150


# Console host: views anyone may open, and why.
CONSOLE_PUBLIC = {
    "public_home": "the platform's public site",
    "console:login": "the console login page",
    "console:password_setup": "an invited officer's one-time link: the token in the URL is the credential",
    "set_language": "the language switch",
    "manifest": "PWA manifest",
    "healthz": "load balancers",
    "readyz": "load balancers (details for operators only)",
    "console_admin:login": "the Django admin's own login page",
}


def test_console_routes_need_a_console_login_and_an_officer_sees_nothing_of_another_tenant(
    alpha, beta, platform_client
):
    anonymous = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    officer = User.objects.create_user("can_bo_beta", password=PASSWORD, is_staff=True)
    ConsoleOfficer.objects.create(user=officer, tenant=beta, invited_by="operator")
    console_login(platform_client, "can_bo_beta", PASSWORD)
    member = User.objects.create_user("khong_phai_can_bo", password=PASSWORD)  # a public user, no console role
    outsider = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    assert outsider.login(username=member.username, password=PASSWORD)
    for route in routes(PUBLIC_URLCONF, {"tenant_id": str(alpha.pk)}):
        name, _func = _view(route, PUBLIC_URLCONF)
        if name in CONSOLE_PUBLIC or name.endswith("logout"):
            continue
        for response in (anonymous.get(route.path), anonymous.post(route.path)):
            assert _to_login(response), (name, response.status_code)
        for response in (outsider.get(route.path), outsider.post(route.path)):
            assert response.status_code in REFUSED or _to_login(response), (name, response.status_code)
        if "tenant_id" in route.params:  # alpha's pages, for beta's officer
            for response in (platform_client.get(route.path), platform_client.post(route.path)):
                assert response.status_code in REFUSED, (name, response.status_code)
