"""The admin shows notifications and deliveries scoped and read-only, and never a robot's credentials."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from conftest import PASSWORD
from notifications.choices import NotificationKind, WebhookKind
from notifications.models import Delivery, Notification, WebhookEndpoint
from notifications.services import notify


@pytest.fixture
def rows(cast, county):
    notify(users=[cast["owner_a"], cast["owner_b"]], kind=NotificationKind.GENERAL, title="请报送进展", key="k")
    endpoint = WebhookEndpoint.objects.create(
        org=county["a"], kind=WebhookKind.DINGTALK, name="甲群", url="https://x.cn/?access_token=TOKEN", secret="SECx"
    )
    Delivery.objects.create(
        channel="webhook", target=f"webhook:{endpoint.pk}", key="k", status="failed", endpoint=endpoint
    )
    return endpoint


def test_staff_see_only_their_scope(client, cast, rows):
    owner_b = cast["owner_b"]
    owner_b.is_staff = True
    owner_b.save()
    owner_b.user_permissions.add(*Permission.objects.filter(content_type__app_label="notifications"))
    client.login(username="owner_b", password=PASSWORD)
    listing = client.get(reverse("admin:notifications_notification_changelist"))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert client.get(reverse("admin:notifications_delivery_changelist")).context["cl"].result_count == 0
    theirs = Notification.objects.get(recipient=cast["owner_a"])
    assert client.get(reverse("admin:notifications_notification_change", args=[theirs.pk])).status_code in (302, 404)


def test_superuser_reads_without_saving_or_seeing_credentials(client, rows, django_user_model):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.login(username="root", password=PASSWORD)
    for model in ("notification", "delivery", "webhookendpoint", "notificationpreference"):
        assert client.get(reverse(f"admin:notifications_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:notifications_{model}_add")).status_code == 403
    page = client.get(reverse("admin:notifications_webhookendpoint_change", args=[rows.pk])).content.decode()
    assert 'name="_save"' not in page
    assert "TOKEN" not in page and "SECx" not in page
