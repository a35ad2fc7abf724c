"""Member pages of the study area (/hoc-tap/): my campaigns, a campaign (materials, reflection, quiz), the quiz
page (answers saved one by one by fetch, a countdown from the server's deadline), and the secretaries' pages
(reflections to review, completion recorded for a member without a smartphone)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import has_perm_anywhere, scoped
from core.access.permissions import MEMBERS_ACT_FOR, REPORTS_VIEW, STUDY_REVIEW
from core.content.audience import reader_for
from core.content.storage import file_response
from core.members.models import GONE_STATUSES, Member
from core.study import quiz_services, selectors, services
from core.study.common import member_of
from core.study.models import Campaign, Reflection
from core.study.quiz_models import Attempt
from core.web import acting_user, show_error


def _member(request: HttpRequest) -> Member:
    try:
        return member_of(acting_user(request))
    except PermissionDenied:
        raise Http404 from None


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = selectors.campaign_for(reader_for(request.user), campaign_id)
    if campaign is None:
        raise Http404
    return campaign


@login_required
def my_campaigns(request: HttpRequest) -> HttpResponse:
    reader = reader_for(request.user)
    context = {
        "campaigns": selectors.home_campaigns(reader, limit=50),
        "reviewer": has_perm_anywhere(request.user, STUDY_REVIEW),
        "reported": scoped(Campaign.objects.all(), request.user, REPORTS_VIEW, "unit__path")[:50],
    }
    return render(request, "tenant/study/mine.html", context)


@login_required
def campaign_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    member = _member(request)
    context = {
        "campaign": campaign,
        "progress": selectors.progress(campaign, member),
        "proxy": has_perm_anywhere(request.user, MEMBERS_ACT_FOR),
    }
    return render(request, "tenant/study/campaign.html", context)


@login_required
@require_POST
def material_read(request: HttpRequest, campaign_id: int, material_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    material = campaign.materials.filter(pk=material_id).first()
    if material is None:
        raise Http404
    try:
        services.material_mark_read(member=_member(request), material=material)
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    return redirect("study:campaign", campaign_id=campaign.pk)


@login_required
def reflection_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    member = _member(request)
    body = request.POST.get("body", "")
    if request.method == "POST":
        try:
            services.reflection_submit(
                actor=acting_user(request), member=member, campaign=campaign, body=body,
                upload=request.FILES.get("file"),
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã nộp bài thu hoạch."))
            return redirect("study:campaign", campaign_id=campaign.pk)
    reflection = selectors.progress(campaign, member).reflection
    context = {"campaign": campaign, "reflection": reflection, "body": body or (reflection.body if reflection else "")}
    return render(request, "tenant/study/reflection.html", context)


@login_required
def quiz_page(request: HttpRequest, quiz_id: int) -> HttpResponse:
    member = _member(request)
    quiz = selectors.quiz_for(member, quiz_id)
    if quiz is None:
        raise Http404
    return render(request, "tenant/study/quiz.html", {"quiz": quiz, "attempts": selectors.attempts_of(member, quiz)})


@login_required
@require_POST
def quiz_start(request: HttpRequest, quiz_id: int) -> HttpResponse:
    member = _member(request)
    quiz = selectors.quiz_for(member, quiz_id)
    if quiz is None:
        raise Http404
    try:
        attempt, _new = quiz_services.attempt_start(actor=acting_user(request), member=member, quiz=quiz)
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
        return redirect("study:quiz", quiz_id=quiz.pk)
    return redirect("study:attempt", attempt_id=attempt.pk)


def _attempt(request: HttpRequest, attempt_id: int) -> tuple[Member, Attempt]:
    member = _member(request)
    attempt = selectors.attempt_of(member, attempt_id)
    if attempt is None:
        raise Http404
    return member, quiz_services.attempt_close_if_expired(attempt=attempt)


@login_required
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    _m, attempt = _attempt(request, attempt_id)
    done = attempt.submitted_at is not None
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "done": done,
        "sheet": selectors.attempt_sheet(attempt, reveal=selectors.answers_shown(attempt)),
        "remaining_ms": max(0, int((attempt.deadline - timezone.now()).total_seconds() * 1000)),
    }
    return render(request, "tenant/study/attempt.html", context)


@login_required
@require_POST
def attempt_answer(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """JSON {question_id, chosen: [option ids]} → {saved_at} or 400 with a Vietnamese error."""
    member = _member(request)
    if not Attempt.objects.filter(pk=attempt_id, member=member).exists():
        raise Http404
    if request.content_type != "application/json":
        return JsonResponse({"error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)
    try:
        payload = json.loads(request.body or b"{}")
        question_id = int(payload["question_id"])
        chosen = [int(c) for c in payload.get("chosen", [])][:20]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)
    try:
        when = quiz_services.answer_save(member=member, attempt_id=attempt_id, question_id=question_id, chosen=chosen)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages), "code": exc.code}, status=409)
    return JsonResponse({"saved_at": when.isoformat()})


@login_required
@require_POST
def attempt_submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    member = _member(request)
    try:
        quiz_services.attempt_submit(actor=acting_user(request), member=member, attempt_id=attempt_id)
    except PermissionDenied:
        raise Http404 from None
    return redirect("study:attempt", attempt_id=attempt_id)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, STUDY_REVIEW):
        raise Http404
    reflections = selectors.reflections_to_review(request.user)[:200]
    return render(request, "tenant/study/review.html", {"reflections": reflections})


@login_required
def review_one(request: HttpRequest, reflection_id: int) -> HttpResponse:
    reflection = selectors.reflection_for_reviewer(request.user, reflection_id)
    if reflection is None:
        raise Http404
    if request.method == "POST":
        try:
            services.reflection_review(
                actor=acting_user(request), reflection=reflection, accept=request.POST.get("decision") == "accept",
                comment=request.POST.get("comment", ""),
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã ghi kết quả duyệt."))
            return redirect("study:review")
    return render(request, "tenant/study/review_one.html", {"reflection": reflection})


@login_required
def proxy_completion(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    if not has_perm_anywhere(request.user, MEMBERS_ACT_FOR):
        raise Http404
    if request.method == "POST":
        members = scoped(Member.objects.select_related("cell"), request.user, MEMBERS_ACT_FOR, "cell__path")
        card = request.POST.get("the_dang", "").strip()
        member = members.filter(party_card_number=card).exclude(status__in=GONE_STATUSES).first()
        if member is None:
            messages.error(request, _("Không tìm thấy đảng viên có số thẻ này trong chi bộ của đồng chí."))
        else:
            try:
                services.completion_record_proxy(
                    actor=acting_user(request), campaign=campaign, member=member, note=request.POST.get("note", "")
                )
            except (ValidationError, PermissionDenied) as exc:
                show_error(request, exc)
            else:
                messages.success(request, _("Đã ghi nhận hoàn thành cho đồng chí %(n)s.") % {"n": member.full_name})
                return redirect("study:proxy", campaign_id=campaign.pk)
    return render(request, "tenant/study/proxy.html", {"campaign": campaign})


@login_required
def reflection_file(request: HttpRequest, reflection_id: int) -> FileResponse:
    """A reflection's attachment, for its reviewers or the member who wrote it; 404 alike for anyone else."""
    reflection = selectors.reflection_for_reviewer(request.user, reflection_id)
    if reflection is None:
        own = Reflection.objects.filter(pk=reflection_id, member__user_id=request.user.pk or 0).first()
        reflection = own
    if reflection is None or not reflection.attachment_stored:
        raise Http404
    try:
        stored = services.STORE.object(reflection.attachment_stored)
        return file_response(stored, filename=reflection.attachment_name, content_type=reflection.attachment_type)
    except FileNotFoundError:
        raise Http404 from None
