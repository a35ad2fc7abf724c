"""Forms of the proceedings and catch-up pages: shape only, the rules live in services/proceedings.py."""

from django import forms

from core.meetings.models import TaskStatus


class MinutesForm(forms.Form):
    text = forms.CharField(label="Biên bản", widget=forms.Textarea(attrs={"rows": 12}))


class ResolutionForm(forms.Form):
    text = forms.CharField(label="Nghị quyết", widget=forms.Textarea(attrs={"rows": 6}))


class TaskForm(forms.Form):
    title = forms.CharField(label="Nhiệm vụ", max_length=300)
    owner = forms.IntegerField(label="Người thực hiện", required=False)
    due_date = forms.DateField(label="Hạn hoàn thành", widget=forms.DateInput(attrs={"type": "date"}))


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices)
    next = forms.CharField(required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label="Lý do hủy", max_length=300)
