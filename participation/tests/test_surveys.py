"""Surveys and evaluations: once per person and per device, anonymity, 满意率, refusals, scoping, export."""

import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from common.dates import today
from common.exceptions import DomainError
from participation import survey_selectors as selectors
from participation import survey_services as services
from participation.choices import QuestionKind, Rating, SurveyAudience
from participation.survey_export import survey_results_xlsx
from participation.survey_models import Response, ResponseReceipt, Survey
from participation.survey_views import DEVICE_COOKIE


def make_survey(actor, campaign, audience=SurveyAudience.STAFF, questions=(), targets=(), open_=True, **extra):
    survey = services.survey_create(
        actor=actor,
        campaign=campaign,
        title=extra.pop("title", "职工满意度调查"),
        audience=audience,
        opens_on=today(),
        closes_on=today(),
        evaluation_kind="democratic" if audience == SurveyAudience.EVALUATION else "",
        **extra,
    )
    for text, kind, required, choices in questions:
        services.question_add(actor=actor, survey=survey, text=text, kind=kind, required=required, choices=choices)
    if targets:
        services.targets_add(actor=actor, survey=survey, names=list(targets))
    if open_:
        services.survey_open(actor=actor, survey=survey)
    return survey


SINGLE = ("总体评价", QuestionKind.SINGLE, True, ["满意", "基本满意", "不满意"])
SCALE = ("作风评分", QuestionKind.SCALE, True, [])
TEXT = ("意见建议", QuestionKind.TEXT, False, [])


def choice_id(survey, text, order=1):
    return survey.questions.get(order=order).choices.get(text=text).pk


@pytest.fixture
def staff_survey(cast, campaign):
    return make_survey(cast["office"], campaign, questions=[SINGLE, SCALE, TEXT])


@pytest.fixture
def evaluation(cast, campaign):
    return make_survey(cast["office"], campaign, audience=SurveyAudience.EVALUATION, targets=["甲医院", "乙医院"])


@pytest.fixture
def public_survey(cast, campaign):
    return make_survey(cast["office"], campaign, audience=SurveyAudience.PUBLIC, questions=[SINGLE, SCALE])


def staff_answers(survey, rating="满意", score=4):
    q1, q2, q3 = survey.questions.order_by("order")
    return {q1.pk: choice_id(survey, rating), q2.pk: score, q3.pk: ""}


def test_staff_answer_once_per_person(cast, staff_survey):
    services.survey_answer(survey=staff_survey, answers=staff_answers(staff_survey), user=cast["owner_a"])
    with pytest.raises(DomainError, match="已参加过"):
        services.survey_answer(survey=staff_survey, answers=staff_answers(staff_survey), user=cast["owner_a"])
    assert staff_survey.responses.count() == 1
    assert ResponseReceipt.objects.filter(survey=staff_survey, user=cast["owner_a"]).count() == 1


def test_public_answer_once_per_device(public_survey):
    q1, q2 = public_survey.questions.order_by("order")
    answers = {q1.pk: choice_id(public_survey, "满意"), q2.pk: 5}
    services.survey_answer(survey=public_survey, answers=answers, device_id="device-1")
    with pytest.raises(DomainError, match="已提交过"):
        services.survey_answer(survey=public_survey, answers=answers, device_id="device-1")
    services.survey_answer(survey=public_survey, answers=answers, device_id="device-2")
    assert public_survey.responses.count() == 2


