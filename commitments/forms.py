from django import forms

from accounts.models import User
from campaigns.models import Campaign, ProblemCategory
from commitments.choices import CommitmentStatus
from ledger.forms import DATE, EvidenceField, OrgChoiceField, PersonChoiceField
from organisations.models import Org


class CommitmentFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(label="活动", queryset=Campaign.objects.none(), required=False)
    org = OrgChoiceField(label="单位（含下级）", queryset=Org.objects.none(), required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *CommitmentStatus.choices], required=False)
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    q = forms.CharField(label="搜索", required=False, max_length=100)

    def __init__(self, *args, campaigns, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["org"].queryset = orgs


class CommitmentForm(forms.Form):
    campaign = forms.ModelChoiceField(label="活动", queryset=Campaign.objects.none())
    org = OrgChoiceField(label="承诺单位", queryset=Org.objects.none(), help_text="您任主要负责人或班子成员的单位。")
    content = forms.CharField(label="承诺内容", widget=forms.Textarea(attrs={"rows": 3}))
    target = forms.CharField(
        label="衡量标准",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="可衡量、可检验，例如：年底前门诊高峰期排队时间不超过15分钟。",
    )
    deadline = forms.DateField(label="兑现时限", widget=DATE)
    responsible = PersonChoiceField(label="责任人", queryset=User.objects.none())
    category = forms.ModelChoiceField(label="类别", queryset=ProblemCategory.objects.none(), required=False)

    def __init__(self, *args, campaigns, orgs, people, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["org"].queryset = orgs
        self.fields["responsible"].queryset = people
        self.fields["category"].queryset = categories


class CommitmentEditForm(CommitmentForm):
    position = forms.CharField(label="承诺人职务", max_length=50, help_text="公开时显示，例如：院长。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["campaign"]
        del self.fields["org"]


class ReportForm(forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    files = EvidenceField(label="佐证材料", required=False, help_text="PDF、图片、Word 或 Excel，每个不超过 20 MB。")


class FulfilmentForm(forms.Form):
    text = forms.CharField(label="兑现情况", widget=forms.Textarea(attrs={"rows": 4}))
    files = EvidenceField(label="佐证材料", help_text="至少一份：PDF、图片、Word 或 Excel，每个不超过 20 MB。")
