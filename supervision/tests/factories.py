"""Ledger states the supervision tests need, reached through the ledger's own services."""

from ledger import services as ledger_services
from ledger.tests.factories import pdf_file


def close_measure(measure, cast):
    """Start, request, confirm and verify: the measure ends 已销号."""
    ledger_services.measure_start(actor=cast["owner_a"], measure=measure)
    ledger_services.measure_request_closeout(
        actor=cast["owner_a"], measure=measure, self_assessment="已完成", files=[pdf_file()]
    )
    ledger_services.measure_confirm(actor=cast["head_a"], measure=measure)
    ledger_services.measure_verify(actor=cast["supervisor"], measure=measure)
    return measure
