"""The audit log's filters (page, CSV export and API share them)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.audit.sentences import kind_choices
from core.auditlog.selectors import AuditFilters
from core.members.models import Member
from core.org.selectors import unit_by_code

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class AuditFilterForm(forms.Form):
    unit = forms.CharField(label=_("Mã tổ chức"), required=False, max_length=32)
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    actor = forms.CharField(label=_("Tài khoản người thực hiện"), required=False, max_length=150)
    card = forms.CharField(label=_("Về đảng viên (số thẻ đảng)"), required=False, max_length=20)
    day_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS)
    day_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("Tất cả")), *kind_choices()]

    def clean_unit(self) -> str:
        code = self.cleaned_data["unit"].strip()
        if code and unit_by_code(code) is None:
            raise forms.ValidationError(_("Không có tổ chức với mã này."))
        return code

    def clean_card(self) -> str:
        card = self.cleaned_data["card"].strip()
        if card and not Member.objects.filter(party_card_number=card).exists():
            raise forms.ValidationError(_("Không có đảng viên với số thẻ này."))
        return card

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day_from") and data.get("day_to") and data["day_to"] < data["day_from"]:
            self.add_error("day_to", _("Đến ngày không được trước từ ngày."))
        return data

    def filters(self) -> AuditFilters:
        """The filters of a valid form (an invalid one filters nothing out: the page shows the errors)."""
        data = self.cleaned_data if self.is_valid() else {}
        unit = unit_by_code(data["unit"]) if data.get("unit") else None
        member = Member.objects.filter(party_card_number=data["card"]).first() if data.get("card") else None
        return AuditFilters(
            unit=unit,
            action=data.get("action") or "",
            actor=(data.get("actor") or "").strip(),
            member_id=member.pk if member else None,
            day_from=data.get("day_from"),
            day_to=data.get("day_to"),
        )
