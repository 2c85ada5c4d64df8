from django import forms

from campaigns.choices import CampaignKind
from campaigns.models import Campaign, Group, GroupMember, Phase, PlanItem, ProblemCategory
from campaigns.templates_data import template_get, template_list
from campaigns.validators import validate_doc_number

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignCreateForm(forms.Form):
    template_key = forms.ChoiceField(label="方案模板", required=False)
    org = forms.ModelChoiceField(label="发起单位", queryset=None)
    code = forms.CharField(label="活动代码", max_length=30, help_text="2至30位字母、数字或连字符，例如 2026-PB")
    theme = forms.CharField(label="活动主题", max_length=200, required=False, help_text="留空则使用模板的主题")
    kind = forms.ChoiceField(label="活动类型", choices=CampaignKind.choices, required=False)
    doc_number = forms.CharField(label="发文字号", max_length=50, required=False, validators=[validate_doc_number])
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE, required=False, help_text="使用模板时按模板各阶段自动推算")

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["template_key"].choices = [("", "不使用模板（空白方案）")] + [
            (template.key, template.name) for template in template_list()
        ]

    def clean(self):
        data = super().clean()
        key = data.get("template_key")
        if key:
            template = template_get(key)
            data["theme"] = data.get("theme") or template.data["theme"]
            data["kind"] = data.get("kind") or template.data["kind"]
        else:
            for field in ("theme", "kind", "ends_on"):
                if not data.get(field):
                    self.add_error(field, "不使用模板时须填写此项。")
        return data


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "theme",
            "kind",
            "doc_number",
            "starts_on",
            "ends_on",
            "guiding_text",
            "goals",
            "principles",
            "review_steps",
            "yellow_days",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "sort_order", "starts_on", "ends_on", "deliverables"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["phase", "task", "requirement", "group", "due_on", "sort_order"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campaign = self.instance.campaign
        self.fields["phase"].queryset = campaign.phases.all()
        self.fields["group"].queryset = campaign.groups.all()


class PlanItemCompleteForm(forms.Form):
    done_on = forms.DateField(label="完成日期", widget=DATE)


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["kind", "name", "department", "duties", "sort_order"]


class GroupMemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["user", "role", "note"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ProblemCategory
        fields = ["name", "description", "sort_order"]


class RollOutForm(forms.Form):
    orgs = forms.ModelMultipleChoiceField(label="下发到", queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orgs"].queryset = orgs
