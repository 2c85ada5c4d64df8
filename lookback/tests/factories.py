"""Closed measures made the way users close them: through the ledger services."""

from campaigns import services as campaign_services
from ledger import services as ledger_services
from ledger.tests.factories import make_measure, make_problem, pdf_file


def two_step(campaign, cast):
    """Close-outs go straight to the supervisor (hospital B has no unit head in the cast)."""
    return campaign_services.campaign_update(actor=cast["office"], campaign=campaign, review_steps=2)


def close(measure, cast):
    """Through the real close-out of a two-step campaign: report, request, verify."""
    owner = measure.owner
    ledger_services.progress_report(actor=owner, measure=measure, text="已完成", percent=90)
    ledger_services.measure_request_closeout(
        actor=owner, measure=measure, self_assessment="达到验收标准", files=[pdf_file()]
    )
    ledger_services.measure_verify(actor=cast["supervisor"], measure=measure)
    return measure


def closed_measure(cast, *, campaign, org, owner, description="门诊挂号排队时间长，群众反映强烈", **fields):
    problem = make_problem(actor=cast["office"], campaign=campaign, org=org, description=description, **fields)
    return close(make_measure(actor=cast["office"], problem=problem, owner=owner), cast)
