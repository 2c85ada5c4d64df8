import datetime

import pytest
from django.utils import timezone

from notifications.choices import Channel, DeliveryMode, DeliveryStatus, NotificationKind
from notifications.delivery import retry_failed
from notifications.models import Delivery, Notification, NotificationPreference
from notifications.services import notify


def _notify(users, key="event-1", **fields):
    fields.setdefault("kind", NotificationKind.GENERAL)
    fields.setdefault("title", "请及时报送整改进展")
    return notify(users=users, key=key, **fields)


def test_notify_creates_one_per_person_and_is_idempotent_on_the_key(cast):
    assert _notify([cast["owner_a"], cast["leader_a"], cast["owner_a"]]) == 2
    assert _notify([cast["owner_a"], cast["leader_a"], cast["head_a"]]) == 1
    assert _notify([cast["owner_a"]], key="event-2") == 1
    assert Notification.objects.filter(key="event-1").count() == 3


def test_notify_skips_inactive_people_and_refuses_unknown_kinds(cast):
    cast["owner_b"].is_active = False
    cast["owner_b"].save()
    assert _notify([cast["owner_b"], None]) == 0
    with pytest.raises(ValueError):
        _notify([cast["owner_a"]], kind="nonsense")


def test_immediate_email_is_sent_after_commit_once(
    cast, email_settings, mailoutbox, django_capture_on_commit_callbacks
):
    cast["owner_a"].email = "owner@example.cn"
    cast["owner_a"].save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify([cast["owner_a"], cast["leader_a"]], body="第二季度进展未报送", url="/ledger/measures/1/")
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["owner@example.cn"]
    assert message.subject == "【破冰】请及时报送整改进展"
    assert "第二季度进展未报送" in message.body
    assert "https://pobing.example.cn/ledger/measures/1/" in message.body
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.status, delivery.recipient) == (
        Channel.EMAIL,
        DeliveryStatus.SENT,
        cast["owner_a"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([cast["owner_a"]]) == 0
    assert len(mailoutbox) == 1


def test_digest_readers_and_those_without_email_get_no_immediate_email(
    cast, email_settings, mailoutbox, django_capture_on_commit_callbacks
):
    for name in ("owner_a", "leader_a", "head_a"):
        cast[name].email = f"{name}@example.cn"
        cast[name].save()
    NotificationPreference.objects.create(user=cast["owner_a"], mode=DeliveryMode.DIGEST)
    NotificationPreference.objects.create(user=cast["leader_a"], email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([cast["owner_a"], cast["leader_a"], cast["head_a"], cast["owner_b"]]) == 4
    assert [message.to for message in mailoutbox] == [["head_a@example.cn"]]


def test_a_failed_email_is_recorded_and_does_not_reach_the_caller(
    cast, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    cast["owner_a"].email = "owner@example.cn"
    cast["owner_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([cast["owner_a"]]) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.error


def test_a_failed_email_is_sent_by_the_next_daily_retry(
    cast, settings, email_settings, mailoutbox, django_capture_on_commit_callbacks
):
    cast["owner_a"].email = "owner@example.cn"
    cast["owner_a"].save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        _notify([cast["owner_a"]])
    assert Delivery.objects.get().status == DeliveryStatus.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    since = timezone.now() - datetime.timedelta(days=3)
    assert retry_failed(since=since) == 1
    assert [message.to for message in mailoutbox] == [["owner@example.cn"]]
    assert retry_failed(since=since) == 0
