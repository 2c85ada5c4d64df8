import datetime

from django import forms

from assessment.choices import FollowUpDecision
from assessment.models import ScoringScheme
from assessment.services import SCHEME_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SchemeForm(forms.ModelForm):
    """The scheme's settings; the model's own validation (weights summing to 100, nothing negative)
    gives the messages."""

    class Meta:
        model = ScoringScheme
        fields = list(SCHEME_FIELDS)
        widgets = {name: forms.NumberInput(attrs={"step": "0.01", "min": "0"}) for name in SCHEME_FIELDS[1:-1]}


def last_month(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The name, first and last day of the month before `day`: the period usually assessed next."""
    end = day.replace(day=1) - datetime.timedelta(days=1)
    return f"{end.year}年{end.month}月", end.replace(day=1), end


class PeriodForm(forms.Form):
    campaign = forms.ModelChoiceField(label="活动", queryset=None)
    name = forms.CharField(label="考核期名称", max_length=50, help_text="例如：2026年10月、2026年第四季度")
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class FollowUpForm(forms.Form):
    decision = forms.ChoiceField(label="处理决定", choices=FollowUpDecision.choices)
    remark = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
