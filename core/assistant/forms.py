from django import forms
from django.utils.translation import gettext_lazy as _


class AskForm(forms.Form):
    q = forms.CharField(
        label=_("Câu hỏi của đồng chí"), max_length=500, widget=forms.TextInput(attrs={"autofocus": True})
    )


class EntryForm(forms.Form):
    question = forms.CharField(label=_("Câu hỏi"), max_length=300)
    variants = forms.CharField(
        label=_("Cách hỏi khác (mỗi dòng một cách)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer = forms.CharField(label=_("Câu trả lời"), widget=forms.Textarea(attrs={"rows": 5}))
    link = forms.CharField(label=_("Trang tham khảo (bắt đầu bằng /)"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)
