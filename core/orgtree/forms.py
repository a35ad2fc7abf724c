from django import forms
from django.utils.translation import gettext_lazy as _

from core.org.models import OrgKind


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Tên mới"), max_length=200)


class TargetCodeForm(forms.Form):
    code = forms.CharField(label=_("Mã tổ chức đích"), max_length=32)


class ChildForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=32)
    name = forms.CharField(label=_("Tên"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=[c for c in OrgKind.choices if c[0] != OrgKind.ROOT])
