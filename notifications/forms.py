from django import forms

from notifications.choices import DeliveryMode, WebhookKind
from organisations.models import Org


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label="推送方式",
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        help_text="即时推送：每条消息立即发送邮件和群消息；每日汇总：每个工作日早上把当天未读消息汇总成一封邮件。",
    )
    email_enabled = forms.BooleanField(label="同时发送电子邮件", required=False)


class WebhookForm(forms.Form):
    org = forms.ModelChoiceField(
        label="单位", queryset=Org.objects.none(), help_text="本单位及下级单位人员的消息推送到该群。"
    )
    kind = forms.ChoiceField(label="机器人类型", choices=WebhookKind.choices)
    name = forms.CharField(label="名称", max_length=50, help_text="例如：整改工作群")
    url = forms.URLField(
        label="Webhook 地址",
        max_length=500,
        assume_scheme="https",
        help_text="在群设置 → 群机器人 → 添加机器人后复制的地址。钉钉机器人若用“自定义关键词”安全设置，请把关键词设为“破冰”。",
    )
    secret = forms.CharField(
        label="加签密钥",
        max_length=200,
        required=False,
        widget=forms.PasswordInput,
        help_text="钉钉机器人选择“加签”安全设置时填写（SEC 开头）；修改时留空表示不变。",
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, orgs, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        if editing:
            del self.fields["org"]
