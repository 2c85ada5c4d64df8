import datetime

import time_machine
from django.utils import timezone

from assessment.choices import FollowUpDecision, PeriodStatus
from assessment.models import AssessmentPeriod, FollowUp, Score, ScoringScheme
from audit.models import AuditEntry
from demo.assessment_data import assessment_fill


def test_assessment_fill_is_idempotent(ledger, campaign, cast, county):
    with time_machine.travel(datetime.datetime(2026, 11, 5, 9, tzinfo=timezone.get_default_timezone()), tick=False):
        period = assessment_fill(campaign)
        assert (period.name, period.starts_on, period.ends_on) == (
            "2026年10月",
            datetime.date(2026, 10, 1),
            datetime.date(2026, 10, 31),
        )
        assert period.status == PeriodStatus.LOCKED
        follow_up = FollowUp.objects.select_related("score__org").get()
        assert follow_up.score.org == county["a"] and follow_up.score.is_bottom
        assert (follow_up.decision, follow_up.decided_by) == (FollowUpDecision.ADMONITION, cast["supervisor"])
        counts = [model.objects.count() for model in (AssessmentPeriod, Score, FollowUp, ScoringScheme, AuditEntry)]
        assert assessment_fill(campaign) == period
        assert [
            model.objects.count() for model in (AssessmentPeriod, Score, FollowUp, ScoringScheme, AuditEntry)
        ] == counts
