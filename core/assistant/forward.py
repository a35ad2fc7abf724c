"""An unanswered question sent to the committee as feedback (source "từ trợ lý ảo"): addressed to the committee
directly above the member's cell (the cell itself when it has none)."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.assistant.models import Question
from core.feedback.models import Source, Thread
from core.feedback.services import addressable_units, thread_create
from core.members.models import GONE_STATUSES, Member


@transaction.atomic
def question_forward(*, user: User, question: Question) -> Thread:
    member = Member.objects.select_related("cell").filter(user=user).exclude(status__in=GONE_STATUSES).first()
    if member is None:
        raise PermissionDenied(_("Chỉ đảng viên mới gửi được câu hỏi tới cấp ủy."))
    units = addressable_units(member)
    unit = units[1] if len(units) > 1 else units[0]
    thread = thread_create(
        actor=user,
        unit=unit,
        subject=_("Câu hỏi gửi từ trợ lý ảo")[:200],
        body=question.text,
        source=Source.ASSISTANT,
    )
    Question.objects.filter(pk=question.pk).update(forwarded=True)
    return thread
