from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from common.exceptions import DomainError
from common.uploads import IMAGE_LABEL
from ledger.forms import EvidenceField, MultipleFileInput
from participation.choices import OFFLINE_CHANNELS, Rating, SubmissionKind, SubmissionStatus
from participation.services import photos_check

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", "请填写11位中国大陆手机号码，例如 13912345678。")


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SubmissionFieldsForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=SubmissionKind.choices, widget=forms.RadioSelect)
    org = OrgChoiceField(label="反映单位", queryset=None, empty_label="请选择单位")
    text = forms.CharField(
        label="内容",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        error_messages={"min_length": "内容请至少写10个字。", "max_length": "内容请不要超过2000字。"},
    )
    name = forms.CharField(label="姓名", max_length=30, required=False, help_text="可不填。")
    phone = forms.CharField(
        label="手机号码",
        max_length=11,
        required=False,
        validators=[mobile_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        help_text="可不填；留下号码便于工作人员与您联系，不会公开。",
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class PhotoField(EvidenceField):
    """Up to three photos in one input. `image/*` lets a phone offer its camera as well as its album;
    the content is checked here (to show the error beside the field) and again in the service."""

    widget = MultipleFileInput(attrs={"accept": "image/*"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = super().clean(data, initial)
        try:
            photos_check(files)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error
        return files


class PublicSubmissionForm(SubmissionFieldsForm):
    photos = PhotoField(label="照片", help_text=f"可不传；最多3张，每张不超过10 MB，{IMAGE_LABEL}格式。")
    # The honeypot: hidden from people by CSS, tempting to bots that fill every box.
    website = forms.CharField(label="网址", required=False)


class RecordForm(SubmissionFieldsForm):
    channel = forms.ChoiceField(label="渠道", choices=[(c.value, c.label) for c in OFFLINE_CHANNELS])
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["channel", "received_on", "kind", "org", "text", "name", "phone"]

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"] = forms.ModelChoiceField(label="活动", queryset=campaigns, empty_label="请选择活动")
        self.order_fields(["campaign", *self.field_order])
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["text"].min_length = 1
        self.fields["kind"].widget = forms.Select(choices=SubmissionKind.choices)


class TrackForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "placeholder": "ABCD-EFGH-JKMN"}
        ),
    )


class RateForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(label="您对答复是否满意", choices=Rating.choices, widget=forms.RadioSelect)


class AcceptForm(forms.Form):
    description = forms.CharField(
        label="问题描述", widget=forms.Textarea(attrs={"rows": 5}), help_text="可在群众原文基础上概括、规范表述。"
    )


class AttachForm(forms.Form):
    problem = forms.ModelChoiceField(label="并入问题", queryset=None, empty_label="请选择问题")

    def __init__(self, *args, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems


class DuplicateForm(forms.Form):
    original = forms.ModelChoiceField(label="与哪条意见重复", queryset=None, empty_label="请选择意见")

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = submissions


class DeclineForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="答复内容", widget=forms.Textarea(attrs={"rows": 6}), help_text="群众凭查询码可看到答复并评价。"
    )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False)
    overdue = forms.BooleanField(label="只看答复超期", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "全部"), *SubmissionStatus.choices]


class WhistleblowForm(forms.Form):
    org = OrgChoiceField(label="被举报单位", queryset=None, empty_label="请选择单位")
    subject = forms.CharField(
        label="被举报人或事项", max_length=100, help_text="被举报人的姓名、职务，或所举报的事项。"
    )
    text = forms.CharField(
        label="举报内容",
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
        error_messages={"min_length": "举报内容请至少写10个字。", "max_length": "举报内容请不要超过5000字。"},
    )
    name = forms.CharField(label="您的姓名", max_length=30, required=False)
    phone = forms.CharField(
        label="您的手机号码",
        max_length=11,
        required=False,
        validators=[mobile_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    contact = forms.CharField(label="其他联系方式", max_length=100, required=False, help_text="如地址、邮箱。")
    # The honeypot, as on the submission page.
    website = forms.CharField(label="网址", required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class WhistleblowReplyForm(forms.Form):
    reply = forms.CharField(
        label="答复内容", widget=forms.Textarea(attrs={"rows": 5}), help_text="举报人凭查询码可看到答复。"
    )


class WhistleblowAcceptForm(WhistleblowReplyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].required = False
        self.fields["reply"].help_text = "可不填；填写后举报人凭查询码可看到。"
