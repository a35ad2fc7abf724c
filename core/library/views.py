"""Members' library pages: list and search with filters, bookmarks, a document (marks it read), downloads.
Every document and file is fetched through the reader's audience: 404 alike for missing, unpublished,
outside the audience and other tenants' ids."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.access.checks import has_perm_anywhere
from core.access.permissions import LIBRARY_EDIT
from core.content.audience import audience_label, reader_for
from core.content.storage import PLATFORM, file_response
from core.content.visits import visit_record, visit_threshold
from core.library import reading
from core.library.forms import FiltersForm
from core.library.selectors import Filters, attachment_for_reader, document_for_reader, is_bookmarked, library_page
from core.library.services import STORE
from core.web import acting_user

AREA = "library"


def filters_from(form: FiltersForm, *, bookmarked: bool = False) -> Filters:
    if not form.is_valid():
        return Filters(bookmarked=bookmarked)
    data = form.cleaned_data
    return Filters(
        q=data["q"] or "", level=data["level"] or "", kind=data["kind"] or "", year=data["year"], bookmarked=bookmarked
    )


def opened(user: User, filters: Filters, offset: int) -> dt.datetime | None:
    """Opening the library's first page records a visit; a search, a filter or a further page only reads the
    threshold (no write on the search path)."""
    if filters == Filters() and offset == 0:
        return visit_record(user=user, area=AREA)
    return visit_threshold(user, AREA)


def offset_from(request: HttpRequest) -> int:
    try:
        return max(0, min(int(request.GET.get("offset", 0)), 10_000))
    except ValueError:
        return 0


@login_required
@require_GET
def library_list(request: HttpRequest, bookmarked: bool = False) -> HttpResponse:
    user = acting_user(request)
    reader = reader_for(user)
    form = FiltersForm(request.GET or None)
    filters = filters_from(form, bookmarked=bookmarked)
    offset = offset_from(request)
    since = opened(user, filters, offset)
    page = library_page(reader, filters, offset, new_since=since)
    query = request.GET.copy()
    query.pop("offset", None)
    return render(
        request,
        "tenant/library/list.html",
        {
            "form": form if form.is_bound else FiltersForm(),
            "page": page,
            "bookmarked_view": bookmarked,
            "query": query.urlencode(),
            "next_offset": page.offset + len(page.items),
            "can_manage": has_perm_anywhere(user, LIBRARY_EDIT),
        },
    )


@login_required
@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    reader = reader_for(request.user)
    document = document_for_reader(reader, document_id)
    if document is None:
        raise Http404
    reading.document_read(document=document, reader=reader)
    return render(
        request,
        "tenant/library/detail.html",
        {
            "document": document,
            "audience": audience_label(document.audience_unit),
            "bookmarked": is_bookmarked(reader.user_id, document),
        },
    )


@login_required
@require_POST
def bookmark_toggle(request: HttpRequest, document_id: int) -> HttpResponse:
    reader = reader_for(request.user)
    document = document_for_reader(reader, document_id)
    if document is None:
        raise Http404
    reading.bookmark_set(document=document, user=acting_user(request), on=request.POST.get("on") == "1")
    return redirect("library:detail", document_id=document.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, document_id: int, attachment_id: int) -> FileResponse:
    attachment = attachment_for_reader(reader_for(request.user), document_id, attachment_id)
    if attachment is None:
        raise Http404
    return attachment_file(attachment, inline=request.GET.get("xem") == "1")


def attachment_file(attachment: object, *, inline: bool = False) -> FileResponse:
    """The stored file of an attachment whose access was checked (tenant or shared platform directory)."""
    from core.library.models import Attachment

    assert isinstance(attachment, Attachment)
    try:
        stored = STORE.object(attachment.stored_name, PLATFORM if attachment.shared else None)
        return file_response(
            stored, filename=attachment.original_name, content_type=attachment.content_type, inline=inline
        )
    except FileNotFoundError as exc:
        raise Http404 from exc
