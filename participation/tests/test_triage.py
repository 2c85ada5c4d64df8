import pytest
from django.contrib.contenttypes.models import ContentType

from common.exceptions import DomainError
from ledger.choices import ProblemSource
from ledger.models import Problem
from ledger.services import problem_create
from participation import services
from participation.choices import SubmissionStatus
from participation.models import Submission, SubmissionEvent


def test_accept_creates_a_public_problem_linked_both_ways(submission, cast, rolled_out):
    services.submission_accept(actor=cast["office_a"], submission=submission, description="挂号排队时间长")
    submission.refresh_from_db()
    problem = submission.problem
    assert submission.status == SubmissionStatus.ACCEPTED
    assert problem.source == ProblemSource.PUBLIC and problem.description == "挂号排队时间长"
    assert problem.origin_type == ContentType.objects.get_for_model(Submission) and problem.origin_id == submission.pk
    assert problem.campaign == rolled_out["JYY"]  # hospital A's own sub-plan
    assert list(problem.submissions.all()) == [submission]
    assert SubmissionEvent.objects.get(submission=submission).to_status == SubmissionStatus.ACCEPTED


def test_attach_to_an_existing_problem(submission, cast, county, rolled_out):
    problem = problem_create(
        actor=cast["office_a"], campaign=rolled_out["JYY"], org=county["a"], source="self", description="门诊流程繁琐"
    )
    services.submission_attach(actor=cast["head_a"], submission=submission, problem=problem)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.MERGED and submission.problem == problem
    assert list(problem.submissions.all()) == [submission]


def test_attach_refuses_a_problem_out_of_scope(submission, cast, county, rolled_out):
    problem_b = problem_create(
        actor=cast["office"], campaign=rolled_out["YYY"], org=county["b"], source="self", description="乙医院问题"
    )
    with pytest.raises(DomainError, match="只能并入"):
        services.submission_attach(actor=cast["office_a"], submission=submission, problem=problem_b)


def test_duplicate_points_at_the_first_of_the_chain(submit, cast):
    first, second, third = submit(), submit(), submit()
    services.submission_mark_duplicate(actor=cast["office_a"], submission=second, original=first)
    services.submission_mark_duplicate(actor=cast["office_a"], submission=third, original=second)
    third.refresh_from_db()
    assert third.status == SubmissionStatus.DUPLICATE and third.duplicate_of == first
    with pytest.raises(DomainError, match="不能标记为与自身重复"):
        services.submission_mark_duplicate(actor=cast["office_a"], submission=first, original=first)


def test_decline_needs_a_reason(submission, cast):
    with pytest.raises(DomainError, match="须写明理由"):
        services.submission_decline(actor=cast["office_a"], submission=submission, reason="  ")
    services.submission_decline(actor=cast["office_a"], submission=submission, reason="不属于本单位职责")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DECLINED and submission.decline_reason == "不属于本单位职责"


def test_second_triage_is_refused(submission, cast):
    services.submission_decline(actor=cast["office_a"], submission=submission, reason="重复反映")
    with pytest.raises(DomainError, match="已被处理"):
        services.submission_accept(actor=cast["head_a"], submission=submission)


def test_a_race_is_caught_by_the_conditional_update(submission, cast):
    """Two people open the same pending submission; the second one's update finds no pending row."""
    stale = Submission.objects.get(pk=submission.pk)
    services.submission_decline(actor=cast["office_a"], submission=submission, reason="重复反映")
    stale.status = SubmissionStatus.PENDING  # what the second person's page still believes
    with pytest.raises(DomainError, match="已被处理"):
        services.submission_accept(actor=cast["head_a"], submission=stale)
    assert not Problem.objects.exists()  # the problem created on the way was rolled back


@pytest.mark.parametrize("who", ["owner_a", "owner_b", "inspector"])
def test_who_may_not_triage(submission, cast, who):
    with pytest.raises(DomainError, match="您不能处理该意见"):
        services.submission_decline(actor=cast[who], submission=submission, reason="无")