def test_public_page_sets_device_cookie_and_refuses_second_response(client, public_survey):
    url = reverse("participation:survey-answer", args=[public_survey.token])
    page = client.get(url)
    assert DEVICE_COOKIE in page.cookies
    q1, q2 = public_survey.questions.order_by("order")
    data = {f"q{q1.pk}": choice_id(public_survey, "基本满意"), f"q{q2.pk}": "3"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert "您已提交过本问卷" in again.content.decode()
    assert public_survey.responses.count() == 1


def test_staff_response_is_anonymous(cast, staff_survey):
    services.survey_answer(survey=staff_survey, answers=staff_answers(staff_survey), user=cast["owner_a"])
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert not {"user", "created_by", "created_at", "respondent"} & response_fields
    receipt_fields = {f.name for f in ResponseReceipt._meta.get_fields()}
    assert receipt_fields == {"id", "survey", "user", "submitted_on"}
    # Only dates, and a random key: neither time nor insertion order joins a receipt to a response.
    response = staff_survey.responses.get()
    assert response.device_hash == ""
    assert isinstance(Response._meta.get_field("submitted_on").default(), type(today()))
    assert str(response.pk).count("-") == 4
    columns = {
        c.name for c in connection.introspection.get_table_description(connection.cursor(), "participation_response")
    }
    assert columns == {"id", "survey_id", "submitted_on", "device_hash"}


def test_staff_survey_audit_names_the_receipt_never_the_response(cast, staff_survey):
    from audit.models import AuditEntry

    response = services.survey_answer(survey=staff_survey, answers=staff_answers(staff_survey), user=cast["owner_a"])
    assert not AuditEntry.objects.filter(target_id=str(response.pk)).exists()
    assert AuditEntry.objects.filter(actor=cast["owner_a"], remark="参加问卷").count() == 1


def test_satisfaction_rate_arithmetic():
    assert selectors.satisfaction_rate(6, 3, 10) == 90.0
    assert selectors.satisfaction_rate(0, 0, 0) is None
    assert selectors.satisfaction_rate(1, 1, 3) == 66.7


def test_evaluation_results(cast, campaign, county, evaluation):
    from conftest import make_person
    from organisations.choices import Role

    people = [make_person(f"p{i}", county["a"], Role.STAFF) for i in range(10)]
    a, b = evaluation.targets.order_by("order")
    votes = [Rating.SATISFIED] * 6 + [Rating.BASICALLY] * 3 + [Rating.UNSATISFIED]
    for person, vote in zip(people, votes, strict=True):
        services.survey_answer(survey=evaluation, answers={}, ratings={a.pk: vote, b.pk: Rating.SATISFIED}, user=person)
    results = selectors.survey_results(evaluation)
    row_a, row_b = results.targets
    assert (row_a.satisfied, row_a.basically, row_a.unsatisfied, row_a.valid, row_a.rate) == (6, 3, 1, 10, 90.0)
    assert row_b.rate == 100.0
    assert results.responses == 10


def test_evaluation_needs_every_target_rated(cast, evaluation):
    a, _ = evaluation.targets.order_by("order")
    with pytest.raises(DomainError, match="请对“乙医院”作出评价"):
        services.survey_answer(survey=evaluation, answers={}, ratings={a.pk: Rating.SATISFIED}, user=cast["owner_a"])
    assert not ResponseReceipt.objects.exists()


def test_question_results_scale_average_and_rate(cast, staff_survey):
    for user, rating, score in [
        (cast["owner_a"], "满意", 5),
        (cast["head_a"], "不满意", 2),
        (cast["owner_b"], "基本满意", 3),
    ]:
        services.survey_answer(survey=staff_survey, answers=staff_answers(staff_survey, rating, score), user=user)
    single, scale, _ = selectors.survey_results(staff_survey).questions
    assert [(r.label, r.count) for r in single.rows] == [("满意", 1), ("基本满意", 1), ("不满意", 1)]
    assert single.rate == 66.7
    assert scale.average == 3.33
    assert [r.count for r in scale.rows] == [1, 0, 1, 1, 0]


def test_required_question_and_scale_range(cast, staff_survey):
    q1, _, _ = staff_survey.questions.order_by("order")
    with pytest.raises(DomainError, match="第2题为必答题"):
        services.survey_answer(
            survey=staff_survey, answers={q1.pk: choice_id(staff_survey, "满意")}, user=cast["owner_a"]
        )
    with pytest.raises(DomainError, match="第2题请在1至5分之间评分"):
        services.survey_answer(survey=staff_survey, answers=staff_answers(staff_survey, score=6), user=cast["owner_a"])
    assert not ResponseReceipt.objects.exists()
    assert not Response.objects.exists()


def test_closed_survey_refuses_answers(cast, evaluation):
    services.survey_close(actor=cast["office"], survey=evaluation)
    a, b = evaluation.targets.order_by("order")
    with pytest.raises(DomainError, match="测评已结束"):
        services.survey_answer(
            survey=evaluation, answers={}, ratings={a.pk: "satisfied", b.pk: "satisfied"}, user=cast["owner_a"]
        )


def test_draft_survey_refuses_answers_and_only_draft_can_be_built(cast, campaign, staff_survey):
    with pytest.raises(DomainError, match="已发布"):
        services.question_add(actor=cast["office"], survey=staff_survey, text="新题", kind=QuestionKind.TEXT)
    draft = make_survey(cast["office"], campaign, questions=[TEXT], open_=False)
    with pytest.raises(DomainError, match="尚未开始"):
        services.survey_answer(survey=draft, answers={}, user=cast["owner_a"])


def test_results_hidden_until_closed(client, cast, campaign):
    survey = make_survey(cast["office"], campaign, questions=[SINGLE], results_hidden_until_closed=True)
    client.force_login(cast["office"])
    page = client.get(reverse("participation:survey-results", args=[survey.pk]))
    assert "结束后公布结果" in page.content.decode()
    assert client.get(reverse("participation:survey-export", args=[survey.pk])).status_code == 404
    services.survey_close(actor=cast["office"], survey=survey)
    page = client.get(reverse("participation:survey-results", args=[survey.pk]))
    assert "有效答卷 0 份" in page.content.decode()


def test_scoping_results_and_answering(client, cast, county, rolled_out):
    survey = make_survey(
        cast["office_a"], rolled_out["JYY"], questions=[SINGLE], title="甲医院职工调查", audience_orgs=[county["a"]]
    )
    assert survey.org == county["a"]
    client.force_login(cast["owner_b"])
    assert client.get(reverse("participation:survey-results", args=[survey.pk])).status_code == 404
    assert client.get(reverse("participation:survey-detail", args=[survey.pk])).status_code == 404
    assert client.get(reverse("participation:survey-answer", args=[survey.token])).status_code == 403
    answers = {survey.questions.get().pk: choice_id(survey, "满意")}
    with pytest.raises(DomainError, match="不面向您所在的单位"):
        services.survey_answer(survey=survey, answers=answers, user=cast["owner_b"])
    with pytest.raises(DomainError, match="活动办公室"):
        services.survey_close(actor=cast["owner_b"], survey=survey)
    services.survey_answer(survey=survey, answers=answers, user=cast["owner_a"])  # dept of A: addressed
    assert selectors.survey_list(cast["office"]).filter(pk=survey.pk).exists()  # the commission office above
    assert not selectors.survey_list(cast["owner_a"]).exists()


def test_only_the_office_creates(cast, campaign):
    with pytest.raises(DomainError, match="活动办公室"):
        make_survey(cast["owner_a"], campaign, questions=[TEXT])


def test_staff_answer_page(client, cast, staff_survey):
    url = reverse("participation:survey-answer", args=[staff_survey.token])
    assert client.get(url).status_code == 302  # login first
    client.force_login(cast["owner_a"])
    q1, q2, _ = staff_survey.questions.order_by("order")
    page = client.post(url, {f"q{q1.pk}": choice_id(staff_survey, "满意")})
    assert "第2题为必答题" in page.content.decode()
    assert client.post(url, {f"q{q1.pk}": choice_id(staff_survey, "满意"), f"q{q2.pk}": "4"}).status_code == 302
    assert "您已提交过" in client.get(url).content.decode()


def test_builder_pages(client, cast, campaign):
    client.force_login(cast["office"])
    assert client.get(reverse("participation:survey-list")).status_code == 200
    page = client.post(
        reverse("participation:survey-create"),
        {
            "campaign": campaign.pk,
            "title": "民主测评",
            "audience": "evaluation",
            "evaluation_kind": "democratic",
            "opens_on": today().isoformat(),
            "closes_on": today().isoformat(),
        },
    )
    survey = Survey.objects.get()
    assert page.status_code == 302
    client.post(reverse("participation:target-add", args=[survey.pk]), {"names": "张三\n李四\n"})
    client.post(
        reverse("participation:question-add", args=[survey.pk]),
        {"text": "总体", "kind": "single", "required": "on", "choices": "好\n一般\n差"},
    )
    client.post(reverse("participation:survey-open", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == "open"
    assert list(survey.targets.values_list("name", flat=True)) == ["张三", "李四"]
    assert survey.questions.get().choices.count() == 3
    assert client.get(reverse("participation:survey-detail", args=[survey.pk])).status_code == 200


def test_excel_export_read_back(client, cast, campaign, county, evaluation, staff_survey):
    a, b = evaluation.targets.order_by("order")
    services.survey_answer(
        survey=evaluation, answers={}, ratings={a.pk: "satisfied", b.pk: "unsatisfied"}, user=cast["owner_a"]
    )
    services.survey_answer(
        survey=evaluation, answers={}, ratings={a.pk: "basically", b.pk: "satisfied"}, user=cast["head_a"]
    )
    book = load_workbook(io.BytesIO(survey_results_xlsx(selectors.survey_results(evaluation))))
    rows = list(book["测评结果"].iter_rows(values_only=True))
    assert rows[0] == ("测评对象", "满意", "基本满意", "不满意", "有效票", "满意率(%)")
    assert rows[1] == ("甲医院", 1, 1, 0, 2, 100.0)
    assert rows[2] == ("乙医院", 1, 0, 1, 2, 50.0)
    services.survey_answer(survey=staff_survey, answers=staff_answers(staff_survey), user=cast["owner_a"])
    client.force_login(cast["office"])
    download = client.get(reverse("participation:survey-export", args=[staff_survey.pk]))
    rows = list(load_workbook(io.BytesIO(download.content))["问卷结果"].iter_rows(values_only=True))
    assert rows[0] == ("题目", "选项", "票数", "占比(%)")
    assert rows[1] == ("1. 总体评价", "满意", 1, 100.0)
