"""Sentences of feedback entries in the audit log (core/audit/sentences.py). They name the thread by its subject,
never its author (the actor of a member's own entry is the member, as in every entry)."""

from django.utils.translation import gettext_lazy as _

from core.audit.names import register_names
from core.audit.sentences import Entry, sentence
from core.feedback.models import Status, Thread

register_names(
    "feedback_thread",
    lambda ids: {pk: f"ý kiến “{s}”" for pk, s in Thread.objects.filter(pk__in=ids).values_list("pk", "subject")},
    target_types=("Thread",),
)


@sentence("feedback.thread_created", _("Gửi ý kiến, kiến nghị"))
def _created(e: Entry) -> str:
    return f"{e.actor} gửi {e.target}{e.for_whom}."


@sentence("feedback.replied", _("Trả lời ý kiến, kiến nghị"))
def _replied(e: Entry) -> str:
    return f"{e.actor} trả lời {e.target}."


@sentence("feedback.status", _("Đổi trạng thái ý kiến"))
def _status(e: Entry) -> str:
    to = e.to("status")
    return f"{e.actor} chuyển {e.target} sang “{Status(to).label if to in Status.values else to}”."
