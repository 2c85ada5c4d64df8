"""Demo surveys: a closed 民主测评 of the county's units answered by the demo staff, and an open public
survey with a few answers. Every row goes through participation.survey_services. Idempotent."""

import datetime

from accounts.models import User
from campaigns.models import Campaign
from common.dates import today
from organisations.choices import OrgType, Role
from organisations.models import Org
from participation import survey_services as services
from participation.choices import QuestionKind, Rating, SurveyAudience
from participation.survey_models import Survey

EVALUATION_TITLE = "思想破冰活动民主测评"
PUBLIC_TITLE = "群众就医体验满意度调查"
VOTES = [Rating.SATISFIED] * 6 + [Rating.BASICALLY] * 3 + [Rating.UNSATISFIED]


def survey_fill(campaign: Campaign) -> None:
    office = User.objects.filter(memberships__org=campaign.org, memberships__role=Role.OFFICE).first()
    if office is None:
        return
    if not Survey.objects.filter(campaign=campaign, title=EVALUATION_TITLE).exists():
        _evaluation(campaign, office)
    if not Survey.objects.filter(campaign=campaign, title=PUBLIC_TITLE).exists():
        _public(campaign, office)


def _evaluation(campaign: Campaign, office: User) -> None:
    survey = services.survey_create(
        actor=office,
        campaign=campaign,
        title=EVALUATION_TITLE,
        intro="请对各单位在思想破冰活动中的作风转变和整改成效作出评价。匿名填写，每人一次。",
        audience=SurveyAudience.EVALUATION,
        evaluation_kind="democratic",
        opens_on=today() - datetime.timedelta(days=7),
        closes_on=today(),
        audience_orgs=[campaign.org],
    )
    units = Org.objects.filter(
        path__startswith=campaign.org.path, type__in=[OrgType.HOSPITAL, OrgType.TOWNSHIP]
    ).order_by("path")
    services.targets_add(actor=office, survey=survey, names=[], orgs=list(units))
    services.question_add(
        actor=office, survey=survey, text="对本单位活动开展的意见建议", kind=QuestionKind.TEXT, required=False
    )
    services.survey_open(actor=office, survey=survey)
    targets = list(survey.targets.order_by("order"))
    people = User.objects.filter(memberships__org__path__startswith=campaign.org.path).distinct().order_by("username")
    for index, person in enumerate(people[:40]):
        ratings = {t.pk: VOTES[(index + 3 * t.order) % len(VOTES)] for t in targets}
        text = "希望持续压缩群众办事等候时间。" if index % 9 == 0 else ""
        services.survey_answer(survey=survey, answers={survey.questions.get().pk: text}, ratings=ratings, user=person)
    services.survey_close(actor=office, survey=survey)


def _public(campaign: Campaign, office: User) -> None:
    survey = services.survey_create(
        actor=office,
        campaign=campaign,
        title=PUBLIC_TITLE,
        intro="您的意见将帮助我们改进服务。匿名填写，约需1分钟。",
        audience=SurveyAudience.PUBLIC,
        opens_on=today() - datetime.timedelta(days=3),
        closes_on=today() + datetime.timedelta(days=27),
    )
    overall = services.question_add(
        actor=office,
        survey=survey,
        text="您对本次就医体验总体是否满意？",
        kind=QuestionKind.SINGLE,
        choices=[Rating.SATISFIED.label, Rating.BASICALLY.label, Rating.UNSATISFIED.label],
    )
    waiting = services.question_add(
        actor=office,
        survey=survey,
        text="您觉得哪些环节等候时间较长？（可多选）",
        kind=QuestionKind.MULTIPLE,
        required=False,
        choices=["挂号", "候诊", "检查", "缴费", "取药"],
    )
    attitude = services.question_add(
        actor=office, survey=survey, text="请为医务人员的服务态度打分", kind=QuestionKind.SCALE
    )
    services.question_add(actor=office, survey=survey, text="其他意见建议", kind=QuestionKind.TEXT, required=False)
    services.survey_open(actor=office, survey=survey)
    overall_choices = list(overall.choices.order_by("order"))
    waiting_choices = list(waiting.choices.order_by("order"))
    for index in range(12):
        services.survey_answer(
            survey=survey,
            answers={
                overall.pk: overall_choices[[0, 0, 1, 0, 2, 0, 1, 0, 0, 1, 0, 0][index]].pk,
                waiting.pk: [waiting_choices[index % 5].pk, waiting_choices[(index + 1) % 5].pk][: 1 + index % 2],
                attitude.pk: [5, 4, 5, 3, 2, 4, 5, 4, 5, 3, 4, 5][index],
            },
            device_id=f"demo-device-{index}",
        )
