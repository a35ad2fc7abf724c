"""Forms of the proceedings and catch-up pages: shape only, the rules live in services/proceedings.py."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.meetings.models import TaskStatus


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Biên bản"), widget=forms.Textarea(attrs={"rows": 12}))


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("Nghị quyết"), widget=forms.Textarea(attrs={"rows": 6}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=300)
    owner = forms.IntegerField(label=pgettext_lazy("task", "Người thực hiện"), required=False)
    due_date = forms.DateField(label=_("Hạn hoàn thành"), widget=forms.DateInput(attrs={"type": "date"}))


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=TaskStatus.choices)
    next = forms.CharField(required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=300)
