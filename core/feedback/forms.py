from django import forms
from django.utils.translation import gettext_lazy as _

from core.org.models import OrgUnit


class ThreadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Gửi tới"), queryset=OrgUnit.objects.none(), empty_label=None)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=200)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    hide_name_from_cell = forms.BooleanField(
        label=_("Không hiện tên tôi với chi bộ"),
        required=False,
        help_text=_(
            "Bí thư, phó bí thư chi bộ của đồng chí sẽ không thấy tên; cấp ủy cấp trên xử lý ý kiến vẫn thấy tên."
        ),
    )
    file = forms.FileField(label=_("Tệp đính kèm (không bắt buộc)"), required=False)

    def __init__(self, *args: object, units: list[OrgUnit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        field.initial = units[0].pk if units else None


class ProxyForm(forms.Form):
    card = forms.CharField(label=_("Số thẻ đảng của đảng viên"), max_length=20)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    file = forms.FileField(label=_("Tệp đính kèm (không bắt buộc)"), required=False)
