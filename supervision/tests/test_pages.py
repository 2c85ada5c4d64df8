"""The supervision pages: who may see and do what, the notice's way through the forms, pinned query counts."""

import datetime

import pytest
from django.urls import reverse

from conftest import PASSWORD
from ledger.tests.factories import make_measure, make_problem, pdf_file
from supervision import services
from supervision.choices import CheckResult, InspectionType, UrgeStatus
from supervision.models import Finding, Inspection, SpotCheck, UrgeNotice
from supervision.tests.factories import close_measure


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def notice(cast, measure):
    return services.urge_notice_issue(actor=cast["office"], measure=measure, text="请加快推进整改")


@pytest.fixture
def inspection(cast, campaign, county):
    return services.inspection_create(
        actor=cast["supervisor"],
        campaign=campaign,
        org=county["a"],
        type=InspectionType.PARTY,
        visited_on=datetime.date(2026, 11, 2),
        inspectors=[cast["supervisor"]],
        findings=[("台账更新不及时", "")],
    )


@pytest.fixture
def spot_check(cast, campaign, county, measure):
    close_measure(measure, cast)
    return services.spot_check_draw(
        actor=cast["supervisor"], campaign=campaign, org=county["a"], sample_size=1, checker=cast["inspector"]
    )


def test_outsiders_get_404_everywhere(client, notice, inspection, spot_check, cast, measure):
    login(client, cast["owner_b"])
    item = spot_check.items.get()
    finding = inspection.findings.get()
    for url in (
        reverse("supervision:urgenotice-detail", args=[notice.pk]),
        reverse("supervision:inspection-detail", args=[inspection.pk]),
        reverse("supervision:inspection-edit", args=[inspection.pk]),
        reverse("supervision:spotcheck-detail", args=[spot_check.pk]),
        reverse("supervision:spotcheck-assign", args=[spot_check.pk]),
        reverse("supervision:urgenotice-create") + f"?measure={measure.pk}",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("supervision:urgenotice-acknowledge", args=[notice.pk]),
        reverse("supervision:finding-convert", args=[finding.pk]),
        reverse("supervision:spotcheckitem-check", args=[item.pk]),
        reverse("supervision:spotcheckitem-reopen", args=[item.pk]),
    ):
        assert client.post(url, {"result": CheckResult.PASSED}).status_code == 404, url
    for url in ("urgenotice-list", "inspection-list", "spotcheck-list"):
        page = client.get(reverse(f"supervision:{url}"))
        assert page.status_code == 200
        assert len(page.context["page"].object_list) == 0
    for url in ("urgenotice-create", "inspection-create", "spotcheck-create"):
        assert client.get(reverse(f"supervision:{url}")).status_code == 403, url


def test_owner_sees_the_notice_but_may_not_issue_or_decide(client, notice, cast, measure):
    login(client, cast["owner_a"])
    assert client.get(reverse("supervision:urgenotice-create") + f"?measure={measure.pk}").status_code == 403
    page = client.get(reverse("supervision:urgenotice-detail", args=[notice.pk]))
    assert page.status_code == 200
    assert page.context["actions"].acknowledge and not page.context["actions"].decide
    assert client.get(reverse("supervision:escalation-edit", args=[notice.campaign.parent_id])).status_code == 403


