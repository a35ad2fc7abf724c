"""The assistant's pages (/tro-ly/): ask (answers with their sources, or an honest "không biết" with a button to
send the question to the committee), and the managers' page (entries, most asked, unanswered questions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import has_perm_anywhere
from core.access.permissions import ASSISTANT_MANAGE
from core.assistant import selectors, services
from core.assistant.forms import AskForm, EntryForm
from core.assistant.forward import question_forward
from core.assistant.models import Question
from core.web import acting_user, show_error


@login_required
def ask_page(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    context: dict[str, object] = {"form": form, "manager": has_perm_anywhere(request.user, ASSISTANT_MANAGE)}
    if request.method == "POST" and form.is_valid():
        try:
            question, answer = services.ask(user=acting_user(request), question=form.cleaned_data["q"])
        except ValidationError as exc:
            show_error(request, exc)
        else:
            context |= {
                "question": question,
                "answer": answer,
                "pairs": list(zip(answer.hits, answer.entries, strict=True)),
            }
    return render(request, "tenant/assistant/ask.html", context)


@login_required
@require_POST
def forward(request: HttpRequest, question_id: int) -> HttpResponse:
    question = Question.objects.filter(pk=question_id, user_id=request.user.pk or 0).first()
    if question is None:
        raise Http404
    try:
        thread = question_forward(user=acting_user(request), question=question)
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
        return redirect("assistant:ask")
    messages.success(
        request,
        _("Đã gửi câu hỏi tới %(unit)s; đồng chí sẽ nhận thông báo khi có trả lời.") % {"unit": thread.unit.name},
    )
    return redirect("feedback:detail", thread_id=thread.pk)


def _manager(request: HttpRequest) -> None:
    if not has_perm_anywhere(request.user, ASSISTANT_MANAGE):
        raise Http404


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _manager(request)
    context = {
        "entries": selectors.managed_entries(request.user).select_related("unit")[:500],
        "most_asked": selectors.most_asked(request.user),
        "unanswered": selectors.unanswered(request.user, 30),
    }
    return render(request, "tenant/assistant/manage.html", context)


@login_required
def entry_edit(request: HttpRequest, entry_id: int | None = None, question_id: int | None = None) -> HttpResponse:
    _manager(request)
    entry = None
    if entry_id is not None:
        entry = selectors.managed_entries(request.user).filter(pk=entry_id).first()
        if entry is None:
            raise Http404
    asked = selectors.questions_in_scope(request.user).filter(pk=question_id).first() if question_id else None
    if question_id and asked is None:
        raise Http404
    fields = ("question", "variants", "answer", "link", "active")
    initial = (
        {f: getattr(entry, f) for f in fields} if entry else {"question": asked.text if asked else "", "active": True}
    )
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if asked is not None:
                services.question_answer_into_base(actor=acting_user(request), question=asked, answer=data["answer"],
                                                   variants=data["variants"])  # fmt: skip
            else:
                services.entry_save(actor=acting_user(request), entry=entry, **data)
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã lưu câu hỏi – trả lời."))
            return redirect("assistant:manage")
    return render(request, "tenant/assistant/edit.html", {"form": form, "entry": entry, "asked": asked})
