from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from common.pagination import KeyOrder, key_page
from common.views import call_service, form_page, fresh, get_or_404
from notifications import selectors, services
from notifications.forms import PreferenceForm, WebhookForm

PAGE_SIZE = 30
NEWEST_FIRST = KeyOrder("id", descending=True, nullable=False)


@login_required
def notification_list(request):
    page = key_page(
        selectors.notification_list(request.user),
        NEWEST_FIRST,
        cursor=request.GET.get("after"),
        size=PAGE_SIZE,
        value_type=int,
    )
    can_configure_robots = selectors.webhook_org_list(request.user).exists()
    return render(
        request, "notifications/notification_list.html", {"page": page, "can_configure_robots": can_configure_robots}
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_or_404(selectors.notification_get, request.user, pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, f"已将 {count} 条消息标记为已读。")
    return redirect("notifications:notification-list")


@login_required
def preference_edit(request):
    preference = selectors.preference_get(request.user)
    form = PreferenceForm(
        request.POST or None, initial={"mode": preference.mode, "email_enabled": preference.email_enabled}
    )
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.preference_save, actor=request.user, **form.cleaned_data):
            messages.success(request, "消息推送设置已保存。")
            return redirect("notifications:notification-list")
    intro = "" if request.user.email else "您的个人资料中还没有电子邮箱，暂时收不到邮件；站内消息不受影响。"
    return form_page(
        request, form, title="消息推送设置", back_url=reverse("notifications:notification-list"), intro=intro
    )


def _office_orgs(request):
    orgs = selectors.webhook_org_list(request.user)
    if not orgs.exists():
        raise PermissionDenied("只有活动办公室可以配置群机器人。")
    return orgs


@login_required
def webhook_list(request):
    _office_orgs(request)
    endpoints = selectors.webhook_list_with_recent(request.user)
    return render(request, "notifications/webhook_list.html", {"endpoints": endpoints})


@login_required
def webhook_edit(request, pk: int | None = None):
    orgs = _office_orgs(request)
    endpoint = get_or_404(selectors.webhook_get, request.user, pk) if pk else None
    initial = (
        {"kind": endpoint.kind, "name": endpoint.name, "url": endpoint.url, "is_active": endpoint.is_active}
        if endpoint
        else {}
    )
    form = WebhookForm(request.POST or None, initial=initial, orgs=orgs, editing=endpoint is not None)
    if request.method == "POST" and form.is_valid():
        if endpoint is None:
            done = call_service(form, services.webhook_create, actor=request.user, **form.cleaned_data)
        else:
            done = call_service(
                form, services.webhook_update, actor=request.user, endpoint=fresh(endpoint), **form.cleaned_data
            )
        if done:
            messages.success(request, "群机器人已保存。")
            return redirect("notifications:webhook-list")
    return form_page(
        request,
        form,
        title=f"修改群机器人 · {endpoint}" if endpoint else "添加群机器人",
        back_url=reverse("notifications:webhook-list"),
    )


@login_required
@require_POST
def webhook_test(request, pk: int):
    endpoint = get_or_404(selectors.webhook_get, request.user, pk)
    record = services.webhook_test(actor=request.user, endpoint=endpoint)
    if record is None or record.error:
        messages.error(request, f"测试消息发送失败：{record.error if record else '请稍后再试'}")
    else:
        messages.success(request, "测试消息已发送，请在群里查看。")
    return redirect("notifications:webhook-list")
