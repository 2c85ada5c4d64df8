from django import forms

from organisations.choices import OrgType
from organisations.models import Org, org_code_validator


class OrgForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=30, required=False)
    code = forms.CharField(
        label="单位代码", max_length=20, validators=[org_code_validator], help_text="大写字母、数字或连字符"
    )
    type = forms.ChoiceField(label="单位类型", choices=OrgType.choices)
    parent = forms.ModelChoiceField(label="上级单位", queryset=Org.objects.none(), required=False)

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
