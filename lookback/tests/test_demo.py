from demo.lookback_data import ROUND_NAME, lookback_fill
from ledger.choices import MeasureStatus
from lookback.choices import RoundStatus, Verdict
from lookback.models import LookbackItem, LookbackRound


def test_demo_fill_is_idempotent(campaign, closed_measures):
    lookback_fill(campaign)
    round_ = LookbackRound.objects.get(name=ROUND_NAME)
    assert round_.status == RoundStatus.FINISHED and round_.seed is not None
    verdicts = sorted(round_.items.values_list("verdict", flat=True))
    assert verdicts.count(Verdict.RECURRED) == 1 and len(verdicts) >= 2
    assert set(verdicts) == {Verdict.RECURRED, Verdict.HOLDING}
    recurred = round_.items.get(verdict=Verdict.RECURRED)
    assert recurred.measure.status == MeasureStatus.IN_PROGRESS and recurred.reopen_event_id is not None
    before = (LookbackRound.objects.count(), LookbackItem.objects.count())
    lookback_fill(campaign)
    assert (LookbackRound.objects.count(), LookbackItem.objects.count()) == before
