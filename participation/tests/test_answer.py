import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from common.exceptions import DomainError
from ledger.models import Holiday
from participation import services
from participation.choices import Rating

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_due_date_counts_working_days_across_weekend_and_holiday(submit, settings):
    settings.PARTICIPATION_ANSWER_WORKING_DAYS = 3
    for day in range(1, 8):
        Holiday.objects.create(date=datetime.date(2026, 10, day), kind="holiday", name="国庆节")
    Holiday.objects.create(date=datetime.date(2026, 10, 10), kind="workday", name="国庆调休")
    with time_machine.travel(datetime.datetime(2026, 9, 30, 23, 30, tzinfo=SHANGHAI), tick=False):
        submission = submit()
    assert submission.received_on == datetime.date(2026, 9, 30)
    # Oct 1–7 off, Thu 8 and Fri 9 working, Sat 10 a 调休 working day.
    assert submission.answer_due_on == datetime.date(2026, 10, 10)


def test_default_is_fifteen_working_days(submit):
    with time_machine.travel(datetime.datetime(2026, 9, 11, 10, tzinfo=SHANGHAI), tick=False):  # a Friday
        submission = submit()
    assert submission.answer_due_on == datetime.date(2026, 10, 2)


def test_answer_and_rate_once(submission, cast):
    with pytest.raises(DomainError, match="尚未答复"):
        services.submission_rate(submission=submission, rating=Rating.SATISFIED)
    services.submission_answer(actor=cast["leader_a"], submission=submission, text="已增设两台自助挂号机。")
    with pytest.raises(DomainError, match="已答复"):
        services.submission_answer(actor=cast["head_a"], submission=submission, text="再答复")
    services.submission_rate(submission=submission, rating=Rating.BASICALLY)
    submission.refresh_from_db()
    assert submission.rating == Rating.BASICALLY and submission.answered_at and submission.rated_at
    with pytest.raises(DomainError, match="只能评价一次"):
        services.submission_rate(submission=submission, rating=Rating.UNSATISFIED)


@pytest.mark.parametrize("who", ["supervisor", "owner_a", "owner_b"])
def test_who_may_not_answer(submission, cast, who):
    with pytest.raises(DomainError, match="您不能答复"):
        services.submission_answer(actor=cast[who], submission=submission, text="答复")
