"""Writes on surveys: the office builds, opens and closes them; the public and the staff answer once.

A staff answer writes two unrelated rows in one transaction: the anonymous `Response` and the
`ResponseReceipt` that says only that this person has answered. The audit log records the receipt
(who took part), never the response.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, audit_update, snapshot
from campaigns.models import Campaign
from common.exceptions import DomainError
from common.services import full_clean_or_refuse, save_new
from organisations.models import Org
from participation import survey_selectors as selectors
from participation.choices import CHOICE_KINDS, SCALE_RANGE, QuestionKind, Rating, SurveyAudience, SurveyStatus
from participation.survey_models import (
    Answer,
    Choice,
    Question,
    Response,
    ResponseReceipt,
    Survey,
    Target,
    TargetRating,
)

TEXT_MAX = 1000


def device_id_new() -> str:
    return secrets.token_urlsafe(16)


def device_hash(device_id: str) -> str:
    if not device_id:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"survey-device:{device_id}".encode(), hashlib.sha256).hexdigest()


def _require_office(actor: User, survey: Survey) -> None:
    if not selectors.can_manage(actor, survey):
        raise DomainError("只有组织单位的活动办公室可以管理该问卷。")


def _require_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise DomainError("问卷已发布，不能再修改题目和测评对象。")


@transaction.atomic
def survey_create(
    *,
    actor: User,
    campaign: Campaign,
    title: str,
    audience: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    intro: str = "",
    evaluation_kind: str = "",
    results_hidden_until_closed: bool = False,
    audience_orgs: list[Org] | None = None,
) -> Survey:
    if not selectors.survey_campaign_list(actor).filter(pk=campaign.pk).exists():
        raise DomainError("只有活动发起单位的活动办公室可以创建问卷。")
    if audience == SurveyAudience.EVALUATION and not evaluation_kind:
        raise DomainError("请选择测评类型。")
    if audience != SurveyAudience.EVALUATION:
        evaluation_kind = ""
    if closes_on < opens_on:
        raise DomainError("截止日期不能早于开始日期。")
    audience_orgs = list(audience_orgs or []) if audience != SurveyAudience.PUBLIC else []
    for org in audience_orgs:
        if not org.path.startswith(campaign.org.path):
            raise DomainError(f"“{org}”不在本活动范围内，不能作为参加单位。")
    survey = save_new(
        actor=actor,
        instance=Survey(
            campaign=campaign,
            org=campaign.org,
            title=title.strip(),
            intro=intro.strip(),
            audience=audience,
            evaluation_kind=evaluation_kind,
            opens_on=opens_on,
            closes_on=closes_on,
            results_hidden_until_closed=results_hidden_until_closed,
            created_by=actor,
        ),
    )
    survey.audience_orgs.set(audience_orgs)
    return survey


@transaction.atomic
def question_add(
    *, actor: User, survey: Survey, text: str, kind: str, required: bool = True, choices: list[str] | None = None
) -> Question:
    """Add a question at the end; single and multiple choice questions need at least two choices."""
    _require_office(actor, survey)
    _require_draft(survey)
    choices = [c.strip() for c in (choices or []) if c.strip()]
    if kind in CHOICE_KINDS:
        if len(choices) < 2:
            raise DomainError("单选题和多选题至少需要两个选项，每行一个。")
        if len(set(choices)) != len(choices):
            raise DomainError("选项不能重复。")
    else:
        choices = []
    order = (survey.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    question = save_new(
        actor=actor, instance=Question(survey=survey, order=order, text=text.strip(), kind=kind, required=required)
    )
    Choice.objects.bulk_create(Choice(question=question, order=i, text=c) for i, c in enumerate(choices, start=1))
    return question


@transaction.atomic
def targets_add(*, actor: User, survey: Survey, names: list[str], orgs: list[Org] | None = None) -> list[Target]:
    """Add evaluation targets: people or units by name, and units picked from the tree."""
    _require_office(actor, survey)
    _require_draft(survey)
    if not survey.is_evaluation:
        raise DomainError("只有测评可以添加测评对象。")
    wanted = [(name.strip(), None) for name in names if name.strip()] + [(org.name, org) for org in orgs or []]
    if not wanted:
        raise DomainError("请填写测评对象，每行一个。")
    existing = set(survey.targets.values_list("name", flat=True))
    order = (survey.targets.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    added = []
    for name, org in wanted:
        if name in existing:
            continue
        existing.add(name)
        added.append(save_new(actor=actor, instance=Target(survey=survey, order=order, name=name, org=org)))
        order += 1
    return added


def _transition(*, actor: User, survey: Survey, expect: str, to: str, remark: str) -> Survey:
    before = snapshot(survey)
    if Survey.objects.filter(pk=survey.pk, status=expect).update(status=to) != 1:
        raise DomainError("问卷状态已变化，请刷新页面。")
    survey.refresh_from_db()
    audit_update(actor=actor, target=survey, before=before, remark=remark)
    return survey


@transaction.atomic
def survey_open(*, actor: User, survey: Survey) -> Survey:
    _require_office(actor, survey)
    if survey.is_evaluation and not survey.targets.exists():
        raise DomainError("请先添加测评对象。")
    if not survey.is_evaluation and not survey.questions.exists():
        raise DomainError("请先添加题目。")
    return _transition(actor=actor, survey=survey, expect=SurveyStatus.DRAFT, to=SurveyStatus.OPEN, remark="发布")


@transaction.atomic
def survey_close(*, actor: User, survey: Survey) -> Survey:
    _require_office(actor, survey)
    return _transition(actor=actor, survey=survey, expect=SurveyStatus.OPEN, to=SurveyStatus.CLOSED, remark="结束")


def _check_open(survey: Survey, today: datetime.date) -> None:
    if survey.status == SurveyStatus.CLOSED or today > survey.closes_on:
        raise DomainError(f"{survey.noun}已结束，感谢您的关注。")
    if survey.status != SurveyStatus.OPEN or today < survey.opens_on:
        raise DomainError(f"{survey.noun}尚未开始。")


def _answers(survey: Survey, answers: dict) -> list[Answer]:
    """The submitted answers (question id → choice id, list of choice ids, score or text) as unsaved
    rows, checked question by question; the first problem is refused with the question's number."""
    rows = []
    for question in selectors.survey_questions(survey):
        raw = answers.get(question.pk)
        number = f"第{question.order}题"
        if raw in (None, "", []):
            if question.required:
                raise DomainError(f"{number}为必答题。")
            continue
        if question.kind in CHOICE_KINDS:
            picked = raw if isinstance(raw, list | tuple) else [raw]
            if question.kind == QuestionKind.SINGLE and len(picked) > 1:
                raise DomainError(f"{number}只能选一项。")
            valid = {c.pk: c for c in question.choices.all()}
            try:
                chosen = [valid[int(pk)] for pk in dict.fromkeys(picked)]
            except (KeyError, TypeError, ValueError) as error:
                raise DomainError(f"{number}的选项无效，请重新选择。") from error
            rows += [Answer(question=question, choice=choice) for choice in chosen]
        elif question.kind == QuestionKind.SCALE:
            try:
                score = int(raw)
            except (TypeError, ValueError):
                score = 0
            if score not in SCALE_RANGE:
                raise DomainError(f"{number}请在1至5分之间评分。")
            rows.append(Answer(question=question, score=score))
        else:
            text = str(raw).strip()
            if len(text) > TEXT_MAX:
                raise DomainError(f"{number}请不要超过{TEXT_MAX}字。")
            if text:
                rows.append(Answer(question=question, text=text))
            elif question.required:
                raise DomainError(f"{number}为必答题。")
    return rows


