from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.members.models import MemberStatus, Sex


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, số thẻ đảng, điện thoại"), required=False, max_length=120)
    unit = forms.CharField(label=_("Mã tổ chức"), required=False, max_length=32)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *MemberStatus.choices]
    )
    page = forms.IntegerField(required=False, min_value=1)


class TransferForm(forms.Form):
    to_cell = forms.CharField(label=_("Chuyển đến chi bộ (mã)"), max_length=32)
    reason = forms.CharField(label=_("Lý do"), max_length=200, required=False)


class CorrectionForm(forms.Form):
    """Only the fields the member wants changed need to be filled in."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    date_of_birth = forms.DateField(
        label=_("Ngày sinh (dd/mm/yyyy)"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    phone = forms.RegexField(
        label=_("Điện thoại"),
        regex=r"^0\d{9}$",
        required=False,
        error_messages={"invalid": _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.")},
    )
    citizen_id = forms.RegexField(
        label=_("Số CCCD"), regex=r"^\d{12}$", required=False, error_messages={"invalid": _("Số CCCD gồm 12 chữ số.")}
    )
    note = forms.CharField(
        label=_("Ghi chú cho chi bộ"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, without: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in without:  # sensitive fields the person filling the form in may not see
            self.fields.pop(name, None)

    def changes(self) -> dict[str, object]:
        return {k: v for k, v in self.cleaned_data.items() if k != "note" and v not in ("", None)}
