"""Writes of the assistant: ask (logged), the knowledge base (add, change, switch off; audited), the common base
copied in from the platform, an unanswered question answered into the base or forwarded to the committee."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.access.checks import has_perm_on
from core.access.permissions import ASSISTANT_MANAGE
from core.assistant.common_base import COMMON
from core.assistant.models import Entry, Question
from core.assistant.selectors import Answer, answer_for, manages_whole_tenant
from core.audit.services import audit_record
from core.content.search import search_fold
from core.members.models import Member
from core.org.models import OrgUnit

MAX_QUESTION = 500


def ask(*, user: User, question: str) -> tuple[Question, Answer]:
    """Answer a member's question from the base and the library; the question is logged (without the asker's
    name on any page) for the most-asked and unanswered lists."""
    question = " ".join(question.split())[:MAX_QUESTION]
    if len(question) < 2:
        raise ValidationError(_("Đồng chí hãy nhập câu hỏi."), code="empty")
    answer = answer_for(user, question)
    best = answer.hits[0] if answer.hits else None
    cell_id = Member.objects.filter(user=user).values_list("cell_id", flat=True).first()
    logged = Question.objects.create(
        text=question,
        folded=search_fold(question)[:500],
        user=user,
        cell_id=cell_id,
        entry_id=best.entry_id if best else None,
        score=best.score if best else 0.0,
        answered=answer.answered,
    )
    if answer.answered and best is not None:
        Entry.objects.filter(pk=best.entry_id).update(hits=F("hits") + 1)
    return logged, answer


def _require(actor: User, unit: OrgUnit | None) -> None:
    allowed = manages_whole_tenant(actor) if unit is None else has_perm_on(actor, ASSISTANT_MANAGE, unit)
    if not allowed:
        raise PermissionDenied(_("Đồng chí không quản lý trợ lý ảo của đơn vị này."))


def _clean(question: str, answer: str, variants: str, link: str) -> dict[str, str]:
    question, answer = question.strip(), answer.strip()
    if not question or not answer:
        raise ValidationError(_("Cần có câu hỏi và câu trả lời."), code="required")
    link = link.strip()
    if (link and not link.startswith("/")) or link.startswith("//"):
        raise ValidationError(_("Đường dẫn tham khảo phải là một trang của Sổ tay (bắt đầu bằng /)."), code="link")
    lines = [v.strip() for v in variants.splitlines() if v.strip()]
    return {"question": question[:300], "answer": answer, "variants": "\n".join(lines), "link": link[:300]}


@transaction.atomic
def entry_save(
    *,
    actor: User,
    question: str,
    answer: str,
    variants: str = "",
    link: str = "",
    unit: OrgUnit | None = None,
    entry: Entry | None = None,
    active: bool = True,
) -> Entry:
    """Add an entry (for `unit`, or tenant-wide when None) or change one the actor manages."""
    values = _clean(question, answer, variants, link)
    if entry is None:
        _require(actor, unit)
        entry = Entry.objects.create(**values, unit=unit, created_by=actor, active=active)
        audit_record(
            actor=actor, action="assistant.entry_added", target=entry, unit=unit, changes={"question": entry.question}
        )
        return entry
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _require(actor, entry.unit)
    changed = {k: v for k, v in {**values, "active": active}.items() if getattr(entry, k) != v}
    if entry.common_key and set(changed) - {"active"}:
        raise ValidationError(_("Câu hỏi của bộ chung chỉ bật hoặc tắt được; hãy thêm câu hỏi riêng."), code="common")
    for key, value in changed.items():
        setattr(entry, key, value)
    if changed:
        entry.save()
        audit_record(
            actor=actor,
            action="assistant.entry_changed",
            target=entry,
            unit=entry.unit,
            changes={"fields": sorted(changed)},
        )
    return entry


@transaction.atomic
def question_answer_into_base(*, actor: User, question: Question, answer: str, variants: str = "") -> Entry:
    """An unanswered question becomes an entry of the actor's base; similar questions will now be answered."""
    unit = None if manages_whole_tenant(actor) else question.cell
    entry = entry_save(actor=actor, question=question.text, answer=answer, variants=variants, unit=unit)
    Question.objects.filter(folded=question.folded, answered=False).update(resolved_by=entry)
    return entry


def common_sync() -> int:
    """Copy the platform's common base into the current tenant: new entries added, texts refreshed; an entry a
    committee switched off stays off. Returns how many were added or changed."""
    changed = 0
    with transaction.atomic():
        for key, question, variants, answer, link in COMMON:
            values = {"question": question, "variants": "\n".join(variants), "answer": answer, "link": link}
            entry = Entry.objects.filter(common_key=key).first()
            if entry is None:
                Entry.objects.create(common_key=key, **values)
                changed += 1
            elif any(getattr(entry, k) != v for k, v in values.items()):
                Entry.objects.filter(pk=entry.pk).update(**values)
                changed += 1
    return changed