def _ratings(survey: Survey, ratings: dict) -> list[TargetRating]:
    rows = []
    for target in survey.targets.all():
        rating = ratings.get(target.pk)
        if not rating:
            raise DomainError(f"请对“{target.name}”作出评价。")
        if rating not in Rating.values:
            raise DomainError(f"对“{target.name}”的评价请选择满意、基本满意或不满意。")
        rows.append(TargetRating(target=target, rating=rating))
    return rows


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    answers: dict,
    ratings: dict | None = None,
    user: User | None = None,
    device_id: str = "",
) -> Response:
    """One response: from a device (public surveys) or from a person it is addressed to (staff surveys
    and evaluations), once each. The response never records who answered."""
    today = timezone.localdate()
    _check_open(survey, today)
    answer_rows = _answers(survey, answers)
    rating_rows = _ratings(survey, ratings or {}) if survey.is_evaluation else []
    if not answer_rows and not rating_rows:
        raise DomainError("请至少回答一道题。")
    if survey.audience == SurveyAudience.PUBLIC:
        hashed = device_hash(device_id)
        if not hashed:
            raise DomainError("请允许浏览器保存Cookie后再提交。")
        if selectors.device_has_answered(survey, hashed):
            raise DomainError("您已提交过本问卷，感谢您的参与！")
        response = Response(survey=survey, submitted_on=today, device_hash=hashed)
    else:
        if user is None or not user.is_authenticated:
            raise DomainError("请先登录再参加。")
        if not selectors.is_addressed_to(user, survey):
            raise DomainError(f"本次{survey.noun}不面向您所在的单位。")
        receipt = ResponseReceipt(survey=survey, user=user, submitted_on=today)
        try:
            with transaction.atomic():
                receipt.save()
        except IntegrityError as error:
            raise DomainError(f"您已参加过本次{survey.noun}，每人只能参加一次。") from error
        audit_record(actor=user, action=AuditAction.CREATE, target=receipt, remark=f"参加{survey.noun}")
        response = Response(survey=survey, submitted_on=today)
    full_clean_or_refuse(response, exclude=["device_hash"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise DomainError("您已提交过本问卷，感谢您的参与！") from error
    for row in answer_rows + rating_rows:
        row.response = response
    Answer.objects.bulk_create(answer_rows)
    TargetRating.objects.bulk_create(rating_rows)
    if survey.audience == SurveyAudience.PUBLIC:
        audit_record(
            actor=None, action=AuditAction.CREATE, target=response, after={"survey": survey.pk}, remark="公开问卷答卷"
        )
    return response