def test_notice_through_the_pages(client, cast, measure, county):
    login(client, cast["office"])
    url = reverse("supervision:urgenotice-create") + f"?measure={measure.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "请三日内反馈整改进度"})
    notice = UrgeNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "supervision:urgenotice-detail", args=[notice.pk]
    )
    assert notice.measure == measure and notice.org == county["a"]
    # The office is not a recipient: acknowledging is refused with a message, nothing changes.
    detail = reverse("supervision:urgenotice-detail", args=[notice.pk])
    response = client.post(reverse("supervision:urgenotice-acknowledge", args=[notice.pk]), follow=True)
    assert "只有督办对象" in response.content.decode()
    login(client, cast["head_a"])
    client.post(reverse("supervision:urgenotice-acknowledge", args=[notice.pk]))
    client.post(reverse("supervision:urgenotice-answer", args=[notice.pk]), {"answer": "已整改", "file": pdf_file()})
    notice.refresh_from_db()
    assert notice.status == UrgeStatus.ANSWERED
    assert client.get(reverse("supervision:urgenotice-file", args=[notice.pk])).status_code == 200
    response = client.post(reverse("supervision:urgenotice-close", args=[notice.pk]), {"remark": ""}, follow=True)
    assert "不能审核" in response.content.decode()
    login(client, cast["supervisor"])
    client.post(reverse("supervision:urgenotice-close", args=[notice.pk]), {"remark": "属实"})
    notice.refresh_from_db()
    assert notice.status == UrgeStatus.CLOSED
    page = client.get(detail)
    assert "办结" in page.content.decode() and len(page.context["events"]) == 4


def test_issue_to_an_org_and_edit_the_ladder(client, cast, campaign, county):
    login(client, cast["supervisor"])
    response = client.post(
        reverse("supervision:urgenotice-create"),
        {"campaign": campaign.pk, "org": county["b"].pk, "text": "请报送自查报告", "answer_by": "2099-01-05"},
    )
    assert response.status_code == 302
    assert UrgeNotice.objects.get().answer_by == datetime.date(2099, 1, 5)
    url = reverse("supervision:escalation-edit", args=[campaign.pk])
    page = client.get(url)
    assert page.context["formset"].initial[0] == {"name": "催办单", "days": 3}
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-name": "提醒", "form-0-days": "1"}
    assert client.post(url, {**data, "form-1-name": "", "form-1-days": ""}).status_code == 302
    assert [step.name for step in campaign.escalation_steps.all()] == ["提醒"]


def test_notice_list_filters_counts_and_pinned_queries(client, cast, campaign, county, django_assert_num_queries):
    for _ in range(3):
        services.urge_notice_issue(actor=cast["office"], campaign=campaign, org=county["a"], text="请反馈")
    overdue = UrgeNotice.objects.first()
    UrgeNotice.objects.filter(pk=overdue.pk).update(issued_on=datetime.date(2026, 1, 5), answer_by="2026-01-08")
    services.urge_notices_escalate(today=datetime.date(2026, 1, 9))
    login(client, cast["office"])
    url = reverse("supervision:urgenotice-list")
    page = client.get(url)
    assert page.context["counts"] == [(1, "催办单", 2), (2, "督办单", 1)]
    assert len(client.get(url, {"level": 2}).context["page"].object_list) == 1
    # The 督办单's two working days from 9 January are long past.
    assert [n.pk for n in client.get(url, {"overdue": "on"}).context["page"].object_list] == [overdue.pk]
    assert client.get(url, {"status": UrgeStatus.CLOSED}).context["page"].object_list == []
    assert page.context["ladders"] == [campaign]
    # session, user, memberships, level counts, page count, rows, campaigns, the unread badge
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(5):
        services.urge_notice_issue(actor=cast["office"], campaign=campaign, org=county["b"], text="请反馈")
    with django_assert_num_queries(8):
        client.get(url)


