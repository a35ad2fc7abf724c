from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing_free.models import Plan


class PlanChangeForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Gói mới"), queryset=Plan.objects.order_by("pk"), empty_label=None,
        error_messages={"invalid_choice": _("Gói không tồn tại.")},
    )  # fmt: skip
    effective_on = forms.DateField(
        label=_("Ngày hiệu lực"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Ngày không hợp lệ (dạng YYYY-MM-DD).")},
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Lý do"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Vui lòng ghi lý do đổi gói.")},
    )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["effective_on"].initial = timezone.localdate()
