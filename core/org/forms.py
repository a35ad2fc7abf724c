from django import forms

from core.org.models import OrgKind


class RenameForm(forms.Form):
    name = forms.CharField(label="Tên mới", max_length=200)


class TargetCodeForm(forms.Form):
    code = forms.CharField(label="Mã tổ chức đích", max_length=32)


class ChildForm(forms.Form):
    code = forms.CharField(label="Mã", max_length=32)
    name = forms.CharField(label="Tên", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=[c for c in OrgKind.choices if c[0] != OrgKind.ROOT])
