"""Sentences of the news entries in the audit log (core/audit/sentences.py): articles through the editorial
workflow, boards, external feeds and the news settings."""

from django.utils.translation import gettext_lazy as _

from core.audit.names import register_names
from core.audit.sentences import Entry, day, sentence
from core.news.models import Article, EditorialBoard, Feed


def _articles(ids: list[int]) -> dict[int, str]:
    return {pk: f"bài “{title}”" for pk, title in Article.objects.filter(pk__in=ids).values_list("pk", "title")}


def _boards(ids: list[int]) -> dict[int, str]:
    return dict(EditorialBoard.objects.filter(pk__in=ids).values_list("pk", "name"))


def _feeds(ids: list[int]) -> dict[int, str]:
    rows = Feed.objects.filter(pk__in=ids).values_list("pk", "title", "url")
    return {pk: f"nguồn tin “{title or url}”" for pk, title, url in rows}


register_names("article", _articles, target_types=("Article",))
register_names("board", _boards, target_types=("EditorialBoard",))
register_names("feed", _feeds, target_types=("Feed",))
register_names("news_settings", lambda ids: dict.fromkeys(ids, "cài đặt tin tức"), target_types=("NewsSettings",))


def _comment(e: Entry) -> str:
    return f", ý kiến: “{e.changes['comment']}”" if e.changes.get("comment") else ""


@sentence("news.article_created", _("Viết bài"))
def _created(e: Entry) -> str:
    return f"{e.actor} viết bản nháp {e.target}."


@sentence("news.article_edited", _("Sửa bài"))
def _edited(e: Entry) -> str:
    return f"{e.actor} sửa {e.target}."


@sentence("news.article_submitted", _("Gửi duyệt bài"))
def _submitted(e: Entry) -> str:
    return f"{e.actor} gửi duyệt {e.target}."


@sentence("news.article_approved", _("Duyệt bài"))
def _approved(e: Entry) -> str:
    return f"{e.actor} duyệt {e.target}."


@sentence("news.article_returned", _("Trả lại bài"))
def _returned(e: Entry) -> str:
    return f"{e.actor} trả lại {e.target}{_comment(e)}."


@sentence("news.article_scheduled", _("Hẹn giờ đăng bài"))
def _scheduled(e: Entry) -> str:
    when = f" vào {day(e.changes['publish_at'])}" if e.changes.get("publish_at") else ""
    return f"{e.actor} hẹn giờ đăng {e.target}{when}."


@sentence("news.article_unscheduled", _("Huỷ hẹn giờ đăng bài"))
def _unscheduled(e: Entry) -> str:
    return f"{e.actor} huỷ hẹn giờ đăng {e.target}."


@sentence("news.article_published", _("Đăng bài"))
def _published(e: Entry) -> str:
    if not e.event.actor_id and e.changes.get("scheduled_for"):
        return f"{e.actor} đăng {e.target} theo giờ đã hẹn."
    return f"{e.actor} đăng {e.target}."


@sentence("news.article_unpublished", _("Gỡ bài"))
def _unpublished(e: Entry) -> str:
    return f"{e.actor} gỡ {e.target}{_comment(e)}."


@sentence("news.article_reopened", _("Mở lại bài để sửa"))
def _reopened(e: Entry) -> str:
    return f"{e.actor} mở lại {e.target} để sửa."


@sentence("news.board_created", _("Lập ban biên tập"))
def _board_created(e: Entry) -> str:
    return f"{e.actor} lập ban biên tập “{e.changes.get('name') or e.target}”."


@sentence("news.feed_added", _("Thêm nguồn tin"))
def _feed_added(e: Entry) -> str:
    return f"{e.actor} thêm {e.target}."


@sentence("news.feed_updated", _("Sửa nguồn tin"))
def _feed_updated(e: Entry) -> str:
    return f"{e.actor} sửa {e.target}."


@sentence("news.feed_imported", _("Nhập tin từ nguồn tin"))
def _feed_imported(e: Entry) -> str:
    return f"{e.actor} nhập {e.changes.get('new_items', 0)} tin mới từ {e.target}."


@sentence("news.settings_updated", _("Cài đặt tin tức"))
def _settings_updated(e: Entry) -> str:
    values = e.changes.get("silent_days")
    days = values[-1] if isinstance(values, list) and values else "—"
    return f"{e.actor} đặt cảnh báo khi đơn vị không đăng tin mới quá {days} ngày."
