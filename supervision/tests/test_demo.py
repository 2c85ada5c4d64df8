from demo.supervision_data import SPOT_CHECK_SEED, supervision_fill
from ledger.models import Problem
from ledger.tests.factories import make_measure
from supervision.choices import CheckResult, UrgeStatus
from supervision.models import Finding, Inspection, SpotCheck, SpotCheckItem, UrgeEvent, UrgeNotice
from supervision.tests.factories import close_measure


def test_supervision_fill_is_idempotent(cast, campaign, problem, measure):
    close_measure(make_measure(actor=cast["office_a"], problem=problem, owner=cast["owner_a"]), cast)
    supervision_fill(campaign)
    notices = {(n.level_name, n.status) for n in UrgeNotice.objects.all()}
    assert notices == {
        ("催办单", UrgeStatus.CLOSED),
        ("催办单", UrgeStatus.ACKNOWLEDGED),
        ("约谈", UrgeStatus.ISSUED),
        ("督办单", UrgeStatus.ISSUED),
    }
    assert UrgeNotice.objects.filter(measure=measure).exists()
    assert Inspection.objects.count() == 2
    converted = Finding.objects.get(problem__isnull=False)
    assert Problem.objects.get(pk=converted.problem_id).source == "supervision"
    spot_check = SpotCheck.objects.get()
    assert spot_check.seed == SPOT_CHECK_SEED
    assert list(spot_check.items.values_list("result", flat=True)) == [CheckResult.PASSED]
    counts = [model.objects.count() for model in (UrgeNotice, UrgeEvent, Inspection, Finding, SpotCheckItem)]
    supervision_fill(campaign)
    assert [model.objects.count() for model in (UrgeNotice, UrgeEvent, Inspection, Finding, SpotCheckItem)] == counts
