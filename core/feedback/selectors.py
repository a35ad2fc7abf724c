"""Reads of feedback: my threads, a handler's inbox (threads addressed to units of their subtree), one thread for
its author or a handler (None otherwise: "not found" alike), the author's name as a viewer may see it, response
times per unit."""

import statistics
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.access.checks import has_perm_on, scope_q
from core.access.permissions import FEEDBACK_HANDLE
from core.feedback.models import Status, Thread

ANONYMOUS = "Đảng viên (ẩn danh)"


def my_threads(user: User | AnonymousUser) -> QuerySet[Thread]:
    if not user.is_authenticated:
        return Thread.objects.none()
    return Thread.objects.filter(Q(author_id=user.pk) | Q(filed_by_id=user.pk)).select_related("unit")


def inbox(user: User | AnonymousUser, status: str = "") -> QuerySet[Thread]:
    qs = Thread.objects.filter(scope_q(user, FEEDBACK_HANDLE, "unit__path")).select_related(
        "unit", "member", "author_cell"
    )
    return qs.filter(status=status) if status in Status.values else qs


def thread_for(user: User | AnonymousUser, pk: int | str) -> Thread | None:
    try:
        thread = Thread.objects.select_related("unit", "member", "author_cell").get(pk=pk)
    except (Thread.DoesNotExist, ValueError, TypeError):
        return None
    if user.is_authenticated and user.pk in (thread.author_id, thread.filed_by_id):
        return thread
    return thread if has_perm_on(user, FEEDBACK_HANDLE, thread.unit) else None


def author_name(thread: Thread, viewer: User | AnonymousUser) -> str:
    """The author's name, or ANONYMOUS for the author's own cell when they asked to be hidden from it."""
    name = thread.member.full_name if thread.member else _("(không rõ)")
    if not thread.hide_name_from_cell or viewer.pk in (thread.author_id, thread.filed_by_id):
        return name
    cell = thread.author_cell
    parent = cell.parent if cell is not None and cell.parent_id else None
    return name if parent is not None and has_perm_on(viewer, FEEDBACK_HANDLE, parent) else ANONYMOUS


@dataclass
class UnitTimes:
    unit: str
    total: int
    open: int
    answered: int
    median_hours: float | None


def response_times(user: User | AnonymousUser) -> list[UnitTimes]:
    """Per addressed unit of the handler's scope: threads, still open, answered, median hours to first response."""
    rows: dict[str, list[Thread]] = {}
    for thread in inbox(user).order_by("unit__path"):
        rows.setdefault(thread.unit.name, []).append(thread)
    out = []
    for name, threads in rows.items():
        waits = [(t.first_response_at - t.created_at).total_seconds() / 3600 for t in threads if t.first_response_at]
        out.append(
            UnitTimes(
                unit=name,
                total=len(threads),
                open=sum(t.status in (Status.NEW, Status.IN_PROGRESS) for t in threads),
                answered=sum(t.first_response_at is not None for t in threads),
                median_hours=round(statistics.median(waits), 1) if waits else None,
            )
        )
    return out
