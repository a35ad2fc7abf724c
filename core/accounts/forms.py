"""Forms of the accounts pages, in Vietnamese."""

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NEW_PASSWORD_HELP = _(
    "Ít nhất 8 ký tự; không toàn chữ số; không quá phổ biến (như 12345678) và không giống tên đăng nhập của bạn."
)


class PasswordChangeForm(DjangoPasswordChangeForm):
    error_messages = {
        **DjangoPasswordChangeForm.error_messages,
        "password_incorrect": _("Mật khẩu hiện tại không đúng. Vui lòng nhập lại."),
        "password_mismatch": _("Hai lần nhập mật khẩu mới không giống nhau."),
        "password_unchanged": _("Mật khẩu mới phải khác mật khẩu hiện tại."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại (mật khẩu trên phiếu nếu đăng nhập lần đầu)")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.fields["new_password2"].help_text = ""
        if self.activating:
            del self.fields["old_password"]

    @property
    def activating(self) -> bool:
        """An account opened with its activation code has no password yet: nothing to confirm."""
        return not self.user.has_usable_password()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        old, new = cleaned.get("old_password"), cleaned.get("new_password1")
        if old and new and old == new:
            self.add_error(
                "new_password1", ValidationError(self.error_messages["password_unchanged"], code="password_unchanged")
            )
        return cleaned


class IssueForm(forms.Form):
    unit = forms.CharField(label=_("Mã tổ chức đảng"), max_length=32)
    include_without_smartphone = forms.BooleanField(
        label=_("Cấp cả cho đảng viên không có điện thoại thông minh"),
        required=False,
        help_text=_("Thường không cần: bí thư chi bộ làm thay các việc cho những đồng chí này."),
    )
