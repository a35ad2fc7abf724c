"""The upload form of the imports page."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.imports.models import ImportKind, ImportMode
from core.imports.storage import extension_of

MAX_UPLOAD_MB = 200
_INLINE = {"class": "check-input"}  # the site CSS sizes every input; this class undoes it (no style="": CSP)


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"), choices=ImportKind.choices, widget=forms.RadioSelect(attrs=_INLINE)
    )
    file = forms.FileField(
        label=_("Tệp dữ liệu"),
        help_text=_("Tệp .csv (mã UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy) hoặc .xlsx (Excel)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("Khi có dòng lỗi"),
        choices=ImportMode.choices,
        initial=ImportMode.ALL_OR_NOTHING,
        widget=forms.RadioSelect(attrs=_INLINE),
    )
    dry_run = forms.BooleanField(
        label=_("Chạy thử: chỉ kiểm tra và báo cáo, chưa ghi dữ liệu"),
        required=False,
        initial=False,
        widget=forms.CheckboxInput(attrs=_INLINE),
    )

    def clean_file(self) -> Any:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        ext = extension_of(name)
        if ext == ".xls":
            raise forms.ValidationError(
                _("Tệp .xls (Excel 97-2003) không được hỗ trợ: hãy mở bằng Excel và lưu lại thành .xlsx.")
            )
        if ext not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn hơn %(mb)s MB; hãy chia nhỏ tệp.") % {"mb": MAX_UPLOAD_MB})
        return upload
