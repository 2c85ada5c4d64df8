"""The REST API: token and session auth, the same scope and rules as the pages, and the committed schema."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from common.dates import today
from conftest import PASSWORD
from ledger import selectors
from ledger.choices import ExtensionStatus, Light, MeasureStatus
from ledger.models import Measure
from ledger.tests.factories import exe_file, make_measure, pdf_file

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def api(user) -> APIClient:
    """A client that authenticates the way an integration does: with the user's token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def url(name, *args):
    return reverse(f"ledger-api:{name}", args=args)


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def request_closeout(measure, owner):
    client = api(owner)
    assert client.post(url("measure-start", measure.pk)).status_code == 200
    return client.post(
        url("measure-request-closeout", measure.pk),
        {"self_assessment": "达到验收标准", "files": [pdf_file()]},
        format="multipart",
    )


# --- authentication ----------------------------------------------------------------------------


def test_anonymous_caller_is_refused(measure):
    response = APIClient().get(url("measure-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert APIClient().get(url("measure-detail", measure.pk)).status_code == 401


def test_token_authenticates(measure, cast):
    response = api(cast["owner_a"]).get(url("measure-list"))
    assert response.status_code == 200
    assert ids(response) == [measure.pk]


def test_a_wrong_token_is_refused(measure):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get(url("measure-list")).status_code == 401


def test_the_browser_session_authenticates(client, measure):
    assert client.post(reverse("accounts:login"), {"username": "owner_a", "password": PASSWORD}).status_code == 302
    response = client.get(url("measure-detail", measure.pk))
    assert response.status_code == 200
    assert response.json()["id"] == measure.pk


def test_a_token_does_not_skip_the_required_password_change(measure, cast):
    owner = cast["owner_a"]
    owner.must_change_password = True
    owner.save(update_fields=["must_change_password"])
    response = api(owner).get(url("measure-list"))
    assert response.status_code == 403
    assert response.json()["detail"] == "请先在网页上修改密码，然后再使用接口。"


# --- scope -------------------------------------------------------------------------------------


def test_another_units_measure_is_not_found_and_not_listed(measure, problem, cast):
    client = api(cast["owner_b"])
    assert ids(client.get(url("measure-list"))) == []
    assert ids(client.get(url("problem-list"))) == []
    assert client.get(url("measure-detail", measure.pk)).status_code == 404
    assert client.get(url("problem-detail", problem.pk)).status_code == 404
    for name in ("measure-progress", "measure-evidence", "measure-events", "measure-extensions"):
        assert client.get(url(name, measure.pk)).status_code == 404, name
    for name in ("measure-start", "measure-confirm", "measure-verify", "measure-urge"):
        assert client.post(url(name, measure.pk)).status_code == 404, name
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.NOT_STARTED


def test_the_commission_sees_its_units_measures(measure, cast):
    assert ids(api(cast["supervisor"]).get(url("measure-list"))) == [measure.pk]


def test_a_problem_of_another_unit_cannot_be_used_for_a_measure(problem, cast):
    response = api(cast["owner_b"]).post(url("measure-list"), {"problem": problem.pk, "content": "代写措施"})
    assert response.status_code == 400
    assert "problem" in response.json()
    assert not Measure.objects.filter(content="代写措施").exists()


# --- writes go through the services ------------------------------------------------------------


def test_register_a_problem_and_a_measure(rolled_out, county, cast):
    client = api(cast["office_a"])
    campaign = rolled_out["JYY"]
    response = client.post(
        url("problem-list"),
        {"campaign": campaign.pk, "org": county["a"].pk, "source": "self", "description": "候诊区秩序混乱"},
    )
    assert response.status_code == 201, response.json()
    problem = response.json()
    assert problem["code"] == f"{campaign.code}-001"

    deadline = today() + datetime.timedelta(days=30)
    response = client.post(
        url("measure-list"),
        {
            "problem": problem["id"],
            "content": "增设导诊人员",
            "deadline": deadline.isoformat(),
            "owner": cast["owner_a"].pk,
            "milestones": [{"due_on": (deadline - datetime.timedelta(days=10)).isoformat(), "goal": "人员到岗"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == MeasureStatus.NOT_STARTED
    assert created["due_on"] == deadline.isoformat()
    assert created["light"] in {Light.GREEN, Light.YELLOW}
    assert [m["goal"] for m in created["milestones"]] == ["人员到岗"]
    assert created["actions"]["edit"] is True


def test_a_refused_write_answers_with_the_services_message(rolled_out, county, cast):
    response = api(cast["inspector"]).post(
        url("problem-list"),
        {"campaign": rolled_out["YYY"].pk, "org": county["b"].pk, "source": "self", "description": "挂号难"},
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("您不能为“乙医院”登记问题")


def test_three_step_close_out_through_the_api(measure, cast):
    response = request_closeout(measure, cast["owner_a"])
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == MeasureStatus.PENDING_REVIEW

    head = api(cast["head_a"])
    assert head.get(url("measure-detail", measure.pk)).json()["actions"]["confirm"] is True
    response = head.post(url("measure-confirm", measure.pk), {"remark": "情况属实"})
    assert response.status_code == 200
    assert response.json()["status"] == MeasureStatus.PENDING_ACCEPTANCE

    response = api(cast["supervisor"]).post(url("measure-verify", measure.pk), {"remark": "现场核验通过"})
    assert response.status_code == 200
    closed = response.json()
    assert closed["status"] == MeasureStatus.CLOSED
    assert closed["closed_on"] == today().isoformat()
    assert closed["light"] == Light.NONE

    events = api(cast["owner_a"]).get(url("measure-events", measure.pk)).json()
    assert [(e["from_status"], e["to_status"], e["actor"]) for e in events] == [
        (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS, cast["owner_a"].pk),
        (MeasureStatus.IN_PROGRESS, MeasureStatus.PENDING_REVIEW, cast["owner_a"].pk),
        (MeasureStatus.PENDING_REVIEW, MeasureStatus.PENDING_ACCEPTANCE, cast["head_a"].pk),
        (MeasureStatus.PENDING_ACCEPTANCE, MeasureStatus.CLOSED, cast["supervisor"].pk),
    ]
    evidence = api(cast["supervisor"]).get(url("measure-evidence", measure.pk)).json()
    assert [(e["name"], e["file_type"]) for e in evidence] == [("整改报告.pdf", "pdf")]
    assert not {"file", "url"} & set(evidence[0])
    progress = api(cast["head_a"]).get(url("measure-progress", measure.pk)).json()
    assert progress[0]["is_closeout_request"] is True
    assert [e["id"] for e in progress[0]["evidence"]] == [evidence[0]["id"]]


def test_progress_report_with_files_starts_the_measure(measure, cast):
    response = api(cast["owner_a"]).post(
        url("measure-progress", measure.pk),
        {"text": "自助机已到货", "percent": 40, "files": [pdf_file("到货单.pdf"), pdf_file("照片说明.pdf")]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert sorted(e["name"] for e in response.json()["evidence"]) == ["到货单.pdf", "照片说明.pdf"]
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS and measure.percent == 40


def test_a_file_that_is_not_what_it_claims_is_refused(measure, cast):
    response = api(cast["owner_a"]).post(
        url("measure-progress", measure.pk),
        {"text": "见附件", "percent": 10, "files": [exe_file()]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.NOT_STARTED


def test_closeout_without_evidence_is_refused(measure, cast):
    client = api(cast["owner_a"])
    client.post(url("measure-start", measure.pk))
    response = client.post(url("measure-request-closeout", measure.pk), {"self_assessment": "已完成"})
    assert response.status_code == 400
    assert response.json() == {"detail": "申请销号须至少上传一份佐证材料。"}


def test_a_head_cannot_confirm_their_own_request(measure, cast):
    Measure.objects.filter(pk=measure.pk).update(owner=cast["head_a"])
    request_closeout(measure, cast["head_a"])
    response = api(cast["head_a"]).post(url("measure-confirm", measure.pk))
    assert response.status_code == 400
    assert response.json() == {"detail": "不能审核自己提出的销号申请。"}


def test_the_owner_cannot_confirm(measure, cast):
    request_closeout(measure, cast["owner_a"])
    response = api(cast["owner_a"]).post(url("measure-confirm", measure.pk))
    assert response.status_code == 400
    assert response.json() == {"detail": "不能审核自己提出的销号申请。"}


def test_verifying_an_already_closed_measure_is_refused(measure, cast):
    request_closeout(measure, cast["owner_a"])
    api(cast["head_a"]).post(url("measure-confirm", measure.pk))
    supervisor = api(cast["supervisor"])
    assert supervisor.post(url("measure-verify", measure.pk)).status_code == 200
    response = supervisor.post(url("measure-verify", measure.pk))
    assert response.status_code == 400
    assert response.json() == {"detail": "该措施当前为“已销号”，不能验收。"}


def test_two_verifications_racing_one_wins_the_other_is_told(measure, cast, monkeypatch):
    request_closeout(measure, cast["owner_a"])
    api(cast["head_a"]).post(url("measure-confirm", measure.pk))
    # Both requests read the measure while it was still waiting for acceptance.
    seen_by_second = Measure.objects.get(pk=measure.pk)
    supervisor = api(cast["supervisor"])
    assert supervisor.post(url("measure-verify", measure.pk)).status_code == 200
    monkeypatch.setattr(selectors, "measure_get", lambda user, pk: seen_by_second)
    response = supervisor.post(url("measure-verify", measure.pk))
    assert response.status_code == 400
    assert "可能已被他人处理" in response.json()["detail"]
    assert measure.events.count() == 4


def test_send_back_needs_a_reason(measure, cast):
    request_closeout(measure, cast["owner_a"])
    head = api(cast["head_a"])
    response = head.post(url("measure-send-back", measure.pk), {"reason": "  "})
    assert response.status_code == 400
    assert response.json() == {"detail": "退回须写明理由。"}
    response = head.post(url("measure-send-back", measure.pk), {"reason": "佐证材料不足"})
    assert response.status_code == 200
    assert response.json()["status"] == MeasureStatus.IN_PROGRESS


def test_extension_requested_and_approved_through_the_api(measure, cast):
    new_due = measure.due_on + datetime.timedelta(days=30)
    response = api(cast["owner_a"]).post(
        url("measure-extensions", measure.pk), {"requested_due_on": new_due.isoformat(), "reason": "设备到货延迟"}
    )
    assert response.status_code == 201, response.json()
    extension_id = response.json()["id"]
    assert api(cast["office_a"]).get(url("extension-list")).json()["results"][0]["id"] == extension_id

    assert api(cast["owner_b"]).post(url("extension-approve", extension_id)).status_code == 404
    response = api(cast["owner_a"]).post(url("extension-approve", extension_id))
    assert response.status_code == 400
    assert response.json()["detail"] == "只有“甲医院”或其上级单位的活动办公室可以审批延期申请。"

    response = api(cast["office_a"]).post(url("extension-approve", extension_id), {"remark": "同意"})
    assert response.status_code == 200
    assert response.json()["status"] == ExtensionStatus.APPROVED
    assert api(cast["owner_a"]).get(url("measure-detail", measure.pk)).json()["due_on"] == new_due.isoformat()
    response = api(cast["office_a"]).post(url("extension-refuse", extension_id), {"remark": "重复审批"})
    assert response.status_code == 400
    assert response.json() == {"detail": "该延期申请已被审批过，请刷新页面查看结果。"}


def test_urge(measure, cast):
    response = api(cast["inspector"]).post(url("measure-urge", measure.pk), {"text": "请加快进度"})
    assert response.status_code == 201
    assert response.json()["urged_by"] == cast["inspector"].pk
    response = api(cast["owner_a"]).post(url("measure-urge", measure.pk), {"text": "自己催自己"})
    assert response.status_code == 400
    assert response.json() == {"detail": "只有活动办公室、监督考核组或纪检监察人员可以催办。"}


# --- the list --------------------------------------------------------------------------------


def test_list_filters_and_lights(problem, measure, campaign, cast):
    overdue = make_measure(actor=cast["office_a"], problem=problem, owner=cast["head_a"])
    yesterday = today() - datetime.timedelta(days=1)
    Measure.objects.filter(pk=overdue.pk).update(deadline=yesterday, due_on=yesterday)
    client = api(cast["office"])

    rows = {row["id"]: row for row in client.get(url("measure-list")).json()["results"]}
    assert rows[overdue.pk]["light"] == Light.RED
    assert rows[measure.pk]["light"] != Light.RED
    assert ids(client.get(url("measure-list"), {"overdue": 1})) == [overdue.pk]
    assert ids(client.get(url("measure-list"), {"light": Light.RED})) == [overdue.pk]
    assert ids(client.get(url("measure-list"), {"owner": cast["owner_a"].pk})) == [measure.pk]
    assert ids(client.get(url("measure-list"), {"campaign": campaign.pk})) == [overdue.pk, measure.pk]
    assert ids(client.get(url("measure-list"), {"status": MeasureStatus.CLOSED})) == []
    response = client.get(url("measure-list"), {"status": "bogus"})
    assert response.status_code == 400 and "status" in response.json()


def test_list_pages_by_key(problem, cast):
    made = [make_measure(actor=cast["office_a"], problem=problem).pk for _ in range(3)]
    client = api(cast["office_a"])
    first = client.get(url("measure-list"), {"page_size": 2}).json()
    assert [row["id"] for row in first["results"]] == made[::-1][:2]
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == made[:1]
    assert second["next"] is None


def test_list_query_count_does_not_grow_with_rows(problem, cast):
    client = api(cast["office_a"])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url("measure-list")).status_code == 200
        return len(context)

    make_measure(actor=cast["office_a"], problem=problem)
    one = queries()
    for _ in range(5):
        make_measure(actor=cast["office_a"], problem=problem)
    assert queries() == one


def test_list_query_count_is_pinned(problem, cast, django_assert_num_queries):
    for _ in range(3):
        make_measure(actor=cast["office_a"], problem=problem)
    client = api(cast["office_a"])
    # token + user, the user's memberships (scope), the campaigns the user sees (with their orgs' paths:
    # a campaign in the user's scope needs no scope filter on its measures), the page of measures with
    # problem, org and owner.
    with django_assert_num_queries(4):
        assert client.get(url("measure-list")).status_code == 200


# --- the committed schema ----------------------------------------------------------------------


def generated_schema() -> bytes:
    """What `make schema` writes, generated in-process the way the `spectacular` command does."""
    GENERATOR_STATS.reset()
    with translation.override("zh-hans"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return OpenApiYamlRenderer().render(schema, renderer_context={})


def test_schema_generates_without_warnings():
    generated_schema()
    assert not GENERATOR_STATS, "drf-spectacular warned while generating the schema: run make schema and fix"


def test_committed_schema_matches_the_code():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generated_schema().decode(), (
        "docs/openapi.yaml is out of date: run make schema"
    )


@pytest.mark.django_db
def test_schema_is_served_to_signed_in_callers(cast):
    assert APIClient().get(url("schema")).status_code == 401
    response = api(cast["owner_a"]).get(url("schema"))
    assert response.status_code == 200
    assert b"/api/measures/{id}/request-closeout/" in response.content
