from django import forms

from campaigns.validators import validate_doc_number
from common.dates import today
from common.exceptions import DomainError
from ledger.forms import OrgChoiceField
from organisations.models import Org
from reports.choices import ReportKind
from reports.services import parse_month


class ReportForm(forms.Form):
    """What to generate. `orgs` is what the user may report on in this campaign (their scope)."""

    kind = forms.ChoiceField(
        label="报告类型", choices=ReportKind.choices, initial=ReportKind.SELF_INSPECTION, widget=forms.RadioSelect
    )
    org = OrgChoiceField(
        label="单位（含下级）",
        queryset=Org.objects.none(),
        help_text="报告只包含您可以查看的该单位及其下级单位的问题和整改措施。",
    )
    month = forms.CharField(
        label="月份",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text="月度通报的月份，格式如 2026-11。",
    )
    doc_number = forms.CharField(
        label="发文字号",
        max_length=50,
        required=False,
        validators=[validate_doc_number],
        help_text="默认为本活动的发文字号，可改为本次发文的字号，例如：青卫发〔2026〕15号。",
    )
    pdf = forms.BooleanField(label="同时生成PDF", required=False, help_text="Word 文档与 PDF 打包下载。")

    def __init__(self, *args, orgs, pdf_available: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        if not pdf_available:
            del self.fields["pdf"]

    def clean_month(self) -> str:
        value = self.cleaned_data["month"].strip()
        if value:
            try:
                month = parse_month(value)
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
            if month > today():
                raise forms.ValidationError(f"{month.year}年{month.month}月尚未开始，不能生成该月的通报。")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ReportKind.MONTHLY and not cleaned.get("month") and "month" not in self.errors:
            self.add_error("month", "生成月度通报须选择月份。")
        return cleaned
