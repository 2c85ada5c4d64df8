from bulletins.choices import BulletinStatus, Visibility
from bulletins.models import Bulletin, BulletinEvent, GoodPractice
from demo.bulletins_data import bulletins_fill
from notifications.models import Notification


def test_fill_publishes_last_months_bulletin_once(october, campaign, cast):
    assert bulletins_fill(campaign) is True
    bulletin = Bulletin.objects.get()
    assert (bulletin.status, bulletin.visibility) == (BulletinStatus.PUBLISHED, Visibility.INTERNAL)
    assert bulletin.org == campaign.org and bulletin.published_by == cast["supervisor"]
    assert bulletin.good_practices.count() == 2 and bulletin.next_steps
    counts = (
        Bulletin.objects.count(),
        GoodPractice.objects.count(),
        BulletinEvent.objects.count(),
        Notification.objects.count(),
    )
    assert bulletins_fill(campaign) is False
    assert counts == (
        Bulletin.objects.count(),
        GoodPractice.objects.count(),
        BulletinEvent.objects.count(),
        Notification.objects.count(),
    )
