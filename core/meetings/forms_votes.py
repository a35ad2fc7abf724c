"""Forms of the vote pages: shape only (the vote rules live in core.meetings.services.votes)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.meetings.models import VoteChoice


class VoteOpenForm(forms.Form):
    question = forms.CharField(label=_("Nội dung biểu quyết"), max_length=300)
    agenda_item = forms.IntegerField(label=_("Về nội dung"), required=False)
    secret = forms.BooleanField(label=_("Bỏ phiếu kín"), required=False)


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=_("Lựa chọn"), choices=VoteChoice.choices)


class ProxyBallotForm(BallotForm):
    member = forms.IntegerField()


class VoteCloseForm(forms.Form):
    below_quorum_reason = forms.CharField(label=_("Lý do kết thúc khi chưa đủ 2/3"), required=False)


class PaperBallotsForm(forms.Form):
    members = forms.TypedMultipleChoiceField(label=_("Đảng viên bỏ phiếu giấy"), coerce=int, choices=())
    yes = forms.IntegerField(label=VoteChoice.YES.label, min_value=0, initial=0)
    no = forms.IntegerField(label=VoteChoice.NO.label, min_value=0, initial=0)
    abstain = forms.IntegerField(label=VoteChoice.ABSTAIN.label, min_value=0, initial=0)

    def __init__(self, *args: Any, member_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in member_ids]

    def counts(self) -> dict[str, int]:
        return {c: self.cleaned_data[c] for c in VoteChoice.values}
