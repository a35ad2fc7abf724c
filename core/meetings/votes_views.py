"""Vote pages: the member votes from their meeting page; the secretary opens a vote, records proxy (open vote) or
paper (secret ballot) ballots, watches turnout and closes it. Flash messages never name a choice (they are stored
in the session until shown)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access.checks import access_object
from core.access.permissions import MEETINGS_RUN
from core.meetings.forms_votes import BallotForm, PaperBallotsForm, ProxyBallotForm, VoteCloseForm, VoteOpenForm
from core.meetings.models import AgendaItem, Meeting, Vote, VoteStatus
from core.meetings.selectors_votes import RunnerVote, ballot_members, my_vote, votes_for_runner
from core.meetings.services import votes
from core.meetings.view_helpers import DURING, acting_user, show_error, to_step


def _managed_vote(request: HttpRequest, vote_id: int) -> Vote:
    """A vote of a meeting the user runs; 404 alike for missing votes, other cells and other tenants."""
    qs = Vote.objects.select_related("meeting__cell")
    return access_object(qs, vote_id, request.user, MEETINGS_RUN, "meeting__cell__path")


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 19]


def _back(vote: Vote, anchor: str = "bieu-quyet") -> HttpResponse:
    return to_step(vote.meeting_id, DURING, anchor)


# --- member ------------------------------------------------------------------------------------------------------


@login_required
@require_POST
def ballot(request: HttpRequest, vote_id: int) -> HttpResponse:
    """The member's own ballot in a vote of one of their upcoming meetings (open or secret)."""
    found = my_vote(request.user, vote_id)
    if found is None:
        raise Http404
    vote, member = found
    back = redirect("meetings:upcoming", meeting_id=vote.meeting_id)
    form = BallotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lựa chọn biểu quyết không hợp lệ."))
        return back
    try:
        votes.ballot_cast(vote=vote, member=member, choice=form.cleaned_data["choice"], actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận phiếu biểu quyết của đồng chí."))
    return back


# --- secretary ---------------------------------------------------------------------------------------------------


@login_required
@require_POST
def vote_open(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meetings = Meeting.objects.select_related("cell")
    meeting = access_object(meetings, meeting_id, request.user, MEETINGS_RUN, "cell__path")
    form = VoteOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập nội dung biểu quyết (tối đa 300 ký tự)."))
        return to_step(meeting.pk, DURING, "bieu-quyet")
    item_id = form.cleaned_data.get("agenda_item")
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first() if item_id else None
    try:
        if item_id and item is None:
            raise ValidationError(_("Nội dung không thuộc buổi sinh hoạt này."))
        votes.vote_open(
            meeting=meeting,
            question=form.cleaned_data["question"],
            secret=form.cleaned_data["secret"],
            agenda_item=item,
            actor=acting_user(request),
        )
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã mở biểu quyết; đảng viên biểu quyết trên trang sinh hoạt của mình."))
    return to_step(meeting.pk, DURING, "bieu-quyet")


@login_required
@require_POST
def proxy(request: HttpRequest, vote_id: int) -> HttpResponse:
    """The secretary records an open-vote ballot for a member without a phone (audited proxy)."""
    vote = _managed_vote(request, vote_id)
    form = ProxyBallotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lựa chọn biểu quyết không hợp lệ."))
        return _back(vote)
    found = ballot_members(vote, [form.cleaned_data["member"]])  # through the roster: cell or committee
    if not found:
        raise Http404
    member = found[0]
    try:
        votes.ballot_cast(vote=vote, member=member, choice=form.cleaned_data["choice"], actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã ghi biểu quyết thay đồng chí %(name)s.") % {"name": member.full_name})
    return _back(vote)


@login_required
@require_POST
def paper(request: HttpRequest, vote_id: int) -> HttpResponse:
    """The secretary records the paper ballots of a secret vote: who voted on paper and the counts."""
    vote = _managed_vote(request, vote_id)
    wanted = set(_ids(request.POST.getlist("members")))
    picked = ballot_members(vote, wanted)  # through the roster: the cell, or the committee
    if len(picked) != len(wanted):
        messages.error(request, _("Có đảng viên không được triệu tập biểu quyết."))
        return _back(vote)
    form = PaperBallotsForm(request.POST, member_ids=[m.pk for m in picked])
    if not form.is_valid():
        messages.error(request, _("Cần chọn đảng viên và nhập số phiếu (số không âm)."))
        return _back(vote)
    members = [m for m in picked if m.pk in set(form.cleaned_data["members"])]
    try:
        votes.ballot_paper(vote=vote, members=members, counts=form.counts(), actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận %(count)s phiếu giấy.") % {"count": len(members)})
    return _back(vote)


def _runner_row(vote: Vote) -> RunnerVote:
    return next(r for r in votes_for_runner(vote.meeting) if r.vote.pk == vote.pk)


def _close_back(request: HttpRequest, vote: Vote) -> tuple[str, str]:
    """Where the confirmation returns: the live screen it was opened from, or the meeting page."""
    if request.GET.get("tu") == "man-hinh" or request.POST.get("back") == "man-hinh":
        return "man-hinh", reverse("meetings:vote_live", kwargs={"vote_id": vote.pk})
    return "", reverse("meetings:detail", kwargs={"meeting_id": vote.meeting_id}) + f"?buoc={DURING}#bieu-quyet"


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, vote_id: int) -> HttpResponse:
    """GET: turnout, the 2/3 quorum and what closing does, with a confirm button (and a reason field below quorum);
    POST: closes the vote; below quorum only with the secretary's reason (the service refuses otherwise)."""
    vote = _managed_vote(request, vote_id)
    back_name, back = _close_back(request, vote)
    if request.method == "GET":
        if vote.status != VoteStatus.OPEN:
            return redirect(back)
        context = {"row": _runner_row(vote), "meeting": vote.meeting, "back": back, "back_name": back_name}
        return render(request, "tenant/meetings/confirm_vote_close.html", context)
    form = VoteCloseForm(request.POST)
    reason = form.cleaned_data["below_quorum_reason"] if form.is_valid() else ""
    try:
        closed = votes.vote_close(vote=vote, actor=acting_user(request), below_quorum_reason=reason)
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
        again = reverse("meetings:vote_close", kwargs={"vote_id": vote.pk})
        return redirect(again + ("?tu=man-hinh" if back_name else ""))
    else:
        verdict = (
            _("không hợp lệ (không đủ số lượng biểu quyết)")
            if not closed.quorum_met
            else _("thông qua")
            if closed.passed
            else _("không thông qua")
        )
        messages.success(request, _("Đã kết thúc biểu quyết: %(verdict)s.") % {"verdict": verdict})
    return redirect(back)


@login_required
def live(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Turnout of one vote for the screen in the meeting room, refreshed every 15 seconds (no secret counts)."""
    vote = _managed_vote(request, vote_id)
    row = _runner_row(vote)
    response = render(request, "tenant/meetings/vote_live.html", {"row": row, "meeting": vote.meeting})
    response["Refresh"] = "15"
    response["Cache-Control"] = "no-store"
    return response
