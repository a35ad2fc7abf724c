"""The home's "Tin tức / Thông báo" card: latest news of the member's units with unread marks and the unread
count; a real link; two queries whatever the amount of news."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.news.selectors import UNREAD_CAP, news_home_card
from core.news.services.reads import article_mark_read
from tests.conftest import PASSWORD
from tests.core.news.test_reading import published
from tests.helpers import web_login


def test_news_card_on_the_home(world, alpha_client):
    read = published(world, audience=world.tree.x, title="Chi bộ thôn Đông họp bàn làm đường")
    published(world, audience=world.tree.d1, title="Huyện uỷ phát động thi đua")
    published(world, board=world.root_board, author="editor_root", audience=world.tree.z, title="Tin của Kim Sơn")
    article_mark_read(article=read, user=world.users["member_x"])
    web_login(alpha_client, "dv_x", PASSWORD)
    html = alpha_client.get("/").content.decode()
    card = html[html.index('data-testid="card-news"') :]
    card = card[: card.index("</section>")]
    assert "1 tin chưa đọc" in card and "Huyện uỷ phát động thi đua" in card and "Kim Sơn" not in card
    assert card.count("Chưa đọc") == 1  # the article read above carries no marker
    assert alpha_client.get("/tin-tuc/").status_code == 200


def test_card_queries_do_not_grow_and_count_is_capped(world):
    from core.content.audience import reader_for

    member = world.users["member_x"]
    reader = reader_for(member)
    published(world, audience=world.tree.x)
    with CaptureQueriesContext(connection) as few:
        news_home_card(member, reader)
    for n in range(UNREAD_CAP + 3):
        published(world, audience=world.tree.c1, title=f"Tin {n}")
    with CaptureQueriesContext(connection) as many:
        card = news_home_card(member, reader)
    assert len(few) == len(many) == 2
    assert card["unread"] == UNREAD_CAP + 1 and len(card["latest"]) == 3  # type: ignore[arg-type]
