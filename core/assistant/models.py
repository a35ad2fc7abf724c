"""The virtual assistant's knowledge base (questions and answers a committee curates, plus the platform's common
base copied into every committee) and the log of questions members asked (most asked, unanswered)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    question = models.CharField(_("câu hỏi"), max_length=300)
    # Other ways members ask the same thing, one per line (they feed the matcher, not the page).
    variants = models.TextField(_("cách hỏi khác"), blank=True)
    answer = models.TextField(_("câu trả lời"))
    link = models.CharField(_("đường dẫn tham khảo"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("đơn vị")
    )
    # Entries of the platform's common base carry its key and are refreshed by `assistant_common_sync`.
    common_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["question"]
        verbose_name = _("câu hỏi – trả lời")

    def __str__(self) -> str:
        return self.question

    @property
    def is_common(self) -> bool:
        return bool(self.common_key)


class Question(models.Model):
    """One question asked: what was asked, the best entry and its score, whether the assistant answered."""

    text = models.CharField(max_length=500)
    folded = models.CharField(max_length=500, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The asker's cell: managers see the questions of their subtree (never who asked).
    cell = models.ForeignKey("org.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="asked")
    score = models.FloatField(default=0)
    answered = models.BooleanField(default=False)
    forwarded = models.BooleanField(default=False)  # sent to the committee as feedback
    resolved_by = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["answered", "-created_at"], name="assist_q_unanswered_idx")]

    def __str__(self) -> str:
        return self.text[:60]
