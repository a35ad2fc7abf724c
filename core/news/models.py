"""News of a tenant: editorial boards (one per committee that has one), articles with their editorial timeline,
members' reads, external RSS/Atom feeds imported into a board's news, and the tenant's news settings.

An article belongs to a board (the committee that writes it) and is shown to the members of its audience:
a unit's subtree, or the whole committee when `audience_unit` is NULL (core.content.audience). Search, read
marks and per-unit read counters are the shared content primitives (core.content). Articles imported from a
feed are published at once (`source=feed`) and keep the item's GUID/link for de-duplication across runs.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.content.models import ReadMarkBase, Searchable, UnitReadCountBase


class EditorialBoard(models.Model):
    """The editorial board (ban biên tập) of a committee: its editors, approvers and publishers are the users
    holding those roles over the unit (core.access)."""

    unit = models.OneToOneField("org.OrgUnit", on_delete=models.PROTECT, related_name="editorial_board")
    name = models.CharField(_("tên ban biên tập"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["unit__path"]
        verbose_name = _("ban biên tập")
        verbose_name_plural = _("ban biên tập")

    def __str__(self) -> str:
        return self.name


class ArticleState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("article state", "Bản nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt, chờ đăng")
    SCHEDULED = "scheduled", _("Hẹn giờ đăng")
    PUBLISHED = "published", pgettext_lazy("article state", "Đã đăng")
    UNPUBLISHED = "unpublished", _("Đã gỡ")


class ArticleCategory(models.TextChoices):
    NEWS = "news", _("Tin hoạt động")
    NOTICE = "notice", pgettext_lazy("article category", "Thông báo")
    DIRECTION = "direction", _("Chỉ đạo, điều hành")
    EXAMPLE = "example", _("Gương điển hình")
    STUDY = "study", _("Học tập và làm theo")
    OTHER = "other", pgettext_lazy("article category", "Khác")


class ArticleSource(models.TextChoices):
    EDITORIAL = "editorial", _("Ban biên tập")
    FEED = "feed", _("Nguồn tin ngoài")


class Article(Searchable):
    board = models.ForeignKey(EditorialBoard, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body_html = models.TextField(_("nội dung"), blank=True)  # sanitised when written (core.content.sanitize)
    category = models.CharField(_("chuyên mục"), max_length=12, choices=ArticleCategory.choices)
    # NULL: the whole committee (only for a board of the tenant's root); otherwise a unit in the board's subtree.
    audience_unit = models.ForeignKey("org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("trạng thái"), max_length=12, choices=ArticleState.choices, default=ArticleState.DRAFT)
    cover = models.CharField(max_length=120, blank=True)  # private stored name of the resized image
    cover_thumb = models.CharField(max_length=120, blank=True)
    cover_alt = models.CharField(_("mô tả ảnh"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    publish_at = models.DateTimeField(_("giờ đăng"), null=True, blank=True)  # set while scheduled
    published_at = models.DateTimeField(null=True, blank=True)
    last_comment = models.TextField(blank=True)  # the latest return comment or unpublish reason
    source = models.CharField(max_length=10, choices=ArticleSource.choices, default=ArticleSource.EDITORIAL)
    feed = models.ForeignKey("news.Feed", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    external_id = models.CharField(max_length=500, blank=True)  # the item's GUID, or its link without one
    external_url = models.URLField(max_length=1000, blank=True)
    image_url = models.URLField(max_length=1000, blank=True)
    source_name = models.CharField(max_length=200, blank=True)

    class Meta(Searchable.Meta):
        ordering: ClassVar = ["-published_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["feed", "external_id"], condition=models.Q(feed__isnull=False), name="article_feed_item_unique"
            ),
        ]
        indexes: ClassVar = [
            *Searchable.Meta.indexes,
            models.Index(
                fields=["audience_unit", "-published_at"],
                condition=models.Q(state="published"),
                name="article_feed_idx",
            ),
            models.Index(fields=["-published_at"], condition=models.Q(state="published"), name="article_recent_idx"),
            models.Index(fields=["board", "state"], name="article_board_state_idx"),
            models.Index(fields=["publish_at"], condition=models.Q(state="scheduled"), name="article_due_idx"),
            models.Index(fields=["feed", "external_url"], name="article_feed_url_idx"),
        ]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")

    def __str__(self) -> str:
        return self.title

    @property
    def is_external(self) -> bool:
        return self.source == ArticleSource.FEED


class ArticleEventKind(models.TextChoices):
    CREATED = "created", _("Tạo bản nháp")
    EDITED = "edited", _("Sửa bài")
    SUBMITTED = "submitted", _("Gửi duyệt")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Duyệt")
    SCHEDULED = "scheduled", _("Hẹn giờ đăng")
    UNSCHEDULED = "unscheduled", _("Huỷ hẹn giờ")
    PUBLISHED = "published", _("Đăng")
    UNPUBLISHED = "unpublished", _("Gỡ bài")
    REOPENED = "reopened", _("Mở lại để sửa")
    IMPORTED = "imported", _("Nhập từ nguồn tin")


class ArticleEvent(models.Model):
    """The article's timeline: one row per transition (who, when, comment or reason, scheduled time)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=ArticleEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.article_id} {self.kind}"


class ArticleRead(ReadMarkBase):
    """A user's first read of an article (core.content.reads)."""

    item = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reads")

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["item", "user"], name="articleread_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} đọc {self.item_id}"


class ArticleUnitReads(UnitReadCountBase):
    """Members of a unit's subtree who read an article (one row per unit on each reader's path)."""

    item = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="unit_reads")

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["item", "unit"], name="articleunitreads_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.reads} đã đọc {self.item_id}"


class Feed(models.Model):
    """An external RSS/Atom source imported into a board's news by a periodic task, with its health."""

    board = models.ForeignKey(EditorialBoard, on_delete=models.PROTECT, related_name="feeds")
    url = models.URLField(_("địa chỉ RSS/Atom"), max_length=1000)
    title = models.CharField(_("tên nguồn tin"), max_length=200)
    active = models.BooleanField(_("đang lấy tin"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    next_fetch_at = models.DateTimeField(null=True, blank=True)  # None: due now
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    failure_count = models.PositiveIntegerField(default=0)  # consecutive failures (back-off grows with it)
    last_new_items = models.PositiveIntegerField(default=0)
    items_imported = models.PositiveIntegerField(default=0)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering: ClassVar = ["board__unit__path", "title"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["board", "url"], name="feed_board_url_unique")]
        indexes: ClassVar = [
            models.Index(fields=["next_fetch_at"], condition=models.Q(active=True), name="feed_due_idx")
        ]
        verbose_name = _("nguồn tin")
        verbose_name_plural = _("nguồn tin")

    def __str__(self) -> str:
        return self.title


class NewsSettings(models.Model):
    """The tenant's news settings (one row): how many days without a post flag a committee as silent."""

    silent_days = models.PositiveSmallIntegerField(_("số ngày không đăng tin thì cảnh báo"), default=7)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cài đặt tin tức")
        verbose_name_plural = _("cài đặt tin tức")

    def __str__(self) -> str:
        return f"silent after {self.silent_days} days"
