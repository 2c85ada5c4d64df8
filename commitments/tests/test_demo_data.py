from commitments.choices import CommitmentStatus
from commitments.models import Commitment, CommitmentEvent
from common.dates import today
from demo.commitments_data import commitments_fill


def test_commitments_fill_is_idempotent(cast, rolled_out, campaign):
    assert commitments_fill(campaign)
    commitments = Commitment.objects.all()
    assert commitments.count() == 2
    fulfilled = commitments.get(status=CommitmentStatus.FULFILLED)
    assert fulfilled.verified_by == cast["supervisor"] and fulfilled.committer == cast["head_a"]
    assert [c.is_overdue(today()) for c in commitments.exclude(pk=fulfilled.pk)] == [True]
    counts = (Commitment.objects.count(), CommitmentEvent.objects.count())
    assert not commitments_fill(campaign)
    assert (Commitment.objects.count(), CommitmentEvent.objects.count()) == counts
