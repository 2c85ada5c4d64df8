"""Reads on surveys: the office sees and builds the surveys of orgs in its scope; a person answers the
staff surveys addressed to one of their orgs; the public reaches a public survey by its token."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from campaigns.models import Campaign
from organisations.choices import Role
from organisations.selectors import path_q, scope_roots, user_has_role
from participation.choices import QuestionKind, Rating, SurveyAudience, SurveyStatus
from participation.survey_models import Answer, Choice, Question, Response, ResponseReceipt, Survey, Target

OFFICE_ROLES = {Role.OFFICE}


def survey_list(user: User) -> QuerySet[Survey]:
    return Survey.objects.filter(path_q(user, "org__path", OFFICE_ROLES)).select_related("campaign", "org")


def survey_get(user: User, pk: int) -> Survey:
    return survey_list(user).get(pk=pk)


def survey_by_token(token: str) -> Survey | None:
    return Survey.objects.select_related("campaign", "org").filter(token=token).first()


def can_manage(user: User, survey: Survey) -> bool:
    return user_has_role(user, survey.org, OFFICE_ROLES)


def survey_campaign_list(user: User) -> QuerySet[Campaign]:
    """Campaigns whose office the user is: a survey belongs to its campaign's org."""
    return Campaign.objects.filter(path_q(user, "org__path", OFFICE_ROLES)).select_related("org")


def audience_paths(survey: Survey) -> list[str]:
    return [org.path for org in survey.audience_orgs.all()] or [survey.org.path]


def is_addressed_to(user: User, survey: Survey) -> bool:
    """A staff survey is for the people of its chosen orgs and their subtrees."""
    if survey.audience == SurveyAudience.PUBLIC:
        return False
    roots = scope_roots(user)
    return any(root.startswith(path) for root in roots for path in audience_paths(survey))


def has_answered(user: User, survey: Survey) -> bool:
    return ResponseReceipt.objects.filter(survey=survey, user=user).exists()


def device_has_answered(survey: Survey, device_hash: str) -> bool:
    return bool(device_hash) and Response.objects.filter(survey=survey, device_hash=device_hash).exists()


def my_survey_list(user: User) -> list[Survey]:
    """Open staff surveys and evaluations addressed to the user, not yet answered by them."""
    answered = ResponseReceipt.objects.filter(user=user).values("survey_id")
    candidates = (
        Survey.objects.filter(status=SurveyStatus.OPEN)
        .exclude(audience=SurveyAudience.PUBLIC)
        .exclude(pk__in=answered)
        .prefetch_related("audience_orgs")
        .select_related("org")
    )
    return [survey for survey in candidates if is_addressed_to(user, survey)]


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices"))


# --- results -----------------------------------------------------------------------------------


def percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def satisfaction_rate(satisfied: int, basically: int, valid: int) -> float | None:
    """满意率 = (满意 + 基本满意) / 有效票, in percent to one decimal; None without votes."""
    return percent(satisfied + basically, valid)


@dataclass
class Row:
    label: str
    count: int
    percent: float | None


@dataclass
class QuestionResult:
    question: Question
    answered: int
    rows: list[Row] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    rate: float | None = None


@dataclass
class TargetResult:
    target: Target
    satisfied: int
    basically: int
    unsatisfied: int

    @property
    def valid(self) -> int:
        return self.satisfied + self.basically + self.unsatisfied

    @property
    def rate(self) -> float | None:
        return satisfaction_rate(self.satisfied, self.basically, self.valid)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    targets: list[TargetResult]


def _question_result(question: Question, choice_counts: dict[int, int], answers: list[Answer]) -> QuestionResult:
    answered = len({answer.response_id for answer in answers})
    result = QuestionResult(question=question, answered=answered)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices: list[Choice] = list(question.choices.all())
        result.rows = [
            Row(c.text, choice_counts.get(c.pk, 0), percent(choice_counts.get(c.pk, 0), answered)) for c in choices
        ]
        by_text = {row.label: row.count for row in result.rows}
        if question.kind == QuestionKind.SINGLE and Rating.SATISFIED.label in by_text:
            result.rate = satisfaction_rate(
                by_text.get(Rating.SATISFIED.label, 0), by_text.get(Rating.BASICALLY.label, 0), answered
            )
    elif question.kind == QuestionKind.SCALE:
        scores = [answer.score for answer in answers if answer.score]
        result.rows = [Row(f"{s}分", scores.count(s), percent(scores.count(s), len(scores))) for s in range(5, 0, -1)]
        result.average = round(sum(scores) / len(scores), 2) if scores else None
    else:
        result.texts = [answer.text for answer in answers if answer.text]
    return result


def survey_results(survey: Survey) -> SurveyResults:
    """Counts per choice and score, averages, and per target the 满意率 — a few queries, whatever the size."""
    questions = survey_questions(survey)
    choice_counts = dict(
        Answer.objects.filter(question__survey=survey, choice__isnull=False)
        .values_list("choice_id")
        .annotate(n=Count("id"))
        .values_list("choice_id", "n")
    )
    answers: dict[int, list[Answer]] = {q.pk: [] for q in questions}
    for answer in Answer.objects.filter(question__survey=survey).only("response_id", "question_id", "score", "text"):
        answers[answer.question_id].append(answer)
    targets = [
        TargetResult(target=target, satisfied=target.n_satisfied, basically=target.n_basically, unsatisfied=target.n_no)
        for target in survey.targets.annotate(
            n_satisfied=Count("ratings", filter=Q(ratings__rating=Rating.SATISFIED)),
            n_basically=Count("ratings", filter=Q(ratings__rating=Rating.BASICALLY)),
            n_no=Count("ratings", filter=Q(ratings__rating=Rating.UNSATISFIED)),
        )
    ]
    return SurveyResults(
        survey=survey,
        responses=survey.responses.count(),
        questions=[_question_result(q, choice_counts, answers[q.pk]) for q in questions],
        targets=targets,
    )