def test_inspection_pages(client, cast, campaign, county, inspection, django_assert_num_queries):
    login(client, cast["head_a"])
    assert client.get(reverse("supervision:inspection-detail", args=[inspection.pk])).status_code == 200
    assert client.get(reverse("supervision:inspection-edit", args=[inspection.pk])).status_code == 403
    finding = inspection.findings.get()
    response = client.post(reverse("supervision:finding-convert", args=[finding.pk]), follow=True)
    assert "不能处理" in response.content.decode()
    login(client, cast["office"])
    response = client.post(
        reverse("supervision:inspection-create"),
        {
            "campaign": campaign.pk,
            "type": InspectionType.OPINION,
            "visited_on": "2026-11-03",
            "org": county["b"].pk,
            "inspectors": [cast["office"].pk, cast["inspector"].pk],
            "summary": "媒体反映问题核查",
            "findings": "候诊区秩序混乱\n\n收费公示不全",
        },
    )
    created = Inspection.objects.get(org=county["b"])
    assert response["Location"] == reverse("supervision:inspection-detail", args=[created.pk])
    assert list(created.findings.values_list("text", flat=True)) == ["候诊区秩序混乱", "收费公示不全"]
    client.post(reverse("supervision:finding-add", args=[created.pk]), {"text": "药房窗口少", "severity": "minor"})
    assert created.findings.count() == 3
    client.post(reverse("supervision:finding-convert", args=[finding.pk]))
    assert Finding.objects.get(pk=finding.pk).problem is not None
    response = client.post(reverse("supervision:finding-convert", args=[finding.pk]), follow=True)
    assert "已转为问题" in response.content.decode()
    edit = reverse("supervision:inspection-edit", args=[created.pk])
    assert client.get(edit).status_code == 200
    url = reverse("supervision:inspection-list")
    client.get(url)
    with django_assert_num_queries(6):
        client.get(url)


def test_spot_check_pages(client, cast, campaign, county, spot_check, measure, django_assert_num_queries):
    login(client, cast["inspector"])
    assert client.get(reverse("supervision:spotcheck-create")).status_code == 403
    assert client.get(reverse("supervision:spotcheck-assign", args=[spot_check.pk])).status_code == 403
    item = spot_check.items.get()
    client.post(
        reverse("supervision:spotcheckitem-check", args=[item.pk]), {"result": "failed", "remark": "复查未整改"}
    )
    item.refresh_from_db()
    assert item.result == CheckResult.FAILED
    page = client.get(reverse("supervision:spotcheck-detail", args=[spot_check.pk]))
    assert not page.context["items"][0].can_reopen
    login(client, cast["supervisor"])
    page = client.get(reverse("supervision:spotcheck-detail", args=[spot_check.pk]))
    assert page.context["items"][0].can_reopen
    client.post(reverse("supervision:spotcheckitem-reopen", args=[item.pk]))
    measure.refresh_from_db()
    assert measure.status == "in_progress"
    response = client.post(
        reverse("supervision:spotcheck-create"),
        {"campaign": campaign.pk, "org": county["a"].pk, "sample_size": "1", "seed": "5"},
        follow=True,
    )
    assert "没有已销号" in response.content.decode()
    url = reverse("supervision:spotcheck-list")
    client.get(url)
    with django_assert_num_queries(6):
        client.get(url)
    assert SpotCheck.objects.count() == 1


def test_measure_page_link_target_for_the_lead(client, cast, measure):
    login(client, cast["office"])
    url = reverse("supervision:urgenotice-create") + f"?measure={measure.pk}"
    page = client.get(url)
    assert measure.problem.code in page.content.decode()
    assert "campaign" not in page.context["form"].fields
    assert client.get(reverse("supervision:urgenotice-create") + "?measure=x").status_code == 404
    other = make_measure(
        actor=cast["office"], problem=make_problem(actor=cast["office"], campaign=measure.campaign, org=measure.org)
    )
    assert client.get(reverse("supervision:urgenotice-create") + f"?measure={other.pk}").status_code == 200


def test_an_escalated_notice_shows_the_system_as_the_actor_of_the_escalation(client, cast, measure):
    notice = services.urge_notice_issue(actor=cast["office"], measure=measure, text="请加快推进")
    assert services.urge_notices_escalate(today=notice.answer_by + datetime.timedelta(days=1)) == 1
    login(client, cast["owner_a"])
    page = client.get(reverse("supervision:urgenotice-detail", args=[notice.pk]))
    assert page.status_code == 200
    assert "督办单" in page.content.decode() and "系统" in page.content.decode()
