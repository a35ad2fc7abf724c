from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.validators import validate_slug


class TenantCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên đảng bộ"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Đảng bộ tỉnh Ninh Bình")}),
    )
    slug = forms.CharField(
        label=_("Mã đảng bộ (tên miền con)"),
        max_length=40,
        validators=[validate_slug],
        help_text=_("Chữ thường không dấu, số, dấu gạch dưới. Ví dụ: ninhbinh"),
        widget=forms.TextInput(attrs={"placeholder": "ninhbinh", "autocapitalize": "none"}),
    )
    admin_email = forms.EmailField(label=_("Email quản trị viên đầu tiên"))


class ConfirmSlugForm(forms.Form):
    confirm_slug = forms.CharField(label=_("Nhập lại mã đảng bộ để xác nhận"), max_length=40)
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)


class OfficerInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email cán bộ ban tổ chức tỉnh uỷ"))
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitTransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Chuyển sang"))
    reason = forms.CharField(
        label=_("Lý do"), max_length=500, error_messages={"required": _("Vui lòng ghi lý do chuyển trạng thái.")}
    )
    new_end_date = forms.DateField(
        label=_("Ngày kết thúc thí điểm mới"),
        required=False,
        widget=_DATE,
        help_text=_("Bắt buộc khi gia hạn thí điểm."),
        error_messages={"invalid": _("Ngày không hợp lệ.")},
    )

    def __init__(self, *args: Any, next_states: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_state"] = forms.ChoiceField(label=_("Chuyển sang"), choices=next_states)


class WaveCreateForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt"), max_length=120)
    planned_start = forms.DateField(label=_("Bắt đầu dự kiến"), widget=_DATE)
    planned_end = forms.DateField(label=_("Kết thúc dự kiến"), widget=_DATE)
    target_installed_pct = forms.IntegerField(label=_("Mục tiêu cài đặt (%)"), min_value=0, max_value=100, initial=90)
    target_active_pct = forms.IntegerField(
        label=_("Mục tiêu sử dụng hằng tháng (%)"), min_value=0, max_value=100, initial=80
    )
    unit_codes = forms.MultipleChoiceField(
        label=_("Đơn vị trong đợt"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vui lòng chọn ít nhất một đơn vị cho đợt.")},
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit_codes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = units


class WavePromoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), max_length=500, error_messages={"required": _("Vui lòng ghi lý do chuyển sang chính thức.")}
    )
