"""Forms of the library pages (rules are checked by the services)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.library.models import DocumentKind, DocumentLevel

ANY = [("", _("Tất cả"))]


class FiltersForm(forms.Form):
    q = forms.CharField(label=_("Tìm văn bản"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Cấp ban hành"), choices=ANY + DocumentLevel.choices, required=False)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=ANY + DocumentKind.choices, required=False)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = ANY + [(str(y), str(y)) for y in range(this_year, this_year - 15, -1)]


AUDIENCE_CHOICES = [
    ("unit", _("Đơn vị ban hành và các tổ chức trực thuộc")),
    ("all", _("Toàn đảng bộ")),
]


class DocumentForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị ban hành (thư viện của)"))
    audience = forms.ChoiceField(label=_("Gửi tới"), choices=AUDIENCE_CHOICES, initial="unit")
    audience_code = forms.CharField(
        label=_("Hoặc chỉ gửi tới đơn vị (mã đơn vị trực thuộc)"), max_length=32, required=False
    )
    level = forms.ChoiceField(label=_("Cấp ban hành"), choices=DocumentLevel.choices)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False, help_text=_("Ví dụ: 05-CT/TU"))
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=_("Toàn văn (nếu có)"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = units


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Tên tệp (không bắt buộc)"), max_length=200, required=False)
    file = forms.FileField(label=_("Tệp đính kèm (PDF, Word, Excel, ảnh; tối đa 20 MB)"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=500)
