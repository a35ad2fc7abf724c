"""Forms of the rating pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.ratings.models import Level

LEVEL_CHOICES = [("", "—"), *Level.choices]


class SelfAssessmentForm(forms.Form):
    level = forms.ChoiceField(label=_("Đồng chí tự xếp loại"), choices=Level.choices)
    note = forms.CharField(
        label=_("Tự nhận xét (ưu điểm, hạn chế, kết quả thực hiện nhiệm vụ)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class UnitProposalForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức đề xuất"), choices=Level.choices)
    note = forms.CharField(label=_("Nhận xét"), max_length=500, required=False)


class PolicyForm(forms.Form):
    excellent_cap_pct = forms.IntegerField(
        label=_(
            "Tỷ lệ tối đa “hoàn thành xuất sắc nhiệm vụ”, tính bằng phần trăm số được xếp loại hoàn thành tốt trở lên"
        ),
        min_value=0,
        max_value=100,
        error_messages={"min_value": _("Tỷ lệ từ 0 đến 100."), "max_value": _("Tỷ lệ từ 0 đến 100.")},
    )
    open_year = forms.IntegerField(
        label=_("Năm đang đánh giá (để trống: đóng đợt đánh giá)"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": _("Năm không hợp lệ."), "max_value": _("Năm không hợp lệ.")},
    )
