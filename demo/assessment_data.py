"""Demo assessment (以考促改): last month's period of the demo campaign, computed, published, and the
bottom unit's follow-up decided by the supervisor. Every row goes through assessment.services, so it
reads whatever the ledger, supervision, look-back and survey demo fills made. Idempotent: each step
is taken only if it has not been taken yet."""

from assessment import services
from assessment.choices import FollowUpDecision, PeriodStatus
from assessment.forms import last_month
from assessment.models import AssessmentPeriod, Score
from campaigns.models import Campaign
from common.dates import today
from demo.people import first_person
from organisations.choices import Role

REMARK = "本期考核排名末位，由监督考核组约谈单位主要负责人，限期提交整改情况报告。"


def assessment_fill(campaign: Campaign) -> AssessmentPeriod | None:
    """Last month's period, computed and published, with its bottom unit's follow-up recorded."""
    office, supervisor = first_person(campaign.org, Role.OFFICE), first_person(campaign.org, Role.SUPERVISOR)
    if office is None or supervisor is None:
        return None
    name, start, end = last_month(today())
    period = AssessmentPeriod.objects.filter(campaign=campaign, name=name).first()
    if period is None:
        period = services.period_create(actor=office, campaign=campaign, name=name, starts_on=start, ends_on=end)
    if period.status == PeriodStatus.DRAFT:
        services.period_compute(actor=office, period=period)
        services.period_lock(actor=office, period=period)
    if not Score.objects.filter(period=period, follow_up__isnull=False).exists():
        bottom = Score.objects.filter(period=period, is_bottom=True).order_by("org__path").first()
        if bottom is not None:
            services.follow_up_decide(
                actor=supervisor, score=bottom, decision=FollowUpDecision.ADMONITION, remark=REMARK
            )
    return period
