from django import forms

from accounts.models import User
from campaigns.models import Campaign
from leadership.choices import RegulationAction
from leadership.models import Regulation
from ledger.choices import MajorKind
from ledger.forms import DATE, OrgChoiceField, PersonChoiceField
from ledger.models import Problem
from organisations.models import Org

MAJOR_KINDS = [("", "—"), *MajorKind.choices]


class ProblemCodesField(forms.CharField):
    """Problems by their codes, one a line (a drop-down of every problem would not scale). Codes are
    looked up among the problems the user sees; `problems` is set by the form."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "2026-PB-001\n2026-PB-014"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "每行一个问题编号，只能关联本单位及下级单位的问题。")
        super().__init__(**kwargs)
        self.problems = Problem.objects.none()

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(problem.code if isinstance(problem, Problem) else str(problem) for problem in value)
        return value

    def clean(self, value):
        codes = list(dict.fromkeys(code.strip() for code in (super().clean(value) or "").split() if code.strip()))
        found = {problem.code: problem for problem in self.problems.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(f"未找到问题编号 {'、'.join(missing)}，或您无权查看。")
        return list(found.values())


class LedFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(label="活动", queryset=Campaign.objects.none(), required=False)
    leader = PersonChoiceField(label="领办领导", queryset=User.objects.none(), required=False)
    major_kind = forms.ChoiceField(label="五个重大", choices=[("", "全部"), *MajorKind.choices], required=False)

    def __init__(self, *args, campaigns, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["leader"].queryset = leaders


class ResearchTopicForm(forms.Form):
    campaign = forms.ModelChoiceField(label="活动", queryset=Campaign.objects.none())
    org = OrgChoiceField(label="单位", queryset=Org.objects.none())
    leader = PersonChoiceField(label="牵头领导", queryset=User.objects.none())
    title = forms.CharField(label="调研题目", max_length=200)
    major_kind = forms.ChoiceField(label="五个重大", choices=MAJOR_KINDS, required=False)
    planned_start = forms.DateField(label="计划开始", widget=DATE)
    planned_end = forms.DateField(label="计划完成", widget=DATE)

    def __init__(self, *args, campaigns, orgs, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["org"].queryset = orgs
        self.fields["leader"].queryset = people


class ReportUploadForm(forms.Form):
    report = forms.FileField(
        label="调研报告",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf"}),
        help_text="Word（.docx）或 PDF，不超过 20 MB。",
    )
    findings = forms.CharField(label="调研发现与成果", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ConcludeForm(forms.Form):
    findings = forms.CharField(label="调研发现与成果", widget=forms.Textarea(attrs={"rows": 4}))


class ProblemLinkForm(forms.Form):
    problems = ProblemCodesField(label="后续问题")

    def __init__(self, *args, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].problems = problems


class RegulationFilterForm(forms.Form):
    org = OrgChoiceField(label="单位（含下级）", queryset=Org.objects.none(), required=False)
    action = forms.ChoiceField(label="类型", choices=[("", "全部"), *RegulationAction.choices], required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class RegulationForm(forms.Form):
    campaign = forms.ModelChoiceField(label="活动", queryset=Campaign.objects.none())
    org = OrgChoiceField(label="制定单位", queryset=Org.objects.none())
    title = forms.CharField(label="制度名称", max_length=200)
    doc_number = forms.CharField(label="文号", max_length=50, required=False, help_text="例如：青卫发〔2026〕15号")
    action = forms.ChoiceField(label="类型", choices=RegulationAction.choices)
    issued_on = forms.DateField(label="印发日期", widget=DATE)
    summary = forms.CharField(label="主要内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    replaces = forms.ModelChoiceField(
        label="所修订或废止的制度",
        queryset=Regulation.objects.none(),
        required=False,
        help_text="修订或废止时选择原制度（须是本单位的制度）。",
    )
    problems = ProblemCodesField(label="针对的问题")
    file = forms.FileField(
        label="制度文件",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
        help_text="可选：PDF、Word 或图片，不超过 20 MB。",
    )

    def __init__(self, *args, campaigns, orgs, regulations, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["org"].queryset = orgs
        self.fields["replaces"].queryset = regulations
        self.fields["problems"].problems = problems

    def clean(self):
        data = super().clean()
        if data.get("action") == RegulationAction.MADE and data.get("replaces"):
            self.add_error("replaces", "新制定的制度不选择原制度。")
        return data


class RegulationEditForm(RegulationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["campaign"]
        del self.fields["org"]
