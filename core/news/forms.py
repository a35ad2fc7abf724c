"""Forms of the news pages. Services validate again and answer in Vietnamese; a refused form keeps what was typed."""

import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.news.models import ArticleCategory, EditorialBoard
from core.org.models import OrgKind, OrgUnit

WHOLE = "whole"
AUDIENCE_DEPTH = 2  # a board may address its unit and the units up to two levels below it (not every cell)
MAX_AUDIENCE_CHOICES = 300
_HAS_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_BLOCK_START = re.compile(r"^<(p|h[2-4]|ul|ol|li|blockquote|table|figure|pre|hr)[\s>/]", re.IGNORECASE)


def paragraphs(text: str) -> str:
    """Blocks separated by a blank line become paragraphs, single line breaks <br>. Text without any tag is
    escaped first; blocks that already start with a block tag are left as they are (the sanitiser runs after)."""
    plain = not _HAS_TAG.search(text)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    out = []
    for block in blocks:
        if plain:
            block = html.escape(block)
        elif _BLOCK_START.match(block):
            out.append(block)
            continue
        out.append("<p>" + "<br>".join(line.strip() for line in block.split("\n")) + "</p>")
    return "".join(out)


def audience_choices(board: EditorialBoard) -> list[tuple[str, str]]:
    unit = board.unit
    units = OrgUnit.objects.filter(
        path__startswith=unit.path, depth__lte=unit.depth + AUDIENCE_DEPTH, valid_to__isnull=True
    ).order_by("path")[:MAX_AUDIENCE_CHOICES]
    choices = [(WHOLE, str(_("Toàn đảng bộ")))] if unit.parent_id is None else []
    for u in units:
        indent = "— " * (u.depth - unit.depth)
        label = _("%(unit)s và các tổ chức trực thuộc") % {"unit": u.name}
        choices.append((str(u.pk), f"{indent}{label}"))
    return choices


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(
        label=_("Tóm tắt (không bắt buộc)"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body_html = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 14, "data-rich-text": "1"}),
        help_text=_("Cách một dòng trống để sang đoạn mới. Có thể dùng các nút định dạng phía trên ô nhập."),
    )
    category = forms.ChoiceField(label=_("Chuyên mục"), choices=ArticleCategory.choices)
    audience = forms.ChoiceField(label=_("Gửi tới"))
    cover = forms.FileField(
        label=_("Ảnh đại diện (JPG, PNG, WEBP; tối đa 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    cover_alt = forms.CharField(label=_("Mô tả ảnh (cho người khiếm thị)"), max_length=200, required=False)
    remove_cover = forms.BooleanField(label=_("Bỏ ảnh đại diện hiện tại"), required=False)

    def __init__(self, *args: object, board: EditorialBoard, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.board = board
        self.fields["audience"].choices = audience_choices(board)  # type: ignore[attr-defined]

    def clean_body_html(self) -> str:
        return paragraphs(self.cleaned_data["body_html"])

    def audience_unit(self) -> OrgUnit | None:
        value = self.cleaned_data["audience"]
        if value == WHOLE:
            return None
        unit = OrgUnit.objects.filter(pk=value, path__startswith=self.board.unit.path).first()
        if unit is None:
            raise ValidationError(_("Đối tượng nhận tin không hợp lệ."))
        return unit


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến / lý do"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Hẹn giờ đăng (để trống: đăng ngay)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class BoardForm(forms.Form):
    unit = forms.ChoiceField(label=_("Cấp uỷ, tổ chức"))
    name = forms.CharField(label=_("Tên ban biên tập (không bắt buộc)"), max_length=200, required=False)

    def __init__(self, *args: object, units: list[OrgUnit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = [(str(u.pk), f"{'— ' * u.depth}{u.name}") for u in units]  # type: ignore[attr-defined]


BOARD_KINDS = [k for k in OrgKind.values if k not in (OrgKind.CELL, OrgKind.PARTY_GROUP)]


class FeedForm(forms.Form):
    board = forms.ChoiceField(label=_("Ban biên tập nhận tin"))
    url = forms.CharField(
        label=_("Địa chỉ RSS/Atom"), max_length=1000, widget=forms.URLInput(attrs={"placeholder": "https://"})
    )
    title = forms.CharField(label=_("Tên nguồn tin (ví dụ: Cổng thông tin Thành uỷ)"), max_length=200, required=False)

    def __init__(self, *args: object, boards: list[EditorialBoard], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["board"].choices = [(str(b.pk), b.name) for b in boards]  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    silent_days = forms.IntegerField(
        label=_("Cảnh báo khi một cấp uỷ không đăng tin quá (ngày)"), min_value=1, max_value=365
    )
