from django import forms

from tenants.validators import validate_slug


class TenantCreateForm(forms.Form):
    name = forms.CharField(
        label="Tên đảng bộ",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Đảng bộ tỉnh Ninh Bình"}),
    )
    slug = forms.CharField(
        label="Mã đảng bộ (tên miền con)",
        max_length=40,
        validators=[validate_slug],
        help_text="Chữ thường không dấu, số, dấu gạch dưới. Ví dụ: ninhbinh",
        widget=forms.TextInput(attrs={"placeholder": "ninhbinh", "autocapitalize": "none"}),
    )
    admin_email = forms.EmailField(label="Email quản trị viên đầu tiên")


class ConfirmSlugForm(forms.Form):
    confirm_slug = forms.CharField(label="Nhập lại mã đảng bộ để xác nhận", max_length=40)
    reason = forms.CharField(label="Lý do", max_length=500, required=False)
