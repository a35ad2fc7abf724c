"""Forms of the meetings pages (validation of rules happens in the services)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.meetings.models import AttendanceStatus, MeetingKind


def online_url_field() -> forms.CharField:
    """The optional online meeting link of the schedule and edit forms (the service checks it is http(s))."""
    return forms.CharField(
        label=_("Đường dẫn họp trực tuyến (nếu có)"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


class ScheduleForm(forms.Form):
    cell = forms.ChoiceField(label=_("Chi bộ / cấp ủy"))
    kind = forms.ChoiceField(label=_("Loại"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    topic = forms.CharField(label=_("Chuyên đề"), max_length=300, required=False)
    starts_at = forms.DateTimeField(label=_("Bắt đầu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Kết thúc"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    online_url = online_url_field()

    def __init__(self, *args: Any, cells: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cell"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = cells


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=200)
    details = forms.CharField(label=_("Chi tiết"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(forms.Form):
    agenda_item = forms.IntegerField(label=_("Về nội dung"), required=False)
    text = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}))
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    idem = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)  # idempotency key of the send


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Mã điểm danh"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}),
    )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Điểm danh"), choices=AttendanceStatus.choices)
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False)
