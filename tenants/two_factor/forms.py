"""The one field of the 2FA pages: a code from the app (6 digits) or a backup code."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=16,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())
