import datetime

from demo.notifications_data import notifications_fill
from notifications.models import Delivery, Notification, WebhookEndpoint


def test_notifications_fill_is_idempotent(cast, measure, county, rolled_out, campaign):
    measure.__class__.objects.filter(pk=measure.pk).update(
        deadline=datetime.date(2026, 1, 5), due_on=datetime.date(2026, 1, 5)
    )
    assert notifications_fill(campaign) > len(cast)
    assert Notification.objects.filter(recipient=cast["owner_a"], kind="measure_red", read_at__isnull=True).exists()
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.org == county["commission"] and not endpoint.is_active
    counts = Notification.objects.count(), WebhookEndpoint.objects.count(), Delivery.objects.count()
    assert notifications_fill(campaign) == 0
    assert (Notification.objects.count(), WebhookEndpoint.objects.count(), Delivery.objects.count()) == counts
