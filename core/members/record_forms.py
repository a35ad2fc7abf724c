"""Forms of the member record pages: add/edit a member, record a status change, work history, rewards,
disciplines. A sensitive field the person filling the form in may not see is not offered (core/members/sensitive.py)."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.members.models import PROFILE_FIELDS, DisciplineForm, ExemptReason, Member, StatusEvent
from core.members.status import StatusInput

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HELP = _("ngày/tháng/năm, ví dụ 25/12/1970")


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=DATE_HELP,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ: dùng dạng ngày/tháng/năm, ví dụ 25/12/1970.")},
    )


class MemberForm(forms.ModelForm):
    date_of_birth = _date_field(_("Ngày sinh"))
    admitted_on = _date_field(_("Ngày vào Đảng"))
    official_on = _date_field(_("Ngày chính thức"), required=False)
    phone = forms.RegexField(
        label=_("Điện thoại"),
        regex=r"^0\d{9}$",
        required=False,
        error_messages={"invalid": _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.")},
    )
    citizen_id = forms.RegexField(
        label=_("Số CCCD"), regex=r"^\d{12}$", required=False, error_messages={"invalid": _("Số CCCD gồm 12 chữ số.")}
    )

    class Meta:
        model = Member
        fields = PROFILE_FIELDS

    def __init__(self, *args: Any, without: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in without:  # sensitive fields the person filling the form in may not see
            self.fields.pop(name, None)
        for name in ("ethnicity", "religion", "education", "qualification", "theory", "sex"):
            field = self.fields.get(name)
            if isinstance(field, forms.ChoiceField):
                options: list[Any] = list(field.choices)  # type: ignore[arg-type]
                field.choices = [("", "—"), *[c for c in options if c[0] != ""]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dob, admitted, official = data.get("date_of_birth"), data.get("admitted_on"), data.get("official_on")
        if dob and admitted and admitted <= dob:
            self.add_error("admitted_on", _("Ngày vào Đảng phải sau ngày sinh."))
        if admitted and official and official < admitted:
            self.add_error("official_on", _("Ngày chính thức không được trước ngày vào Đảng."))
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name in PROFILE_FIELDS}


JOIN_CHOICES = [
    (StatusEvent.ENTERED, _("Đảng viên đang sinh hoạt, bổ sung vào danh sách")),
    (StatusEvent.ADMITTED, _("Kết nạp mới")),
    (StatusEvent.TRANSFERRED_IN, _("Chuyển sinh hoạt đến")),
]


class MemberCreateForm(MemberForm):
    cell = forms.CharField(label=_("Mã chi bộ"), max_length=32)
    joined = forms.ChoiceField(label=_("Vào danh sách do"), choices=JOIN_CHOICES, initial=StatusEvent.ENTERED)
    place = forms.CharField(label=_("Chuyển đến từ (nếu chuyển sinh hoạt đến)"), max_length=200, required=False)

    field_order = ["cell", "joined", "place", *PROFILE_FIELDS]


class StatusForm(forms.Form):
    event = forms.ChoiceField(label=_("Sự kiện"))
    on = _date_field(_("Từ ngày"))
    until = _date_field(_("Đến ngày (dự kiến, nếu có)"), required=False)
    reason = forms.ChoiceField(
        label=_("Lý do miễn sinh hoạt"), required=False, choices=[("", "—"), *ExemptReason.choices]
    )
    place = forms.CharField(label=_("Nơi đến / chuyển đến / chuyển từ"), max_length=200, required=False)
    decision_number = forms.CharField(label=_("Số quyết định (khai trừ, xoá tên)"), max_length=50, required=False)
    decision_date = _date_field(_("Ngày quyết định"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args: Any, events: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = self.fields["event"]
        assert isinstance(event, forms.ChoiceField)
        event.choices = [(e, StatusEvent(e).label) for e in events]

    def data_input(self) -> StatusInput:
        d = self.cleaned_data
        return StatusInput(
            event=d["event"],
            on=d["on"],
            until=d.get("until"),
            reason=d.get("reason") or "",
            place=d.get("place") or "",
            decision_number=d.get("decision_number") or "",
            decision_date=d.get("decision_date"),
            note=d.get("note") or "",
        )


class WorkForm(forms.Form):
    started_on = _date_field(_("Từ ngày"))
    ended_on = _date_field(_("Đến ngày (trống nếu đang làm)"), required=False)
    position = forms.CharField(label=_("Chức vụ, công việc"), max_length=200)
    workplace = forms.CharField(label=_("Nơi công tác"), max_length=200)


class RewardForm(forms.Form):
    form = forms.CharField(label=_("Hình thức khen thưởng"), max_length=200)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decision_date = _date_field(_("Ngày quyết định"))
    issued_by = forms.CharField(label=_("Cấp quyết định"), max_length=200, required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)


class DisciplineFormFields(RewardForm):
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices)  # type: ignore[assignment]


class SmartphoneForm(forms.Form):
    has_smartphone = forms.TypedChoiceField(
        label=_("Điện thoại thông minh"),
        choices=[("1", _("Có")), ("0", _("Không có"))],
        coerce=lambda v: v == "1",
    )
