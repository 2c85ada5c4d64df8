from django import forms

from bulletins.choices import Visibility
from bulletins.models import Bulletin
from common.exceptions import DomainError
from ledger.forms import OrgChoiceField
from reports.services import parse_month


class BulletinCreateForm(forms.Form):
    """`campaigns` and `orgs` are what the user may see and draft for (the service checks the pair)."""

    campaign = forms.ModelChoiceField(label="活动", queryset=None)
    org = OrgChoiceField(label="通报范围", queryset=None, help_text="通报该单位及其下级单位的整改情况。")
    month = forms.CharField(
        label="月份",
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-10"}),
        help_text="格式如 2026-10；月末之后才能生成该月的通报。",
    )

    def __init__(self, *args, campaigns, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["org"].queryset = orgs

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from error


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["title", "visibility", "red_threshold", "black_threshold", "next_steps"]
        widgets = {"next_steps": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "visibility": "建议的发布范围，审核人发布时确认。",
            "next_steps": "每行一条。",
        }


class GoodPracticeForm(forms.Form):
    text = forms.CharField(label="典型做法", widget=forms.Textarea(attrs={"rows": 4}))
    org = OrgChoiceField(label="单位", queryset=None, required=False)
    measure = forms.ModelChoiceField(
        label="整改措施", queryset=None, required=False, help_text="可选：本月验收销号的整改措施。"
    )

    def __init__(self, *args, orgs, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = lambda m: f"{m.problem.code} {m.org.name}：{m.content[:40]}"


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(label="发布范围", choices=Visibility.choices, widget=forms.RadioSelect)
    remark = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 4}))
