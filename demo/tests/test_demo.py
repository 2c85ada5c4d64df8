from django.core.management import call_command

from accounts.models import User
from audit.models import AuditEntry
from campaigns.models import Campaign
from organisations.models import Org


def test_demo_loads_and_is_idempotent(db):
    call_command("demo")
    counts = (Org.objects.count(), User.objects.count(), Campaign.objects.count(), AuditEntry.objects.count())
    assert counts[0] >= 20 and counts[1] >= 55 and counts[2] == 3
    call_command("demo")
    assert (Org.objects.count(), User.objects.count(), Campaign.objects.count(), AuditEntry.objects.count()) == counts
