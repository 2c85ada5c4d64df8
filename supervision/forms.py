from django import forms

from accounts.models import User
from campaigns.models import Campaign, ProblemCategory
from ledger.forms import DATE, OrgChoiceField, PersonChoiceField
from organisations.models import Org
from supervision.choices import CheckResult, InspectionType, Severity, UrgeStatus


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Campaign) -> str:
        return f"{obj.theme}（{obj.org.display_name}）"


class UrgeNoticeForm(forms.Form):
    """A notice to an org; for a notice about a measure the campaign and org come from the measure."""

    campaign = CampaignChoiceField(label="活动", queryset=Campaign.objects.none())
    org = OrgChoiceField(label="督办对象单位", queryset=Org.objects.none())
    text = forms.CharField(label="督办事项", widget=forms.Textarea(attrs={"rows": 4}))
    answer_by = forms.DateField(
        label="反馈期限", required=False, widget=DATE, help_text="不填则按升级规则第一级的工作日数自动计算。"
    )

    def __init__(self, *args, campaigns, orgs, for_measure: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if for_measure:
            del self.fields["campaign"], self.fields["org"]
        else:
            self.fields["campaign"].queryset = campaigns
            self.fields["org"].queryset = orgs


class AnswerForm(forms.Form):
    answer = forms.CharField(label="反馈情况", widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(
        label="佐证材料",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.gif,.webp,.docx,.xlsx"}),
    )


class UrgeFilterForm(forms.Form):
    level = forms.TypedChoiceField(label="级别", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *UrgeStatus.choices], required=False)
    overdue = forms.BooleanField(label="仅看逾期未反馈", required=False)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "全部"), *levels]


class StepForm(forms.Form):
    name = forms.CharField(label="名称", max_length=30, required=False)
    days = forms.IntegerField(label="反馈期限（工作日）", min_value=1, max_value=60, required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("days"):
            self.add_error("days", "请填写反馈期限。")
        return data


StepFormSet = forms.formset_factory(StepForm, extra=1)


class InspectionForm(forms.Form):
    campaign = CampaignChoiceField(label="活动", queryset=Campaign.objects.none())
    type = forms.ChoiceField(label="督查类型", choices=InspectionType.choices)
    visited_on = forms.DateField(label="督查日期", widget=DATE)
    org = OrgChoiceField(label="被督查单位", queryset=Org.objects.none())
    inspectors = forms.ModelMultipleChoiceField(
        label="督查人员", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label="督查情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    findings = forms.CharField(
        label="发现问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一条；保存后也可在督查记录中逐条添加。",
    )

    def __init__(self, *args, campaigns, orgs, people, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["org"].queryset = orgs
        self.fields["inspectors"].queryset = people
        self.fields["inspectors"].label_from_instance = lambda person: person.name or person.username
        if editing:
            del self.fields["findings"]

    def clean_findings(self) -> list[tuple[str, str]]:
        return [(line.strip(), "") for line in self.cleaned_data["findings"].splitlines() if line.strip()]


class FindingForm(forms.Form):
    text = forms.CharField(label="发现问题", widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label="严重程度", choices=[("", "不区分"), *Severity.choices], required=False)


class SpotCheckForm(forms.Form):
    campaign = CampaignChoiceField(label="活动", queryset=Campaign.objects.none())
    org = OrgChoiceField(label="抽查范围（含下级）", queryset=Org.objects.none())
    category = forms.ModelChoiceField(label="问题类别", queryset=ProblemCategory.objects.none(), required=False)
    sample_size = forms.IntegerField(label="抽取条数", min_value=1, required=False)
    sample_percent = forms.IntegerField(label="或抽取比例（%）", min_value=1, max_value=100, required=False)
    seed = forms.IntegerField(
        label="随机种子",
        min_value=0,
        max_value=2**62,
        required=False,
        help_text="不填则随机生成；填入已有抽查的种子可复现该次抽取。",
    )
    checker = PersonChoiceField(label="复核人", queryset=User.objects.none(), required=False)

    def __init__(self, *args, campaigns, orgs, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["org"].queryset = orgs
        self.fields["category"].queryset = ProblemCategory.objects.filter(campaign__in=campaigns).select_related(
            "campaign"
        )
        self.fields["checker"].queryset = people

    def clean(self):
        data = super().clean()
        if (data.get("sample_size") is None) == (data.get("sample_percent") is None):
            raise forms.ValidationError("请填写抽取条数或抽取比例（二选一）。")
        return data


class CheckerForm(forms.Form):
    checker = PersonChoiceField(label="复核人", queryset=User.objects.none())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checker"].queryset = people


class CheckResultForm(forms.Form):
    result = forms.ChoiceField(
        label="复核结果",
        choices=[(value, label) for value, label in CheckResult.choices if value != CheckResult.PENDING],
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(label="复核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
