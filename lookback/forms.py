from django import forms

from accounts.models import User
from campaigns.models import Campaign
from ledger.forms import DATE, OrgChoiceField, PersonChoiceField
from lookback.choices import SelectionRule, Verdict
from organisations.models import Org


class CampaignChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Campaign) -> str:
        return f"{obj.code} {obj.theme}"


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.username


class RoundForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, help_text="例如：2026年第四季度整改回头看")
    org = OrgChoiceField(label="范围单位（含下级）", queryset=Org.objects.none())
    source_campaigns = CampaignChoiceField(
        label="回看的活动",
        queryset=Campaign.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选即回看本活动（含各单位子方案）已销号的措施。",
    )
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    rule = forms.ChoiceField(label="抽取方式", choices=SelectionRule.choices, widget=forms.RadioSelect)
    category_name = forms.ChoiceField(label="问题类别", required=False, help_text="按问题类别抽取时选择。")
    percent = forms.IntegerField(
        label="抽取比例（%）", min_value=1, max_value=100, required=False, help_text="随机抽取时填写。"
    )
    seed = forms.IntegerField(
        label="随机种子",
        min_value=1,
        max_value=2**62,
        required=False,
        help_text="留空由系统生成并记录；填入以往的种子可复现当时的抽取。",
    )
    checkers = PersonMultipleChoiceField(
        label="核查人",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="抽取的措施按顺序轮流分配给核查人；启动后可逐项调整。",
    )

    def __init__(self, *args, orgs, campaigns, categories, checkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["source_campaigns"].queryset = campaigns
        self.fields["category_name"].choices = [("", "—"), *[(name, name) for name in categories]]
        self.fields["checkers"].queryset = checkers

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "结束日期不能早于开始日期。")
        if data.get("rule") == SelectionRule.CATEGORY and not data.get("category_name"):
            self.add_error("category_name", "按问题类别抽取，请选择类别。")
        if data.get("rule") == SelectionRule.RANDOM and not data.get("percent"):
            self.add_error("percent", "随机抽取，请填写抽取比例。")
        return data


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label="核查结论",
        choices=[(Verdict.HOLDING, "巩固：整改成果保持良好"), (Verdict.RECURRED, "反弹：问题再次出现")],
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(label="核查情况", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    checked_on = forms.DateField(label="核查日期", widget=DATE, required=False, help_text="留空为今天。")
    file = forms.FileField(
        label="佐证材料",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.gif,.webp,.docx,.xlsx"}),
    )
    due_on = forms.DateField(
        label="反弹后的整改时限",
        widget=DATE,
        required=False,
        help_text="判定反弹时措施将重新打开；留空为一个月后（不早于原整改时限）。",
    )


class AssignForm(forms.Form):
    checker = PersonChoiceField(label="核查人", queryset=User.objects.none())

    def __init__(self, *args, checkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checker"].queryset = checkers


class RemarkForm(forms.Form):
    remark = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
