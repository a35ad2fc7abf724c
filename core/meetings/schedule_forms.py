"""Forms of the schedule area: monthly series, one month's edit, document upload (rules are in services)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.meetings.forms import online_url_field
from core.meetings.models import Meeting

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class SeriesForm(forms.Form):
    cell = forms.CharField(widget=forms.HiddenInput)
    day_of_month = forms.IntegerField(label=_("Ngày trong tháng"), min_value=1, max_value=28)
    start_time = forms.TimeField(label=_("Giờ bắt đầu"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("Thời lượng (phút)"), min_value=15, max_value=720, initial=120)
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)


class RescheduleForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    topic = forms.CharField(label=_("Chuyên đề"), max_length=300, required=False)
    starts_at = forms.DateTimeField(
        label=_("Bắt đầu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    )
    ends_at = forms.DateTimeField(
        label=_("Kết thúc"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    online_url = online_url_field()

    @classmethod
    def for_meeting(cls, meeting: Meeting, **kwargs: Any) -> "RescheduleForm":
        initial = {
            "title": meeting.title,
            "topic": meeting.topic,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "place": meeting.place,
            "online_url": meeting.online_url,
        }
        return cls(initial=initial, prefix="lich", **kwargs)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=200, required=False)
    file = forms.FileField(label=_("Tệp (PDF, Word, Excel, PowerPoint, ảnh, TXT; tối đa 20 MB)"))
