from django import forms

from accounts.models import User
from campaigns.models import Campaign, ProblemCategory
from ledger.choices import Light, MajorKind, MeasureKind, MeasureStatus, Priority, ProblemSource
from ledger.models import Problem
from organisations.models import Org
from organisations.selectors import org_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SORTS = {"due": "按时限（先到期）", "-due": "按时限（后到期）", "new": "最新登记", "old": "最早登记"}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.username


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return f"{'　' * obj.depth}{obj.name}"

    def offer_steps(self, user: User, selected: Org | None) -> None:
        """For a filter: list the top of the user's scope and the step down to `selected`
        (`org_choices`), not every org of the queryset, which still says what is accepted."""
        self.widget.choices = [("", "全部"), *org_choices(user, selected)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.gif,.webp,.docx,.xlsx"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(EvidenceField, self).clean(item, initial) for item in files]


class LedgerFilterForm(forms.Form):
    """The ledger's filters. Every choice list comes from what the user may see."""

    campaign = forms.ModelChoiceField(label="活动", queryset=Campaign.objects.none(), required=False)
    org = OrgChoiceField(label="单位（含下级）", queryset=Org.objects.none(), required=False)
    category = forms.ChoiceField(label="问题类别", required=False)
    source = forms.ChoiceField(label="问题来源", choices=[("", "全部"), *ProblemSource.choices], required=False)
    kind = forms.ChoiceField(label="整改类型", choices=[("", "全部"), *MeasureKind.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *MeasureStatus.choices], required=False)
    light = forms.ChoiceField(
        label="灯色", choices=[("", "全部"), *[(v, lbl) for v, lbl in Light.choices if v != Light.NONE]], required=False
    )
    leader = PersonChoiceField(label="责任领导", queryset=User.objects.none(), required=False)
    owner = PersonChoiceField(label="责任人", queryset=User.objects.none(), required=False)
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    missing = forms.BooleanField(label="仅看未按月报送进展", required=False)
    q = forms.CharField(label="搜索", required=False, max_length=100)
    sort = forms.ChoiceField(label="排序", choices=list(SORTS.items()), required=False)

    def __init__(self, *args, campaigns, orgs, people, categories, **kwargs):
        """`orgs` and `people` validate what is submitted (the user's whole scope); what the
        drop-downs offer is set by `offer`, once the chosen org is known."""
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["org"].queryset = orgs
        self.fields["leader"].queryset = people
        self.fields["owner"].queryset = people
        self.fields["category"].choices = [("", "全部"), *[(name, name) for name in categories]]

    def offer(self, *, campaigns, orgs, leaders, owners) -> None:
        """What the drop-downs list. `campaigns` are the campaign field's queryset, already read (a model
        field's own choices read it again, through a server-side cursor on PostgreSQL)."""
        for name, choices in (("org", orgs), ("leader", leaders), ("owner", owners)):
            self.fields[name].widget.choices = [("", "全部"), *choices]
        campaign = self.fields["campaign"]
        campaign.widget.choices = [
            ("", campaign.empty_label),
            *((item.pk, campaign.label_from_instance(item)) for item in campaigns),
        ]


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = [
            "source",
            "category",
            "org",
            "description",
            "root_cause",
            "priority",
            "person",
            "lead_leader",
            "major_kind",
            "origin_note",
        ]
        field_classes = {"org": OrgChoiceField, "person": PersonChoiceField, "lead_leader": PersonChoiceField}

    def __init__(self, *args, campaign: Campaign, orgs, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProblemCategory.objects.filter(campaign=campaign)
        self.fields["org"].queryset = orgs
        self.fields["person"].queryset = people
        self.fields["lead_leader"].queryset = people
        self.fields["priority"].choices = Priority.choices
        self.fields["major_kind"].choices = [("", "—"), *MajorKind.choices]


class MeasureForm(forms.Form):
    content = forms.CharField(label="整改措施", widget=forms.Textarea)
    kind = forms.ChoiceField(
        label="整改类型",
        choices=MeasureKind.choices,
        initial=MeasureKind.DEADLINE,
        help_text="立行立改默认一个月内完成；长期坚持不设时限，每季度报送进展。",
    )
    deadline = forms.DateField(label="整改时限", required=False, widget=DATE)
    leader = PersonChoiceField(label="责任领导", queryset=User.objects.none(), required=False)
    department = OrgChoiceField(label="责任科室", queryset=Org.objects.none(), required=False)
    owner = PersonChoiceField(label="责任人", queryset=User.objects.none(), required=False)
    acceptance_standard = forms.CharField(label="验收标准", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    milestones = forms.CharField(
        label="阶段性节点",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026-12-15 完成方案制定\n2027-01-31 完成全部整改"}),
        help_text="每行一个：日期（年-月-日）、空格、阶段目标。",
    )

    def __init__(self, *args, people, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = people
        self.fields["owner"].queryset = people
        self.fields["department"].queryset = departments

    def clean_milestones(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day, _, goal = line.partition(" ")
            try:
                due_on = forms.DateField().clean(day)
            except forms.ValidationError as error:
                raise forms.ValidationError(f"第{number}行的日期“{day}”无法识别，请写成 2026-12-15。") from error
            if not goal.strip():
                raise forms.ValidationError(f"第{number}行缺少阶段目标。")
            rows.append((due_on, goal.strip()))
        return rows

    def clean(self):
        data = super().clean()
        if data.get("kind") == MeasureKind.DEADLINE and not data.get("deadline"):
            self.add_error("deadline", "限期整改须填写整改时限。")
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    files = EvidenceField(label="佐证材料", required=False, help_text="PDF、图片、Word 或 Excel，每个不超过 20 MB。")


class CloseoutForm(forms.Form):
    self_assessment = forms.CharField(label="整改完成情况自评", widget=forms.Textarea(attrs={"rows": 3}))
    files = EvidenceField(label="佐证材料", required=False, help_text="至少须有一份佐证材料（此前已上传的也算）。")


class RemarkForm(forms.Form):
    remark = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    requested_due_on = forms.DateField(label="申请延至", widget=DATE)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class UrgeForm(forms.Form):
    text = forms.CharField(label="催办内容", max_length=500, initial="请抓紧推进整改，按时报送进展。")


class BulkForm(forms.Form):
    ACTIONS = [("urge", "催办"), ("extend", "延期"), ("assign", "指定责任人")]

    action = forms.ChoiceField(label="批量操作", choices=ACTIONS)
    owner = PersonChoiceField(label="责任人", queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label="延至", required=False, widget=DATE)
    text = forms.CharField(label="催办内容 / 延期理由", required=False, max_length=500)

    def __init__(self, *args, people, owner_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].widget.choices = [("", "—"), *owner_choices]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "assign" and not data.get("owner"):
            self.add_error("owner", "请选择责任人。")
        if action == "extend" and not data.get("due_on"):
            self.add_error("due_on", "请选择延期后的时限。")
        if action in ("urge", "extend") and not data.get("text", "").strip():
            self.add_error("text", "请填写催办内容或延期理由。")
        return data


class ProgressSheetForm(forms.Form):
    file = forms.FileField(
        label="填写好的进展报送表",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text="Excel 表格（.xlsx），不超过 20 MB。",
    )
